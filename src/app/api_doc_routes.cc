#include "app/api_doc_routes.h"

#include <nlohmann/json.hpp>

#include "law/procedure.h"
#include "platform/core/assets.h"

namespace zhifa::app {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

json procedure_json(const law::Procedure& p) {
  json steps = json::array();
  for (const auto& s : p.steps) {
    json ts = json::array();
    for (const auto& t : s.transitions)
      ts.push_back({{"id", t.id}, {"label", t.label}, {"to", t.to}, {"kind", t.kind}, {"requires_documents", t.requires_documents},
                    {"guards", t.guards}, {"decision", t.decision}});
    steps.push_back({{"id", s.id}, {"name", s.name}, {"description", s.description}, {"roles", s.actors.roles},
                     {"certified", s.actors.certified}, {"min_people", s.actors.min_people}, {"on_site", s.actors.on_site},
                     {"produces", s.produces}, {"deadline", s.deadline}, {"av_recording", s.av_recording},
                     {"time_not_counted", s.time_not_counted}, {"terminal", s.terminal}, {"transitions", ts}});
  }
  json docs = json::array();
  for (const auto& d : p.documents)
    docs.push_back({{"kind", d.kind}, {"name", d.name}, {"number_kind", d.number_kind}, {"signer_roles", d.signer_roles}, {"order", d.order}});
  json clocks = json::array();
  for (const auto& c : p.clocks) clocks.push_back({{"rule", c.rule}, {"start", c.start}, {"complete", c.complete}, {"suspend", c.suspend}});
  return {{"id", p.id}, {"name", p.name}, {"category", p.category}, {"legal_basis", p.legal_basis}, {"description", p.description},
          {"start", p.start}, {"documents", docs}, {"clocks", clocks}, {"steps", steps}};
}

}  // namespace

void register_api_doc_routes(http::Router& router) {
  // --- procedures (public: the published flowcharts are drawn from them) ---
  router.add("GET", "/api/v1/procedures", "public", [](Request&) {
    json out = json::array();
    auto all = law::load_procedures();
    if (all)
      for (auto& p : **all) out.push_back(procedure_json(p));
    return Response::json(json{{"procedures", out}}.dump());
  });
  router.add("GET", "/api/v1/procedures/{id}", "public", [](Request& req) {
    const law::Procedure* p = law::find_procedure(req.param("id"));
    if (!p) return Response::json_error(404, "没有这个程序");
    return Response::json(procedure_json(*p).dump());
  });

  // --- the API's description (OpenAPI 3.1, data/openapi.json; a test keeps it in step with the router) ---
  router.add("GET", "/api/v1/openapi.json", "public", [](Request&) {
    auto doc = assets::find("data/openapi.json");
    if (!doc) return Response::json_error(404, "OpenAPI document missing from this build");
    Response r = Response::json(std::string(*doc));
    r.headers.set("Access-Control-Allow-Origin", "*");
    return r;
  });
}

}  // namespace zhifa::app
