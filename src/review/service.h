#pragma once
// The legal review workflow (重大执法决定法制审核, seed 三; APL art. 58; 国办发〔2018〕118号).
//
//   submit ──▶ waiting ──take──▶ in_review ──opinion agree──▶ passed            (gate opens)
//                                   │  ▲
//                 opinion problems  │  │ resubmit (a new round, with what changed)
//                                   ▼  │
//                                returned ──disagree──▶ escalated
//                                   ▲                      │ agency head / 集体讨论
//                                   └──── uphold ──────────┤
//                                                          └── accept ──▶ decided  (gate opens)
//
// Return and escalate are first-class states, not comments. Every call here is one step:
// permission → validation → change → ledger event, inside the caller's write transaction; a
// refused step returns the reason and changes nothing (the caller's transaction rolls back).
//
// Case handling (src/recording/) calls submit_for_review when a major decision is drafted and
// resubmit / disagree from the case; check_decision_gate (gate.h) when it issues the decision.
#include <cstdint>
#include <optional>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "review/gate.h"

namespace zhifa::review {

// 要素清单 (seed 三.4): the 11 elements every review answers.
inline constexpr int kElementCount = 11;
const char* element_label(int element);  // 1 … 11

struct Material {
  std::string name;    // e.g. 询问笔录（2025-10-09）
  std::string sha256;  // of the stored file (blob store), when there is one
  bool operator==(const Material&) const = default;
};

struct SubmissionInput {
  std::int64_t case_id = 0;
  std::string case_title;                 // e.g. 某公司未经批准邀请外国人来华案
  std::string draft;                      // the decision draft text
  DecisionFacts facts;                    // facts.agency_id and facts.case_id are set from the case
  std::vector<Material> materials;
  std::vector<std::int64_t> handlers;     // the handling unit's people (承办人员); never reviewers
  std::string note;                       // optional explanation
};

// The case a submission is for, as case handling (src/recording/) knows it. Review cannot read
// cases itself (pillars depend one way), so case handling installs this lookup at start.
struct CaseRef {
  std::int64_t agency_id = 0;
  std::vector<std::int64_t> handlers;  // the case's officers (lead and co-officers)
};
using CaseLookup = std::function<Result<std::optional<CaseRef>>(store::Tx&, std::int64_t case_id)>;
void set_case_lookup(CaseLookup lookup);

// Submits a case's decision draft for review (permission review.submit, in facts.agency_id).
// Refused when the case already has an open review. Returns the submission id.
Result<std::int64_t> submit_for_review(store::Tx& tx, const org::Principal& p, SubmissionInput in);

// What the handling unit changes for a new round; refused when nothing changed.
struct Resubmission {
  std::string draft;
  DecisionFacts facts;
  std::vector<Material> materials;
  std::string note;  // what was corrected (required)
};
Status resubmit(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, Resubmission in);

// The reviewer takes the submission (never one of its handlers or its submitter).
Status take(store::Tx& tx, const org::Principal& p, std::int64_t submission_id);

struct ElementAnswer {
  int element = 0;        // 1 … 11
  std::string answer;     // pass | problem | na
  std::string comment;    // required for problem
};
// Saves answers of the current round (some or all; later answers replace earlier ones).
Status answer_elements(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::vector<ElementAnswer>& answers);

// Asks the legal adviser (法律顾问) for an opinion; the adviser answers. Both recorded.
Result<std::int64_t> request_adviser_opinion(store::Tx& tx, const org::Principal& p, std::int64_t submission_id,
                                             std::int64_t adviser_id, const std::string& question);
Status answer_adviser_request(store::Tx& tx, const org::Principal& p, std::int64_t request_id, const std::string& answer);

// The opinion: "agree" or "problems" (with reasons). All 11 elements must be answered; agree
// is refused while an element has a problem. Agreement numbers the 法制审核意见书.
Status give_opinion(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& opinion,
                    const std::string& text);

// The handling unit disagrees with a "problems" opinion: escalation to the agency head.
Status disagree(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& reason);

struct EscalationOutcome {
  std::string method;                     // head (机关负责人决定) | collective (集体讨论)
  std::string outcome;                    // uphold (审核意见成立，退回整改) | accept (采纳承办机构意见)
  std::string text;                       // the decision and its reasons
  std::vector<std::string> participants;  // who took part (collective discussion: at least 3)
};
Status decide_escalation(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const EscalationOutcome& o);

// The agency head approves the extension of the review time limit (+N working days, once a round).
Status extend_time_limit(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& reason);

// ---- reading ----

std::string state_label(const std::string& state);  // 待领取, 审核中 …

// Everything about one submission, as JSON for pages and the API (rounds with checklists,
// changes, adviser requests, escalations, the ledger events of the submission).
Result<nlohmann::json> submission_json(store::Tx& tx, std::int64_t submission_id);
// Summaries of the submissions in the given agencies, newest first (state "" = all).
Result<nlohmann::json> list_submissions(store::Tx& tx, const std::vector<std::int64_t>& agency_ids, const std::string& state);
// Accountability of a case (seed 三.5): every submission, round, element answer, opinion,
// adviser request and escalation of the case, with who and when; the ledger events.
Result<nlohmann::json> case_accountability(store::Tx& tx, std::int64_t case_id);

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
