#pragma once
// Procedures as data (one definition file per kind in data/procedures/*.json, validated at
// load): the steps of 行政许可, 行政处罚 general and simplified procedure, 行政检查, 行政确认. Case
// handling (src/recording/) executes them; publicity (src/publicity/) draws the published
// flowchart from the same definitions, so the chart is the enforced procedure.
//
// The model (stable; publicity reads it):
//   Procedure  — id ("licence"), name (行政许可), category (the 事项清单 category), legal basis,
//                the start step, the documents (文书) it uses, its running deadlines (clocks)
//                and its steps in display order.
//   Step       — a state of a case: who may act in it (roles, certified, how many officers,
//                on-site), the documents it produces, the deadline rule it runs under, the A/V
//                recording requirement (音像记录, filled in by a later issue), terminal or not,
//                and its transitions.
//   Transition — an act that moves the case to another step: its kind (forward, return for
//                correction, withdrawal, terminate), the documents that must be signed before
//                it, and named guards ("art51_limits", "review_gate", …).
//   Clock      — a deadline rule (law/deadline.h) started when a case enters one of `start`
//                steps, completed when it enters one of `complete` steps, suspended while it is
//                in one of `suspend` steps (ALL art. 45: hearings and expert review not counted).
//
// The engine (check_transition) is pure: it gets the facts (who acts, which documents are
// signed, the fine, externally evaluated guards such as the legal-review gate) and refuses a
// transition with an Error whose `field` names the failing condition and whose message says
// why, in Chinese.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::law {

// Who may act in a step.
struct ActorRule {
  std::vector<std::string> roles;  // any of these org roles (officer, agency_head, …)
  bool certified = false;          // every acting person holds a valid 执法证 on the day
  int min_people = 1;              // how many acting people at least (APL art. 42: on-site ≥ 2)
  bool on_site = false;            // a 现场 act: officers show certificates (APL art. 55)
};

// A standard document (文书) a procedure uses.
struct DocumentSpec {
  std::string kind;                // stable id, e.g. "penalty_decision"; template templates/recording/doc/<kind>.html
  std::string name;                // 行政处罚决定书
  std::string number_kind;         // document-kind code for the 发文字号 (罚, 许, 罚告 …); empty: not numbered
  std::vector<std::string> signer_roles;  // who may approve and sign (responsible person)
  int order = 0;                   // position in the case file (案卷) — the standard order
};

// A named condition on a transition. Guards the engine evaluates itself:
//   "art51_limits"  — 简易程序: a warning, or a fine ≤ 200 yuan (person) / ≤ 3,000 yuan
//                     (organisation) (APL art. 51)
//   "fine_positive" — a fine amount was stated
// Any other guard ("review_gate", "av_recorded", …) is evaluated by the caller and passed in
// TransitionFacts::external; a guard not evaluated is refused. Among them:
//   "period_passed" — refused (409) once the step's running deadline (Step::deadline) has
//                     passed on the day of the act: 行政强制法 arts. 25, 27, 28 — a seizure is
//                     decided within its term; after it the measure can only be released.
struct Transition {
  std::string id;                  // e.g. "accept"; unique within the step
  std::string label;               // 受理
  std::string to;                  // target step id
  std::string kind = "forward";    // forward | return (退回补正/重新调查) | withdraw (撤回/撤销) | terminate
  std::vector<std::string> requires_documents;  // document kinds that must be signed first
  std::vector<std::string> guards;
  std::optional<ActorRule> actors;  // overrides the step's actor rule for this act
  bool decision = false;           // issues an enforcement decision (APL art. 58 gate applies)
  // What the decision means for the legal review catalog (review/catalog.h, issue 14):
  bool imposes = false;            // the case's penalty facts (fine, confiscation, penalty measures) apply
  std::vector<std::string> measures;  // measures this decision is in itself, e.g. "refuse_licence", "seize"
};

