#include "complaints/service.h"

#include <algorithm>
#include <map>
#include <set>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "law/mask.h"
#include "org/auth.h"
#include "org/ledger_privacy.h"
#include "org/record.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"

namespace zhifa::complaints {

using json = nlohmann::json;

namespace {

const char* const kMissing = "投诉举报不存在";

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

struct AgencyRef { std::int64_t id = 0; std::string code, name; std::optional<std::int64_t> parent; };

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

struct Concern { std::string kind, ref; std::int64_t id = 0; std::int64_t agency_id = 0; };

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

const char* const kCols =
    "c.id, c.kind, c.state, c.routed_by, c.acting_agency_id, c.handling_agency_id, c.concerning, c.concern_kind, c.concern_id, "
    "c.concern_ref, c.what_happened, c.request, c.contact_name, c.contact_phone, c.contact_email, c.anonymous, c.handler_id, "
    "c.received_on, c.accept_due, c.accepted_on, c.reply_due, c.closed_on, c.extended, c.info_request, c.supplement, "
    "c.refusal_reason, c.refusal_basis, c.finding, c.reply, c.contests_decision, c.approved_by, c.linked_case_id, c.submitted_at, "
    "ha.code AS h_code, ha.name AS h_name, ha.name_en AS h_name_en, aa.code AS a_code, aa.name AS a_name, aa.name_en AS a_name_en, "
    "hp.name AS handler_name";
const char* const kJoins =
    " FROM complaints c JOIN agencies ha ON ha.id = c.handling_agency_id LEFT JOIN agencies aa ON aa.id = c.acting_agency_id "
    "LEFT JOIN people hp ON hp.id = c.handler_id";

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

std::string action_label(const std::string& a, bool en = false) {
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

}  // namespace

// --- labels ----------------------------------------------------------------------------------

std::string kind_label(const std::string& kind, bool en) {
  if (kind == "complaint") return en ? "Complaint about an enforcement act" : "投诉";
  if (kind == "report") return en ? "Report of a violation" : "举报";
  if (kind == "suggestion") return en ? "Opinion or suggestion" : "意见建议";
  return kind;
}

std::string state_label(const std::string& state, bool en) {
  static const std::map<std::string, std::pair<std::string, std::string>> l = {
      {"received", {"已收到，待受理", "Received, awaiting acceptance"}},
      {"info_requested", {"待补充材料", "More information requested"}},
      {"accepted", {"已受理，办理中", "Accepted, being handled"}},
      {"approval_pending", {"答复待负责人审批", "Reply awaiting the head's approval"}},
      {"replied", {"已答复，办结", "Answered, closed"}},
      {"refused", {"不予受理", "Not accepted"}}};
  auto it = l.find(state);
  return it == l.end() ? state : (en ? it->second.second : it->second.first);
}

std::string finding_label(const std::string& f, bool en) {
  static const std::map<std::string, std::pair<std::string, std::string>> l = {
      {"upheld", {"投诉属实，执法行为违法或不当，已责令纠正", "Upheld: the act was unlawful or improper and is being corrected"}},
      {"partly_upheld", {"投诉部分属实，已责令纠正", "Partly upheld: corrections ordered"}},
      {"not_upheld", {"经核查，执法行为合法", "Not upheld: the act was lawful"}},
      {"case_opened", {"举报属实，已立案查处", "Report confirmed: a case was opened"}},
      {"no_violation", {"经核查，未发现违法行为", "No violation found"}},
      {"adopted", {"意见建议已采纳", "Suggestion adopted"}},
      {"noted", {"意见建议已记录，供今后工作参考", "Suggestion noted"}}};
  auto it = l.find(f);
  return it == l.end() ? f : (en ? it->second.second : it->second.first);
}

std::string routed_label(const std::string& r, bool en) {
  if (r == "supervisor") return en ? "to the supervising agency of the agency complained about" : "由被投诉机关的上级监督机关办理";
  if (r == "oversight_body") return en ? "to the administrative enforcement oversight body" : "由行政执法监督机构办理";
  if (r == "competent") return en ? "to the competent agency" : "由有管辖权的执法机关办理";
  if (r == "city_office") return en ? "to the city office, which routes it" : "由市级机关接收并分办";
  if (r == "transfer") return en ? "transferred" : "经转送办理";
  if (r == "self") return en ? "to the agency itself (no oversight body configured)" : "由本机关办理（未配置监督机构）";
  return r;
}

std::string concern_label(const std::string& k, bool en) {
  if (k == "decision") return en ? "published decision" : "已公示的执法决定";
  if (k == "case") return en ? "case" : "执法案件";
  if (k == "certificate") return en ? "enforcement certificate" : "执法证";
  return en ? "not found (kept as text)" : "未找到对应记录（按文字保存）";
}

const std::vector<std::string>& findings_for(const std::string& kind) {
  static const std::vector<std::string> complaint{"upheld", "partly_upheld", "not_upheld"}, report{"case_opened", "no_violation"},
      suggestion{"adopted", "noted"};
  return kind == "report" ? report : kind == "suggestion" ? suggestion : complaint;
}

std::optional<std::string> parse_kind(const std::string& t) {
  if (t == "complaint" || t == "投诉") return "complaint";
  if (t == "report" || t == "举报") return "report";
  if (t == "suggestion" || t == "意见建议") return "suggestion";
  return std::nullopt;
}

Result<Rules> load_rules(store::Tx& tx) {
  Rules r;
  auto rows = tx.query("SELECT key, value FROM settings WHERE key LIKE 'complaints.%'");
  if (!rows) return rows.error();
  for (auto& row : *rows) {
    std::string k = row.text(0).substr(11), v = row.text(1);
    auto num = [&](int& out, int lo, int hi) {
      try {
        int n = std::stoi(v);
        if (n >= lo && n <= hi) out = n;
      } catch (...) {
      }
    };
    if (k == "accept_days") num(r.accept_days, 1, 365);
    else if (k == "reply_days") num(r.reply_days, 1, 365);
    else if (k == "extension_days") num(r.extension_days, 0, 365);
    else if (k == "warn_days") num(r.warn_days, 0, 60);
    else if (k == "max_per_window") num(r.max_per_window, 1, 100000);
    else if (k == "window_seconds") num(r.window_seconds, 1, 7 * 86400);
    else if (k == "oversight_agency") r.oversight_agency = v;
    else if (k == "city_office") r.city_office = v;
  }
  return r;
}

std::optional<std::string> sniff_type(std::string_view b) {
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  return std::nullopt;
}

Status validate(Submission& s) {
  auto k = parse_kind(trim(s.kind));
  if (!k) return Error::invalid("请选择类型：投诉、举报或意见建议", "kind");
  s.kind = *k;
  s.agency = trim(s.agency);
  if (s.agency.size() > 80 || (!s.agency.empty() && !text::is_code(s.agency))) return Error::invalid("执法机关代码无效", "agency");
  if (auto st = check_text(s.concerning, "concerning", "所涉事项", Limits::kMaxShortChars, false); !st) return st;
  if (auto st = check_text(s.what_happened, "what_happened", "反映的情况", Limits::kMaxTextChars, true); !st) return st;
  if (auto st = check_text(s.request, "request", "诉求", Limits::kMaxTextChars, s.kind == "complaint"); !st) return st;
  if (auto st = check_text(s.name, "name", "姓名", 60, false); !st) return st;
  s.phone = trim(s.phone);
  s.email = trim(s.email);
  if (auto st = check_text(s.phone, "contact.phone", "联系电话", 40, false); !st) return st;
  if (auto st = check_text(s.email, "contact.email", "电子邮箱", 120, false); !st) return st;
  if (!s.phone.empty()) {
    bool ok = law::check_mobile(s.phone).ok();
    if (!ok) {  // a landline: digits with an optional area code and hyphen
      std::size_t digits = 0;
      ok = true;
      for (char c : s.phone) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != '-' && c != ' ') ok = false;
      }
      ok = ok && digits >= 7 && digits <= 13;
    }
    if (!ok) return Error::invalid("联系电话格式不正确（手机号或固定电话）", "contact.phone");
  }
  if (!s.email.empty() && !plausible_email(s.email)) return Error::invalid("电子邮箱格式不正确", "contact.email");
  // 举报 may be anonymous (then no reply is addressed to anyone); 投诉 and 意见建议 need a way back.
  if (s.kind != "report" && s.phone.empty() && s.email.empty())
    return Error::invalid("投诉和意见建议须留下联系电话或电子邮箱，以便答复（匿名只适用于举报）", "contact");
  if (!s.consent) return Error::invalid("请阅读并同意个人信息处理说明", "consent");
  if (s.attachments.size() > Limits::kMaxAttachments)
    return Error::invalid("附件最多 " + std::to_string(Limits::kMaxAttachments) + " 个", "attachments");
  for (auto& a : s.attachments) {
    if (a.bytes.size() > Limits::kMaxAttachmentBytes)
      return Error{ErrorKind::kInvalid, "附件“" + a.filename + "”超过 5 MB", "attachments"};
    auto t = sniff_type(a.bytes);
    if (!t) return Error::invalid("附件只接受 JPEG、PNG 图片和 PDF 文件（按文件内容识别）", "attachments");
    a.content_type = *t;
    if (!law::check_utf8(a.filename).ok() || text::char_count(a.filename) > 120) a.filename = "attachment";
  }
  return {};
}

