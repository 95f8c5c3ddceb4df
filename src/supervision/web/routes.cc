// The routes of 执法监督 (no SQL here: services in src/supervision/).
#include "supervision/web/routes.h"

#include "law/money.h"
#include "platform/core/clock.h"
#include "supervision/cases.h"
#include "supervision/report.h"
#include "supervision/charts.h"
#include "supervision/scope.h"
#include "supervision/statistics.h"
#include "supervision/warnings.h"
#include "web/handle.h"

namespace zhifa::supervision {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

Filter filter_of(const Request& req) {
  Filter f;
  for (const char* k : {"agency", "category", "matter", "state", "officer", "from", "to", "overdue", "sort", "dir", "page"}) {
    std::string v(req.query_param(k));
    if (!v.empty()) f[k] = v;
  }
  return f;
}

Result<json> statistics_for(store::Tx& tx, const org::Principal& p, const Request& req, const std::string& today) {
  auto period = parse_period(std::string(req.query_param("from")), std::string(req.query_param("to")), today);
  if (!period) return period.error();
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, std::string(req.query_param("agency")));
  if (!s) return s.error();
  return statistics(tx, *s, *period, today);
}

std::vector<Bar> bars_of(const json& arr, const char* tone = "") {
  std::vector<Bar> out;
  for (auto& x : arr) out.push_back({x["label"].get<std::string>(), x["count"].get<std::int64_t>(), tone});
  return out;
}

// The charts, each beside its table (the text alternative): SVG strings for {{{…}}}.
json charts(const json& st) {
  json c;
  c["categories"] = bar_chart("按执法类别统计的案件数", bars_of(st["cases"]["by_category"]));
  c["outcomes"] = bar_chart("按办理结果统计的案件数", bars_of(st["cases"]["by_outcome"]));
  const json& d = st["deadlines"];
  c["deadlines"] = bar_chart("办案期限遵守情况", {{"按期完成", d["met"].get<std::int64_t>(), "ok"},
                                                   {"超期完成", d["missed"].get<std::int64_t>(), "bad"},
                                                   {"在期限内", d["running"].get<std::int64_t>(), ""},
                                                   {"已超期未完成", d["overdue"].get<std::int64_t>(), "bad"}});
  const json& pb = st["publications"];
  c["publications"] = bar_chart("执法决定公示及时性", {{"按时公示", pb["on_time"].get<std::int64_t>(), "ok"},
                                                       {"逾期公示", pb["late"].get<std::int64_t>(), "warn"},
                                                       {"逾期未公示", pb["overdue"].get<std::int64_t>(), "bad"},
                                                       {"待公示（未到期）", pb["pending"].get<std::int64_t>(), ""}});
  std::vector<Bar> agencies;
  for (auto& a : st["by_agency"]) agencies.push_back({a["name"].get<std::string>(), a["cases"].get<std::int64_t>(), ""});
  c["agencies"] = bar_chart("各执法主体案件数", agencies);
  return c;
}

}  // namespace

