// The public side of 双随机、一公开: the draws' records anyone can re-run (JSON), the results
// (抽查结果公告, JSON), and the portal pages: per agency 抽查事项清单 · 抽查计划 · 抽签过程 · 抽查结果, and
// one draw's page with its frozen hashes, randomness, result and a "verify in the browser" button.
#include "inspection/directory.h"
#include "inspection/draws.h"
#include "inspection/plans.h"
#include "inspection/results.h"
#include "inspection/web/routes.h"
#include "org/directory.h"
#include "platform/http/util.h"
#include "publicity/list_workflow.h"
#include "web/handle.h"

namespace zhifa::inspection {

using http::Request;
using http::Response;

namespace {

std::int64_t query_int(const Request& req, const char* name, std::int64_t fallback, std::int64_t max) {
  auto v = http::parse_id(req.query_param(name));
  return v ? std::min(*v, max) : fallback;
}

Response open_json(const json& body) {
  auto resp = web::json_reply(body);
  resp.headers.set("Access-Control-Allow-Origin", "*");
  resp.headers.set("Cache-Control", "public, max-age=60");
  return resp;
}

// The page context of one agency's 双随机 column.
struct AgencyColumn {
  json agency, matters = json::array(), plans = json::array(), results;
};

Result<AgencyColumn> agency_column(store::Tx& tx, const std::string& code) {
  AgencyColumn c;
  auto agency = org::find_agency(tx, code);
  if (!agency) return agency.error();
  if (!*agency) return Error::not_found(kNoAgency);
  auto id = std::optional<std::int64_t>((*agency)->id);
  auto v = publicity::find_version(tx, *id, "inspections", 0);
  if (!v) return v.error();
  if (*v)
    for (auto& r : (*v)->rows)
      c.matters.push_back({{"code", r.value("code", "")}, {"name", r.value("name", "")}, {"objects", r.value("objects", "")},
                           {"method", r.value("method", "")}, {"proportion", r.value("proportion", "")},
                           {"frequency", r.value("frequency", "")}, {"legal_basis", r.value("legal_basis", "")}});
  auto plans = list_plans(tx, *id);
  if (!plans) return plans.error();
  for (auto& p : *plans) {
    json j = plan_json(p);
    j["drawn"] = p.status == "drawn";
    j["frozen"] = p.status != "published";
    c.plans.push_back(j);
  }
  ResultQuery rq;
  rq.agency_id = *id;
  rq.per_page = 200;
  auto res = published_results(tx, rq);
  if (!res) return res.error();
  c.results = (*res)["items"];
  c.agency = {{"code", code}, {"name", (*agency)->name}};
  return c;
}

}  // namespace

void web_detail::register_public(http::Router& router, web::Site& site) {
  router.add("GET", "/inspections/draws.json", "public", [&site](Request& req) {
    auto page = query_int(req, "page", 1, 100000), per = query_int(req, "per_page", 50, 500);
    return web::read(site, req, [&](store::Tx& tx) { return published_draws(tx, page, per); }, [&](json& j) { return open_json(j); });
  });

  // /inspections/draws/{id}.json: the record to re-run; /inspections/draws/{id}: its page.
  router.add("GET", "/inspections/draws/{draw}", "public", [&site](Request& req) {
    std::string raw(req.param("draw"));
    bool as_json = raw.ends_with(".json");
    auto id = http::parse_id(as_json ? raw.substr(0, raw.size() - 5) : raw);
    if (!id) return site.error(req, 404, "没有这次抽签 (not found)");
    return web::read(site, req, [&](store::Tx& tx) { return draw_record(tx, *id); }, [&](json& rec) {
      if (as_json) return open_json(rec);
      json ctx = rec;
      ctx["en"] = web::Site::english(req);
      ctx["record_url"] = "/inspections/draws/" + std::to_string(*id) + ".json";
      ctx["objects_count"] = rec["objects"]["candidates"].size();
      ctx["inspectors_count"] = rec["inspectors"]["candidates"].size();
      json drawn = json::array();
      for (std::size_t i = 0; i < rec["selected_positions"].size(); ++i) {
        auto pos = rec["selected_positions"][i].get<std::int64_t>();
        json row = rec["objects"]["candidates"][pos - 1];
        row["order"] = i + 1;
        row["position"] = pos;
        for (auto& ins : rec["inspections"])
          if (ins["object_position"] == pos) {
            row["skips"] = ins["skipped"].size();
            json certs = json::array();
            for (auto& a : ins["assigned"]) certs.push_back(rec["inspectors"]["candidates"][a.get<std::int64_t>() - 1].value("certificate", ""));
            row["inspectors"] = certs;
            json kinds = json::array();
            for (auto& s : ins["skipped"]) kinds.push_back(s.value("kind", ""));
            row["skip_kinds"] = kinds;
          }
        drawn.push_back(row);
      }
      ctx["drawn"] = drawn;
      // Risk-grade pools and sub-draws (draw_record.h): each shown with its own key.
      ctx["has_pools"] = rec.contains("pools") && !rec["pools"].empty();
      if (ctx["has_pools"])
        for (auto& pool : ctx["pools"]) pool["grade_label"] = pool.value("grade", "") == "未分级" ? "未分级" : pool.value("grade", "") + "风险";
      ctx["has_sub_draws"] = rec.contains("sub_draws") && !rec["sub_draws"].empty();
      ctx["values_text"] = [&] {
        std::string t;
        for (auto& v : rec["randomness"]["values"]) t += (t.empty() ? "" : " / ") + v.get<std::string>();
        return t;
      }();
      return site.portal_page(req, "抽签过程 " + rec["plan"].value("number", ""), "inspection/draw", ctx);
    });
  });

  router.add("GET", "/agencies/{code}/inspections", "public", [&site](Request& req) {
    std::string code(req.param("code"));
    return web::read(site, req, [&](store::Tx& tx) { return agency_column(tx, code); }, [&](AgencyColumn& c) {
      json ctx{{"agency", c.agency}, {"matters", c.matters}, {"plans", c.plans}, {"results", c.results}, {"en", web::Site::english(req)}};
      return site.portal_page(req, "双随机、一公开", "inspection/agency", ctx);
    });
  });
}

}  // namespace zhifa::inspection
