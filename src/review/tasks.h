#pragma once
// What needs attention: the dashboard tasks of the review, and the staffing of the legal offices.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::review {

// Dashboard tasks for the principal: reviews waiting for a reviewer, own reviews near or past
// their time limit, returned submissions for the handling unit, escalations for the head,
// adviser requests for the adviser.
Status review_tasks(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks);

// Staffing (118: reviewers ≥ 5 % of enforcement officers), per agency in the list.
struct Staffing {
  std::int64_t agency_id = 0;
  std::string agency_name;
  int officers = 0, reviewers = 0;
  int required = 0;  // ceil(5 % of officers), at least 1 when there are officers
  bool meets() const { return reviewers >= required; }
};
Result<std::vector<Staffing>> staffing(store::Tx& tx, const std::vector<std::int64_t>& agency_ids);

}  // namespace zhifa::review