void register_routes(http::Router& router, web::Site& site) {
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& t) { return tasks(tx, p, t); });
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& t) { return report_tasks(tx, p, clock::today_beijing(), t); });
  register_report_routes(router, site);
  register_evaluation_routes(router, site);
  register_notice_routes(router, site);
  register_drilldown_routes(router, site);

  // The overview: every supervised agency with this year's figures, and the warnings.
  router.add("GET", "/workspace/supervision", "supervision.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    std::string today = clock::today_beijing();
    return web::read(
        site, req,
        [&](store::Tx& tx) -> Result<json> {
          auto all = supervised(tx, p);
          if (!all) return all.error();
          auto st = statistics(tx, *all, Period{today.substr(0, 4) + "-01-01", today}, today);
          if (!st) return st.error();
          auto w = warnings_json(tx, p, today);
          if (!w) return w.error();
          return json{{"statistics", *st}, {"warnings", *w}, {"year", today.substr(0, 4)}};
        },
        [&](json& ctx) { return site.workspace_page(req, "执法监督", "supervision/home", ctx); });
  });

  router.add("GET", "/workspace/supervision/cases", "supervision.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    Filter f = filter_of(req);
    return web::read(site, req, [&](store::Tx& tx) { return case_list(tx, p, f, clock::today_beijing()); },
                     [&](json& ctx) { return site.workspace_page(req, "执法监督 · 案件", "supervision/cases", ctx); });
  });

  router.add("GET", "/workspace/supervision/cases.xlsx", "supervision.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    Filter f = filter_of(req);
    return web::read(site, req, [&](store::Tx& tx) { return case_export(tx, p, f, clock::today_beijing()); }, [](const std::string& bytes) {
      Response r;
      r.status = 200;
      r.body = bytes;
      r.headers.set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      r.headers.set("Content-Disposition", "attachment; filename=\"cases.xlsx\"");
      r.headers.set("Cache-Control", "no-store");
      return r;
    });
  });

  router.add("GET", "/workspace/supervision/cases/{id}", "supervision.view", [&site](Request& req) {
    auto id = web::path_id(req, "id", "案件不存在");
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return case_view(tx, p, *id); },
                     [&](json& ctx) { return site.workspace_page(req, ctx["case_no"].get<std::string>(), "supervision/case", ctx); });
  });

  auto stats_api = [&site](Request& req) {
    const auto& p = web::principal(req);
    std::string today = clock::today_beijing();
    return web::read(site, req, [&](store::Tx& tx) { return statistics_for(tx, p, req, today); },
                     [&](const json& st) { return web::json_reply(st); });
  };
  router.add("GET", "/api/v1/supervision/statistics", "supervision.view", stats_api);

  router.add("GET", "/workspace/supervision/statistics", "supervision.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    std::string today = clock::today_beijing();
    json agencies = json::array();
    auto list = web::read_or_log(site, "supervised agencies", [&](store::Tx& tx) -> Result<json> {
      auto all = supervised(tx, p);
      if (!all) return all.error();
      json a = json::array();
      for (auto& x : all->agencies) a.push_back({{"code", x.code}, {"name", x.name}, {"selected", x.code == req.query_param("agency")}});
      return a;
    }, json::array());
    json form{{"from", std::string(req.query_param("from"))}, {"to", std::string(req.query_param("to"))}, {"agencies", list}};
    Result<json> st = Error::internal("");
    Status s = site.db.read([&](store::Tx& tx) -> Status {
      st = statistics_for(tx, p, req, today);
      return {};
    });
    if (!s) return web::fail(site, req, s.error());
    if (!st) {
      if (st.error().kind != ErrorKind::kInvalid) return web::fail(site, req, st.error());
      form["error"] = st.error().message;
      form["errors"] = web::field_errors(st.error());
      return site.workspace_page(req, "执法监督 · 统计", "supervision/statistics", json{{"form", form}}, 400);
    }
    json ctx{{"form", form}, {"s", *st}, {"charts", charts(*st)}, {"has_data", true}};
    ctx["period"] = clock::chinese_date((*st)["from"]) + " 至 " + clock::chinese_date((*st)["to"]);
    return site.workspace_page(req, "执法监督 · 统计", "supervision/statistics", ctx);
  });

  router.add("GET", "/workspace/supervision/warnings", "staff", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return warnings_json(tx, p, clock::today_beijing()); },
                     [&](json& ctx) {
                       ctx["csrf"] = web::Site::csrf_token(req);
                       return site.workspace_page(req, "电子监察", "supervision/warnings", ctx);
                     });
  });

  auto do_urge = [&site](Request& req) {
    const auto& p = web::principal(req);
    web::Input in(req);
    UrgeInput u{in.text("kind"), in.id("ref_id").value_or(0), in.text("rule"), in.text("note")};
    return web::write(site, req, in, [&](store::Tx& tx) { return urge(tx, p, u, clock::today_beijing()); },
                      [&](const Urged& done) {
                        send_after_commit(done);  // web::write calls this only after the commit
                        if (req.is_api()) return web::json_reply({{"id", done.id}}, 201);
                        return web::see_other("/workspace/supervision/warnings");
                      });
  };
  router.add("POST", "/workspace/supervision/urges", "supervision.urge", do_urge);
  router.add("POST", "/api/v1/supervision/urges", "supervision.urge", do_urge);
}

}  // namespace zhifa::supervision
