#pragma once
// 裁量基准执行 (issue 14; 国办发〔2018〕118号, 行政处罚法 第三十四条): how an agency's penalty decisions
// sit in the discretion benchmark — for each matter and each band (情节) applied, how many
// decisions were made, how many inside the band (its fine range and the kinds of penalty it allows,
// law/measures.h), how many outside it with the recorded reason, and how many outside without
// one. The decisions are the imposing decisions of the procedures (law::Transition::imposes:
// 作出行政处罚决定, 当场作出处罚决定), counted once a decision act is on record.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

struct DiscretionQuery {
  std::string from, to;          // the decision's date (YYYY-MM-DD), inclusive; empty: any
  std::string sort = "matter";   // matter | band | decided | inside | outside | unreasoned | share
  bool desc = false;
  int page = 1, per_page = 20;   // per_page 0: every row (the export)
};

// The sort keys discretion_execution accepts (the page's sortable columns).
bool discretion_sort_key(const std::string& key);

// {items: [{matter_code, matter_name, band ("" when no band was applied), decided, inside,
// outside_reasoned, outside_unreasoned, outside_share ("12.5%")}], total, page, per_page,
// totals: {decided, inside, outside_reasoned, outside_unreasoned}} for the agencies in the
// person's jurisdiction (permission recording.discretion). Bad dates: invalid, naming the field.
Result<nlohmann::json> discretion_execution(store::Tx& tx, const org::Principal& p, const DiscretionQuery& q);

}  // namespace zhifa::recording