Result<Submitted> submit(store::Tx& tx, blob::BlobStore& blobs, const Submission& s, const std::string& address,
                         const std::string& idempotency_key, const std::string& given_today, const std::string& fixed_code) {
  std::string today = today_or(given_today);
  std::int64_t now = clock::now_unix();
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  // The body's fingerprint for idempotent replays: every field and every attachment's hash.
  json fp{{"kind", s.kind}, {"agency", s.agency}, {"concerning", s.concerning}, {"what_happened", s.what_happened},
          {"request", s.request}, {"name", s.name}, {"phone", s.phone}, {"email", s.email}, {"files", json::array()}};
  for (auto& a : s.attachments) fp["files"].push_back(blob::sha256_hex(a.bytes));
  std::string body_sha = blob::sha256_hex(fp.dump());
  std::string key_sha = idempotency_key.empty() ? "" : blob::sha256_hex("complaints:" + idempotency_key);
  if (!key_sha.empty()) {
    if (auto r = tx.exec("DELETE FROM complaint_idempotency WHERE created_unix < ?", {now - 86400}); !r) return r.error();
    auto prev = tx.query_one("SELECT i.body_sha256, i.complaint_id, i.code, c.accept_due, a.name FROM complaint_idempotency i "
                             "JOIN complaints c ON c.id = i.complaint_id JOIN agencies a ON a.id = c.handling_agency_id WHERE i.key_sha256 = ?",
                             {key_sha});
    if (!prev) return prev.error();
    if (*prev) {
      if ((*prev)->text(0) != body_sha)
        return Error::conflict("此幂等键已用于另一份不同的提交 (Idempotency-Key reused with a different body)", "idempotency_key");
      Submitted out{(*prev)->integer(1), (*prev)->text(2), (*prev)->text(3), (*prev)->text(4), true, 0};
      return out;
    }
  }
  // Submissions per address (a flood answers 429 with Retry-After; nothing is stored). Windows
  // that have passed are dropped, so the table holds only the addresses of the last window.
  if (!address.empty()) {
    if (auto r = tx.exec("DELETE FROM complaint_throttle WHERE window_start <= ?", {now - rules->window_seconds}); !r) return r.error();
    auto r = tx.query_one(
        "INSERT INTO complaint_throttle(key, attempts, window_start) VALUES(?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
        "attempts = CASE WHEN complaint_throttle.window_start <= ? THEN 1 ELSE complaint_throttle.attempts + 1 END, "
        "window_start = CASE WHEN complaint_throttle.window_start <= ? THEN excluded.window_start ELSE complaint_throttle.window_start END "
        "RETURNING attempts, window_start",
        {"addr:" + address, now, now - rules->window_seconds, now - rules->window_seconds});
    if (!r) return r.error();
    if (*r && (*r)->integer(0) > rules->max_per_window) {
      Submitted out;
      out.retry_after = std::max<std::int64_t>(1, (*r)->integer(1) + rules->window_seconds - now);
      return out;
    }
  }

  // Routing.
  std::optional<AgencyRef> chosen;
  if (!s.agency.empty()) {
    auto a = agency_by(tx, "code = ?", s.agency);
    if (!a) return a.error();
    if (!*a) return Error::invalid("没有这个执法机关", "agency");
    chosen = *a;
  }
  auto concern = resolve_concern(tx, s.concerning);
  if (!concern) return concern.error();
  std::optional<AgencyRef> acting = chosen;
  if (*concern) {
    auto a = agency_by(tx, "id = ?", (*concern)->agency_id);
    if (!a) return a.error();
    if (*a) acting = *a;  // the record names the agency that acted
  }
  AgencyRef handling;
  std::string routed_by;
  if (!acting) {
    auto c = city_office(tx, *rules);
    if (!c) return c.error();
    handling = *c;
    routed_by = "city_office";
  } else if (s.kind == "complaint") {
    // 《信访工作条例》/ 执法监督: a complaint about an act goes to the supervising agency, never
    // only to the office complained about; above the top agency, the 行政执法监督机构.
    if (acting->parent) {
      auto parent = agency_by(tx, "id = ?", *acting->parent);
      if (!parent) return parent.error();
      handling = **parent;
      routed_by = "supervisor";
    } else {
      std::optional<AgencyRef> body;
      if (!rules->oversight_agency.empty() && rules->oversight_agency != acting->code) {
        auto b = agency_by(tx, "code = ?", rules->oversight_agency);
        if (!b) return b.error();
        body = *b;
      }
      if (body) {
        handling = *body;
        routed_by = "oversight_body";
      } else {
        handling = *acting;
        routed_by = "self";
      }
    }
  } else {
    handling = *acting;
    routed_by = "competent";
  }

  auto accept_due = due_after(tx, today, rules->accept_days);
  if (!accept_due) return accept_due.error();
  std::string code = fixed_code.empty() ? org::random_token(16) : fixed_code;  // 128 random bits
  bool anonymous = s.phone.empty() && s.email.empty();
  auto row = tx.query_one(
      "INSERT INTO complaints(code_sha256, kind, acting_agency_id, handling_agency_id, routed_by, concerning, concern_kind, concern_id, "
      "concern_ref, what_happened, request, contact_phone, contact_email, contact_name, anonymous, state, received_on, accept_due, "
      "submitted_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'received',?,?,?,?) RETURNING id",
      {blob::sha256_hex(code), s.kind, acting ? store::Value(acting->id) : store::null(), handling.id, routed_by, trim(s.concerning),
       *concern ? (*concern)->kind : std::string(), *concern ? store::Value((*concern)->id) : store::null(),
       *concern ? (*concern)->ref : std::string(), s.what_happened, s.request, s.phone, s.email, trim(s.name),
       std::int64_t{anonymous ? 1 : 0}, today, *accept_due, clock::now_iso(), clock::now_iso()});
  if (!row) return row.error();
  std::int64_t id = (*row)->integer(0);
  for (auto& a : s.attachments) {
    auto sha = blobs.put(a.bytes);
    if (!sha) return sha.error();
    if (auto r = tx.exec("INSERT INTO complaint_attachments(complaint_id, sha256, content_type, size, filename, created_at) VALUES(?,?,?,?,?,?)",
                         {id, *sha, a.content_type, static_cast<std::int64_t>(a.bytes.size()), a.filename, clock::now_iso()});
        !r)
      return r.error();
  }
  if (!key_sha.empty())
    if (auto r = tx.exec("INSERT INTO complaint_idempotency(key_sha256, body_sha256, complaint_id, code, created_unix) VALUES(?,?,?,?,?)",
                         {key_sha, body_sha, id, code, now});
        !r)
      return r.error();
  org::Principal system;
  if (auto st = step(tx, id, system, "received", handling.id, "", today); !st) return st.error();
  auto text_c = org::commit_private_json(tx, json{{"concerning", s.concerning}, {"what_happened", s.what_happened}, {"request", s.request}});
  if (!text_c) return text_c.error();
  std::string contact_c;
  if (!anonymous) {
    auto c = org::commit_private_json(tx, json{{"name", s.name}, {"phone", s.phone}, {"email", s.email}});
    if (!c) return c.error();
    contact_c = *c;
  }
  std::string files_c;
  if (!s.attachments.empty()) {
    json shas = json::array();
    for (auto& a : s.attachments) shas.push_back(blob::sha256_hex(a.bytes));
    auto c = org::commit_private_json(tx, shas);
    if (!c) return c.error();
    files_c = *c;
  }
  if (auto st = event(tx, system, handling.id, id, "received",
                      {{"kind", s.kind}, {"acting", acting ? acting->code : std::string()}, {"handling", handling.code},
                       {"routed_by", routed_by}, {"concern", *concern ? (*concern)->kind : std::string()},
                       {"concern_id", *concern ? json((*concern)->id) : json(nullptr)}, {"anonymous", anonymous},
                       {"attachments", static_cast<std::int64_t>(s.attachments.size())}, {"received_on", today},
                       {"accept_due", *accept_due}, {"text_commitment", *text_c}, {"contact_commitment", contact_c},
                       {"attachments_commitment", files_c}});
      !st)
    return st.error();
  return Submitted{id, code, *accept_due, handling.name, false, 0};
}

