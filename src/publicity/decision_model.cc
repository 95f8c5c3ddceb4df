// The decisions' publication: the model every part shares (decision_model.h) — row mapping,
// ledger events, checks, the search index — and the labels, loading, the public record and its
// JSON, and the working-day arithmetic of the time limits.
#include "publicity/decision_model.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "law/deadline.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

namespace decision_detail {

const char* const kSelect =
    "SELECT d.*, a.code AS agency_code, a.name AS agency_name, a.name_en AS agency_name_en, pr.name AS reviewer_name, "
    "pp.name AS publisher_name, pw.name AS withdrawer_name, pq.name AS requester_name "
    "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id LEFT JOIN people pr ON pr.id = d.mask_reviewed_by "
    "LEFT JOIN people pp ON pp.id = d.published_by LEFT JOIN people pw ON pw.id = d.withdrawn_by "
    "LEFT JOIN people pq ON pq.id = d.withdraw_requested_by ";

namespace {

std::string opt(const store::Row& r, std::string_view col) { return r.opt_text(col).value_or(""); }

}  // namespace

json spans_json(const std::vector<law::MaskSpan>& spans) {
  json out = json::array();
  for (auto& s : spans)
    out.push_back({{"kind", std::string(law::mask_kind_name(s.kind))}, {"start", s.start}, {"end", s.end}, {"original", s.original},
                   {"replacement", s.replacement}});
  return out;
}

static std::vector<law::MaskSpan> spans_from(const std::string& text) {
  std::vector<law::MaskSpan> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (auto& s : j) {
    law::MaskSpan m;
    auto k = law::parse_mask_kind(s.value("kind", "manual"));
    m.kind = k ? *k : law::MaskKind::kManual;
    m.start = s.value("start", std::size_t{0});
    m.end = s.value("end", std::size_t{0});
    m.original = s.value("original", "");
    m.replacement = s.value("replacement", "");
    out.push_back(std::move(m));
  }
  return out;
}

DecisionPub from_row(const store::Row& r) {
  DecisionPub d;
  d.id = r.integer("id");
  d.agency_id = r.integer("agency_id");
  d.revision = r.integer("revision");
  d.publish_days = r.integer("publish_days");
  d.case_id = r.opt_integer("case_id");
  d.decision_event = r.opt_integer("decision_event");
  d.publish_event = r.opt_integer("publish_event");
  d.withdraw_event = r.opt_integer("withdraw_event");
  d.source = r.text("source");
  d.case_no = r.text("case_no");
  d.category = r.text("category");
  d.matter_code = r.text("matter_code");
  d.matter_name = r.text("matter_name");
  d.legal_basis = r.text("legal_basis");
  d.party_kind = r.text("party_kind");
  d.party_name = r.text("party_name");
  d.party_code = r.text("party_code");
  d.conclusion = r.text("conclusion");
  d.decision_no = r.text("decision_no");
  d.decision_date = r.text("decision_date");
  d.document_sha256 = r.text("document_sha256");
  d.body = r.text("body");
  d.spans = spans_from(r.text("spans"));
  d.mask_required = r.integer("mask_required") != 0;
  d.mask_reviewed_by = opt(r, "reviewer_name");
  d.mask_reviewed_at = opt(r, "mask_reviewed_at");
  d.deadline_rule = r.text("deadline_rule");
  d.due_on = r.text("due_on");
  d.state = r.text("state");
  d.published_on = opt(r, "published_on");
  d.published_at = opt(r, "published_at");
  d.published_by = opt(r, "publisher_name");
  d.record_json = opt(r, "record_json");
  d.record_sha256 = opt(r, "record_sha256");
  d.display_until = opt(r, "display_until");
  d.fulfilment = r.text("fulfilment");
  d.fulfilment_note = r.text("fulfilment_note");
  d.fulfilment_on = opt(r, "fulfilment_on");
  d.withdraw_ground = opt(r, "withdraw_ground");
  d.withdraw_reason = opt(r, "withdraw_reason");
  d.withdraw_trigger_on = opt(r, "withdraw_trigger_on");
  d.withdraw_due_on = opt(r, "withdraw_due_on");
  d.withdraw_requested_by = opt(r, "requester_name");
  d.withdrawn_on = opt(r, "withdrawn_on");
  d.withdrawn_at = opt(r, "withdrawn_at");
  d.withdrawn_by = opt(r, "withdrawer_name");
  d.expired_on = opt(r, "expired_on");
  d.agency_code = r.text("agency_code");
  d.agency_name = r.text("agency_name");
  d.agency_name_en = opt(r, "agency_name_en");
  return d;
}

store::Value who(const org::Principal& p) { return p.anonymous() ? store::null() : store::Value(p.person_id); }

// The decision's ledger event publicity.decision.<what>; returns its index.
Result<std::int64_t> event_at(store::Tx& tx, const org::Principal& p, const DecisionPub& d, const std::string& what, json payload) {
  payload["decision_id"] = d.id;
  if (!d.decision_no.empty()) payload["decision_no"] = d.decision_no;
  return org::append_event(tx, p, d.agency_code, "publicity.decision." + what, "decision:" + std::to_string(d.id), payload.dump());
}

Status event(store::Tx& tx, const org::Principal& p, const DecisionPub& d, const std::string& what, json payload) {
  auto r = event_at(tx, p, d, what, std::move(payload));
  return r ? Status{} : Status(r.error());
}
std::string today_or(const std::string& d) { return d.empty() ? clock::today_beijing() : d; }

Status check_date(const std::string& text, const std::string& field) {
  auto d = law::Date::parse(text, field);
  if (!d) return d.error();
  return {};
}

// Display periods end a number of calendar months after publication.
Result<std::string> add_months(const std::string& date, int months) {
  auto d = law::Date::parse(date);
  if (!d) return d.error();
  auto r = law::add_calendar_months(*d, months);
  if (!r) return r.error();
  return r->str();
}

Status save_spans(store::Tx& tx, const DecisionPub& d, std::int64_t expected_revision, const std::vector<law::MaskSpan>& spans) {
  auto u = tx.exec(
      "UPDATE pub_decisions SET spans = ?, mask_reviewed_by = NULL, mask_reviewed_at = NULL, revision = revision + 1, updated_at = ? "
      "WHERE id = ? AND revision = ?",
      {spans_json(spans).dump(), clock::now_iso(), d.id, expected_revision});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("公示内容已被他人修改，请刷新后重试");
  return {};
}

Status log_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& action, const law::MaskSpan* s,
                const std::string& reason) {
  auto r = tx.exec(
      "INSERT INTO pub_mask_log(decision_id, action, kind, span_start, span_end, original, reason, person_id, at) VALUES (?,?,?,?,?,?,?,?,?)",
      {id, action, s ? std::string(law::mask_kind_name(s->kind)) : std::string(), s ? std::int64_t(s->start) : std::int64_t{0},
       s ? std::int64_t(s->end) : std::int64_t{0}, s ? s->original : std::string(), reason, who(p), clock::now_iso()});
  return r ? Status{} : Status(r.error());
}

