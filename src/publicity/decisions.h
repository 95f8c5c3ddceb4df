#pragma once
// Pillar 1, second half: publicity after enforcement (事后公开).
//
// 国办发〔2018〕118号: 行政许可 and 行政处罚 decisions are published within 7 working days of the
// decision (other enforcement decisions within 20), unless a law or administrative regulation
// says otherwise (an agency records that as a per-matter rule); personal data is masked before
// anything is public (law/mask.h). APL art. 48: a published penalty decision that is changed,
// revoked, confirmed illegal or void is withdrawn within 3 working days and the reason is made
// public; the same mechanism serves any revoked decision (118). After its display period
// (per category, configurable; default 36 months) a decision leaves the public lists.
//
// Life of a publication: case handling (recording) issues a decision → open_decision_publication
// in the same transaction (state pending, due date on the official working-day calendar) →
// the publicity editor reviews the automatic masking (adds or removes spans, each with a
// reason) → publish_decision fixes the public record (record_json, its SHA-256 in the ledger
// event) and indexes it for search → fulfilment updates (履行情况) → request_withdrawal /
// withdraw_decision, or expire_display_periods. Every change: permission → validate →
// change → ledger event in the caller's one transaction. Ledger payloads never carry personal
// data (the ledger is public): ids, numbers, dates, hashes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "law/mask.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::publicity {

// What case handling hands over when a decision issues.
struct DecisionIssued {
  std::int64_t agency_id = 0;
  std::optional<std::int64_t> case_id;
  std::string source;  // unique, e.g. "case:12"
  std::string case_no, category, matter_code, matter_name, legal_basis;
  std::string party_kind;  // person | organisation
  std::string party_name, party_code;  // party_code: an organisation's USCC ('' for a person)
  std::string party_address;           // a natural person's home address: masked wherever it occurs (118)
  std::string conclusion, decision_no, decision_date, document_sha256;
  std::optional<std::int64_t> decision_event;
  std::string body;  // the decision text as signed
};

struct DecisionPub {
  std::int64_t id = 0, agency_id = 0, revision = 0, publish_days = 0;
  std::optional<std::int64_t> case_id, decision_event, publish_event, withdraw_event;
  std::string source, case_no, category, matter_code, matter_name, legal_basis, party_kind, party_name, party_code;
  std::string conclusion, decision_no, decision_date, document_sha256, body;
  std::vector<law::MaskSpan> spans;
  bool mask_required = true;
  std::string mask_reviewed_by, mask_reviewed_at;
  std::string deadline_rule, due_on, state;
  std::string published_on, published_at, published_by, record_json, record_sha256, display_until;
  std::string fulfilment, fulfilment_note, fulfilment_on;
  std::string withdraw_ground, withdraw_reason, withdraw_trigger_on, withdraw_due_on, withdraw_requested_by;
  std::string withdrawn_on, withdrawn_at, withdrawn_by, expired_on;
  std::string agency_code, agency_name, agency_name_en;
  bool mask_reviewed() const { return !mask_reviewed_at.empty(); }
};

// The categories of enforcement (DOMAIN.md, 行政执法事项清单).
const std::vector<std::string>& enforcement_categories();
// Chinese labels.
std::string decision_state_label(const std::string& state);
std::string withdraw_ground_label(const std::string& ground);  // changed → 变更 …
const std::vector<std::string>& withdraw_grounds();            // changed, revoked, illegal, void
const std::vector<std::string>& fulfilment_statuses();         // 未履行, 已履行, …

// The time limit and display period that apply (matter rule → category rule → default).
struct PublicationRule {
  int publish_days = 7;
  int display_months = 36;
  std::string rule_id;  // publicity.decision | publicity.other_decision | matter:<code> | category:<category>
  std::string source;   // 国办发〔2018〕118号, or the agency's recorded source
};
Result<PublicationRule> publication_rule(store::Tx& tx, std::int64_t agency_id, const std::string& category,
                                         const std::string& matter_code);


// Opens the publication of an issued decision (pending; idempotent per source: a second call
// returns the existing id). Masks automatically: the party's name and home address when a
// natural person (the address keeps its first 6 characters, city and district), ID, phone,
// bank card and e-mail numbers wherever they occur.
Result<std::int64_t> open_decision_publication(store::Tx& tx, const org::Principal& p, const DecisionIssued& d);

// The automatic masking of an issued decision's text (used by open_decision_publication).
Result<law::MaskResult> automatic_masks(const DecisionIssued& d);

Result<DecisionPub> load_decision(store::Tx& tx, std::int64_t id);
// The publications opened for a case (ids, oldest first), for supervision's drill-down.
Result<std::vector<std::int64_t>> decisions_of_case(store::Tx& tx, std::int64_t case_id);
// For the workspace: jurisdiction-checked (publicity.decisions.view).
Result<DecisionPub> load_decision_for(store::Tx& tx, const org::Principal& p, std::int64_t id);
// The masked text by the current spans.
Result<std::string> masked_text(const DecisionPub& d);

// The mask review (publicity.decisions.edit). expected_revision guards against two editors.
// add_mask: masks every occurrence of `text` (a manual span each, replacement '*' per character
// unless given). remove_mask: drops span number `index`. Both need a reason and reset the review.
Status add_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision, const std::string& text,
                const std::string& replacement, const std::string& reason);
Status remove_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision, std::size_t index,
                   const std::string& reason);
Status confirm_masks(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision);