Status supplement(store::Tx& tx, blob::BlobStore& blobs, const std::string& code, const std::string& text,
                  std::vector<Attachment> files, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (code.empty() || code.size() > 64) return Error::not_found("查询码不存在");
  auto found = load_where(tx, "c.code_sha256 = ?", blob::sha256_hex(code));
  if (!found) return found.error();
  if (!*found) return Error::not_found("查询码不存在");
  const Complaint& c = **found;
  if (c.state != "info_requested") return Error::conflict("办理机关没有请您补充材料（当前：" + state_label(c.state) + "）");
  if (auto st = check_text(text, "supplement", "补充的内容", Limits::kMaxTextChars, true); !st) return st;
  if (files.size() + c.attachments.size() > 2 * Limits::kMaxAttachments)
    return Error::invalid("附件过多（最多 " + std::to_string(2 * Limits::kMaxAttachments) + " 个）", "attachments");
  for (auto& a : files) {
    if (a.bytes.size() > Limits::kMaxAttachmentBytes) return Error::invalid("附件超过 5 MB", "attachments");
    auto t = sniff_type(a.bytes);
    if (!t) return Error::invalid("附件只接受 JPEG、PNG 图片和 PDF 文件（按文件内容识别）", "attachments");
    a.content_type = *t;
    if (!law::check_utf8(a.filename).ok() || text::char_count(a.filename) > 120) a.filename = "attachment";
  }
  std::string joined = c.supplement.empty() ? trim(text) : c.supplement + "\n\n" + trim(text);
  if (auto r = tx.exec("UPDATE complaints SET state = 'received', supplement = ?, updated_at = ? WHERE id = ?", {joined, clock::now_iso(), c.id}); !r)
    return r.error();
  json shas = json::array();
  for (auto& a : files) {
    auto sha = blobs.put(a.bytes);
    if (!sha) return sha.error();
    shas.push_back(*sha);
    if (auto r = tx.exec("INSERT INTO complaint_attachments(complaint_id, sha256, content_type, size, filename, created_at) VALUES(?,?,?,?,?,?)",
                         {c.id, *sha, a.content_type, static_cast<std::int64_t>(a.bytes.size()), a.filename, clock::now_iso()});
        !r)
      return r.error();
  }
  org::Principal system;
  if (auto st = step(tx, c.id, system, "supplement", c.handling_agency_id, "", today); !st) return st;
  auto tc = org::commit_private_json(tx, json{{"supplement", text}, {"files", shas}});
  if (!tc) return tc.error();
  return event(tx, system, c.handling_agency_id, c.id, "supplemented",
               {{"on", today}, {"attachments", static_cast<std::int64_t>(files.size())}, {"text_commitment", *tc}});
}

