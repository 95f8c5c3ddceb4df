// Login, logout, the person's dashboard (我的工作台) and "who am I" for API clients.
#include "org/admin.h"
#include "org/auth.h"
#include "org/web/routes.h"
#include "org/web/views.h"
#include <algorithm>
#include <cstdlib>
#include <map>

#include "law/calendar.h"
#include "platform/core/clock.h"
#include "web/handle.h"
#include "web/login.h"

namespace zhifa::org {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// The post-login target: a same-site path, else the dashboard. Refused: any control character
// (CR or LF would split the Location header) or backslash, and anything a browser could read
// as another host: "//host", "/\host", "/<TAB>/host" (browsers drop tabs and read "\" as "/").
std::string safe_next(const std::string& next) {
  for (unsigned char c : next)
    if (c < 0x20 || c == 0x7F || c == '\\') return "/workspace";
  if (next == "/") return next;
  if (next.size() > 1 && next[0] == '/' && next[1] != '/') return next;
  return "/workspace";
}

// What a task is, for the dashboard's cards: its own "kind" when the pillar gave one, else
// read from its link and wording.
std::string task_kind(const json& t) {
  if (t.contains("kind") && t["kind"].is_string()) return t["kind"];
  std::string href = t.value("href", ""), text = t.value("text", "");
  if (text.find("签发") != std::string::npos) return "sign";
  if (href.starts_with("/workspace/review")) return "review";
  if (href.starts_with("/workspace/decisions") || href.starts_with("/workspace/publicity")) return "publish";
  return "";
}

// The dashboard (我的工作台): the person, counts that matter to them as cards (待办, 即将到期,
// 已超期, 待签发, 待审核, 待公示) linking to the filtered task list, the tasks sorted by urgency,
// certificate warnings. Every count comes from the pillars' "my tasks" services.
Result<json> dashboard(store::Tx& tx, const web::Site& site, const Principal& p, const std::string& show) {
  json ctx;
  std::string today = clock::today_beijing();
  auto me = person_in_jurisdiction(tx, p, p.person_id);
  if (!me) return me.error();
  ctx["me"] = views::person_json(*me, today);
  json tasks = json::array();
  if (p.has("officer") && !ctx["me"]["certified"].get<bool>())
    tasks.push_back({{"level", "danger"}, {"text", "您没有有效的执法证，不能从事执法活动。请联系管理员。"}});
  std::string soon = clock::beijing_date_in_days(60);
  for (auto& c : me->certificates)
    if (c.valid_on(today) && c.valid_to <= soon)
      tasks.push_back({{"level", "warn"}, {"text", "执法证 " + c.number + " 将于 " + clock::chinese_date(c.valid_to) + " 到期，请及时换证。"}});
  if (auto st = site.collect_tasks(tx, p, tasks); !st) return st.error();
  site.remember_task_counts(p, tasks);
  // 即将到期: due within N working days (setting dashboard.due_soon_working_days, 3 by default).
  int n = 3;
  if (auto v = store::get_setting(tx, "dashboard.due_soon_working_days"); v && *v) n = std::clamp(std::atoi((*v)->c_str()), 1, 30);
  auto horizon = law::working_days_after(tx, today, n);
  if (!horizon) return horizon.error();
  std::map<std::string, int> counts;
  json shown = json::array();
  for (auto& t : tasks) {
    std::string due = t.value("due", "");
    std::string kind = task_kind(t);
    std::vector<std::string> in{"all"};
    if (!due.empty() && due < today) in.push_back("overdue");
    else if (!due.empty() && due <= *horizon) in.push_back("soon");
    if (!kind.empty()) in.push_back(kind);
    for (auto& k : in) counts[k]++;
    int rank = due.empty() ? 3 : due < today ? 0 : due <= *horizon ? 1 : 2;
    if (t.value("level", "") == "danger" && rank > 0) rank = 0;
    t["rank"] = rank;
    if (!due.empty()) t["due_text"] = clock::chinese_date(due);
    if (show.empty() || show == "all" || std::find(in.begin(), in.end(), show) != in.end()) shown.push_back(t);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const json& a, const json& b) {
    if (a["rank"] != b["rank"]) return a["rank"].get<int>() < b["rank"].get<int>();
    return a.value("due", "~") < b.value("due", "~");
  });
  static const std::pair<const char*, const char*> kCards[] = {
      {"all", "待办"}, {"soon", "即将到期"}, {"overdue", "已超期"}, {"sign", "待签发"}, {"review", "待审核"}, {"publish", "待公示"}};
  json stats = json::array();
  for (auto& [key, label] : kCards) {
    int c = counts[key];
    std::string level = c == 0 ? "zero" : std::string(key) == "overdue" ? "danger" : std::string(key) == "soon" ? "warn" : "";
    stats.push_back({{"label", label}, {"count", c}, {"href", "/workspace?show=" + std::string(key) + "#tasks"}, {"level", level}});
  }
  std::string shown_label = "全部待办";
  for (auto& [key, label] : kCards)
    if (show == key) shown_label = label;
  ctx["statbar"] = {{"stats", stats}};
  ctx["shown_label"] = shown_label;
  ctx["filtered"] = !show.empty() && show != "all";
  ctx["soon_days"] = n;
  if (p.has("admin")) {
    auto people = count_active_people(tx);
    if (!people) return people.error();
    ctx["people_count"] = *people;
  }
  ctx["tasks"] = shown;
  ctx["today"] = clock::chinese_date(today);
  return ctx;
}

}  // namespace