// Publishes (publicity.decisions.edit): refused while a required mask review is missing, after
// withdrawal, or twice. `today`: the Beijing date (tests pass it; "" = today).
Status publish_decision(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& today = {});

// 履行情况 (publicity.decisions.fulfilment): one of fulfilment_statuses(), a note, the date.
Status set_fulfilment(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& status, const std::string& note,
                      const std::string& on_date = {});
// From case handling (a fine paid, a decision carried out): no permission check beyond the
// caller's; a no-op when the decision has no publication.
Status fulfilment_from_case(store::Tx& tx, const org::Principal& p, const std::string& source, const std::string& status,
                            const std::string& on_date);

// APL art. 48: the decision was changed / revoked / confirmed illegal / void on trigger_on;
// the withdrawal is due 3 working days later (publicity.decisions.withdraw).
Status request_withdrawal(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& ground,
                          const std::string& reason, const std::string& trigger_on);
// Withdraws (publicity.decisions.edit): off the lists and the search index; the page shows the
// notice with the reason; the publication stays in the ledger (the withdrawal is an event).
Status withdraw_decision(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& today = {});

// Removes from the public lists every published decision whose display period ended before
// `today` (an event each; at most 1000 a call). Returns how many. The caller (the hourly job,
// the demo seeding) runs it in one write transaction.
Result<int> expire_display_periods(store::Tx& tx, const std::string& today = {});

// Rules (publicity.decisions.rules): publish_days 0 / display_months 0 keep the default.
Status set_rule(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& category,
                const std::string& matter_code, int publish_days, int display_months, const std::string& source);
Result<nlohmann::json> list_rules(store::Tx& tx, std::int64_t agency_id);

// Workspace list: decisions of the principal's jurisdiction; state "" = all, "attention" = pending
// or withdrawal requested; newest first.
Result<std::vector<DecisionPub>> workspace_decisions(store::Tx& tx, const org::Principal& p, const std::string& state, int limit);

// Public search (published only): every term must match (FTS5 / tsvector over the app-side CJK
// tokens of the public record), CJK phrases must occur as written; filters by agency, category
// and decision date range. Newest first; by relevance on request when the match set is small.
struct DecisionQuery {
  std::string q, agency_code, category, from, to, sort;  // sort: "" (newest) | relevance
  int page = 1, per_page = 20;
};
struct DecisionHit {
  std::int64_t id = 0;
  std::string agency_code, agency_name, category, matter_name, party, conclusion, decision_no, decision_date, published_on;
  std::string fulfilment;
  nlohmann::json snippet = nlohmann::json::array();  // [{"t": text, "hit": bool}]
};
struct DecisionResults {
  std::vector<DecisionHit> hits;
  std::int64_t total = 0;  // exact up to kCountCap
  bool capped = false;     // more than kCountCap matched
  bool ranked = false;     // ordered by relevance
  std::vector<std::string> notes;  // e.g. the query was shortened
};
inline constexpr std::int64_t kCountCap = 1000;
// Validates (dates, category, page) and searches; a query longer than 100 characters is cut.
// (decision_search.cc)
Result<DecisionResults> search_decisions(store::Tx& tx, DecisionQuery q);

// For feeds and open data: publications and withdrawals, newest first.
struct DecisionEvent { std::int64_t id = 0; std::string kind, at, agency_code, agency_name, decision_no, title, reason; };
Result<std::vector<DecisionEvent>> recent_decision_events(store::Tx& tx, const std::string& agency_code, int limit);

// For supervisors (seed 二.(二)): per agency of the jurisdiction, how publication keeps time.
struct AgencyPublicity {
  std::string agency_code, agency_name;
  std::int64_t pending = 0, overdue = 0, published = 0, published_late = 0, withdrawal_pending = 0, withdrawn = 0;
};
Result<std::vector<AgencyPublicity>> publicity_by_agency(store::Tx& tx, const org::Principal& p, const std::string& today = {});

// Working days from `today` to a due date on the calendar, as the workspace shows it: the words
// ("还剩 3 个工作日", "今天到期", "已超期 2 个工作日") and a level (info; warn within 2 days; danger
// when past). nullopt for a date that does not parse.
struct DueStatus { std::int64_t days_left = 0; std::string words, level; };
std::optional<DueStatus> due_status(const law::Calendar& cal, const std::string& due, const std::string& today = {});

// "My tasks": pending publications and withdrawals near or past their due dates.
Status decision_tasks(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks);

// The mask review's log of one decision, oldest first, as the workspace shows it:
// [{"at", "who", "action" (增加脱敏 | 取消脱敏 | 确认脱敏无误), "original", "reason"}].
Result<nlohmann::json> mask_log(store::Tx& tx, std::int64_t decision_id);

// The publication of a decision by its number (发文字号, printed as a QR code on the paper
// decision) once it is or was public (published, expired, or withdrawn after publication); the
// newest when a number was used twice. nullopt before that.
Result<std::optional<std::int64_t>> public_decision_by_number(store::Tx& tx, const std::string& decision_no);

// The public JSON of a publication (open data): the fixed record plus state, fulfilment,
// withdrawal notice and ledger indexes. Never the original text.
nlohmann::json public_json(const DecisionPub& d);

// The public record publish_decision fixes (and hashes into the ledger): the decision's public
// fields, the party masked when a natural person, the masked text, the publication date.
nlohmann::json public_record(const DecisionPub& d, const std::string& masked_text, const std::string& published_on);
// The text the search index is built from: the public record's fields (never the original).
std::string decision_search_text(const nlohmann::json& record);

}  // namespace zhifa::publicity
