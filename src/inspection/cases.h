#pragma once
// Each drawn object is inspected as a case on the 行政检查 procedure (recording; data/procedures/
// inspection.json): one of its two drawn inspectors starts it as lead officer, the other as
// co-officer (APL art. 42: two certified officers on site). The case's end records the result
// (results.h: record_result takes the closing transition); a result with a violation can open a
// penalty case (行政处罚) linked to the inspection.
#include <cstdint>
#include <string>
#include <string_view>

#include "inspection/model.h"
#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {

// inspection.inspect, by one of the object's drawn inspectors: opens the case (party = the
// object, matter = the agency's published 行政检查 matter) and links it. Refused: already
// started, the person not drawn for it, no 行政检查 matter in the published 行政执法事项清单.
Result<std::int64_t> start_inspection_case(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id);

// inspection.inspect, by one of the drawn inspectors: a penalty case from a published 行政处罚
// matter (by code), the object as party, the findings as its facts, linked to the inspection.
// Refused: no result with a violation (rectification / case_opened) yet, already opened.
Result<std::int64_t> open_penalty_case(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id,
                                       const std::string& matter_code);

// The inspection page's context (inspection.view): the inspection (inspection_json), its plan
// {id, number, status}, its case {id, case_no, step_name, open, at_result} and penalty case
// {id, case_no}, and the agency's published 行政处罚 matters [{code, name}] for the penalty form.
Result<json> inspection_view(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id);

// The 行政检查 transition that ends the case with this result: close (未发现问题, 未找到检查对象),
// order_rectification (发现问题已责令整改), transfer (发现问题已立案).
std::string closing_transition(std::string_view result);
// Whether a case that ended in `step` (closed / transferred) agrees with the result.
bool ended_as(std::string_view step, std::string_view result);

}  // namespace zhifa::inspection