struct Step {
  std::string id;                  // e.g. "review"
  std::string name;                // 审查
  std::string description;
  ActorRule actors;
  std::vector<std::string> produces;  // document kinds drafted in this step
  std::string deadline;            // the clock rule id the step runs under ("" none)
  std::string av_recording = "none";  // none | as_needed | whole_process (音像记录, 118)
  bool time_not_counted = false;   // ALL art. 45 (shown on the flowchart)
  bool terminal = false;
  std::vector<Transition> transitions;

  const Transition* transition(std::string_view id) const;
};

struct Clock {
  std::string rule;                  // law::DeadlineRule id, e.g. "licence.decision"
  std::vector<std::string> start;    // entering any of these steps starts it
  std::vector<std::string> complete; // entering any of these steps completes it
  std::vector<std::string> suspend;  // while in these steps it is suspended
};

struct Procedure {
  std::string id;                  // file name without .json, e.g. "licence"
  std::string name;                // 行政许可（一般程序）
  std::string category;            // 行政许可 | 行政处罚 | 行政检查 | 行政确认 …
  std::string legal_basis;
  std::string description;
  std::string start;               // the first step id
  std::vector<DocumentSpec> documents;
  std::vector<Clock> clocks;
  std::vector<Step> steps;
  // The facts of a case on this procedure that the legal review catalog may test (issue 14):
  // "fine", "confiscation", "hearing", "outside_benchmark", "complex", "social_impact" and
  // "measure.<code>" for a measure the officer records on the case (吊销许可证件 …). The
  // measures of the decision transitions are supplied too (supplied_facts).
  std::vector<std::string> decision_facts;

  const Step* step(std::string_view id) const;
  // decision_facts plus "measure.<m>" for every measure of a decision transition.
  std::set<std::string> supplied_facts() const;
  // The decision transitions, in step order.
  std::vector<const Transition*> decisions() const;
  const DocumentSpec* document(std::string_view kind) const;
};

// Parses and validates one definition. The error names the path of the first problem
// (e.g. field "steps[2].transitions[0].to") and what is wrong: unknown step, unknown document,
// unknown deadline rule, a step that cannot be reached, a non-terminal step without a way
// out, an on-site step with fewer than 2 people (APL art. 42), duplicate ids …
Result<Procedure> parse_procedure(std::string_view id, std::string_view json);

// Every definition embedded under data/procedures/, parsed and validated once (the first call
// loads them; later calls return the same). An error names the file.
Result<const std::vector<Procedure>*> load_procedures();
// One loaded procedure, or nullptr (also when loading failed).
const Procedure* find_procedure(std::string_view id);

// One person who takes part in an act.
struct Actor {
  std::int64_t person_id = 0;
  std::string name;
  std::set<std::string> roles;
  bool certified = false;  // holds a 执法证 valid on the day of the act
};

struct TransitionFacts {
  std::vector<Actor> actors;            // the acting person first, then co-officers (on-site)
  std::set<std::string> signed_documents;  // kinds of the case's signed documents
  std::string party_kind;               // "person" | "organisation"
  std::int64_t fine_fen = 0;            // the fine the decision imposes, in fen
  bool warning = false;                 // the decision is a warning (警告)
  std::map<std::string, Status> external;  // guards evaluated by the caller (e.g. "review_gate")
};

// Checks an act: the transition exists in the step, the actors satisfy the actor rule, the
// required documents are signed and the guards hold. Error::field is the failing condition:
// "transition", "actors.role", "actors.certified", "actors.count", "documents.<kind>",
// "guard.<name>"; the message is Chinese and cites the rule.
Status check_transition(const Procedure& p, std::string_view step_id, std::string_view transition_id,
                        const TransitionFacts& facts);

// The APL art. 51 limit alone (also used by case forms): ok or invalid with the reason.
Status check_simplified_penalty(std::string_view party_kind, std::int64_t fine_fen, bool warning);

// Clocks affected by entering `step_id`: which to start, complete, suspend, resume.
struct ClockChanges { std::vector<std::string> start, complete, suspend, resume; };
ClockChanges clock_changes(const Procedure& p, std::string_view from_step, std::string_view to_step);

}  // namespace zhifa::law