Result<json> public_view(store::Tx& tx, const std::string& code, bool en, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (code.empty() || code.size() > 64) return Error::not_found(en ? "No such tracking code" : "查询码不存在");
  auto found = load_where(tx, "c.code_sha256 = ?", blob::sha256_hex(code));
  if (!found) return found.error();
  if (!*found) return Error::not_found(en ? "No such tracking code" : "查询码不存在");
  const Complaint& c = **found;
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  // What they wrote, with personal data (ID numbers, phones, bank cards, e-mail) masked: the page
  // is reached by a code that may be shared or leaked.
  auto mask = [](const std::string& t) -> std::string {
    auto m = law::mask_personal_data(t);
    return m ? m->text : std::string();
  };
  json out{{"kind", c.kind}, {"kind_label", kind_label(c.kind, en)}, {"state", c.state}, {"state_label", state_label(c.state, en)},
           {"handling_agency", en && !c.handling_agency_name_en.empty() ? c.handling_agency_name_en : c.handling_agency_name},
           {"acting_agency", en && !c.acting_agency_name_en.empty() ? c.acting_agency_name_en : c.acting_agency_name},
           {"routed", routed_label(c.routed_by, en)}, {"concerning", mask(c.concerning)},
           {"concern_found", !c.concern_kind.empty()}, {"concern_label", concern_label(c.concern_kind, en)},
           {"what_happened", mask(c.what_happened)}, {"request", mask(c.request)}, {"anonymous", c.anonymous},
           {"received_on", c.received_on}, {"accept_due", c.accept_due}, {"accepted_on", c.accepted_on}, {"reply_due", c.reply_due},
           {"extended", c.extended}, {"closed_on", c.closed_on}, {"attachments", static_cast<std::int64_t>(c.attachments.size())},
           {"open", c.open()}, {"replied", c.state == "replied"}, {"refused", c.state == "refused"},
           {"info_requested", c.state == "info_requested"}};
  if (c.state == "info_requested") out["info_request"] = c.info_request;
  if (c.state == "refused") {
    out["refusal_reason"] = c.refusal_reason;
    out["refusal_basis"] = c.refusal_basis;
  }
  if (c.state == "replied") {
    out["finding"] = c.finding;
    out["finding_label"] = finding_label(c.finding, en);
    // An anonymous 举报 gets its outcome, but no reply is addressed to anyone.
    if (!c.anonymous) out["reply"] = c.reply;
    if (c.contests_decision) out["remedy"] = remedy_text(en);
    if (!c.linked_case_no.empty()) out["linked_case_no"] = c.linked_case_no;
  }
  if (c.concern_kind == "decision" && c.concern_id) out["decision_href"] = "/decisions/" + std::to_string(*c.concern_id);
  if (auto d = due_view(c.state, c.accept_due, c.reply_due, today, rules->warn_days)) {
    out["due"] = {{"what", en ? (d->what == "受理期限" ? "Acceptance due" : "Reply due") : d->what}, {"date", d->due},
                  {"days_left", d->days_left}, {"overdue", d->days_left < 0}, {"warn", d->level == "warn"}};
  }
  json steps = json::array();
  for (auto& s : c.steps) {
    if (s.action == "take" || s.action == "reply" || s.action == "return" || s.action == "link_case") continue;  // internal
    steps.push_back({{"on", s.on_date}, {"what", action_label(s.action, en)}, {"agency", s.agency}});
    // 《信访工作条例》: the person is told why the reply deadline was extended.
    if (s.action == "extend") out["extension_reason"] = s.note;
  }
  out["steps"] = steps;
  return out;
}

