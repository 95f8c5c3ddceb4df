#pragma once
// The review's forms: what a request's input (web::Input, a form or a JSON object) says, read
// in one place — the decision facts of a submission form (amounts through law::parse_yuan), the
// materials and participants typed one per line, a catalog rule — and the forms filled again
// (options, values) when a refused form is shown once more.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "review/catalog.h"
#include "review/gate.h"
#include "review/workflow.h"
#include "web/handle.h"

namespace zhifa::review {

// DecisionFacts from the fields category, matter_code, party_kind, fine, confiscation (yuan),
// measures, hearing_held, outside_benchmark, complex, social_impact. An amount that is not
// money is recorded as the input's field error (in.status()). `req` is the request `in` reads:
// the measures are a repeated form field (or a JSON array of strings).
DecisionFacts facts_from(web::Input& in, const http::Request& req, std::int64_t agency_id, std::int64_t case_id);
// Materials typed one a line (blank lines dropped, each trimmed).
std::vector<Material> materials_from_text(const std::string& text);
// Participants separated by commas (either width), 、 or new lines.
std::vector<std::string> participants_from_text(const std::string& text);
// The answers of the 要素清单 form (answer_N, comment_N): those given, and `typed` — every
// element's answer and comment as typed ({"N": {"answer","comment"}}), to show them again.
std::vector<ElementAnswer> element_answers_from(web::Input& in, nlohmann::json& typed);
// A catalog rule from the catalog form (rule_id, code, name, …, min_fine and min_confiscation in
// yuan), of the given agency. A bad amount is the input's field error.
CatalogRule rule_from(web::Input& in, std::int64_t agency_id);

// Forms filled again.
nlohmann::json facts_form(const DecisionFacts& f);
nlohmann::json rule_form_json(const CatalogRule& r);
// The materials of a round (JSON [{"name"}]) as the text of the materials field.
std::string materials_text(const nlohmann::json& materials);

}  // namespace zhifa::review
