#pragma once
// Helpers shared by the complaint services (intake, handling, views, oversight): deadlines on the
// official calendar, agency look-ups, loading a complaint, ledger events and handling steps.
// Not for other modules: complaints/service.h is the interface.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "complaints/model.h"
#include "complaints/service.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::complaints::detail {

using json = nlohmann::json;

inline constexpr const char* kMissing = "投诉举报不存在";

// today, or now's Beijing date when empty.
std::string today_or(const std::string& today);
// `days` calendar days after `from` (the day itself not counted); a last day that is a rest day
// of the official calendar moves to the next working day (民法典 第二百零三条).
Result<std::string> due_after(store::Tx& tx, const std::string& from, int days);
std::int64_t days_between(const std::string& a, const std::string& b);
// The running deadline of an open complaint, as of today (nullopt when closed).
std::optional<DueView> due_view(const std::string& state, const std::string& accept_due, const std::string& reply_due,
                                const std::string& today, int warn_days);

struct AgencyRef { std::int64_t id = 0; std::string code, name; std::optional<std::int64_t> parent; };
Result<std::optional<AgencyRef>> agency_by(store::Tx& tx, const char* where, const store::Value& v);
// The office that routes complaints naming no agency.
Result<AgencyRef> city_office(store::Tx& tx, const Rules& rules);

// A published decision, a case or a certificate found by the number typed.
struct Concern { std::string kind, ref; std::int64_t id = 0; std::int64_t agency_id = 0; };
Result<std::optional<Concern>> resolve_concern(store::Tx& tx, const std::string& text);

// The ledger event complaints.<kind> on subject complaint:<id>, under the agency's code.
Status event(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t id, const std::string& kind, json payload);
// One line of the handling history (private: notes and reasons in full).
Status step(store::Tx& tx, std::int64_t id, const org::Principal& p, const std::string& action, std::int64_t agency_id,
            const std::string& note, const std::string& today);

std::string trim(std::string s);
// Valid UTF-8, not blank when required, at most `max` characters; else invalid(field).
Status check_text(const std::string& value, const std::string& field, const std::string& label, std::size_t max, bool required);
bool plausible_email(const std::string& e);

inline constexpr const char* kCols =
    "c.id, c.kind, c.state, c.routed_by, c.acting_agency_id, c.handling_agency_id, c.concerning, c.concern_kind, c.concern_id, "
    "c.concern_ref, c.what_happened, c.request, c.contact_name, c.contact_phone, c.contact_email, c.anonymous, c.handler_id, "
    "c.received_on, c.accept_due, c.accepted_on, c.reply_due, c.closed_on, c.extended, c.info_request, c.supplement, "
    "c.refusal_reason, c.refusal_basis, c.finding, c.reply, c.contests_decision, c.approved_by, c.linked_case_id, c.submitted_at, "
    "ha.code AS h_code, ha.name AS h_name, ha.name_en AS h_name_en, aa.code AS a_code, aa.name AS a_name, aa.name_en AS a_name_en, "
    "hp.name AS handler_name";
inline constexpr const char* kJoins =
    " FROM complaints c JOIN agencies ha ON ha.id = c.handling_agency_id LEFT JOIN agencies aa ON aa.id = c.acting_agency_id "
    "LEFT JOIN people hp ON hp.id = c.handler_id";
Complaint from_row(const store::Row& r);
Result<std::optional<Complaint>> load_where(store::Tx& tx, const std::string& where, const store::Value& v);
// A complaint the principal may see with `perm`; another agency's answers as a missing one.
Result<Complaint> load_for(store::Tx& tx, const org::Principal& p, std::int64_t id, std::string_view perm);

std::string action_label(const std::string& a, bool en = false);
// A reply that finds the act unlawful or improper needs the head's approval.
bool needs_approval(const std::string& finding);
// 诉访分离: the remedies told to a complaint that contests a decision's legality.
std::string remedy_text(bool en);

}  // namespace zhifa::complaints::detail