Result<json> workspace_list(store::Tx& tx, const org::Principal& p, bool open_only, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (auto d = org::authorize(p, "complaints.view"); !d.allowed) return Error::forbidden(d.reason);
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  auto rows = tx.query(std::string("SELECT ") + kCols + kJoins +
                       (open_only ? " WHERE c.state NOT IN ('replied', 'refused')" : "") + " ORDER BY c.id DESC LIMIT 500");
  if (!rows) return rows.error();
  json items = json::array();
  for (auto& r : *rows) {
    Complaint c = from_row(r);
    if (!p.jurisdiction.count(c.handling_agency_id)) continue;
    json item{{"id", c.id}, {"kind_label", kind_label(c.kind)}, {"state_label", state_label(c.state)},
              {"handling_agency", c.handling_agency_name}, {"acting_agency", c.acting_agency_name},
              {"excerpt", text::first_chars(c.what_happened, 40)}, {"received_on", c.received_on},
              {"handler", c.handler_name}, {"mine", c.handler_id && *c.handler_id == p.person_id}};
    if (auto d = due_view(c.state, c.accept_due, c.reply_due, today, rules->warn_days))
      item["due"] = {{"what", d->what}, {"date", d->due}, {"days_left", d->days_left}, {"warn", d->level == "warn"},
                     {"danger", d->level == "danger"}};
    items.push_back(item);
  }
  return json{{"items", items}, {"open_only", open_only}, {"total", items.size()}};
}

Result<json> workspace_view(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& given_today) {
  std::string today = today_or(given_today);
  auto c = load_for(tx, p, id, "complaints.view");
  if (!c) return c.error();
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  bool own_agency = p.agency_id == c->handling_agency_id;
  bool is_handler = own_agency && c->handler_id && *c->handler_id == p.person_id;
  bool can_handle = own_agency && org::authorize(p, "complaints.handle", c->handling_agency_id).allowed &&
                    (!c->handler_id || is_handler);
  bool can_approve = own_agency && org::authorize(p, "complaints.approve", c->handling_agency_id).allowed;
  json out{{"id", c->id}, {"kind", c->kind}, {"kind_label", kind_label(c->kind)}, {"state", c->state}, {"state_label", state_label(c->state)},
           {"handling_agency", c->handling_agency_name}, {"acting_agency", c->acting_agency_name}, {"routed", routed_label(c->routed_by)},
           {"concerning", c->concerning}, {"concern_label", concern_label(c->concern_kind)}, {"concern_ref", c->concern_ref},
           {"concern_found", !c->concern_kind.empty()}, {"what_happened", c->what_happened}, {"request", c->request},
           {"anonymous", c->anonymous}, {"handler", c->handler_name}, {"has_handler", c->handler_id.has_value()},
           {"received_on", c->received_on}, {"accept_due", c->accept_due}, {"accepted_on", c->accepted_on}, {"reply_due", c->reply_due},
           {"extended", c->extended}, {"closed_on", c->closed_on}, {"info_request", c->info_request}, {"supplement", c->supplement},
           {"refusal_reason", c->refusal_reason}, {"refusal_basis", c->refusal_basis}, {"finding", c->finding},
           {"finding_label", c->finding.empty() ? "" : finding_label(c->finding)}, {"reply", c->reply},
           {"contests_decision", c->contests_decision}, {"linked_case_no", c->linked_case_no},
           {"linked_case_href", c->linked_case_id ? "/workspace/cases/" + std::to_string(*c->linked_case_id) : ""},
           {"is_handler", is_handler}, {"open", c->open()}};
  if (c->concern_kind == "decision" && c->concern_id) out["concern_href"] = "/decisions/" + std::to_string(*c->concern_id);
  // The complainant's identity: the assigned handler of the handling agency only.
  if (is_handler && !c->anonymous)
    out["contact"] = {{"name", c->name}, {"phone", c->phone}, {"email", c->email}};
  json files = json::array();
  for (auto& f : c->attachments)
    files.push_back({{"id", f.id}, {"filename", f.filename}, {"type", f.content_type}, {"size_kb", (f.size + 1023) / 1024},
                     {"href", "/workspace/complaints/" + std::to_string(c->id) + "/attachments/" + std::to_string(f.id)}});
  out["attachments"] = files;
  out["can_open_files"] = is_handler || can_approve;
  json steps = json::array();
  for (auto& s : c->steps)
    steps.push_back({{"at", s.on_date}, {"what", action_label(s.action)}, {"person", s.person}, {"agency", s.agency}, {"note", s.note}});
  out["steps"] = steps;
  if (auto d = due_view(c->state, c->accept_due, c->reply_due, today, rules->warn_days))
    out["due"] = {{"what", d->what}, {"date", d->due}, {"days_left", d->days_left}, {"warn", d->level == "warn"},
                  {"danger", d->level == "danger"}};
  // What may be done now.
  bool pre = c->state == "received" || c->state == "info_requested";
  out["can_take"] = can_handle && !c->handler_id && c->open();
  out["can_decide_acceptance"] = can_handle && pre;
  out["can_reply"] = can_handle && c->state == "accepted";
  out["can_link_case"] = can_handle && c->kind == "report" && (c->state == "accepted" || c->state == "replied") && !c->linked_case_id;
  out["can_approve"] = can_approve && c->state == "approval_pending";
  out["can_extend"] = can_approve && (c->state == "accepted" || c->state == "approval_pending") && !c->extended && rules->extension_days > 0;
  out["extension_days"] = rules->extension_days;
  json findings = json::array();
  for (auto& f : findings_for(c->kind))
    findings.push_back({{"value", f}, {"label", finding_label(f)}, {"needs_approval", needs_approval(f)}});
  out["findings"] = findings;
  out["suggest_remedy"] = c->concern_kind == "decision";
  auto agencies = agency_options(tx, false);
  if (!agencies) return agencies.error();
  json targets = json::array();
  for (auto& a : *agencies)
    if (a["code"] != c->handling_agency_code && !(c->kind == "complaint" && a["code"] == c->acting_agency_code)) targets.push_back(a);
  out["transfer_targets"] = targets;
  return out;
}

