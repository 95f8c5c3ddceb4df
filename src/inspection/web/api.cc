// The staff JSON API of the inspection pillar: directories, plans, the draw, results. Each route
// reads its input, runs one service in one transaction (web::write / web::read) and answers JSON.
#include "inspection/cases.h"
#include "inspection/directory.h"
#include "inspection/draws.h"
#include "inspection/plans.h"
#include "inspection/results.h"
#include "inspection/tasks.h"
#include "inspection/web/routes.h"
#include "platform/http/util.h"
#include "web/handle.h"

namespace zhifa::inspection {

using http::Request;
using http::Response;

namespace {

std::string agency_param(const Request& req) { return std::string(req.param("agency")); }

std::int64_t query_int(const Request& req, const char* name, std::int64_t fallback, std::int64_t max) {
  auto v = http::parse_id(req.query_param(name));
  return v ? std::min(*v, max) : fallback;
}

json object_json(const Object& o) {
  return json{{"id", o.id}, {"code", o.code}, {"name", o.name}, {"object_type", o.object_type}, {"region", o.region},
              {"risk_grade", o.risk_grade}, {"tags", o.tags}};
}

// A list of texts: a JSON array of strings, or a form's text with one per line.
std::vector<std::string> lines(web::Input& in, const char* key) {
  std::vector<std::string> out;
  if (auto* raw = in.raw(key); raw && raw->is_array()) {
    for (auto& v : *raw)
      if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }
  std::string text = in.text(key), cur;
  for (char c : text + "\n") {
    if (c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

}  // namespace

void web_detail::register_api(http::Router& router, web::Site& site) {
  const std::string base = "/api/v1/inspection/{agency}";
  router.add("GET", base + "/objects", "inspection.view", [&site](Request& req) {
    auto page = query_int(req, "page", 1, 100000), per = query_int(req, "per_page", 50, 500);
    ObjectQuery q{std::string(req.query_param("q")), std::string(req.query_param("object_type")), std::string(req.query_param("region")),
                  std::string(req.query_param("risk_grade")), "", false, page, per};
    return web::read(site, req, [&](store::Tx& tx) -> Result<ObjectPage> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return list_objects(tx, web::principal(req), *a, q);
    }, [&](ObjectPage& pg) {
      json items = json::array();
      for (auto& o : pg.items) items.push_back(object_json(o));
      return web::json_reply({{"items", items}, {"page", page}, {"per_page", per}, {"total", pg.total}});
    });
  });

  // One object (JSON or form fields), or an import: "csv" (text) → all or nothing.
  router.add("POST", base + "/objects", "inspection.directory", [&site](Request& req) {
    web::Input in(req);
    std::string csv = in.text("csv");
    ObjectInput o{in.text("code"), in.text("name"), in.text("object_type"), in.text("region"), in.text("risk_grade"), in.text("tags")};
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<json> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      if (!csv.empty()) {
        auto rep = import_objects(tx, web::principal(req), *a, csv);
        if (!rep) return rep.error();
        return json{{"added", rep->added}, {"updated", rep->updated}};
      }
      auto id = add_object(tx, web::principal(req), *a, o);
      if (!id) return id.error();
      return json{{"id", *id}};
    }, [&](json& out) { return web::json_reply(out, out.contains("id") ? 201 : 200); });
  });

