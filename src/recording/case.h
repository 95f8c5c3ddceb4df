#pragma once
// The recording pillar's model (执法全过程记录, APL art. 47): a case handled on an executable
// procedure (law/procedure.h), its acts, running deadlines and documents (文书) — the types, the
// mapping of their rows, their validation and the wording of their codes. No I/O: every other
// file of the pillar includes this one, and this one includes none of them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/store/database.h"

namespace zhifa::recording {

// Field errors (field → message), as org::FieldErrors.
using FieldErrors = std::map<std::string, std::string>;

// What a case's or a document's routes answer for a missing id — and for one of another agency,
// so that ids cannot be probed across agencies (org::require).
inline constexpr std::string_view kNoCase = "案件不存在";
inline constexpr std::string_view kNoDocument = "文书不存在";

struct Party {
  std::string kind;       // person | organisation
  std::string name;
  std::string id_number;  // resident ID (GB 11643) or USCC (GB 32100)
  std::string address, phone;
};
// Checks a party: kind, name, and the ID's check character.
FieldErrors validate_party(const Party& p);
// 公民 / 法人或者其他组织: law::party_kind_label (law/labels.h), one wording everywhere.

// Where an act happened: the browser's geolocation when it gives one, and/or a place text.
struct Location { std::string latitude, longitude, accuracy_m, place; };
FieldErrors validate_location(const Location& l);
// The non-empty parts as a JSON object (what the ledger's commitment binds).
nlohmann::json location_json(const Location& l);

struct NewCase {
  std::optional<std::int64_t> matter_id;  // a published matter (publicity::find_published_matter)
  std::string matter_code, matter_name, category;  // used only when matter_id is not given
  std::string procedure_id;               // empty: the matter's procedure (or by category)
  std::string title;
  Party party;
  std::string facts;
  std::int64_t fine_fen = 0;              // proposed fine (penalty procedures)
  bool warning = false;
  std::optional<std::int64_t> co_officer_id;
  Location location;
  std::string on_date;                    // Beijing date of opening; empty: today (tests set it)
};

struct Case {
  std::int64_t id = 0, agency_id = 0, lead_officer_id = 0;
  std::optional<std::int64_t> matter_id, co_officer_id;
  std::string case_no, procedure_id, matter_code, matter_name, category, title, step, status;
  Party party;
  std::string facts;
  std::int64_t fine_fen = 0;
  bool warning = false;
  // Issue 14: the other facts the legal review catalog tests, and the discretion band applied.
  std::int64_t confiscation_fen = 0;     // 没收违法所得、非法财物 (value)
  std::vector<std::string> measures;     // measures of the proposed decision (review::measure_labels)
  bool complex = false, social_impact = false;
  std::string proposed_decision;         // the decision transition proposed ("" = the procedure's first)
  std::string band_facts, band_penalty;  // the band (情节) of the matter's 裁量基准 applied, as published
  std::optional<std::int64_t> band_min_fen, band_max_fen;
  std::vector<std::string> band_measures;  // the measures the band allows (law/measures.h; empty: any)
  std::string outside_band_reason;       // why the penalty leaves the band (then legal review)
  // The measures of the decision (law/measures.h codes): 警告, 罚款, 没收 from their fields, then
  // the recorded measures — 行政处罚法 第九条.
  std::vector<std::string> decision_measures() const;
  // Those of decision_measures() the band applied does not allow (empty when no band or the band
  // does not limit the measures).
  std::vector<std::string> measures_outside_band() const;
  // Is the fine outside the band's range, or a measure outside the band's measures? (false when no
  // band was applied)
  bool fine_outside_band() const;
  bool outside_band() const;
  std::string opened_on, created_at, updated_at;
  std::string lead_officer_name, co_officer_name, agency_name;
};

struct Act {
  std::int64_t id = 0, actor_id = 0;
  std::string transition, label, from_step, to_step, actor_name, co_actor_names, at, on_date, note;
  Location location;
};

struct Document {
  std::int64_t id = 0, case_id = 0, created_by = 0;
  std::optional<std::int64_t> replaces_id, signed_by;
  std::string kind, name, body, status, doc_number, created_at, updated_at, signed_at, pdf_sha256, signer_name;
  std::int64_t pdf_size = 0;
};

struct DeadlineView {
  std::string rule_id, description, source, state, due, explanation;
  std::optional<std::int64_t> days_left;
  bool overdue = false, warn = false;  // warn: due within 3 days
  bool extendable = false;             // the rule allows one extension and it was not used
  std::string extension;               // the granted extension, in Chinese ("" when none)
};

// A transition of the case's current step (cases.h: act). co_officers: the other officers
// present (on-site acts need ≥ 2 certified officers, APL art. 42).
struct ActInput {
  std::string transition;
  std::vector<std::int64_t> co_officers;
  Location location;
  std::string note;
  std::string on_date;  // empty: today
  // The party has waived the hearing request in writing (APL art. 64): the 5-working-day period
  // ends today instead of on its last day. Recorded with the act.
  bool waive_hearing = false;
  // 执行完毕 of a fine or confiscation: the payment receipt (缴款凭证) number or the enforcement
  // record that proves it (APL arts. 67, 72), before the public 履行情况 says 已履行.
  std::string execution_evidence{};
};

// What the officer records about the decision before it is made (cases.h: update_case_facts).
struct CaseFactsInput {
  std::string facts;
  std::int64_t fine_fen = 0;
  bool warning = false;
  std::int64_t confiscation_fen = 0;
  std::vector<std::string> measures;
  bool complex = false, social_impact = false;
  std::string proposed_decision;
  std::optional<int> band;  // index into the matter's published bands (0-based)
  std::string outside_band_reason;
};

// An extension of a running deadline (cases.h: extend_deadline; ALL art. 42).
struct DeadlineExtension {
  std::string rule_id = "licence.decision";
  std::string reason;   // why the decision cannot be made in 20 working days (told to the applicant)
  std::string on_date;  // empty: today
};

// The default procedure for a matter category (行政许可 → licence, 行政处罚 → penalty, …).
std::string procedure_for_category(const std::string& category);

// Rows: a case with its agency's and officers' names (kCaseSelect), a document with its
// signer's name (kDocSelect), an act (rec_acts; co_actor_names are filled by the reader).
inline constexpr const char* kCaseSelect =
    "SELECT c.*, a.name AS agency_name, l.name AS lead_name, co.name AS co_name FROM rec_cases c "
    "JOIN agencies a ON a.id = c.agency_id JOIN people l ON l.id = c.lead_officer_id "
    "LEFT JOIN people co ON co.id = c.co_officer_id ";
inline constexpr const char* kDocSelect =
    "SELECT d.*, s.name AS signer_name FROM rec_documents d LEFT JOIN people s ON s.id = d.signed_by ";
Case case_from_row(const store::Row& r);
Document document_from_row(const store::Row& r);
Act act_from_row(const store::Row& r);

// "2025-10-13" → "2025年10月13日" (other text unchanged).
std::string chinese_date(const std::string& iso);
// The given Beijing date, or today when empty.
std::string today_or(const std::string& date);
// At most `max` bytes of UTF-8 text, cut at a character boundary.
std::string utf8_prefix(const std::string& s, std::size_t max);

}  // namespace zhifa::recording
