#include "supervision/warnings.h"

#include <algorithm>
#include <cstdio>
#include <mutex>

#include "law/calendar.h"
#include "law/deadline.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "supervision/scope.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

constexpr int kYellowWorkingDays = 3;  // yellow from three working days before the due date

std::string in_list(const std::set<std::int64_t>& ids, store::Params& params) {
  std::string out;
  for (auto id : ids) {
    out += out.empty() ? "?" : ",?";
    params.emplace_back(id);
  }
  return "(" + out + ")";
}

// One source of warnings: the SQL gives kind-specific columns in a fixed order:
// ref_id, agency_id, agency_name, what, due, responsible_id (or NULL), responsible_name, rule.
struct Source {
  const char* kind;
  std::string sql;  // "%A" the agency list; two parameters follow it: the horizon date
  const char* href;  // prefix; the ref id is appended
};

std::vector<Source> sources() {
  return {
      {"case",
       "SELECT c.id, c.agency_id, a.name, c.case_no || ' ' || c.title, d.due, c.lead_officer_id, l.name, d.rule_id FROM rec_deadlines d "
       "JOIN rec_cases c ON c.id = d.case_id JOIN agencies a ON a.id = c.agency_id JOIN people l ON l.id = c.lead_officer_id "
       "WHERE d.state = 'running' AND d.due <> '' AND c.agency_id IN %A AND d.due <= ?",
       "/workspace/cases/"},
      {"review",
       "SELECT s.id, s.agency_id, a.name, s.case_title, r.due_on, s.reviewer_id, p.name, 'review.opinion' FROM review_rounds r "
       "JOIN review_submissions s ON s.id = r.submission_id AND r.round = s.round JOIN agencies a ON a.id = s.agency_id "
       "LEFT JOIN people p ON p.id = s.reviewer_id WHERE r.opinion = '' AND s.state IN ('waiting', 'in_review') AND s.agency_id IN %A "
       "AND r.due_on <= ?",
       "/workspace/review/"},
      {"publication",
       "SELECT d.id, d.agency_id, a.name, d.case_no || ' ' || d.matter_name, d.due_on, NULL, '', d.deadline_rule FROM pub_decisions d "
       "JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'pending' AND d.agency_id IN %A AND d.due_on <= ?",
       "/workspace/decisions/"},
      {"withdrawal",
       "SELECT d.id, d.agency_id, a.name, d.case_no || ' ' || d.matter_name, d.withdraw_due_on, NULL, '', 'publicity.withdrawal' "
       "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'published' AND d.withdraw_due_on IS NOT NULL "
       "AND d.withdrawn_on IS NULL AND d.agency_id IN %A AND d.withdraw_due_on <= ?",
       "/workspace/decisions/"},
      {"complaint",
       "SELECT c.id, c.handling_agency_id, a.name, '投诉举报 ' || CAST(c.id AS TEXT), "
       "CASE WHEN c.state IN ('accepted', 'approval_pending') THEN c.reply_due ELSE c.accept_due END, c.handler_id, p.name, "
       "CASE WHEN c.state IN ('accepted', 'approval_pending') THEN 'complaint.reply' ELSE 'complaint.accept' END FROM complaints c "
       "JOIN agencies a ON a.id = c.handling_agency_id LEFT JOIN people p ON p.id = c.handler_id "
       "WHERE c.state NOT IN ('replied', 'refused') AND c.handling_agency_id IN %A AND "
       "(CASE WHEN c.state IN ('accepted', 'approval_pending') THEN c.reply_due ELSE c.accept_due END) <= ?",
       "/workspace/complaints/"},
      {"inspection",
       "SELECT i.id, i.agency_id, a.name, p.number, i.due_on, NULL, '', 'inspection.publication' FROM insp_inspections i "
       "JOIN insp_plans p ON p.id = i.plan_id JOIN agencies a ON a.id = i.agency_id WHERE i.result <> '' AND i.published_on = '' "
       "AND i.due_on <> '' AND i.agency_id IN %A AND i.due_on <= ?",
       "/workspace/inspection/"},
  };
}

std::string what_of(const std::string& kind, const std::string& rule) {
  if (kind == "case") {
    auto def = law::find_deadline_rule(rule);
    return def ? law::deadline_label_zh(*def) : "办案期限";
  }
  if (kind == "review") return "出具法制审核意见";
  if (kind == "publication") return "公示执法决定（七个工作日内）";
  if (kind == "withdrawal") return "撤下已公示的执法决定（三个工作日内）";
  if (kind == "complaint") return rule == "complaint.reply" ? "答复投诉举报" : "决定是否受理投诉举报";
  return "公示抽查检查结果";
}

}  // namespace

