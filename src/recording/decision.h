#pragma once
// The decision a case issues, as the other pillars need to know it — one mapping from a case:
//   - review::DecisionFacts (decision_facts): what the review pillar's catalog (目录清单) and gate
//     compare — built here once, for the submission to legal review and for the gate at the
//     decision alike (APL art. 58);
//   - the submission of the case to legal review (submit_case_for_review) when it enters 法制审核;
//   - publicity::DecisionIssued (issue_decision): the decision's publication opened in the same
//     transaction (118: 事后公开), with its conclusion worded from the case.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "law/procedure.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"
#include "review/gate.h"

namespace zhifa::recording {

// The decision facts of the case — the one mapping (issue 14). `decision`: the id of the decision
// transition being issued (impose, no_penalty, grant, refuse, seize …), or empty for the decision
// the case proposes (Case::proposed_decision, else the procedure's first decision): what is
// submitted to legal review. The case's penalty facts (fine, confiscation, penalty measures, a
// fine outside the band applied) count when the transition `imposes`; the transition's own
// measures (refuse_licence, seize) always; the circumstances (complex, social impact, hearing
// held) always.
Result<review::DecisionFacts> decision_facts(store::Tx& tx, const Case& c, std::string_view decision);
// The decision transition `decision` names (or the proposed / first one when empty); nullptr if none.
const law::Transition* decision_transition(const Case& c, std::string_view decision);

// What the gate would say now about the case's decision `decision` (or the proposed one): the
// facts built by decision_facts, the catalog rules that make it major, whether it may issue and
// the refusal (GET /api/v1/cases/{id}/gate). Jurisdiction-checked (recording.view).
Result<nlohmann::json> case_gate_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::string_view decision);

// Recording → review (APL art. 58; seed 三): a case entering 法制审核 is put in the reviewers'
// queue in the same transaction, from the case's own data — the decision draft (the drafted
// decision document, else its template filled from the case), the decision facts the gate will
// compare at the decision (review/gate.h), the signed documents as materials, the handling
// officers. A submission the reviewer returned gets a new round (review::resubmit); one still
// waiting, in review or escalated is kept. Returns the submission id.
Result<std::int64_t> submit_case_for_review(store::Tx& tx, const org::Principal& p, const Case& c, const law::Procedure& proc,
                                            const std::string& note);

// Publicity after enforcement (118): a decision transition opens the decision's publication
// (publicity/decisions.h: due in 7 working days for 行政许可/行政处罚, 20 for others); carrying a
// decision out ("executed") records its fulfilment (履行情况). Other transitions: nothing.
Status issue_decision(store::Tx& tx, const org::Principal& p, const Case& c, const law::Transition& t, const std::string& date,
                      std::int64_t event_index);

}  // namespace zhifa::recording