void register_session_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/login", "public", [&site](Request& req) {
    json ctx{{"next", req.query_param("next")}};
    return site.workspace_page(req, "登录", "workspace/login", ctx);
  });

  router.add("POST", "/login", "public", [&site](Request& req) {
    std::string login_name = req.form_value("login"), password = req.form_value("password"), next = req.form_value("next");
    auto r = web::login(site.db, login_name, password, req.remote);
    if (!r) {
      ErrorKind kind = r.error().kind;
      if (kind != ErrorKind::kInvalid && kind != ErrorKind::kTooMany) return site.error(req, r.error());
      json ctx{{"next", next}, {"login", login_name}, {"error", r.error().message}};
      return site.workspace_page(req, "登录", "workspace/login", ctx, kind == ErrorKind::kTooMany ? 429 : 401);
    }
    auto resp = Response::redirect(safe_next(next));
    resp.headers.add("Set-Cookie", "zhifa_session=" + r->session_token + site.cookie_attributes(kSessionSeconds));
    return resp;
  });

  router.add("POST", "/logout", "staff", [&site](Request& req) {
    if (auto c = req.cookie("zhifa_session"))
      log_if_error("logout: ending the session", site.db.write([&](store::Tx& tx) { return logout(tx, *c); }));
    auto resp = Response::redirect("/login");
    resp.headers.add("Set-Cookie", "zhifa_session=" + site.cookie_attributes(0));
    return resp;
  });

  router.add("GET", "/workspace", "staff", [&site](Request& req) {
    const auto& p = web::principal(req);
    std::string show(req.query_param("show"));
    return web::read(site, req, [&](store::Tx& tx) { return dashboard(tx, site, p, show); },
                     [&](json& ctx) { return site.workspace_page(req, "我的工作台", "workspace/dashboard", ctx); });
  });

  // Who am I (for API clients and tokens).
  router.add("GET", "/api/v1/me", "staff", [](Request& req) {
    const auto& p = web::principal(req);
    json roles = json::array();
    for (auto& r : p.roles) roles.push_back(r);
    json out{{"id", p.person_id}, {"name", p.name}, {"login", p.login}, {"agency_id", p.agency_id}, {"agency", p.agency_name},
             {"roles", roles}, {"via_token", p.token_scopes.has_value()}};
    return Response::json(out.dump());
  });
}

}  // namespace zhifa::org