Result<std::vector<Warning>> warnings(store::Tx& tx, const org::Principal& p, const std::string& today) {
  std::vector<Warning> out;
  if (p.anonymous()) return out;
  auto scope = supervised(tx, p);
  if (!scope) return scope.error();
  std::set<std::int64_t> ids = scope->ids;
  ids.insert(p.agency_id);
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto t = law::Date::parse(today, "today");
  if (!t) return t.error();
  auto horizon = cal->add_working_days(*t, kYellowWorkingDays);
  if (!horizon) return horizon.error();
  for (auto& src : sources()) {
    store::Params params;
    std::string sql = src.sql;
    sql.replace(sql.find("%A"), 2, in_list(ids, params));
    params.emplace_back(horizon->date.str());
    auto rows = tx.query(sql, params);
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      Warning w;
      w.kind = src.kind;
      w.ref_id = r.integer(0);
      w.agency_id = r.integer(1);
      w.responsible_id = r.is_null(5) ? 0 : r.integer(5);
      if (!scope->contains(w.agency_id) && w.responsible_id != p.person_id) continue;
      w.agency_name = r.text(2);
      w.due = r.text(4);
      w.responsible_name = r.is_null(6) ? std::string() : r.text(6);
      w.rule = r.text(7);
      w.what = r.text(3) + " · " + what_of(w.kind, w.rule);
      w.href = std::string(src.href) + std::to_string(w.ref_id);
      if (w.kind == "case" && scope->contains(w.agency_id) && w.responsible_id != p.person_id)
        w.href = "/workspace/supervision/cases/" + std::to_string(w.ref_id);
      auto due = law::Date::parse(w.due, "due");
      if (!due) continue;
      auto n = cal->working_days_between(*t, *due);
      w.working_days_left = n ? n->days : 0;
      w.red = *due < *t;
      out.push_back(std::move(w));
    }
  }
  std::sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) {
    if (a.red != b.red) return a.red;
    if (a.due != b.due) return a.due < b.due;
    return a.ref_id < b.ref_id;
  });
  return out;
}

Result<json> warnings_json(store::Tx& tx, const org::Principal& p, const std::string& today) {
  auto ws = warnings(tx, p, today);
  if (!ws) return ws.error();
  auto scope = supervised(tx, p);
  if (!scope) return scope.error();
  json items = json::array();
  std::int64_t red = 0, yellow = 0;
  for (auto& w : *ws) {
    (w.red ? red : yellow)++;
    json urges = json::array();
    auto u = tx.query(
        "SELECT u.urged_at, b.name, COALESCE(t.name, '') FROM sup_urges u JOIN people b ON b.id = u.urged_by "
        "LEFT JOIN people t ON t.id = u.urged_id WHERE u.kind = ? AND u.ref_id = ? AND u.rule = ? ORDER BY u.id",
        {w.kind, w.ref_id, w.rule});
    if (!u) return u.error();
    for (auto& r : *u) urges.push_back({{"at", clock::beijing_time_text(r.text(0))}, {"by", r.text(1)}, {"to", r.text(2)}});
    bool may_urge = scope->contains(w.agency_id) && org::authorize(p, "supervision.urge", w.agency_id).allowed;
    items.push_back({{"kind", w.kind}, {"ref_id", w.ref_id}, {"rule", w.rule}, {"agency", w.agency_name}, {"what", w.what},
                     {"due", clock::chinese_date(w.due)}, {"red", w.red}, {"yellow", !w.red},
                     {"days", w.red ? -w.working_days_left : w.working_days_left}, {"responsible", w.responsible_name},
                     {"href", w.href}, {"urges", urges}, {"urged", !urges.empty()}, {"may_urge", may_urge}});
  }
  json received = json::array();
  auto mine = tx.query(
      "SELECT u.urged_at, b.name, u.kind, u.ref_id, u.note, u.due_on FROM sup_urges u JOIN people b ON b.id = u.urged_by "
      "WHERE u.urged_id = ? ORDER BY u.id DESC LIMIT 50",
      {p.person_id});
  if (!mine) return mine.error();
  for (auto& r : *mine)
    received.push_back({{"at", clock::beijing_time_text(r.text(0))}, {"by", r.text(1)}, {"what", what_of(r.text(2), "")},
                        {"note", r.text(4)}, {"due", clock::chinese_date(r.text(5))}});
  return json{{"items", items}, {"red", red}, {"yellow", yellow}, {"received", received}, {"has_received", !received.empty()}};
}

