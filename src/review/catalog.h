#pragma once
// 重大执法决定法制审核目录清单 as rules (seed 三.3; 国办发〔2018〕118号; APL art. 58).
//
// A rule sets conditions on a decision: category, matter, party kind, fine and confiscation
// thresholds (in fen, "at or above"), a measure (吊销许可证件, 责令停产停业 …), hearing held,
// penalty outside the discretion benchmark, complexity, social impact. A decision is major when
// every condition of some active rule holds. The statutory cases of APL art. 58 (hearing held,
// complex / several legal relationships, major public interest / social impact) make a decision
// major even when the agency's list forgets them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "review/gate.h"

namespace zhifa::review {

struct CatalogRule {
  std::int64_t id = 0, agency_id = 0;
  std::string code, name;
  std::string category, matter_code, party_kind, measure;
  std::optional<std::int64_t> min_fine_fen, min_confiscation_fen;
  bool requires_hearing = false, requires_outside_benchmark = false, requires_complex = false,
       requires_social_impact = false;
  std::string legal_source;
  bool active = true;
  std::string updated_at;
};

// The measures a rule may name, with their Chinese labels.
const std::vector<std::pair<std::string, std::string>>& measure_labels();
std::string measure_label(const std::string& measure);
// The decision categories of the 行政执法事项清单.
const std::vector<std::string>& categories();

using FieldErrors = std::map<std::string, std::string>;
// Also refuses a rule no procedure can make fire (unsupplied): a rule is validated against the
// procedures' supplied facts (law::Procedure::supplied_facts, issue 14).
FieldErrors validate_rule(const CatalogRule& r);
// The facts a rule tests ("fine", "measure.revoke_licence" …), as law::Procedure names them.
std::vector<std::string> tested_facts(const CatalogRule& r);
// Why no procedure of the rule's category supplies every fact it tests ("" when one does).
std::string unsupplied(const CatalogRule& r);

// Pure: does the rule's every condition hold for the decision?
bool rule_matches(const CatalogRule& r, const DecisionFacts& f);
// Pure: the matching active rules, then the statutory APL art. 58 cases no rule already covers.
std::vector<CatalogMatch> evaluate(const std::vector<CatalogRule>& rules, const DecisionFacts& f);
// A rule's conditions as one Chinese sentence, e.g. "行政处罚；当事人为公民；罚款≥10000元".
std::string describe(const CatalogRule& r);

Result<std::vector<CatalogRule>> load_rules(store::Tx& tx, std::int64_t agency_id, bool active_only);
Result<std::optional<CatalogRule>> find_rule(store::Tx& tx, std::int64_t rule_id);
// The agency's rules evaluated for the decision.
Result<std::vector<CatalogMatch>> assess(store::Tx& tx, const DecisionFacts& f);

// Creates (id == 0) or updates a rule: permission review.catalog → validate → change → ledger
// event review.catalog.rule_saved. Returns the rule id.
Result<std::int64_t> save_rule(store::Tx& tx, const org::Principal& p, CatalogRule r);
// Saves several rules and publishes the catalog once (the demo; an import). Returns the version.
Result<std::int64_t> save_rules(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::vector<CatalogRule> rules,
                                const std::string& note);
// Deactivates or reactivates a rule (never deleted: every version stays in the ledger).
Status set_rule_active(store::Tx& tx, const org::Principal& p, std::int64_t rule_id, bool active);

// The review time limit of an agency (default: 7 working days, +3 with approval).
struct ReviewSettings { int period_days = 7; int extension_days = 3; };
Result<ReviewSettings> load_settings(store::Tx& tx, std::int64_t agency_id);
Status save_settings(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, ReviewSettings s);

// What the catalog page shows an agency: its rules (active or not), its time limits, and the
// rule being edited (`edit_rule_id`, when it is the agency's own).
struct CatalogOverview {
  std::vector<CatalogRule> rules;
  ReviewSettings settings;
  std::optional<CatalogRule> editing;
};
Result<CatalogOverview> catalog_overview(store::Tx& tx, std::int64_t agency_id, std::optional<std::int64_t> edit_rule_id);

// Issue 14 — one 目录清单: the rules are edited here; every change (save_rule, save_rules,
// set_rule_active) publishes, in the same transaction, the next version of the publicity list
// review_catalog (publicity::publish_derived) whose rows are catalog_entries: the active rules,
// then the statutory cases of APL art. 58 (APL58-1..3), which evaluate applies too. So the list
// a citizen reads and the rules the gate enforces have the same codes, version for version.
struct CatalogEntry {
  std::string code, category, name, conditions, legal_source, updated_at;
  bool statutory = false;
};
std::vector<CatalogEntry> catalog_entries(const std::vector<CatalogRule>& rules);
// Publishes the agency's current rules as the review_catalog list (nothing new when unchanged).
Result<std::int64_t> publish_catalog(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& note);

// The published list as the public portal shows it (publicity issue renders it):
// [{"code","name","conditions","legal_source","updated_at"}] of active rules, plus the
// statutory cases, as JSON text.
Result<std::string> published_catalog_json(store::Tx& tx, std::int64_t agency_id);
// The API's document of an agency given by its code: {"agency": name, "rules": [...]}, as JSON
// text; not_found("no such agency") for an unknown code.
Result<std::string> published_catalog_document(store::Tx& tx, const std::string& agency_code);

}  // namespace zhifa::review