Result<FileOut> attachment(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t id, std::int64_t file_id) {
  auto c = load_for(tx, p, id, "complaints.view");
  if (!c) return c.error();
  bool own = p.agency_id == c->handling_agency_id;
  bool is_handler = own && c->handler_id && *c->handler_id == p.person_id;
  bool head = own && org::authorize(p, "complaints.approve", c->handling_agency_id).allowed;
  for (auto& f : c->attachments) {
    if (f.id != file_id) continue;
    if (!is_handler && !head) return Error::forbidden("附件只对承办人和本机关负责人开放");
    auto bytes = blobs.get(f.sha256);
    if (!bytes) return bytes.error();
    return FileOut{std::move(*bytes), f.content_type, f.filename};
  }
  return Error::not_found("附件不存在");
}

Status act(store::Tx& tx, const org::Principal& p, std::int64_t id, const Act& a, const std::string& given_today) {
  std::string today = today_or(given_today);
  auto c = load_for(tx, p, id, "complaints.handle");
  if (!c) return c.error();
  if (p.agency_id != c->handling_agency_id) return Error::forbidden("只有办理机关的工作人员可以办理");
  if (c->handler_id && *c->handler_id != p.person_id) return Error::forbidden("此件已由" + c->handler_name + "承办");
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  const std::string now = clock::now_iso();
  auto update = [&](const std::string& set, store::Params params) -> Status {
    params.push_back(now);
    params.push_back(id);
    auto r = tx.exec("UPDATE complaints SET " + set + ", updated_at = ? WHERE id = ?", params);
    return r ? Status{} : Status(r.error());
  };
  auto commit = [&](const std::string& text) -> Result<std::string> { return org::commit_private(tx, text); };
  bool pre = c->state == "received" || c->state == "info_requested";
  // The first act assigns the handler (who alone sees the complainant's contact).
  if (!c->handler_id && a.action != "transfer") {
    if (auto st = update("handler_id = ?", {p.person_id}); !st) return st;
    if (auto st = step(tx, id, p, "take", c->handling_agency_id, "", today); !st) return st;
    if (auto st = event(tx, p, c->handling_agency_id, id, "taken", {{"handler", p.person_id}}); !st) return st;
  }
  if (a.action == "take") {
    if (!c->open()) return Error::conflict("此件已办结");
    return {};
  }
  if (a.action == "accept") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以受理（当前：" + state_label(c->state) + "）");
    auto due = due_after(tx, today, rules->reply_days);
    if (!due) return due.error();
    if (auto st = update("state = 'accepted', accepted_on = ?, reply_due = ?", {today, *due}); !st) return st;
    if (auto st = step(tx, id, p, "accept", c->handling_agency_id, "", today); !st) return st;
    return event(tx, p, c->handling_agency_id, id, "accepted",
                 {{"accepted_on", today}, {"reply_due", *due}, {"on_time", today <= c->accept_due}});
  }
  if (a.action == "refuse") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以不予受理（当前：" + state_label(c->state) + "）");
    if (auto st = check_text(a.reason, "reason", "不予受理的理由", 2000, true); !st) return st;
    if (auto st = check_text(a.basis, "basis", "不予受理的依据", 500, true); !st) return st;
    if (auto st = update("state = 'refused', refusal_reason = ?, refusal_basis = ?, closed_on = ?", {trim(a.reason), trim(a.basis), today}); !st)
      return st;
    if (auto st = step(tx, id, p, "refuse", c->handling_agency_id, trim(a.reason) + "（依据：" + trim(a.basis) + "）", today); !st) return st;
    auto rc = commit(a.reason + "\n" + a.basis);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "refused", {{"on", today}, {"on_time", today <= c->accept_due}, {"reason_commitment", *rc}});
  }
  if (a.action == "transfer") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以转送（当前：" + state_label(c->state) + "）");
    if (auto st = check_text(a.reason, "reason", "转送理由", 2000, true); !st) return st;
    auto to = agency_by(tx, "code = ?", trim(a.to_agency));
    if (!to) return to.error();
    if (!*to) return Error::invalid("请选择接收机关", "to_agency");
    if ((*to)->id == c->handling_agency_id) return Error::invalid("不能转送给本机关", "to_agency");
    if (c->kind == "complaint" && c->acting_agency_id && (*to)->id == *c->acting_agency_id)
      return Error::invalid("投诉不得转交被投诉的机关办理", "to_agency");
    // The receiving agency's acceptance clock starts on the day it receives the matter.
    auto due = due_after(tx, today, rules->accept_days);
    if (!due) return due.error();
    if (auto st = update("handling_agency_id = ?, handler_id = NULL, state = 'received', routed_by = 'transfer', received_on = ?, "
                         "accept_due = ?, info_request = ''",
                         {(*to)->id, today, *due});
        !st)
      return st;
    if (auto st = step(tx, id, p, "transfer", (*to)->id, "自" + c->handling_agency_name + "转送：" + trim(a.reason), today); !st) return st;
    auto rc = commit(a.reason);
    if (!rc) return rc.error();
    return event(tx, p, (*to)->id, id, "transferred",
                 {{"from", c->handling_agency_code}, {"to", (*to)->code}, {"received_on", today}, {"accept_due", *due}, {"reason_commitment", *rc}});
  }
  if (a.action == "request_info") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以请补充材料（当前：" + state_label(c->state) + "）");
    if (c->anonymous) return Error::conflict("匿名举报无法联系举报人补充材料");
    if (auto st = check_text(a.reason, "reason", "需要补充的内容", 2000, true); !st) return st;
    if (auto st = update("state = 'info_requested', info_request = ?", {trim(a.reason)}); !st) return st;
    if (auto st = step(tx, id, p, "request_info", c->handling_agency_id, trim(a.reason), today); !st) return st;
    auto rc = commit(a.reason);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "info_requested", {{"on", today}, {"question_commitment", *rc}});
  }
  if (a.action == "reply") {
    if (c->state != "accepted") return Error::conflict("只有已受理的投诉举报可以答复（当前：" + state_label(c->state) + "）");
    const auto& allowed = findings_for(c->kind);
    if (std::find(allowed.begin(), allowed.end(), a.finding) == allowed.end()) return Error::invalid("请选择办理结论", "finding");
    if (auto st = check_text(a.reply, "reply", "答复意见", Limits::kMaxTextChars, true); !st) return st;
    bool approval = needs_approval(a.finding);
    bool contests = a.contests_decision || c->concern_kind == "decision";
    if (approval) {
      // A reply that finds the act unlawful or improper needs the head's approval.
      if (auto st = update("state = 'approval_pending', finding = ?, reply = ?, contests_decision = ?",
                           {a.finding, trim(a.reply), std::int64_t{contests ? 1 : 0}});
          !st)
        return st;
    } else {
      if (auto st = update("state = 'replied', finding = ?, reply = ?, contests_decision = ?, closed_on = ?",
                           {a.finding, trim(a.reply), std::int64_t{contests ? 1 : 0}, today});
          !st)
        return st;
    }
    if (auto st = step(tx, id, p, approval ? "reply" : "replied", c->handling_agency_id, "", today); !st) return st;
    auto rc = commit(a.reply);
    if (!rc) return rc.error();
    if (approval)
      return event(tx, p, c->handling_agency_id, id, "reply_submitted", {{"finding", a.finding}, {"reply_commitment", *rc}});
    return event(tx, p, c->handling_agency_id, id, "replied",
                 {{"finding", a.finding}, {"replied_on", today}, {"on_time", today <= c->reply_due}, {"remedies", contests},
                  {"reply_commitment", *rc}});
  }
  if (a.action == "link_case") {
    if (c->kind != "report") return Error::conflict("只有举报可以关联执法案件");
    if (c->state != "accepted" && c->state != "replied") return Error::conflict("举报受理后才能关联执法案件");
    auto k = tx.query_one("SELECT id, agency_id FROM rec_cases WHERE case_no = ?", {trim(a.case_no)});
    if (!k) return k.error();
    if (!*k || (*k)->integer(1) != c->handling_agency_id) return Error::invalid("本机关没有这个案号的案件", "case_no");
    if (auto st = update("linked_case_id = ?", {(*k)->integer(0)}); !st) return st;
    if (auto st = step(tx, id, p, "link_case", c->handling_agency_id, trim(a.case_no), today); !st) return st;
    return event(tx, p, c->handling_agency_id, id, "case_linked", {{"case", (*k)->integer(0)}});
  }
  return Error::invalid("未知操作", "action");
}

