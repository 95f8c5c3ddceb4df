#pragma once
// Inspections (one per drawn object) and their results; the 抽查结果公告 on the portal.
#include <cstdint>
#include <optional>
#include <vector>

#include "inspection/model.h"
#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {

// The inspections of a plan (inspection.view), in draw order, with inspector names.
Result<std::vector<Inspection>> plan_inspections(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id);

// One inspection (inspection.view), with its inspectors' names.
Result<Inspection> find_inspection(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id);

// inspection.inspect, by one of the object's two inspectors, once its 行政检查 case (cases.h) has
// reached 结果处理 (the case then takes the result's closing transition) or has ended the same way. The result is one of
// result_codes(); a problem found needs findings; the date not before the plan's inspection
// date nor in the future. The publication falls due kResultPublishWorkingDays working days after.
Result<Inspection> record_result(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id,
                                 const ResultInput& in);

// inspection.publish: fixes the masked public record (抽查结果公告), hashes it into the ledger.
Result<Inspection> publish_result(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id);

// Public: the published results (抽查结果公告), newest first: optionally of one agency, of one
// result code, published from/to (Beijing dates), matching q (a substring of the masked public
// record: object, plan number, matter, findings). Each item is the public record plus id,
// agency_name, url, draw and ledger_index.
struct ResultQuery {
  std::optional<std::int64_t> agency_id;
  std::string q, result, from, to;
  std::int64_t page = 1, per_page = 50;
};
Result<json> published_results(store::Tx& tx, const ResultQuery& q);
// Public: one published result (not found until published).
Result<json> published_result(store::Tx& tx, std::int64_t inspection_id);

json inspection_json(const Inspection& i);

}  // namespace zhifa::inspection
