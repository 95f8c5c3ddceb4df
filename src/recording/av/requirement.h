#pragma once
// The list decides, the procedure enforces (issue 17; 国办发〔2018〕118号 执法全过程记录制度):
// which steps of a case need audio/video evidence — the rows of the agency's published
// 音像记录事项清单 that name the step (column 适用环节: step names such as 调查取证、现场实施),
// plus what 118 makes mandatory whatever the list says: full A/V recording of on-site acts that
// directly affect personal freedom, life and health or major property rights (查封扣押财产, 强制拆除
// …), which the procedure data marks `whole_process` (data/procedures/*.json). Such a step is not
// completed (a forward act out of it) until an item recorded within the step's time window — from
// the act that entered it to now, with a tolerance for device clocks (settings key
// av.clock_tolerance_minutes, default 10) — is attached, or the head approved an exemption (device
// failure …), which is an act of its own.
#include <cstdint>
#include <string>
#include <vector>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording::av {

struct AvRequirement {
  std::string source;  // "list" (the agency's published 音像记录事项清单) | "118" (国办发〔2018〕118号)
  std::string code, name, requirement;  // the list row (code, 执法环节, 记录要求)
  std::string describe() const;         // for the refusal and the case page
};

// The tolerance for device clocks around a step's window (settings key
// av.clock_tolerance_minutes, default 10 minutes), in seconds.
Result<std::int64_t> clock_tolerance_seconds(store::Tx& tx);

// What requires A/V recording of the case's step `step` (empty: nothing).
Result<std::vector<AvRequirement>> step_requirements(store::Tx& tx, const Case& c, const std::string& step);

// Refuses (409, field "av") completing the case's current step when it requires A/V and neither
// an item recorded in its window nor an approved exemption is attached; the refusal names the list
// row (or 118).
Status check_step_recorded(store::Tx& tx, const Case& c, const std::string& now_iso);

// 免予音像记录: the agency head's approval, for the case's current step, with the reason (code
// device_failure | other, and the note, which is required). Recorded as its own act
// (recording.av.exemption; the note by commitment).
Status grant_exemption(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& reason, const std::string& note);

}  // namespace zhifa::recording::av