Status head_act(store::Tx& tx, const org::Principal& p, std::int64_t id, const HeadAct& a, const std::string& given_today) {
  std::string today = today_or(given_today);
  auto c = load_for(tx, p, id, "complaints.approve");
  if (!c) return c.error();
  if (p.agency_id != c->handling_agency_id) return Error::forbidden("只有办理机关的负责人可以审批");
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  const std::string now = clock::now_iso();
  if (a.action == "approve" || a.action == "return") {
    if (c->state != "approval_pending") return Error::conflict("没有待审批的答复（当前：" + state_label(c->state) + "）");
    if (a.action == "approve") {
      if (auto r = tx.exec("UPDATE complaints SET state = 'replied', approved_by = ?, closed_on = ?, updated_at = ? WHERE id = ?",
                           {p.person_id, today, now, id});
          !r)
        return r.error();
      if (auto st = step(tx, id, p, "approve", c->handling_agency_id, trim(a.reason), today); !st) return st;
      if (auto st = step(tx, id, p, "replied", c->handling_agency_id, "", today); !st) return st;
      auto rc = org::commit_private(tx, c->reply);
      if (!rc) return rc.error();
      return event(tx, p, c->handling_agency_id, id, "replied",
                   {{"finding", c->finding}, {"replied_on", today}, {"on_time", today <= c->reply_due}, {"approved_by", p.person_id},
                    {"remedies", c->contests_decision}, {"reply_commitment", *rc}});
    }
    if (auto st = check_text(a.reason, "reason", "退回理由", 2000, true); !st) return st;
    if (auto r = tx.exec("UPDATE complaints SET state = 'accepted', updated_at = ? WHERE id = ?", {now, id}); !r) return r.error();
    if (auto st = step(tx, id, p, "return", c->handling_agency_id, trim(a.reason), today); !st) return st;
    auto rc = org::commit_private(tx, a.reason);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "reply_returned", {{"reason_commitment", *rc}});
  }
  if (a.action == "extend") {
    if (c->state != "accepted" && c->state != "approval_pending") return Error::conflict("只有办理中的投诉举报可以延期");
    if (c->extended) return Error::conflict("答复期限只能延长一次");
    if (rules->extension_days <= 0) return Error::conflict("未配置延期");
    if (auto st = check_text(a.reason, "reason", "延期理由", 2000, true); !st) return st;
    // Extended from the original due date (the extension adds days to the period, not to today).
    auto due = due_after(tx, c->accepted_on, rules->reply_days + rules->extension_days);
    if (!due) return due.error();
    if (auto r = tx.exec("UPDATE complaints SET reply_due = ?, extended = 1, updated_at = ? WHERE id = ?", {*due, now, id}); !r) return r.error();
    if (auto st = step(tx, id, p, "extend", c->handling_agency_id, trim(a.reason), today); !st) return st;
    auto rc = org::commit_private(tx, a.reason);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "extended",
                 {{"days", rules->extension_days}, {"reply_due", *due}, {"on", today}, {"reason_commitment", *rc}});
  }
  return Error::invalid("未知操作", "action");
}