Result<Urged> urge(store::Tx& tx, const org::Principal& p, const UrgeInput& in, const std::string& today) {
  static const std::set<std::string> kinds = {"case", "review", "publication", "withdrawal", "complaint", "inspection"};
  if (!kinds.count(in.kind) || in.ref_id <= 0) return Error::invalid("请从预警事项中选择要督办的事项", "kind");
  if (in.note.size() > 2000) return Error::invalid("督办意见不得超过 2000 字节（约 600 个汉字）", "note");
  auto ws = warnings(tx, p, today);
  if (!ws) return ws.error();
  auto scope = supervised(tx, p);
  if (!scope) return scope.error();
  const Warning* w = nullptr;
  for (auto& x : *ws)
    if (x.kind == in.kind && x.ref_id == in.ref_id && x.rule == in.rule && scope->contains(x.agency_id)) w = &x;
  if (!w) return Error::not_found("没有这个预警事项（已办结，或不在监督范围内）");
  if (auto st = org::require(p, "supervision.urge", w->agency_id, "没有这个预警事项"); !st) return st.error();
  std::string at = clock::now_iso();
  auto id = tx.query(
      "INSERT INTO sup_urges (agency_id, kind, ref_id, rule, due_on, urged_by, urged_id, note, urged_at, urged_on) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {w->agency_id, w->kind, w->ref_id, w->rule, w->due, p.person_id,
       w->responsible_id ? store::Value(w->responsible_id) : store::Value(std::monostate{}), in.note, at, today});
  if (!id) return id.error();
  std::int64_t urge_id = (*id)[0].integer(0);
  json payload{{"urge", urge_id}, {"kind", w->kind}, {"ref", w->ref_id}, {"urged", w->responsible_id}, {"due", w->due}, {"on", today}};
  auto ev = org::append_event(tx, p, org::agency_code_of(tx, w->agency_id), "supervision.urged", "urge:" + std::to_string(urge_id),
                              payload.dump());
  if (!ev) return ev.error();
  if (auto st = tx.exec("UPDATE sup_urges SET ledger_index = ? WHERE id = ?", {*ev, urge_id}); !st) return st.error();
  Urged out{urge_id, std::nullopt};
  if (w->responsible_id)
    out.notice = Notice{w->responsible_id, "督办：" + w->what, "期限 " + clock::chinese_date(w->due) + "。" + in.note,
                        w->kind == "case" ? "/workspace/cases/" + std::to_string(w->ref_id) : w->href};
  return out;
}

void send_after_commit(const Urged& u) {
  if (u.notice) notifier()->send(*u.notice);
}

void LogNotifier::send(const Notice& n) {
  // Ids only: the subject and body may hold case titles; the log keeps who and where.
  std::fprintf(stderr, "{\"level\":\"info\",\"notice\":\"supervision.urged\",\"person\":%lld,\"href\":\"%s\"}\n",
               static_cast<long long>(n.person_id), n.href.c_str());
}

namespace {
std::mutex g_notifier_mu;
std::shared_ptr<Notifier> g_notifier = std::make_shared<LogNotifier>();
}  // namespace

void set_notifier(std::shared_ptr<Notifier> n) {
  std::lock_guard lk(g_notifier_mu);
  g_notifier = n ? std::move(n) : std::make_shared<LogNotifier>();
}

std::shared_ptr<Notifier> notifier() {
  std::lock_guard lk(g_notifier_mu);
  return g_notifier;  // shared: a set_notifier meanwhile cannot destroy it under the caller
}

Status tasks(store::Tx& tx, const org::Principal& p, json& out) {
  std::string today = clock::today_beijing();
  auto ws = warnings(tx, p, today);
  if (!ws) return ws.error();
  std::int64_t supervised_red = 0;
  for (auto& w : *ws) {
    if (w.responsible_id == p.person_id && w.kind != "case" && w.kind != "complaint")
      out.push_back({{"level", w.red ? "danger" : "warn"}, {"text", w.what + "：期限 " + clock::chinese_date(w.due) + (w.red ? "，已超期" : "")},
                     {"href", w.href}, {"due", w.due}});
    else if (w.responsible_id != p.person_id && w.red) ++supervised_red;
  }
  if (org::authorize(p, "supervision.view").allowed)
    out.push_back({{"level", "info"}, {"text", "执法监督：监督范围内的执法案件、统计分析、电子监察预警和年度报告"}, {"href", "/workspace/supervision"}});
  if (supervised_red)
    out.push_back({{"level", "danger"}, {"text", "电子监察：" + std::to_string(supervised_red) + " 项期限已超期（红色预警）"},
                   {"href", "/workspace/supervision/warnings"}});
  auto mine = tx.query("SELECT COUNT(*) FROM sup_urges WHERE urged_id = ? AND urged_on >= ?", {p.person_id, today.substr(0, 8) + "01"});
  if (!mine) return mine.error();
  if ((*mine)[0].integer(0) > 0)
    out.push_back({{"level", "danger"}, {"text", "您有 " + std::to_string((*mine)[0].integer(0)) + " 项督办（本月）"},
                   {"href", "/workspace/supervision/warnings"}});
  return {};
}

}  // namespace zhifa::supervision
