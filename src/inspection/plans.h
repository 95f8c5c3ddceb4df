#pragma once
// 抽查计划: made from a published row of the 随机抽查事项清单 (one source of truth) as a draft, then
// published (抽查计划公告) with a number such as 济外侨抽查〔2026〕1号; only then frozen and drawn.
#include <cstdint>
#include <optional>
#include <vector>

#include "inspection/model.h"
#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {

// inspection.plan: a draft (status "draft", no number, not public). Refused: a matter code not in
// the currently published list, a proportion over 100 % or unreadable, dates out of order, an
// object type with no object in the directory.
Result<Plan> create_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const PlanInput& in);
// inspection.plan: publishes a draft (抽查计划公告): the row re-read from the list as published now,
// the number allocated, the ledger event inspection.plan.published.
Result<Plan> publish_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id);
// inspection.plan: deletes a draft (a published plan stays).
Status discard_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id);

// The new plan form (inspection.plan): the published 随机抽查事项清单's rows
// ({code, name, proportion, frequency, method, objects}) and the directory's object types.
Result<json> plan_form_options(store::Tx& tx, const org::Principal& p, std::int64_t agency_id);

// The plans of an agency, newest first; drafts only when asked (the public never sees them).
Result<std::vector<Plan>> list_plans(store::Tx& tx, std::optional<std::int64_t> agency_id, bool drafts = false);
// A plan by id within an agency; missing (or another agency's) → not found.
Result<Plan> find_plan(store::Tx& tx, std::int64_t agency_id, std::int64_t plan_id);
Plan plan_from_row(const store::Row& r);
// A plan as JSON for the API and the pages (labels, no person's name).
json plan_json(const Plan& p);

}  // namespace zhifa::inspection
