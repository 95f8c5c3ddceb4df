// Administration of agencies (执法主体): the list of the jurisdiction, a new agency below one's
// own, and one agency's details (its code, the URL key, stays).
#include "org/admin.h"
#include "org/web/routes.h"
#include "org/web/views.h"
#include "web/handle.h"

namespace zhifa::org {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Agency agency_from_form(const Request& req, std::int64_t parent) {
  return Agency{0, req.form_value("code"), req.form_value("doc_prefix"), req.form_value("name"), req.form_value("name_en"),
                req.form_value("kind"), req.form_value("division_code"), req.form_value("address"), req.form_value("phone"), parent};
}

Result<json> agencies_of(store::Tx& tx, const Principal& p) {
  auto all = list_agencies(tx);
  if (!all) return all.error();
  json rows = json::array();
  for (auto& a : *all)
    if (p.jurisdiction.count(a.id)) rows.push_back(views::agency_json(a));
  return rows;
}

struct AgencyPage { Agency agency; std::vector<Section> sections; };

Result<AgencyPage> agency_page_data(store::Tx& tx, const Principal& p, const std::string& code) {
  auto a = agency_in_jurisdiction(tx, p, code);
  if (!a) return a.error();
  auto sections = list_sections(tx, a->id);
  if (!sections) return sections.error();
  return AgencyPage{*a, *sections};
}

// One agency's page; `typed` refills the form after a refusal.
Response agency_page(web::Site& site, Request& req, const std::optional<Agency>& typed, const FieldErrors& errors, int status) {
  const auto& p = web::principal(req);
  return web::read(site, req, [&](store::Tx& tx) { return agency_page_data(tx, p, std::string(req.param("code"))); },
                   [&](AgencyPage& d) {
                     json ctx{{"errors", views::errors_json(errors)}, {"can_edit", authorize(p, "org.admin").allowed}};
                     Agency shown = d.agency;
                     if (typed) {  // what was typed, over the stored record
                       shown.name = typed->name, shown.name_en = typed->name_en, shown.doc_prefix = typed->doc_prefix;
                       shown.kind = typed->kind, shown.division_code = typed->division_code;
                       shown.address = typed->address, shown.phone = typed->phone;
                     }
                     ctx["agency"] = views::agency_json(shown);
                     ctx["sections"] = json::array();
                     for (auto& s : d.sections) ctx["sections"].push_back({{"name", s.name}, {"duties", s.duties}});
                     return site.workspace_page(req, ctx["agency"]["name"].get<std::string>(), "workspace/agency", ctx, status);
                   });
}

}  // namespace

void register_agency_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/admin/agencies", "org.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return agencies_of(tx, p); }, [&](json& rows) {
      json ctx{{"agencies", rows}, {"can_edit", authorize(p, "org.admin").allowed}, {"form", {{"kind", "county"}}}, {"errors", json::object()}};
      return site.workspace_page(req, "执法主体管理", "workspace/agencies", ctx);
    });
  });

  router.add("POST", "/workspace/admin/agencies", "org.admin", [&site](Request& req) {
    const auto& p = web::principal(req);
    Agency a = agency_from_form(req, p.agency_id);
    auto refused = [&](const FieldErrors& errors) {
      json ctx{{"form", views::agency_json(a)}, {"errors", views::errors_json(errors)}, {"can_edit", true}};
      ctx["agencies"] = web::read_or_log(site, "agencies page after a refused form", [&](store::Tx& tx) { return agencies_of(tx, p); },
                                         json::array());
      return site.workspace_page(req, "执法主体管理", "workspace/agencies", ctx, 400);
    };
    if (FieldErrors errors = validate_agency(a); !errors.empty()) return refused(errors);
    return web::write(site, req, [&](store::Tx& tx) { return create_agency_recorded(tx, p, a); },
                      [](std::int64_t) { return web::see_other("/workspace/admin/agencies"); },
                      [&](const Error& e) { return refused({{e.field, e.message}}); });
  });

  router.add("GET", "/workspace/admin/agencies/{code}", "org.view",
             [&site](Request& req) { return agency_page(site, req, std::nullopt, {}, 200); });
  router.add("POST", "/workspace/admin/agencies/{code}", "org.admin", [&site](Request& req) {
    const auto& p = web::principal(req);
    std::string code(req.param("code"));
    Agency typed = agency_from_form(req, 0);
    typed.code = code;
    return web::write(site, req, [&](store::Tx& tx) { return update_agency_recorded(tx, p, code, typed); },
                      [&] { return web::see_other("/workspace/admin/agencies/" + code); },
                      [&](const Error& e) {
                        FieldErrors errors = validate_agency(typed);
                        if (errors.empty()) errors[e.field] = e.message;
                        return agency_page(site, req, typed, errors, 400);
                      });
  });
}

}  // namespace zhifa::org
