#pragma once
// The JSON views of cases and documents, for the API and the workspace templates
// (templates/recording/*.html): one case, one document, the case list, the case page with its
// actions, deadlines, acts and review, the new-case form. Reads only; the labels of codes
// (steps, procedures, party kinds, audio-visual recording) are worded here and in case.h.
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording {

nlohmann::json case_json(const Case& c);
nlohmann::json document_json(const Document& d);

// The case's latest legal review (review pillar), when it has one: {id, state, state_label, href}.
Result<std::optional<nlohmann::json>> case_review(store::Tx& tx, const Case& c);

// The cases the principal sees (list_cases) as case_json with the nearest running deadline
// (due, overdue, warn): {"cases": […]}.
Result<nlohmann::json> case_list_json(store::Tx& tx, const org::Principal& p, bool whole_agency, bool open_only);
// Everything the case page shows (the API's case too): case_json with documents, the current
// step's actions and draftable documents, deadlines, whether the principal may extend, the
// review, the acts, and the colleagues who can go along on an on-site act.
Result<nlohmann::json> case_page_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id);
// The new-case form: the agency's published matters that have a procedure, the procedures, the
// colleagues.
Result<nlohmann::json> new_case_form_json(store::Tx& tx, const org::Principal& p);
// A document with its case: document_json + {"case": case_json}.
Result<nlohmann::json> document_page_json(store::Tx& tx, const org::Principal& p, std::int64_t doc_id);

}  // namespace zhifa::recording