Status check_reason(const std::string& reason, const std::string& field) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) return Error::invalid("须说明理由", field);
  if (reason.size() > 2000) return Error::invalid("理由过长（最多 2000 字节）", field);
  return law::check_utf8(reason, field);
}

// The decision's place in the publication order (issue 15; migrations/0530): the days since
// 1970-01-01 of its publication day × 2^20 + its number among that day's publications, so the
// lists and the search indexes read newest publication first without sorting.
Status assign_publication_order(store::Tx& tx, std::int64_t id, const std::string& published_on) {
  auto day = law::Date::parse(published_on, "published_on");
  if (!day) return day.error();
  const std::int64_t base = std::int64_t{day->serial()} * 1048576;
  auto last = tx.query_one("SELECT MAX(pub_order) FROM pub_decisions WHERE pub_order >= ? AND pub_order < ?", {base, base + 1048576});
  if (!last) return last.error();
  std::int64_t order = *last && !(*last)->is_null(0) ? (*last)->integer(0) + 1 : base + 1;
  auto u = tx.exec("UPDATE pub_decisions SET pub_order = ? WHERE id = ?", {order, id});
  return u ? Status{} : Status(u.error());
}

// Search index: FTS5 row (SQLite, rowid = pub_order) or tsvector (PostgreSQL), only while published.
Status index_decision(store::Tx& tx, std::int64_t id, const std::string& text) {
  auto tokens = cjk_tokens(text);
  auto r = tx.backend() == store::Backend::kPostgres
               ? tx.exec("UPDATE pub_decisions SET tsv = CAST(? AS tsvector) WHERE id = ?", {tsvector_literal(tokens), id})
               : tx.exec("INSERT INTO pub_decisions_fts(rowid, tokens) SELECT pub_order, ? FROM pub_decisions WHERE id = ?",
                         {fts5_text(tokens), id});
  return r ? Status{} : Status(r.error());
}

