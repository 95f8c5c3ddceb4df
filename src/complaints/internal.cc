// Helpers the complaint services share (complaints/internal.h).
#include "complaints/internal.h"

#include <algorithm>
#include <map>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "law/mask.h"
#include "org/auth.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"

namespace zhifa::complaints::detail {


std::string today_or(const std::string& today) { return today.empty() ? clock::today_beijing() : today; }

// --- deadlines -------------------------------------------------------------------------------

// `days` calendar days after `from` (the day itself not counted); a last day that is a rest
// day of the official calendar moves to the next working day (民法典 第二百零三条).
Result<std::string> due_after(store::Tx& tx, const std::string& from, int days) {
  auto d = law::Date::parse(from);
  if (!d) return d.error();
  auto end = law::add_calendar_days(*d, days);
  if (!end) return end.error();
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  law::Date due = *end;
  for (int i = 0; i < 30; ++i) {
    auto w = cal->is_working_day(due);
    if (!w || *w) break;
    due = due.plus_days(1);
  }
  return due.str();
}

std::int64_t days_between(const std::string& a, const std::string& b) {
  auto x = law::Date::parse(a), y = law::Date::parse(b);
  if (!x || !y) return 0;
  return y->serial() - x->serial();
}

// The running deadline of an open complaint, as of today.
std::optional<DueView> due_view(const std::string& state, const std::string& accept_due, const std::string& reply_due,
                                const std::string& today, int warn_days) {
  DueView v;
  if (state == "received" || state == "info_requested") {
    v.what = "受理期限";
    v.due = accept_due;
  } else if (state == "accepted" || state == "approval_pending") {
    v.what = "答复期限";
    v.due = reply_due;
  } else {
    return std::nullopt;
  }
  if (v.due.empty()) return std::nullopt;
  v.days_left = days_between(today, v.due);
  v.level = v.days_left < 0 ? "danger" : v.days_left <= warn_days ? "warn" : "ok";
  return v;
}

// --- agencies --------------------------------------------------------------------------------

Result<std::optional<AgencyRef>> agency_by(store::Tx& tx, const char* where, const store::Value& v) {
  auto r = tx.query_one(std::string("SELECT id, code, name, parent_id FROM agencies WHERE ") + where, {v});
  if (!r) return r.error();
  if (!*r) return std::optional<AgencyRef>{};
  return std::optional<AgencyRef>{AgencyRef{(*r)->integer(0), (*r)->text(1), (*r)->text(2), (*r)->opt_integer("parent_id")}};
}

// The office that routes complaints naming no agency: configured, else the first top agency
// that is not the oversight body.
Result<AgencyRef> city_office(store::Tx& tx, const Rules& rules) {
  if (!rules.city_office.empty()) {
    auto a = agency_by(tx, "code = ?", rules.city_office);
    if (!a) return a.error();
    if (*a) return **a;
  }
  auto r = tx.query_one("SELECT id FROM agencies WHERE parent_id IS NULL AND code <> ? ORDER BY id LIMIT 1", {rules.oversight_agency});
  if (!r) return r.error();
  if (!*r) return Error::internal("no agency to route complaints to");
  auto a = agency_by(tx, "id = ?", (*r)->integer(0));
  if (!a) return a.error();
  return **a;
}

// --- what a complaint concerns -----------------------------------------------------------------

// A published decision (by 发文字号), a case (案号) or an enforcement certificate (执法证号), by the
// number as typed. Read-only look-ups of identifiers people see on paper; nothing is changed.
Result<std::optional<Concern>> resolve_concern(store::Tx& tx, const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t')) t.pop_back();
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.erase(t.begin());
  if (t.empty() || t.size() > 120) return std::optional<Concern>{};
  auto d = tx.query_one("SELECT id, agency_id, decision_no FROM pub_decisions WHERE decision_no = ? AND decision_no <> '' AND "
                        "(state IN ('published', 'expired') OR (state = 'withdrawn' AND published_on IS NOT NULL)) ORDER BY id DESC LIMIT 1",
                        {t});
  if (!d) return d.error();
  if (*d) return std::optional<Concern>{Concern{"decision", (*d)->text(2), (*d)->integer(0), (*d)->integer(1)}};
  auto c = tx.query_one("SELECT id, agency_id, case_no FROM rec_cases WHERE case_no = ? ORDER BY id LIMIT 1", {t});
  if (!c) return c.error();
  if (*c) return std::optional<Concern>{Concern{"case", (*c)->text(2), (*c)->integer(0), (*c)->integer(1)}};
  auto k = tx.query_one("SELECT c.id, p.agency_id, c.number FROM certificates c JOIN people p ON p.id = c.person_id WHERE c.number = ?", {t});
  if (!k) return k.error();
  if (*k) return std::optional<Concern>{Concern{"certificate", (*k)->text(2), (*k)->integer(0), (*k)->integer(1)}};
  return std::optional<Concern>{};
}

// --- ledger ----------------------------------------------------------------------------------

Status event(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t id, const std::string& kind, json payload) {
  auto r = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "complaints." + kind, "complaint:" + std::to_string(id), payload.dump());
  return r ? Status{} : Status(r.error());
}