Result<json> statistics(store::Tx& tx, const std::string& from, const std::string& to, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (!from.empty())
    if (auto d = law::Date::parse(from, "from"); !d) return d.error();
  if (!to.empty())
    if (auto d = law::Date::parse(to, "to"); !d) return d.error();
  auto rows = tx.query(
      "SELECT c.kind, c.state, c.finding, c.received_on, c.accept_due, c.accepted_on, c.reply_due, c.closed_on, a.code, a.name "
      "FROM complaints c JOIN agencies a ON a.id = c.handling_agency_id WHERE c.received_on >= ? AND c.received_on <= ? ORDER BY a.id",
      {from.empty() ? std::string("0000-01-01") : from, to.empty() ? std::string("9999-12-31") : to});
  if (!rows) return rows.error();
  json by_kind = json::object(), by_outcome = json::object(), by_agency = json::array();
  std::map<std::string, json> agencies;
  std::vector<std::string> order;
  json timeliness{{"accepted_on_time", 0}, {"accepted_late", 0}, {"closed_on_time", 0}, {"closed_late", 0}, {"open_overdue", 0}};
  std::int64_t total = 0;
  auto bump = [](json& j, const std::string& k) { j[k] = j.value(k, 0) + 1; };
  for (auto& r : *rows) {
    ++total;
    std::string kind = r.text(0), state = r.text(1), finding = r.text(2), code = r.text(8);
    bump(by_kind, kind);
    if (!agencies.count(code)) {
      agencies[code] = {{"agency", code}, {"name", r.text(9)}, {"total", 0}, {"open", 0}, {"closed", 0}, {"overdue", 0}};
      order.push_back(code);
    }
    json& ag = agencies[code];
    ag["total"] = ag["total"].get<int>() + 1;
    bool closed = state == "replied" || state == "refused";
    ag[closed ? "closed" : "open"] = ag[closed ? "closed" : "open"].get<int>() + 1;
    if (state == "refused") bump(by_outcome, "refused");
    else if (state == "replied") bump(by_outcome, finding);
    else bump(by_outcome, "open");
    std::string accepted = r.text(5), accept_due = r.text(4), reply_due = r.text(6), closed_on = r.text(7);
    if (!accepted.empty()) bump(timeliness, accepted <= accept_due ? "accepted_on_time" : "accepted_late");
    if (closed) {
      std::string due = state == "refused" ? accept_due : reply_due;
      bump(timeliness, closed_on <= due ? "closed_on_time" : "closed_late");
    } else {
      std::string due = (state == "accepted" || state == "approval_pending") ? reply_due : accept_due;
      if (!due.empty() && due < today) {
        bump(timeliness, "open_overdue");
        ag["overdue"] = ag["overdue"].get<int>() + 1;
      }
    }
  }
  for (auto& code : order) by_agency.push_back(agencies[code]);
  return json{{"from", from}, {"to", to}, {"as_of", today}, {"total", total}, {"by_kind", by_kind}, {"by_outcome", by_outcome},
              {"by_agency", by_agency}, {"timeliness", timeliness}};
}

Status tasks(store::Tx& tx, const org::Principal& p, json& out, const std::string& given_today) {
  std::string today = today_or(given_today);
  bool handles = org::authorize(p, "complaints.handle", p.agency_id).allowed;
  bool heads = org::authorize(p, "complaints.approve", p.agency_id).allowed;
  bool supervises = p.has("supervisor");
  if (!handles && !heads && !supervises) return {};
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  auto rows = tx.query(std::string("SELECT ") + kCols + kJoins + " WHERE c.state NOT IN ('replied', 'refused') ORDER BY c.id");
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    Complaint c = from_row(r);
    auto d = due_view(c.state, c.accept_due, c.reply_due, today, rules->warn_days);
    std::string href = "/workspace/complaints/" + std::to_string(c.id);
    std::string what = kind_label(c.kind) + "（" + text::first_chars(c.what_happened, 16) + "…）";
    bool own = c.handling_agency_id == p.agency_id;
    std::string left = d ? (d->days_left < 0 ? "已超期 " + std::to_string(-d->days_left) + " 天" : "剩 " + std::to_string(d->days_left) + " 天") : "";
    if (own && handles && (!c.handler_id || *c.handler_id == p.person_id)) {
      std::string level = d ? (d->level == "ok" ? "info" : d->level) : "info";
      std::string verb = c.state == "received" ? "待受理" : c.state == "info_requested" ? "待补充材料" : c.state == "accepted" ? "待答复" : "答复待审批";
      out.push_back({{"level", level}, {"text", what + " " + verb + (d ? "，" + d->what + " " + d->due + "（" + left + "）" : "")},
                     {"href", href}, {"due", d ? d->due : ""}});
    } else if (own && heads) {
      if (c.state == "approval_pending")
        out.push_back({{"level", d && d->level == "danger" ? "danger" : "warn"}, {"text", what + " 答复待您审批"}, {"href", href},
                       {"due", d ? d->due : ""}});
      else if (d && d->level != "ok")
        out.push_back({{"level", d->level}, {"text", what + " " + d->what + " " + d->due + "（" + left + "）"}, {"href", href}, {"due", d->due}});
    } else if (!own && supervises && p.jurisdiction.count(c.handling_agency_id) && d && d->level == "danger") {
      // The supervisor's red card: a complaint of an agency below that is past its deadline.
      out.push_back({{"level", "danger"}, {"text", c.handling_agency_name + " " + what + " " + d->what + "已过（" + d->due + "）"},
                     {"href", href}, {"due", d->due}});
    }
  }
  return {};
}

Result<json> agency_options(store::Tx& tx, bool en) {
  auto rows = tx.query("SELECT code, name, name_en FROM agencies ORDER BY COALESCE(parent_id, 0), id");
  if (!rows) return rows.error();
  json out = json::array();
  for (auto& r : *rows) out.push_back({{"code", r.text(0)}, {"name", en && !r.text(2).empty() ? r.text(2) : r.text(1)}});
  return out;
}

}  // namespace zhifa::complaints