Status unindex_decision(store::Tx& tx, std::int64_t id) {
  auto u = tx.backend() == store::Backend::kPostgres
               ? tx.exec("UPDATE pub_decisions SET tsv = NULL, search_text = NULL WHERE id = ?", {id})
               : tx.exec("DELETE FROM pub_decisions_fts WHERE rowid = (SELECT pub_order FROM pub_decisions WHERE id = ?)", {id});
  if (!u) return u.error();
  if (tx.backend() != store::Backend::kPostgres)
    if (auto s = tx.exec("UPDATE pub_decisions SET search_text = NULL WHERE id = ?", {id}); !s) return s.error();
  return {};
}

std::string party_public(const DecisionPub& d) {
  if (d.party_kind != "person") return d.party_name;
  auto m = law::mask_name(d.party_name);
  return m ? *m : std::string("某某");
}

bool is_category(const std::string& c) {
  auto& all = enforcement_categories();
  return std::find(all.begin(), all.end(), c) != all.end();
}

}  // namespace decision_detail

using namespace decision_detail;

const std::vector<std::string>& enforcement_categories() { return law::enforcement_categories(); }

std::string decision_state_label(const std::string& s) {
  if (s == "pending") return "待公示";
  if (s == "published") return "已公示";
  if (s == "withdrawn") return "已撤下";
  if (s == "expired") return "公示期满";
  return s;
}

const std::vector<std::string>& withdraw_grounds() {
  static const std::vector<std::string> g = {"changed", "revoked", "illegal", "void"};
  return g;
}

std::string withdraw_ground_label(const std::string& g) {
  if (g == "changed") return "决定被变更";
  if (g == "revoked") return "决定被撤销";
  if (g == "illegal") return "决定被确认违法";
  if (g == "void") return "决定被确认无效";
  return g;
}

// The ledger records a fulfilment status by code (org/ledger_privacy.h: codes, not text).
std::string decision_detail::fulfilment_code(const std::string& status) {
  static const std::vector<std::pair<std::string, std::string>> codes = {
      {"未履行", "unfulfilled"}, {"部分履行", "partly_fulfilled"}, {"已履行", "fulfilled"}, {"已申请行政复议", "reconsideration"},
      {"已提起行政诉讼", "litigation"}, {"已申请强制执行", "enforcement"}, {"不适用", "not_applicable"}};
  for (auto& [label, code] : codes)
    if (label == status) return code;
  return "other";
}

const std::vector<std::string>& fulfilment_statuses() {
  static const std::vector<std::string> f = {"未履行", "部分履行", "已履行", "已申请行政复议", "已提起行政诉讼", "已申请强制执行", "不适用"};
  return f;
}