Status step(store::Tx& tx, std::int64_t id, const org::Principal& p, const std::string& action, std::int64_t agency_id,
            const std::string& note, const std::string& today) {
  auto r = tx.exec("INSERT INTO complaint_steps(complaint_id, at, on_date, person_id, action, agency_id, note) VALUES(?,?,?,?,?,?,?)",
                   {id, clock::now_iso(), today, p.anonymous() ? store::null() : store::Value(p.person_id), action, agency_id, note});
  return r ? Status{} : Status(r.error());
}

std::string trim(std::string s) {
  while (!s.empty() && std::string(" \t\r\n").find(s.back()) != std::string::npos) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::string(" \t\r\n").find(s[i]) != std::string::npos) ++i;
  return s.substr(i);
}

Status check_text(const std::string& value, const std::string& field, const std::string& label, std::size_t max, bool required) {
  if (auto st = law::check_utf8(value, field); !st) return st;
  if (required && trim(value).empty()) return Error::invalid("请填写" + label, field);
  if (text::char_count(value) > max)
    return Error::invalid(label + "过长（最多 " + std::to_string(max) + " 字）", field);
  return {};
}

bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= e.size() || e.find('@', at + 1) != std::string::npos) return false;
  if (e.find('.', at) == std::string::npos) return false;
  for (unsigned char c : e)
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"') return false;
  return e.size() <= 120;
}

// --- loading ---------------------------------------------------------------------------------


Complaint from_row(const store::Row& r) {
  Complaint c;
  c.id = r.integer("id");
  c.kind = r.text("kind");
  c.state = r.text("state");
  c.routed_by = r.text("routed_by");
  c.acting_agency_id = r.opt_integer("acting_agency_id");
  c.handling_agency_id = r.integer("handling_agency_id");
  c.concerning = r.text("concerning");
  c.concern_kind = r.text("concern_kind");
  c.concern_id = r.opt_integer("concern_id");
  c.concern_ref = r.text("concern_ref");
  c.what_happened = r.text("what_happened");
  c.request = r.text("request");
  c.name = r.text("contact_name");
  c.phone = r.text("contact_phone");
  c.email = r.text("contact_email");
  c.anonymous = r.integer("anonymous") != 0;
  c.handler_id = r.opt_integer("handler_id");
  c.handler_name = r.text("handler_name");
  c.received_on = r.text("received_on");
  c.accept_due = r.text("accept_due");
  c.accepted_on = r.text("accepted_on");
  c.reply_due = r.text("reply_due");
  c.closed_on = r.text("closed_on");
  c.extended = r.integer("extended") != 0;
  c.info_request = r.text("info_request");
  c.supplement = r.text("supplement");
  c.refusal_reason = r.text("refusal_reason");
  c.refusal_basis = r.text("refusal_basis");
  c.finding = r.text("finding");
  c.reply = r.text("reply");
  c.contests_decision = r.integer("contests_decision") != 0;
  c.approved_by = r.opt_integer("approved_by");
  c.linked_case_id = r.opt_integer("linked_case_id");
  c.submitted_at = r.text("submitted_at");
  c.handling_agency_code = r.text("h_code");
  c.handling_agency_name = r.text("h_name");
  c.acting_agency_code = r.text("a_code");
  c.acting_agency_name = r.text("a_name");
  c.handling_agency_name_en = r.text("h_name_en");
  c.acting_agency_name_en = r.text("a_name_en");
  return c;
}

