#pragma once
// The legal review read back, for pages and the API: one submission with its rounds, checklists,
// changes, adviser requests, escalations and ledger events; the queue; a case's accountability.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::review {

// Everything about one submission, as JSON for pages and the API (rounds with checklists,
// changes, adviser requests, escalations, the ledger events of the submission).
Result<nlohmann::json> submission_json(store::Tx& tx, std::int64_t submission_id);
// The same for a principal: a submission outside their jurisdiction is answered as a missing one.
Result<nlohmann::json> visible_submission(store::Tx& tx, const org::Principal& p, std::int64_t submission_id);
// visible_submission with what the principal may do now (can_take, can_review, can_correct,
// can_decide, can_extend, own_case_warning; can_answer on adviser requests) and, for the
// reviewer, the agency's legal advisers to ask ("advisers").
Result<nlohmann::json> submission_for(store::Tx& tx, const org::Principal& p, std::int64_t submission_id);
// Summaries of the submissions in the given agencies, newest first (state "" = all).
Result<nlohmann::json> list_submissions(store::Tx& tx, const std::vector<std::int64_t>& agency_ids, const std::string& state);
// Accountability of a case (seed 三.5): every submission, round, element answer, opinion,
// adviser request and escalation of the case, with who and when; the ledger events.
Result<nlohmann::json> case_accountability(store::Tx& tx, std::int64_t case_id);
// The same for a principal, {"case_id", "case_title", "submissions"}: only the submissions in
// their jurisdiction; none is answered as not found (该案件没有法制审核记录).
Result<nlohmann::json> visible_case_accountability(store::Tx& tx, const org::Principal& p, std::int64_t case_id);

// The latest submission of a case (0 when none).
Result<std::int64_t> latest_submission(store::Tx& tx, std::int64_t case_id);
// The latest submission of a case in an agency with its state (waiting, in_review, returned,
// escalated, passed, decided); nullopt when the case has none.
struct SubmissionState {
  std::int64_t id = 0;
  std::string state;
};
Result<std::optional<SubmissionState>> latest_submission_state(store::Tx& tx, std::int64_t case_id, std::int64_t agency_id);

}  // namespace zhifa::review
