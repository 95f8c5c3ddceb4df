#pragma once
// What every part of the decisions' publication shares (decision_model.cc): the row mapping,
// the ledger event helper, the checks of dates and reasons, the search index, and the message a
// decision of another agency is answered with. The parts — opening and masking
// (decision_publication.cc), after publication (decision_lifecycle.cc), the time-limit rules
// (decision_rules.cc), the workspace views (decision_views.cc) and the search
// (decision_search.cc) — depend on this file and on decisions.h, never on each other.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/mask.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "publicity/decisions.h"

namespace zhifa::publicity::decision_detail {

using json = nlohmann::json;

// A decision of another agency is answered as a missing one (org::require gets this message).
inline constexpr std::string_view kNoDecision = "没有这条执法决定公示";

// SELECT of a publication with its agency and the names of the people who acted on it; append
// "WHERE …".
extern const char* const kSelect;
DecisionPub from_row(const store::Row& r);
json spans_json(const std::vector<law::MaskSpan>& spans);

store::Value who(const org::Principal& p);
// The decision's ledger event publicity.decision.<what>; event_at returns its index.
Result<std::int64_t> event_at(store::Tx& tx, const org::Principal& p, const DecisionPub& d, const std::string& what, json payload);
Status event(store::Tx& tx, const org::Principal& p, const DecisionPub& d, const std::string& what, json payload);

std::string today_or(const std::string& d);
Status check_date(const std::string& text, const std::string& field);
// Display periods end a number of calendar months after publication.
Result<std::string> add_months(const std::string& date, int months);
Status check_reason(const std::string& reason, const std::string& field);

Status save_spans(store::Tx& tx, const DecisionPub& d, std::int64_t expected_revision, const std::vector<law::MaskSpan>& spans);
Status log_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& action, const law::MaskSpan* s,
                const std::string& reason);

// Search index: FTS5 row (SQLite) or tsvector (PostgreSQL), only while published.
Status assign_publication_order(store::Tx& tx, std::int64_t id, const std::string& published_on);
Status index_decision(store::Tx& tx, std::int64_t id, const std::string& text);
Status unindex_decision(store::Tx& tx, std::int64_t id);

std::string party_public(const DecisionPub& d);
bool is_category(const std::string& c);
// The ledger records a fulfilment status by code (org/ledger_privacy.h: codes, not text).
std::string fulfilment_code(const std::string& status);

}  // namespace zhifa::publicity::decision_detail
