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

// inspection.inspect, by one of the object's two inspectors. The result is one of
// result_codes(); a problem found needs findings; the date not before the plan's inspection
// date nor in the future. The publication falls due kResultPublishWorkingDays working days after.
Result<Inspection> record_result(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id,
                                 const ResultInput& in);

// inspection.publish: fixes the masked public record (抽查结果公告), hashes it into the ledger.
Result<Inspection> publish_result(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id);

// Public: the published results, newest first, optionally of one agency.
Result<json> published_results(store::Tx& tx, std::optional<std::int64_t> agency_id, std::int64_t page, std::int64_t per_page);

json inspection_json(const Inspection& i);

}  // namespace zhifa::inspection
