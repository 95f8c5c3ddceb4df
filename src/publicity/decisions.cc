#include "publicity/decisions.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "law/deadline.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "org/directory.h"
#include "org/record.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

using json = nlohmann::json;

namespace {

constexpr const char* kSelect =
    "SELECT d.*, a.code AS agency_code, a.name AS agency_name, a.name_en AS agency_name_en, pr.name AS reviewer_name, "
    "pp.name AS publisher_name, pw.name AS withdrawer_name, pq.name AS requester_name "
    "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id LEFT JOIN people pr ON pr.id = d.mask_reviewed_by "
    "LEFT JOIN people pp ON pp.id = d.published_by LEFT JOIN people pw ON pw.id = d.withdrawn_by "
    "LEFT JOIN people pq ON pq.id = d.withdraw_requested_by ";

std::string opt(const store::Row& r, std::string_view col) { return r.opt_text(col).value_or(""); }

json spans_json(const std::vector<law::MaskSpan>& spans) {
  json out = json::array();
  for (auto& s : spans)
    out.push_back({{"kind", std::string(law::mask_kind_name(s.kind))}, {"start", s.start}, {"end", s.end}, {"original", s.original},
                   {"replacement", s.replacement}});
  return out;
}

std::vector<law::MaskSpan> spans_from(const std::string& text) {
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

// A decision of another agency is answered as a missing one (org::require).
Status allowed(const org::Principal& p, std::string_view permission, std::int64_t agency_id) {
  return org::require(p, permission, agency_id, "没有这条执法决定公示");
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

using text::char_count;
using text::first_chars;

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

// Search index: FTS5 row (SQLite) or tsvector (PostgreSQL), only while published.
Status index_decision(store::Tx& tx, std::int64_t id, const std::string& text) {
  auto tokens = cjk_tokens(text);
  auto r = tx.backend() == store::Backend::kPostgres
               ? tx.exec("UPDATE pub_decisions SET tsv = CAST(? AS tsvector) WHERE id = ?", {tsvector_literal(tokens), id})
               : tx.exec("INSERT INTO pub_decisions_fts(rowid, tokens) VALUES (?, ?)", {id, fts5_text(tokens)});
  return r ? Status{} : Status(r.error());
}

Status unindex_decision(store::Tx& tx, std::int64_t id) {
  auto u = tx.backend() == store::Backend::kPostgres ? tx.exec("UPDATE pub_decisions SET tsv = NULL, search_text = NULL WHERE id = ?", {id})
                                                      : tx.exec("DELETE FROM pub_decisions_fts WHERE rowid = ?", {id});
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

}  // namespace

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
static std::string fulfilment_code(const std::string& status) {
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

Result<PublicationRule> publication_rule(store::Tx& tx, std::int64_t agency_id, const std::string& category,
                                         const std::string& matter_code) {
  PublicationRule r;
  // 118: 行政许可 and 行政处罚 decisions within 7 working days; other decisions within 20.
  bool seven = category == "行政许可" || category == "行政处罚";
  r.publish_days = seven ? 7 : 20;
  r.rule_id = seven ? "publicity.decision" : "publicity.other_decision";
  r.source = "国办发〔2018〕118号";
  auto rows = tx.query(
      "SELECT matter_code, publish_days, display_months, source FROM pub_rules WHERE agency_id = ? AND category = ? AND matter_code IN ('', ?) "
      "ORDER BY matter_code",
      {agency_id, category, matter_code});
  if (!rows) return rows.error();
  for (auto& row : *rows) {  // '' (category) first, then the matter's own rule wins
    bool matter = !row.text(0).empty();
    if (row.integer(1) > 0) {
      r.publish_days = static_cast<int>(row.integer(1));
      r.rule_id = matter ? "matter:" + row.text(0) : "category:" + category;
      r.source = row.text(3);
    }
    if (row.integer(2) > 0) r.display_months = static_cast<int>(row.integer(2));
  }
  return r;
}

Result<std::string> working_days_after(store::Tx& tx, const std::string& date, int days) {
  auto d = law::Date::parse(date);
  if (!d) return d.error();
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto due = cal->add_working_days(*d, days);
  if (!due) return due.error();
  return due->date.str();
}

Result<law::MaskResult> automatic_masks(const DecisionIssued& in) {
  // Personal data masked before anything is public (118): the party's name when a natural person.
  std::vector<std::string> names;
  if (in.party_kind == "person" && !in.party_name.empty()) names.push_back(in.party_name);
  auto found = law::mask_personal_data(in.body, names);
  if (!found) return found.error();
  law::MaskResult masked = std::move(*found);
  if (in.party_kind == "person" && char_count(in.party_address) >= 4) {
    // 118: a natural person's home address is hidden; the city and district may stay.
    const std::string& addr = in.party_address;
    std::string keep = first_chars(addr, 6);
    std::string rep = keep + std::string(char_count(addr) - char_count(keep), '*');
    for (std::size_t at = in.body.find(addr); at != std::string::npos; at = in.body.find(addr, at + addr.size())) {
      std::size_t end = at + addr.size();
      auto& sp = masked.spans;
      if (std::any_of(sp.begin(), sp.end(), [&](const law::MaskSpan& x) { return x.start < end && at < x.end; })) continue;
      sp.push_back({law::MaskKind::kManual, at, end, addr, rep});
    }
    std::sort(masked.spans.begin(), masked.spans.end(), [](auto& a, auto& b) { return a.start < b.start; });
    auto text = law::apply_mask_spans(in.body, masked.spans);
    if (!text) return text.error();
    masked.text = std::move(*text);
  }
  return masked;
}

Result<std::int64_t> open_decision_publication(store::Tx& tx, const org::Principal& p, const DecisionIssued& in) {
  if (in.source.empty()) return Error::invalid("缺少决定来源", "source");
  if (auto s = check_date(in.decision_date, "decision_date"); !s) return s.error();
  if (in.party_kind != "person" && in.party_kind != "organisation") return Error::invalid("当事人类型不正确", "party_kind");
  if (auto s = law::check_utf8(in.body, "body"); !s) return s.error();
  if (in.body.find('\0') != std::string::npos) return Error::invalid("决定正文含有空字符", "body");
  if (in.party_kind == "organisation" && !in.party_code.empty())
    if (auto s = law::check_uscc(in.party_code); !s) return s.error();  // GB 32100-2015
  auto existing = tx.query_one("SELECT id FROM pub_decisions WHERE source = ?", {in.source});
  if (!existing) return existing.error();
  if (*existing) return (*existing)->integer(0);
  if (!in.decision_no.empty()) {
    // A 发文字号 in the standard form (GB/T 9704-2012 7.2.4); the agency's sequence continues after
    // it, so a number recorded from paper or an import is never given out again.
    if (!law::parse_document_number(in.decision_no))
      return Error::invalid("决定书文号格式应为“机关代字〔年份〕序号号”，例如 济外侨罚〔2026〕3号", "decision_no");
    auto prefix = tx.query_one("SELECT doc_prefix FROM agencies WHERE id = ?", {in.agency_id});
    if (!prefix) return prefix.error();
    if (*prefix)
      if (auto used = law::note_document_number_used(tx, (*prefix)->text(0), in.decision_no); !used) return used.error();
  }

  std::string legal_basis = in.legal_basis;
  if (legal_basis.empty() && !in.matter_code.empty()) {
    auto m = tx.query_one("SELECT legal_basis FROM matters WHERE agency_id = ? AND code = ?", {in.agency_id, in.matter_code});
    if (!m) return m.error();
    if (*m) legal_basis = (*m)->text(0);
  }
  auto rule = publication_rule(tx, in.agency_id, in.category, in.matter_code);
  if (!rule) return rule.error();
  // 118: due N working days after the decision day, on the official calendar.
  auto due = working_days_after(tx, in.decision_date, rule->publish_days);
  if (!due) return due.error();
  auto masked = automatic_masks(in);
  if (!masked) return masked.error();
  bool required = in.party_kind == "person" || !masked->spans.empty();
  std::string now = clock::now_iso();
  auto ins = tx.query_one(
      "INSERT INTO pub_decisions(agency_id, source, case_id, case_no, category, matter_code, matter_name, legal_basis, party_kind, party_name, "
      "party_code, conclusion, decision_no, decision_date, document_sha256, decision_event, body, spans, mask_required, deadline_rule, "
      "publish_days, due_on, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'pending',?,?) RETURNING id",
      {in.agency_id, in.source, in.case_id ? store::Value(*in.case_id) : store::null(), in.case_no, in.category, in.matter_code,
       in.matter_name, legal_basis, in.party_kind, in.party_name, in.party_kind == "organisation" ? in.party_code : std::string(),
       in.conclusion, in.decision_no, in.decision_date, in.document_sha256,
       in.decision_event ? store::Value(*in.decision_event) : store::null(), in.body, spans_json(masked->spans).dump(),
       std::int64_t(required ? 1 : 0), rule->rule_id, std::int64_t(rule->publish_days), *due, now, now});
  if (!ins) return ins.error();
  std::int64_t id = (**ins).integer(0);
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = event(tx, p, *d, "opened",
                     {{"source", in.source}, {"case_no", in.case_no}, {"category", in.category}, {"decision_date", in.decision_date},
                      {"due_on", *due}, {"rule", rule->rule_id}, {"publish_days", rule->publish_days}, {"auto_spans", masked->spans.size()}});
      !s)
    return s.error();
  return id;
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
  if (auto s = allowed(p, "publicity.decisions.view", d->agency_id); !s) return s.error();
  return d;
}

Result<std::string> masked_text(const DecisionPub& d) { return law::apply_mask_spans(d.body, d.spans); }

Status add_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision, const std::string& text,
                const std::string& replacement, const std::string& reason) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.edit", d->agency_id); !s) return s;
  if (d->state != "pending") return Error::conflict("只有待公示的决定可以调整脱敏（已公示的内容不再改变）");
  if (text.empty()) return Error::invalid("请填写要隐去的文字", "text");
  if (text.size() > 400) return Error::invalid("要隐去的文字过长（最多 400 字节）", "text");
  if (auto s = law::check_utf8(text, "text"); !s) return s;
  if (auto s = law::check_utf8(replacement, "replacement"); !s) return s;
  if (auto s = check_reason(reason, "reason"); !s) return s;
  std::string rep = replacement;
  if (rep.empty()) rep = std::string(char_count(text), '*');
  auto spans = d->spans;
  int added = 0;
  for (std::size_t at = d->body.find(text); at != std::string::npos; at = d->body.find(text, at + text.size())) {
    std::size_t end = at + text.size();
    bool overlaps = std::any_of(spans.begin(), spans.end(), [&](const law::MaskSpan& s) { return s.start < end && at < s.end; });
    if (overlaps) continue;
    law::MaskSpan s{law::MaskKind::kManual, at, end, text, rep};
    if (auto l = log_mask(tx, p, id, "add", &s, reason); !l) return l;
    spans.push_back(std::move(s));
    ++added;
  }
  if (added == 0) return Error::invalid("正文中没有找到未隐去的“" + first_chars(text, 20) + "”", "text");
  std::sort(spans.begin(), spans.end(), [](auto& a, auto& b) { return a.start < b.start; });
  if (auto s = save_spans(tx, *d, expected_revision, spans); !s) return s;
  auto out = event(tx, p, *d, "mask_changed", {{"action", "add"}, {"spans_added", added}, {"spans", spans.size()}});
  return out;
}

Status remove_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision, std::size_t index,
                   const std::string& reason) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.edit", d->agency_id); !s) return s;
  if (d->state != "pending") return Error::conflict("只有待公示的决定可以调整脱敏（已公示的内容不再改变）");
  if (index >= d->spans.size()) return Error::invalid("没有这一处脱敏", "span");
  if (auto s = check_reason(reason, "reason"); !s) return s;
  auto spans = d->spans;
  if (auto l = log_mask(tx, p, id, "remove", &spans[index], reason); !l) return l;
  spans.erase(spans.begin() + static_cast<std::ptrdiff_t>(index));
  if (auto s = save_spans(tx, *d, expected_revision, spans); !s) return s;
  return event(tx, p, *d, "mask_changed", {{"action", "remove"}, {"spans", spans.size()}});
}