Result<std::optional<Complaint>> load_where(store::Tx& tx, const std::string& where, const store::Value& v) {
  auto r = tx.query_one(std::string("SELECT ") + kCols + kJoins + " WHERE " + where, {v});
  if (!r) return r.error();
  if (!*r) return std::optional<Complaint>{};
  Complaint c = from_row(**r);
  auto files = tx.query("SELECT id, sha256, content_type, filename, size FROM complaint_attachments WHERE complaint_id = ? ORDER BY id", {c.id});
  if (!files) return files.error();
  for (auto& f : *files) c.attachments.push_back({f.integer(0), f.text(1), f.text(2), f.text(3), f.integer(4)});
  auto steps = tx.query("SELECT s.at, s.on_date, s.action, p.name, a.name, s.note FROM complaint_steps s LEFT JOIN people p ON p.id = s.person_id "
                        "LEFT JOIN agencies a ON a.id = s.agency_id WHERE s.complaint_id = ? ORDER BY s.id",
                        {c.id});
  if (!steps) return steps.error();
  for (auto& s : *steps) c.steps.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  if (c.linked_case_id) {
    auto k = tx.query_one("SELECT case_no FROM rec_cases WHERE id = ?", {*c.linked_case_id});
    if (!k) return k.error();
    if (*k) c.linked_case_no = (*k)->text(0);
  }
  return std::optional<Complaint>{std::move(c)};
}

// A complaint the principal may see (permission `perm` within the handling agency's jurisdiction);
// another agency's answers exactly as a missing one.
Result<Complaint> load_for(store::Tx& tx, const org::Principal& p, std::int64_t id, std::string_view perm) {
  auto c = load_where(tx, "c.id = ?", id);
  if (!c) return c.error();
  if (!*c) return Error::not_found(kMissing);
  if (auto st = org::require(p, perm, (*c)->handling_agency_id, kMissing); !st) return st.error();
  return std::move(**c);
}

std::string action_label(const std::string& a, bool en) {
  static const std::map<std::string, std::pair<std::string, std::string>> labels = {
      {"received", {"收到投诉举报", "received"}}, {"take", {"领取承办", "assigned to a handler"}}, {"accept", {"受理", "accepted"}},
      {"refuse", {"不予受理", "not accepted"}}, {"transfer", {"转送", "transferred"}}, {"request_info", {"请补充材料", "more information requested"}},
      {"supplement", {"补充材料", "information added"}}, {"reply", {"拟定答复", "reply drafted"}}, {"replied", {"答复", "answered"}},
      {"approve", {"负责人批准答复", "reply approved by the head"}}, {"return", {"负责人退回答复", "reply returned by the head"}},
      {"extend", {"延长答复期限", "reply deadline extended"}}, {"link_case", {"关联执法案件", "case linked"}}};
  auto it = labels.find(a);
  return it == labels.end() ? a : (en ? it->second.second : it->second.first);
}

bool needs_approval(const std::string& finding) { return finding == "upheld" || finding == "partly_upheld"; }

// 诉访分离: a complaint that contests a decision's legality is told its legal remedies.
std::string remedy_text(bool en) {
  return en ? "If you contest the lawfulness of the decision itself, you may apply for administrative reconsideration within 60 days "
              "of learning of it (Administrative Reconsideration Law art. 20) or bring an administrative lawsuit within 6 months "
              "(Administrative Litigation Law art. 46). This reply does not replace those remedies."
            : "如对该行政行为本身的合法性不服，可以自知道该行政行为之日起六十日内申请行政复议（《行政复议法》第二十条），"
              "或者自知道或者应当知道作出行政行为之日起六个月内提起行政诉讼（《行政诉讼法》第四十六条）。本答复不影响上述权利的行使。";
}

}  // namespace zhifa::complaints::detail
