#pragma once
// 抽查计划: made from a published row of the 随机抽查事项清单 (one source of truth) and published
// (抽查计划公告) when made, with a number such as 济外侨抽查〔2026〕1号.
#include <cstdint>
#include <optional>
#include <vector>

#include "inspection/model.h"
#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {

// inspection.plan. Refused: a matter code not in the currently published list, a proportion
// over 100 % or unreadable, dates out of order, an object type with no object in the directory.
Result<Plan> create_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const PlanInput& in);

// The plans of an agency, newest first (public: every plan is published when made).
Result<std::vector<Plan>> list_plans(store::Tx& tx, std::optional<std::int64_t> agency_id);
// A plan by id within an agency; missing (or another agency's) → not found.
Result<Plan> find_plan(store::Tx& tx, std::int64_t agency_id, std::int64_t plan_id);
Plan plan_from_row(const store::Row& r);
// A plan as JSON for the API and the pages (labels, no person's name).
json plan_json(const Plan& p);

}  // namespace zhifa::inspection