Status confirm_masks(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.edit", d->agency_id); !s) return s;
  if (d->state != "pending") return Error::conflict("该决定不在待公示状态");
  auto text = masked_text(*d);
  if (!text) return text.error();
  std::string now = clock::now_iso();
  auto u = tx.exec("UPDATE pub_decisions SET mask_reviewed_by = ?, mask_reviewed_at = ?, revision = revision + 1, updated_at = ? "
                   "WHERE id = ? AND revision = ?",
                   {who(p), now, now, id, expected_revision});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("公示内容已被他人修改，请刷新后重试");
  if (auto l = log_mask(tx, p, id, "reviewed", nullptr, ""); !l) return l;
  return event(tx, p, *d, "mask_reviewed", {{"spans", d->spans.size()}, {"masked_sha256", blob::sha256_hex(*text)}});
}

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

Status publish_decision(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& on) {
  std::string today = today_or(on);
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.edit", d->agency_id); !s) return s;
  if (d->state == "withdrawn" || d->state == "expired") return Error::conflict("该决定已撤下，不能再公示（APL art. 48）");
  if (d->state == "published") return Error::conflict("该决定已经公示");
  if (!d->withdraw_ground.empty())
    return Error::conflict("该决定已" + withdraw_ground_label(d->withdraw_ground).substr(std::string("决定").size()) + "，不再公示");
  // 118: personal data is masked before publication; the editor confirms the masking.
  if (d->mask_required && !d->mask_reviewed()) return Error::conflict("须先完成脱敏审查，再公示", "mask_review");
  if (today < d->decision_date) return Error::invalid("公示日期早于决定日期", "date");
  auto text = masked_text(*d);
  if (!text) return text.error();
  auto rule = publication_rule(tx, d->agency_id, d->category, d->matter_code);
  if (!rule) return rule.error();
  auto until = add_months(today, rule->display_months);
  if (!until) return until.error();
  // The public record, fixed now; its SHA-256 goes into the ledger event (citizens verify it).
  json record = public_record(*d, *text, today);
  std::string record_bytes = record.dump();  // sorted keys, no whitespace, UTF-8
  std::string sha = blob::sha256_hex(record_bytes);
  std::string search = decision_search_text(record);
  std::string now = clock::now_iso();
  auto u = tx.exec(
      "UPDATE pub_decisions SET state = 'published', published_on = ?, published_at = ?, published_by = ?, record_json = ?, record_sha256 = ?, "
      "display_until = ?, search_text = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND state = 'pending'",
      {today, now, who(p), record_bytes, sha, *until, search, now, id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("该决定已被他人处理，请刷新");
  if (auto s = index_decision(tx, id, search); !s) return s;
  bool on_time = today <= d->due_on;
  auto idx = event_at(tx, p, *d, "published",
                      {{"record_sha256", sha}, {"category", d->category}, {"published_on", today}, {"due_on", d->due_on},
                       {"on_time", on_time}, {"display_until", *until}});
  if (!idx) return idx.error();
  auto e = tx.exec("UPDATE pub_decisions SET publish_event = ? WHERE id = ?", {*idx, id});
  return e ? Status{} : Status(e.error());
}

Status set_fulfilment(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& status, const std::string& note,
                      const std::string& on_date) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.fulfilment", d->agency_id); !s) return s;
  auto& all = fulfilment_statuses();
  if (std::find(all.begin(), all.end(), status) == all.end()) return Error::invalid("履行情况不在可选范围内", "fulfilment");
  if (note.size() > 1000) return Error::invalid("说明过长", "fulfilment_note");
  if (auto s = law::check_utf8(note, "fulfilment_note"); !s) return s;
  std::string date = today_or(on_date);
  if (auto s = check_date(date, "fulfilment_on"); !s) return s;
  if (date < d->decision_date) return Error::invalid("履行日期早于决定日期", "fulfilment_on");
  if (d->state == "withdrawn" || d->state == "expired") return Error::conflict("该决定已撤下");
  // The note is public: personal data masked like the decision text.
  std::vector<std::string> names;
  if (d->party_kind == "person") names.push_back(d->party_name);
  auto m = law::mask_personal_data(note, names);
  if (!m) return m.error();
  auto u = tx.exec("UPDATE pub_decisions SET fulfilment = ?, fulfilment_note = ?, fulfilment_on = ?, updated_at = ? WHERE id = ?",
                   {status, m->text, date, clock::now_iso(), id});
  if (!u) return u.error();
  return event(tx, p, *d, "fulfilment", {{"status", fulfilment_code(status)}, {"on", date}});
}

Status fulfilment_from_case(store::Tx& tx, const org::Principal& p, const std::string& source, const std::string& status,
                            const std::string& on_date) {
  auto r = tx.query_one("SELECT id FROM pub_decisions WHERE source = ? AND state IN ('pending', 'published')", {source});
  if (!r) return r.error();
  if (!*r) return {};
  auto d = load_decision(tx, (**r).integer(0));
  if (!d) return d.error();
  auto u = tx.exec("UPDATE pub_decisions SET fulfilment = ?, fulfilment_on = ?, updated_at = ? WHERE id = ?",
                   {status, on_date, clock::now_iso(), d->id});
  if (!u) return u.error();
  return event(tx, p, *d, "fulfilment", {{"status", fulfilment_code(status)}, {"on", on_date}, {"from", "case"}});
}

Status request_withdrawal(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& ground, const std::string& reason,
                          const std::string& trigger_on) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.withdraw", d->agency_id); !s) return s;
  if (d->state == "withdrawn" || d->state == "expired") return Error::conflict("该决定已撤下");
  if (!d->withdraw_ground.empty()) return Error::conflict("已登记撤下原因，等待撤下");
  auto& g = withdraw_grounds();
  if (std::find(g.begin(), g.end(), ground) == g.end()) return Error::invalid("请选择撤下的原因：变更、撤销、确认违法或确认无效", "ground");
  if (auto s = check_reason(reason, "reason"); !s) return s;
  if (auto s = check_date(trigger_on, "trigger_on"); !s) return s;
  if (trigger_on < d->decision_date) return Error::invalid("变更、撤销等日期早于决定日期", "trigger_on");
  if (trigger_on > clock::today_beijing()) return Error::invalid("日期不能晚于今天", "trigger_on");
  // APL art. 48: withdrawn within 3 working days, with the reason made public (masked like the text).
  auto due = working_days_after(tx, trigger_on, 3);
  if (!due) return due.error();
  std::vector<std::string> names;
  if (d->party_kind == "person") names.push_back(d->party_name);
  auto m = law::mask_personal_data(reason, names);
  if (!m) return m.error();
  auto u = tx.exec(
      "UPDATE pub_decisions SET withdraw_ground = ?, withdraw_reason = ?, withdraw_trigger_on = ?, withdraw_due_on = ?, "
      "withdraw_requested_by = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND withdraw_ground IS NULL",
      {ground, m->text, trigger_on, *due, who(p), clock::now_iso(), id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("已登记撤下原因，等待撤下");
  return event(tx, p, *d, "withdrawal_requested", {{"ground", ground}, {"trigger_on", trigger_on}, {"due_on", *due}});
}

Status withdraw_decision(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& on) {
  std::string today = today_or(on);
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = allowed(p, "publicity.decisions.edit", d->agency_id); !s) return s;
  if (d->state == "withdrawn") return Error::conflict("该决定已经撤下");
  if (d->state == "expired") return Error::conflict("该决定公示期已满，已不在公示中");
  if (d->withdraw_ground.empty()) return Error::conflict("须先登记决定被变更、撤销、确认违法或无效的情况和理由（APL art. 48）", "ground");
  std::string now = clock::now_iso();
  auto u = tx.exec("UPDATE pub_decisions SET state = 'withdrawn', withdrawn_on = ?, withdrawn_at = ?, withdrawn_by = ?, updated_at = ?, "
                   "revision = revision + 1 WHERE id = ? AND state IN ('pending', 'published')",
                   {today, now, who(p), now, id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("该决定已被他人处理，请刷新");
  if (d->state == "published")
    if (auto s = unindex_decision(tx, id); !s) return s;
  bool on_time = today <= d->withdraw_due_on;
  // The reason is public (the notice); the publication itself stays in the ledger.
  auto idx = event_at(tx, p, *d, "withdrawn",
                      {{"ground", d->withdraw_ground}, {"reason_sha256", blob::sha256_hex(d->withdraw_reason)}, {"withdrawn_on", today},
                       {"due_on", d->withdraw_due_on}, {"on_time", on_time}, {"was_public", d->state == "published"}});
  if (!idx) return idx.error();
  auto e = tx.exec("UPDATE pub_decisions SET withdraw_event = ? WHERE id = ?", {*idx, id});
  return e ? Status{} : Status(e.error());
}

Result<int> expire_display_periods(store::Database& db, const std::string& on) {
  std::string today = today_or(on);
  int n = 0;
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto rows = tx.query("SELECT id FROM pub_decisions WHERE state = 'published' AND display_until < ? ORDER BY id LIMIT 1000", {today});
    if (!rows) return rows.error();
    org::Principal system;
    for (auto& r : *rows) {
      auto d = load_decision(tx, r.integer(0));
      if (!d) return d.error();
      auto u = tx.exec("UPDATE pub_decisions SET state = 'expired', expired_on = ?, updated_at = ? WHERE id = ? AND state = 'published'",
                       {today, clock::now_iso(), d->id});
      if (!u) return u.error();
      if (*u != 1) continue;
      if (auto s = unindex_decision(tx, d->id); !s) return s;
      if (auto s = event(tx, system, *d, "expired", {{"display_until", d->display_until}, {"expired_on", today}}); !s) return s;
      ++n;
    }
    return {};
  });
  if (!st) return st.error();
  return n;
}

Status set_rule(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& category, const std::string& matter_code,
                int publish_days, int display_months, const std::string& source) {
  if (auto s = allowed(p, "publicity.decisions.rules", agency_id); !s) return s;
  if (!is_category(category)) return Error::invalid("执法类别不正确", "category");
  if (matter_code.size() > 64) return Error::invalid("事项编码过长", "matter_code");
  if (publish_days < 0 || publish_days > 60) return Error::invalid("公示时限应在 1–60 个工作日之间（0 表示按规定默认）", "publish_days");
  if (display_months < 0 || display_months > 240) return Error::invalid("公示期应在 1–240 个月之间（0 表示默认 36 个月）", "display_months");
  if (!matter_code.empty() && publish_days > 0 && source.find_first_not_of(" \t") == std::string::npos)
    return Error::invalid("按事项另定公示时限须注明依据（法律、行政法规的规定）", "source");
  if (source.size() > 500) return Error::invalid("依据过长", "source");
  if (auto s = law::check_utf8(source, "source"); !s) return s;
  auto u = tx.exec(
      "INSERT INTO pub_rules(agency_id, category, matter_code, publish_days, display_months, source, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?) "
      "ON CONFLICT (agency_id, category, matter_code) DO UPDATE SET publish_days = excluded.publish_days, display_months = excluded.display_months, "
      "source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      {agency_id, category, matter_code, std::int64_t(publish_days), std::int64_t(display_months), source, who(p), clock::now_iso()});
  if (!u) return u.error();
  return org::record_event(tx, p, org::agency_code_of(tx, agency_id), "publicity.decision.rule_set", "agency:" + std::to_string(agency_id),
                           json{{"category", category}, {"matter_code", matter_code}, {"publish_days", publish_days},
                                {"display_months", display_months}, {"source_sha256", blob::sha256_hex(source)}}
                               .dump());
}

Result<json> list_rules(store::Tx& tx, std::int64_t agency_id) {
  auto rows = tx.query("SELECT category, matter_code, publish_days, display_months, source, updated_at FROM pub_rules WHERE agency_id = ? "
                       "ORDER BY category, matter_code",
                       {agency_id});
  if (!rows) return rows.error();
  json out = json::array();
  for (auto& r : *rows)
    out.push_back({{"category", r.text(0)}, {"matter_code", r.text(1)}, {"publish_days", r.integer(2)}, {"display_months", r.integer(3)},
                   {"source", r.text(4)}, {"updated_at", r.text(5)}, {"has_matter", !r.text(1).empty()}});
  return out;
}

Result<std::vector<DecisionPub>> workspace_decisions(store::Tx& tx, const org::Principal& p, const std::string& state, int limit) {
  std::string sql = std::string(kSelect) + "WHERE d.agency_id IN (";
  store::Params params;
  bool first = true;
  for (auto a : p.jurisdiction) {
    sql += first ? "?" : ",?";
    first = false;
    params.push_back(a);
  }
  if (first) return std::vector<DecisionPub>{};
  sql += ")";
  if (state == "attention") sql += " AND (d.state = 'pending' OR (d.state = 'published' AND d.withdraw_ground IS NOT NULL))";
  else if (!state.empty()) { sql += " AND d.state = ?"; params.push_back(state); }
  sql += " ORDER BY d.decision_date DESC, d.id DESC LIMIT ?";
  params.push_back(std::int64_t{limit});
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  std::vector<DecisionPub> out;
  for (auto& r : *rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<AgencyPublicity>> publicity_by_agency(store::Tx& tx, const org::Principal& p, const std::string& on) {
  std::string today = today_or(on);
  std::vector<AgencyPublicity> out;
  if (p.jurisdiction.empty()) return out;
  std::string in;
  store::Params params{today, today};
  for (auto a : p.jurisdiction) {
    in += in.empty() ? "?" : ",?";
    params.push_back(a);
  }
  auto rows = tx.query(
      "SELECT a.code, a.name, "
      "SUM(CASE WHEN d.state = 'pending' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.state = 'pending' AND d.due_on < ? THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.state = 'published' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.published_on IS NOT NULL AND d.published_on > d.due_on THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.withdraw_ground IS NOT NULL AND d.state IN ('pending', 'published') THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.state = 'withdrawn' THEN 1 ELSE 0 END) "
      "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.decision_date <= ? AND d.agency_id IN (" + in +
          ") GROUP BY a.code, a.name ORDER BY a.code",
      params);
  if (!rows) return rows.error();
  for (auto& r : *rows)
    out.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3), r.integer(4), r.integer(5), r.integer(6), r.integer(7)});
  return out;
}

Result<std::vector<DecisionEvent>> recent_decision_events(store::Tx& tx, const std::string& agency_code, int limit) {
  std::string filter;
  store::Params params;
  if (!agency_code.empty()) {
    filter = " AND a.code = ?";
    params.push_back(agency_code);
  }
  std::string sql =
      "SELECT * FROM (SELECT d.id, 'published' AS kind, d.published_at AS at, a.code, a.name, d.decision_no, d.matter_name, d.conclusion, "
      "'' AS reason FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'published'" + filter +
      " UNION ALL SELECT d.id, 'withdrawn', d.withdrawn_at, a.code, a.name, d.decision_no, d.matter_name, d.conclusion, d.withdraw_reason "
      "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'withdrawn' AND d.published_at IS NOT NULL" + filter +
      ") x ORDER BY at DESC, id DESC LIMIT ?";
  if (!agency_code.empty()) params.push_back(agency_code);
  params.push_back(std::int64_t{limit});
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  std::vector<DecisionEvent> out;
  for (auto& r : *rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6) + "：" + r.text(7), r.text(8)});
  return out;
}

Status decision_tasks(store::Tx& tx, const org::Principal& p, json& tasks) {
  if (!(p.has("publicity_editor") || p.has("supervisor") || p.has("agency_head"))) return {};
  auto list = workspace_decisions(tx, p, "attention", 200);
  if (!list) return list.error();
  if (list->empty()) return {};
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  std::string today = clock::today_beijing();
  for (auto& d : *list) {
    bool withdrawal = !d.withdraw_ground.empty();
    const std::string& due = withdrawal ? d.withdraw_due_on : d.due_on;
    auto left = due_status(*cal, due, today);
    if (!left) continue;
    std::string what = withdrawal ? "撤下公示（APL art. 48，3 个工作日）" : (d.mask_reviewed() || !d.mask_required ? "公示决定" : "脱敏审查并公示");
    std::string text = what + "：" + d.agency_name + " " + (d.decision_no.empty() ? d.case_no : d.decision_no) + "，" + left->words;
    tasks.push_back({{"level", left->level}, {"text", text}, {"href", "/workspace/decisions/" + std::to_string(d.id)}, {"due", due}});
  }
  return {};
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
