#pragma once
// What every part of the review workflow shares — the submission row, who handles it, the
// ledger event helper, people's names and the working days left — so that the workflow, the
// views and the tasks depend on this file and never on each other. Internal to src/review/.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::review {

// What a submission of another agency (or none) answers: org::require's `missing` message.
inline constexpr std::string_view kNoSuchReview = "没有这个法制审核";

// A review_submissions row: the submission's current state.
struct SubmissionRow {
  std::int64_t id = 0, agency_id = 0, case_id = 0, round = 0, reviewer_id = 0, submitted_by = 0;
  std::string state, case_title;
};
Result<SubmissionRow> load_submission(store::Tx& tx, std::int64_t id);

// The handling unit of a submission (承办人员), by person id.
Result<std::vector<std::int64_t>> handlers_of(store::Tx& tx, std::int64_t submission_id);

// Appends the ledger event of a step on the submission (subject review:<id>; the payload
// carries the case and the review).
Status record_step(store::Tx& tx, const org::Principal& p, const SubmissionRow& s, const std::string& kind, nlohmann::json payload);

// The handling unit acts on its own submission only: review.submit in the submission's agency,
// and one of its handlers or its submitter.
Status require_handler(store::Tx& tx, const org::Principal& p, const SubmissionRow& s);

// The current round's content.
struct RoundRow {
  std::int64_t id = 0;
  std::string draft, facts_json, materials_json;
};
Result<RoundRow> current_round(store::Tx& tx, const SubmissionRow& s);
Status set_state(store::Tx& tx, const SubmissionRow& s, const std::string& state);

// Working-day deadline of a round (local practice; 7 working days by default).

// Only blanks (or nothing).
bool is_blank(const std::string& s);

// People's names by id, each read once ("" for none, "#id" for an unknown id).
class Names {
 public:
  explicit Names(store::Tx& tx) : tx_(tx) {}
  std::string operator()(std::optional<std::int64_t> id);

 private:
  store::Tx& tx_;
  std::map<std::int64_t, std::string> cache_;
};

// Working days from today to the due date (negative: overdue).
std::optional<std::int64_t> days_left(const law::Calendar& cal, const std::string& due);

}  // namespace zhifa::review