  router.add("POST", base + "/conflicts", "inspection.plan", [&site](Request& req) {
    web::Input in(req);
    ConflictInput c{in.id("person_id").value_or(0), in.text("object_code"), in.text("kind"), in.text("ground")};
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<std::int64_t> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return declare_conflict(tx, web::principal(req), *a, c);
    }, [&](std::int64_t id) { return web::json_reply({{"id", id}}, 201); });
  });

  router.add("GET", base + "/plans", "inspection.view", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<std::vector<Plan>> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      if (auto st = org::require(web::principal(req), "inspection.view", *a, kNoAgency); !st) return st.error();
      return list_plans(tx, *a, true);
    }, [&](std::vector<Plan>& plans) {
      json items = json::array();
      for (auto& p : plans) items.push_back(plan_json(p));
      return web::json_reply({{"items", items}, {"page", 1}, {"per_page", items.size()}, {"total", items.size()}});
    });
  });

  // A plan: published at once (抽查计划公告), or kept as a draft with "draft": true.
  router.add("POST", base + "/plans", "inspection.plan", [&site](Request& req) {
    web::Input in(req);
    PlanInput pi{in.text("matter_code"), in.text("object_type"), in.text("period_from"), in.text("period_to"), in.text("inspection_date")};
    bool draft = in.flag("draft");
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Plan> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      auto plan = create_plan(tx, web::principal(req), *a, pi);
      if (!plan || draft) return plan;
      return publish_plan(tx, web::principal(req), *a, plan->id);
    }, [&](Plan& p) { return web::json_reply(plan_json(p), 201); });
  });

  router.add("POST", base + "/plans/{plan}/publish", "inspection.plan", [&site](Request& req) {
    auto id = web::path_id(req, "plan", "抽查计划不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Plan> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return publish_plan(tx, web::principal(req), *a, *id);
    }, [&](Plan& p) { return web::json_reply(plan_json(p)); });
  });

  // A plan with its inspections (inspector names: staff only).
  router.add("GET", base + "/plans/{plan}", "inspection.view", [&site](Request& req) {
    auto id = web::path_id(req, "plan", "抽查计划不存在");
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      auto ins = plan_inspections(tx, web::principal(req), *a, *id);
      if (!ins) return ins.error();
      auto plan = find_plan(tx, *a, *id);
      if (!plan) return plan.error();
      json j = plan_json(*plan);
      j["inspections"] = json::array();
      for (auto& i : *ins) j["inspections"].push_back(inspection_json(i));
      return j;
    }, [&](json& j) { return web::json_reply(j); });
  });

  register_api_draw(router, site);
}

// The draw and the inspections: freeze, randomness, the case, the result, its publication.
void web_detail::register_api_draw(http::Router& router, web::Site& site) {
  const std::string base = "/api/v1/inspection/{agency}";
  router.add("POST", base + "/plans/{plan}/freeze", "inspection.draw", [&site](Request& req) {
    auto id = web::path_id(req, "plan", "抽查计划不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string source = in.text("source");
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Plan> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return freeze_plan(tx, web::principal(req), *a, *id, source);
    }, [&](Plan& p) { return web::json_reply(plan_json(p)); });
  });

  router.add("POST", base + "/plans/{plan}/randomness", "inspection.randomness", [&site](Request& req) {
    auto id = web::path_id(req, "plan", "抽查计划不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    auto values = lines(in, "values");
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Plan> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return enter_randomness(tx, web::principal(req), *a, *id, values);
    }, [&](Plan& p) {
      json j = plan_json(p);
      j["record"] = "/inspections/draws/" + std::to_string(p.id) + ".json";
      return web::json_reply(j);
    });
  });

  router.add("POST", base + "/inspections/{inspection}/result", "inspection.inspect", [&site](Request& req) {
    auto id = web::path_id(req, "inspection", "检查任务不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    ResultInput r{in.text("result"), in.text("findings"), in.text("inspected_on")};
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Inspection> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return record_result(tx, web::principal(req), *a, *id, r);
    }, [&](Inspection& i) { return web::json_reply(inspection_json(i)); });
  });

  // The inspection's 行政检查 case, started by one of its drawn inspectors: {"case_id"}.
  router.add("POST", base + "/inspections/{inspection}/case", "inspection.inspect", [&site](Request& req) {
    auto id = web::path_id(req, "inspection", "检查任务不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<std::int64_t> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return start_inspection_case(tx, web::principal(req), *a, *id);
    }, [&](std::int64_t c) { return web::json_reply({{"case_id", c}}, 201); });
  });

  // A penalty case from a finding: {"matter_code"} of a published 行政处罚 matter → {"case_id"}.
  router.add("POST", base + "/inspections/{inspection}/penalty", "inspection.inspect", [&site](Request& req) {
    auto id = web::path_id(req, "inspection", "检查任务不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string matter = in.text("matter_code");
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<std::int64_t> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return open_penalty_case(tx, web::principal(req), *a, *id, matter);
    }, [&](std::int64_t c) { return web::json_reply({{"case_id", c}}, 201); });
  });

  router.add("POST", base + "/inspections/{inspection}/publish", "inspection.publish", [&site](Request& req) {
    auto id = web::path_id(req, "inspection", "检查任务不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Inspection> {
      auto a = agency_id_of(tx, agency_param(req));
      if (!a) return a.error();
      return publish_result(tx, web::principal(req), *a, *id);
    }, [&](Inspection& i) { return web::json_reply(inspection_json(i)); });
  });
}

void register_routes(http::Router& router, web::Site& site) {
  web_detail::register_api(router, site);
  web_detail::register_public(router, site);
  web_detail::register_open_data(router, site);
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& t) { return inspection_tasks(tx, p, t); });
  web_detail::register_workspace(router, site);
  web_detail::register_workspace_plan(router, site);
}

}  // namespace zhifa::inspection
