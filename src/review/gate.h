#pragma once
// The gate on major decisions (重大执法决定法制审核): a decision that the agency's 目录清单 marks
// major may not be issued unless its latest legal review passed (APL art. 58). Case handling
// (src/recording/) calls check_decision_gate inside the transaction that issues a decision;
// every other path that can issue a decision must call it too.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::review {

// What the catalog needs to know about a decision to say whether it is major.
struct DecisionFacts {
  std::int64_t agency_id = 0;
  std::int64_t case_id = 0;           // the case the decision belongs to
  std::string decision;               // the decision transition (impose, no_penalty, grant, refuse, seize …)
  std::string category;               // 行政许可 | 行政处罚 | 行政强制 | 行政检查 | 行政确认 | …
  std::string matter_code;            // the matter of the 行政执法事项清单
  std::string party_kind;             // "person" | "organisation"
  std::int64_t fine_fen = 0;          // fine, in fen
  std::int64_t confiscation_fen = 0;  // value confiscated, in fen
  std::vector<std::string> measures;  // e.g. "revoke_licence", "stop_business", "refuse_licence"
  bool hearing_held = false;
  bool outside_discretion_benchmark = false;
  bool complex = false;               // complex / several legal relationships
  bool major_social_impact = false;
};

struct CatalogMatch { std::string rule_id, rule_name, legal_source; };

struct GateDecision {
  bool major = false;
  std::vector<CatalogMatch> reasons;  // the catalog rules that made it major
  bool review_passed = false;         // the latest review of this case ended in agreement
  std::int64_t review_id = 0;
  std::string review_state;           // state of the latest review ("" when none)
  std::string mismatch;               // set when the reviewed facts differ from the decision's
  // A major decision needs a passed review; any decision of a case whose review passed must be
  // the decision that was reviewed (mismatch empty).
  bool allowed() const { return (!major || review_passed) && mismatch.empty(); }
  // For a refusal: says which rules made it major and cites APL art. 58.
  std::string refusal() const;
};

// The Chinese label of the facts' decision (作出行政处罚决定 …), from the procedures of its category.
std::string decision_label(const DecisionFacts& f);
// DecisionFacts as a JSON object (stored with each review round) and back.
std::string facts_json(const DecisionFacts& f);
Result<DecisionFacts> parse_facts_json(const std::string& text);
// The labels of a party kind: law::party_kind_label (law/labels.h).

// Evaluates the agency's catalog for the decision and looks up the case's latest review.
// The review covers the decision only when what is issued is what was reviewed: a different
// decision, category, party kind, fine, confiscation, measures or circumstance is refused as not
// reviewed, and the refusal names each difference (in Chinese) — also for a decision that is not
// major in itself (a 不予行政处罚 after a fine was reviewed).
// Pure: the differences between the reviewed facts and the decision about to issue ("" none).
std::string differences(const DecisionFacts& reviewed, const DecisionFacts& now);
Result<GateDecision> check_decision_gate(store::Tx& tx, const DecisionFacts& facts);

// The outcome of a case's latest review as the case's officers read it (issue 14): the opinion
// of the current round (agree / problems, its text, who and when, the 意见书 number) and the
// decision that was reviewed. nullopt when the case was never submitted.
struct ReviewOutcome {
  std::int64_t id = 0, round = 0;
  std::string state, opinion, opinion_text, opinion_by, opinion_at, opinion_number;
  DecisionFacts reviewed;
};
Result<std::optional<ReviewOutcome>> case_review_outcome(store::Tx& tx, std::int64_t case_id, std::int64_t agency_id);

}  // namespace zhifa::review
