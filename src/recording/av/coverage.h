#pragma once
// 音像记录覆盖率 (A/V coverage), defined once (issue 20; docs/SUPERVISION.md "The figures"): used by
// supervision's statistics and by 案卷评查's 归档完整 item — never computed anywhere else.
//
// An act *required A/V* when the step it completed (its from_step, left for another step; the
// opening act completes none) requires A/V recording (step_requirements: the agency's published
// 音像记录事项清单, or 国办发〔2018〕118号 whole-process recording). It *has evidence attached* when
// an item (video, audio or photo) of that step of the case was recorded within the step's window —
// from the act that entered the step (the case's creation for the first) to the act itself, each
// end widened by the clock tolerance: the window check_step_recorded enforces. An approved
// exemption (免予音像记录) is not evidence: the act counts as required and not covered.
// Coverage = acts with evidence attached ÷ acts that required A/V.
#include <cstdint>
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording::av {

struct AvAct {
  std::int64_t case_id = 0, act_id = 0;
  std::string step, label, on_date;  // the step completed, the act's label, its Beijing date
  bool covered = false;
};

struct AvCoverage {
  std::int64_t required = 0, covered = 0;
  // Per cent with one decimal; 100 when nothing required A/V (nothing was missed).
  double pct() const;
};

// Every act of these cases that required A/V, in case and act order.
Result<std::vector<AvAct>> av_required_acts(store::Tx& tx, const std::vector<std::int64_t>& case_ids);
AvCoverage av_coverage(const std::vector<AvAct>& acts);

}  // namespace zhifa::recording::av
