// Login, logout, the person's dashboard (我的工作台) and "who am I" for API clients.
#include "org/admin.h"
#include "org/auth.h"
#include "org/web/routes.h"
#include "org/web/views.h"
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

// The dashboard: the person, their certificate warnings and every pillar's tasks.
Result<json> dashboard(store::Tx& tx, const web::Site& site, const Principal& p) {
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
      tasks.push_back({{"level", "warn"}, {"text", "执法证 " + c.number + " 将于 " + c.valid_to + " 到期，请及时换证。"}});
  for (auto& provider : site.task_providers)
    if (auto st = provider(tx, p, tasks); !st) return st.error();
  if (p.has("admin")) {
    auto n = count_active_people(tx);
    if (!n) return n.error();
    ctx["people_count"] = *n;
  }
  ctx["tasks"] = tasks;
  ctx["today"] = today;
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
    return web::read(site, req, [&](store::Tx& tx) { return dashboard(tx, site, p); },
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