Result<std::vector<std::int64_t>> decisions_of_case(store::Tx& tx, std::int64_t case_id) {
  auto rows = tx.query("SELECT id FROM pub_decisions WHERE case_id = ? ORDER BY id", {case_id});
  if (!rows) return rows.error();
  std::vector<std::int64_t> out;
  for (auto& r : *rows) out.push_back(r.integer(0));
  return out;
}

Result<DecisionPub> load_decision(store::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE d.id = ?", {id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这条执法决定公示");
  return from_row(**r);
}

Result<DecisionPub> load_decision_for(store::Tx& tx, const org::Principal& p, std::int64_t id) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.view", d->agency_id, kNoDecision); !s) return s.error();
  return d;
}

Result<std::string> masked_text(const DecisionPub& d) { return law::apply_mask_spans(d.body, d.spans); }

json public_record(const DecisionPub& d, const std::string& masked, const std::string& published_on) {
  return {{"id", d.id},
          {"agency", d.agency_name},
          {"agency_code", d.agency_code},
          {"category", d.category},
          {"matter", d.matter_name},
          {"matter_code", d.matter_code},
          {"party", party_public(d)},
          {"party_kind", d.party_kind},
          {"party_code", d.party_code},
          {"legal_basis", d.legal_basis},
          {"conclusion", d.conclusion},
          {"decision_no", d.decision_no},
          {"decision_date", d.decision_date},
          {"text", masked},
          {"published_on", published_on}};
}

std::string decision_search_text(const json& r) {
  std::string s;
  for (const char* k : {"party", "matter", "category", "conclusion", "legal_basis", "decision_no", "agency", "text"})
    if (r.contains(k) && r[k].is_string()) s += r[k].get<std::string>() + "\n";
  return s;
}

std::optional<DueStatus> due_status(const law::Calendar& cal, const std::string& due, const std::string& on) {
  auto d = law::Date::parse(due);
  auto t = law::Date::parse(today_or(on));
  if (!d || !t) return std::nullopt;
  auto n = cal.working_days_between(*t, *d);
  if (!n) return std::nullopt;
  DueStatus s;
  s.days_left = n->days;
  s.level = n->days < 0 ? "danger" : n->days <= 2 ? "warn" : "info";
  s.words = n->days < 0 ? "已超期 " + std::to_string(-n->days) + " 个工作日"
            : n->days == 0 ? std::string("今天到期")
                           : "还剩 " + std::to_string(n->days) + " 个工作日";
  return s;
}

json public_json(const DecisionPub& d) {
  json out{{"id", d.id}, {"state", d.state}, {"agency_code", d.agency_code}, {"agency", d.agency_name}, {"category", d.category},
           {"decision_no", d.decision_no}, {"decision_date", d.decision_date}, {"url", "/decisions/" + std::to_string(d.id)}};
  if (d.state == "published") {
    json record = json::parse(d.record_json, nullptr, false);
    if (record.is_object()) out["record"] = record;
    out["record_sha256"] = d.record_sha256;
    out["published_on"] = d.published_on;
    out["display_until"] = d.display_until;
    out["fulfilment"] = {{"status", d.fulfilment}, {"note", d.fulfilment_note}, {"on", d.fulfilment_on}};
  }
  if (d.state == "withdrawn" && !d.published_on.empty()) {
    out["published_on"] = d.published_on;
    out["withdrawal"] = {{"ground", d.withdraw_ground}, {"ground_label", withdraw_ground_label(d.withdraw_ground)},
                         {"reason", d.withdraw_reason}, {"withdrawn_on", d.withdrawn_on}};
  }
  json ledger = json::object();
  if (d.publish_event) ledger["published"] = *d.publish_event;
  if (d.withdraw_event) ledger["withdrawn"] = *d.withdraw_event;
  out["ledger"] = ledger;
  return out;
}

}  // namespace zhifa::publicity
