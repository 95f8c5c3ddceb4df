#pragma once
// Pillar 2, whole-process recording (执法全过程记录, APL art. 47): cases handled on the
// executable procedures of law/procedure.h, every act recorded (who, when, where) with a ledger
// event in the same transaction, running deadlines (deadlines.h). Documents (文书) are in
// documents.h, the case file in case_file.h, the decision a case issues in decision.h, the JSON
// views in views.h, "my tasks" in tasks.h; the types in case.h.
//
// Every change: permission check → validate → change → ledger event, inside the caller's write
// transaction (the routes in web/, the demo seeding and the tests open it); a refused change
// returns the reason and the caller's transaction rolls back, so nothing changes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/procedure.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"
#include "review/service.h"

namespace zhifa::recording {

// Opens a case from a matter: needs permission recording.handle, a certified officer (118;
// certificate valid today), a valid party. Returns the case id.
Result<std::int64_t> open_case(store::Tx& tx, const org::Principal& p, const NewCase& c);

// Takes a transition of the case's current step (ActInput, case.h). Refused with the failing
// condition (Error::field). A transition into the step "legal_review" (行政处罚: 提请法制审核)
// submits the case to the review pillar (decision.h: submit_case_for_review); a decision
// transition passes the review gate first (APL art. 58) and opens the decision's publication
// (decision.h: issue_decision).
Status act(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const ActInput& in);

// Extends a running deadline of an open case by the rule's extension (ALL art. 42: the licence
// decision, 20 working days, may be extended once by 10 working days with the approval of the
// agency head; the reason is told to the applicant). Only the licence decision deadline, only
// while it runs and before it has passed, only once; the approver is the acting principal and
// must be the agency head (permission recording.extend). Records an act and a ledger event.
Status extend_deadline(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const DeadlineExtension& in);

// Names (or changes) the case's co-officer, the second officer of APL art. 42, after the case
// was opened: an active officer of the case's agency other than the lead officer. Drafts that
// still read "（未指定）" get the name. Refused on a closed case. Records a ledger event.
Status set_co_officer(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::int64_t person_id);

// Records what the decision will be before it is made (case_facts.cc; issue 14): the facts,
// fine, warning, confiscation, measures, circumstances (complex, social impact), the proposed
// decision and the discretion band (裁量基准情节) applied. Only facts the case's procedure can
// supply (law::Procedure::supplied_facts) are accepted. A fine outside the chosen band is
// refused unless a reason is given — then the decision is outside the benchmark and goes to
// legal review (the catalog's rule). Refused after the decision.
Status update_case_facts(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const CaseFactsInput& in);

// The band the decision must state: refused when a decision imposing a fine is made on a matter
// whose published 裁量基准 has fine bands but no band was applied, or the fine leaves the band
// without a recorded reason (118; seed 三.4(六)). Pure.
Status check_band_for_decision(const Case& c, const law::Transition& t, bool matter_has_fine_bands);
Result<bool> matter_has_fine_bands(store::Tx& tx, const Case& c);

// Cases of the principal's agency whose proposed or decided fine is outside the band applied
// (the supervisor's list, issue 14): [{case_id, case_no, title, band, fine_yuan, range, reason, step}].
Result<nlohmann::json> cases_outside_band(store::Tx& tx, const org::Principal& p);

// The case as legal review needs to know it (review::set_case_lookup): its agency and officers.
Result<std::optional<review::CaseRef>> case_ref_for_review(store::Tx& tx, std::int64_t case_id);

// Reads (jurisdiction-checked).
Result<Case> load_case(store::Tx& tx, const org::Principal& p, std::int64_t case_id);
Result<std::vector<Act>> case_acts(store::Tx& tx, std::int64_t case_id);
// The officer's cases (lead or co-officer), open first; whole_agency lists the agency's cases.
Result<std::vector<Case>> list_cases(store::Tx& tx, const org::Principal& p, bool whole_agency, bool open_only, int limit);

}  // namespace zhifa::recording
