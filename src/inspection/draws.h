#pragma once
// The draw of a plan: freeze (candidate lists, their SHA-256 and the named randomness source,
// published as the ledger event inspection.draw.frozen before the randomness is known), then
// the randomness entered by a second person, which runs the draw (RFC 3797) and fixes the
// public record (draw_record.h) — objects first, then ≥ 2 inspectors per object, skipping
// conflicts (回避) and certificates not valid on the inspection date (无有效证件).
#include <cstdint>
#include <string>
#include <vector>

#include "inspection/model.h"
#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {

// inspection.draw. Refused: no source named, the plan already frozen, no candidates, fewer than
// two inspectors with a certificate valid on the inspection date (saying how many are missing).
// A draw of more than 65,536 objects is made in sub-draws (rfc3797.h), not refused.
Result<Plan> freeze_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id, const std::string& source);

// inspection.randomness: the values of the named source (one text per source, e.g. the balls
// of a lottery draw). Refused: no values, the lists not frozen yet, the person who froze them,
// too few eligible inspectors for some object (saying how many are missing). Returns the plan.
Result<Plan> enter_randomness(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id,
                              const std::vector<std::string>& values);

// Public: the drawn plans ({id, agency, agency_name, plan, number, matter, date}), newest first.
Result<json> published_draws(store::Tx& tx, std::int64_t page, std::int64_t per_page);
// Public: one draw's record (not found until drawn).
Result<json> draw_record(store::Tx& tx, std::int64_t plan_id);

}  // namespace zhifa::inspection
