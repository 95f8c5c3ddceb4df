// The 重大执法决定法制审核目录清单: the legal office's page (rules, time limits), the gate API
// ("is this decision major, and may it be issued now?") and the published list.
#include <nlohmann/json.hpp>

#include "platform/http/util.h"
#include "review/catalog.h"
#include "review/gate.h"
#include "review/web/forms.h"
#include "review/web/pages.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// The catalog page; `ctx` may already hold a refused rule or settings form ("rule", "settings").
Response catalog_page(web::Site& site, const Request& req, json ctx, int status) {
  const auto& p = web::principal(req);
  auto edit = http::parse_id(req.query_param("edit"));
  return web::read(
      site, req, [&](store::Tx& tx) { return catalog_overview(tx, p.agency_id, edit); },
      [&](CatalogOverview& c) {
        json rows = json::array();
        for (auto& r : c.rules)
          rows.push_back({{"id", r.id}, {"code", r.code}, {"name", r.name}, {"conditions", describe(r)}, {"legal_source", r.legal_source},
                          {"active", r.active}, {"updated_at", r.updated_at}});
        ctx["rules"] = rows;
        if (!ctx.contains("settings")) ctx["settings"] = {{"period_days", c.settings.period_days}, {"extension_days", c.settings.extension_days}};
        if (!ctx.contains("rule")) ctx["rule"] = rule_form_json(c.editing.value_or(CatalogRule{}));
        ctx["agency"] = p.agency_name;
        ctx["can_edit"] = org::authorize(p, "review.catalog").allowed;
        if (!ctx.contains("errors")) ctx["errors"] = json::object();
        return page(site, req, "重大执法决定法制审核目录清单", "review/catalog", ctx, status);
      });
}

// The settings form: whole numbers of working days (a number that is not one is refused by
// save_settings as out of range).
ReviewSettings settings_from(web::Input& in) {
  ReviewSettings s;
  try {
    s.period_days = std::stoi(in.text("period_days"));
    s.extension_days = std::stoi(in.text("extension_days"));
  } catch (...) {
    s.period_days = -1;
  }
  return s;
}

}  // namespace

void register_catalog_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/review/catalog", "review.view", [&site](Request& req) { return catalog_page(site, req, json::object(), 200); });

  // One form, several actions: save a rule, (de)activate one, save the time limits.
  router.add("POST", "/workspace/review/catalog", "review.catalog", [&site](Request& req) {
    const auto& p = web::principal(req);
    web::Input in(req);
    std::string action = in.text("action");
    json ctx = json::object();
    std::function<Status(store::Tx&)> service;
    if (action == "save") {
      CatalogRule r = rule_from(in, p.agency_id);
      ctx["rule"] = rule_form_json(r);
      ctx["rule"]["min_fine"] = in.text("min_fine");
      ctx["rule"]["min_confiscation"] = in.text("min_confiscation");
      service = [&p, r](store::Tx& tx) -> Status {
        auto id = save_rule(tx, p, r);
        return id ? Status{} : Status(id.error());
      };
    } else if (action == "deactivate" || action == "activate") {
      auto id = http::parse_id(in.text("rule_id")).value_or(0);
      service = [&p, id, action](store::Tx& tx) { return set_rule_active(tx, p, id, action == "activate"); };
    } else if (action == "settings") {
      ReviewSettings s = settings_from(in);
      ctx["settings"] = {{"period_days", in.text("period_days")}, {"extension_days", in.text("extension_days")}};
      service = [&p, s](store::Tx& tx) { return save_settings(tx, p, p.agency_id, s); };
    } else {
      service = [](store::Tx&) -> Status { return Error::invalid("未知操作", "action"); };
    }
    return write_or_show(
        site, req,
        [&](store::Tx& tx) -> Status {
          if (auto st = in.status(); !st) return st;
          return service(tx);
        },
        [] { return web::see_other("/workspace/review/catalog"); },
        [](const Error& e) { return e.kind != ErrorKind::kInternal && e.kind != ErrorKind::kUnavailable; },
        [&](const Error& e) {
          ctx["error"] = e.message;
          ctx["errors"] = json{{e.field.empty() ? "form" : e.field, e.message}};
          return catalog_page(site, req, ctx, http_status(e.kind));
        });
  });

  // Is this decision major, and may it be issued now? Body: DecisionFacts as JSON (gate.h's
  // facts_json shape, amounts in fen).
  router.add("POST", "/api/v1/review/gate", "review.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto f = parse_facts_json(req.body);
    if (!f) return web::fail(site, req, f.error());
    if (f->agency_id == 0) f->agency_id = p.agency_id;
    // Another agency's catalog: as an unknown agency (org::require), never a 403 that
    // tells which ids exist.
    if (auto v = org::require(p, "review.view", f->agency_id, "没有这个执法主体"); !v) return web::fail(site, req, v.error());
    return web::read(
        site, req, [&](store::Tx& tx) { return check_decision_gate(tx, *f); },
        [](GateDecision& g) {
          json reasons = json::array();
          for (auto& r : g.reasons) reasons.push_back({{"rule", r.rule_id}, {"name", r.rule_name}, {"source", r.legal_source}});
          return web::json_reply({{"major", g.major}, {"reasons", reasons}, {"review_id", g.review_id}, {"review_state", g.review_state},
                                  {"review_passed", g.review_passed}, {"allowed", g.allowed()}, {"refusal", g.refusal()}});
        });
  });

  // The published 目录清单 of an agency (the public list; the portal page is publicity's).
  router.add("GET", "/api/v1/review/catalog/{agency}", "public", [&site](Request& req) {
    std::string agency(req.param("agency"));
    return web::read(
        site, req, [&](store::Tx& tx) { return published_catalog_document(tx, agency); },
        [](std::string& doc) { return Response::json(doc); });
  });
}

}  // namespace zhifa::review
