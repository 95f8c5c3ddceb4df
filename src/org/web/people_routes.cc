// Administration of people (人员): their roles, passwords and 执法证 (certificates).
#include "org/admin.h"
#include "org/web/routes.h"
#include "org/web/views.h"
#include "platform/core/clock.h"
#include "platform/http/util.h"
#include "web/handle.h"

namespace zhifa::org {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

struct PeoplePage { std::vector<Person> people; std::vector<Section> sections; };

Result<PeoplePage> people_page_data(store::Tx& tx, const Principal& p) {
  auto people = list_people(tx, std::nullopt);
  if (!people) return people.error();
  PeoplePage out;
  for (auto& x : *people)
    if (p.jurisdiction.count(x.agency_id)) out.people.push_back(std::move(x));
  auto sections = list_sections(tx, p.agency_id);
  if (!sections) return sections.error();
  out.sections = std::move(*sections);
  return out;
}

json person_page_context(const Person& person) {
  return {{"person", views::person_json(person, clock::today_beijing())}, {"roles", views::role_options(person.roles)}};
}

}  // namespace

void register_people_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/admin/people", "org.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return people_page_data(tx, p); }, [&](PeoplePage& d) {
      std::string today = clock::today_beijing();
      json rows = json::array(), secs = json::array();
      for (auto& x : d.people) rows.push_back(views::person_json(x, today));
      for (auto& s : d.sections) secs.push_back({{"id", s.id}, {"name", s.name}});
      json ctx{{"people", rows}, {"sections", secs}, {"can_edit", authorize(p, "org.admin").allowed}, {"roles", views::role_options({})},
               {"form", json::object()}, {"errors", json::object()}};
      return site.workspace_page(req, "人员与执法证", "workspace/people", ctx);
    });
  });

  router.add("POST", "/workspace/admin/people", "org.admin", [&site](Request& req) {
    const auto& p = web::principal(req);
    NewPerson np;
    np.person.agency_id = p.agency_id;
    np.person.name = req.form_value("name");
    np.person.login = req.form_value("login");
    np.person.post = req.form_value("post");
    np.person.section_id = http::parse_id(req.form_value("section_id"));
    np.person.roles = req.form_all("roles");
    np.password = req.form_value("password");
    auto refused = [&](const FieldErrors& errors) {
      json ctx{{"form", {{"name", np.person.name}, {"login", np.person.login}, {"post", np.person.post}}},
               {"errors", views::errors_json(errors)}, {"can_edit", true}, {"roles", views::role_options(np.person.roles)},
               {"people", json::array()}, {"sections", json::array()}};
      return site.workspace_page(req, "人员与执法证", "workspace/people", ctx, 400);
    };
    if (FieldErrors errors = validate_person(np, true); !errors.empty()) return refused(errors);
    return web::write(site, req, [&](store::Tx& tx) { return create_person_recorded(tx, p, np); },
                      [](std::int64_t) { return web::see_other("/workspace/admin/people"); },
                      [&](const Error& e) { return refused({{e.field, e.message}}); });
  });

  router.add("GET", "/workspace/admin/people/{id}", "org.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", "没有这个人员");
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, [&](store::Tx& tx) { return person_in_jurisdiction(tx, p, *id); }, [&](Person& person) {
      json ctx = person_page_context(person);
      ctx["can_edit"] = authorize(p, "org.admin").allowed;
      ctx["errors"] = json::object();
      ctx["cert"] = json::object();
      return site.workspace_page(req, ctx["person"]["name"].get<std::string>(), "workspace/person", ctx);
    });
  });

  // One form, three actions: update (name, post, active, roles, password), add_certificate,
  // revoke_certificate.
  router.add("POST", "/workspace/admin/people/{id}", "org.admin", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", "没有这个人员");
    if (!id) return web::fail(site, req, id.error());
    std::string action = req.form_value("action");
    Certificate cert{0, *id, req.form_value("number"), req.form_value("scope"), req.form_value("valid_from"), req.form_value("valid_to"), false};
    auto service = [&](store::Tx& tx) -> Status {
      if (action == "update")
        return update_person_recorded(tx, p, *id, PersonChanges{req.form_value("name"), req.form_value("post"), req.form_value("active") == "1",
                                                                req.form_all("roles"), req.form_value("password")});
      if (action == "add_certificate") return add_certificate_recorded(tx, p, cert);
      if (action == "revoke_certificate") {
        auto cid = http::parse_id(req.form_value("certificate_id"));
        if (!cid) return Error::invalid("缺少执法证编号", "certificate_id");
        return revoke_certificate_recorded(tx, p, *id, *cid);
      }
      return Error::invalid("未知操作：" + action, "action");
    };
    auto refused = [&](const Error& e) {
      FieldErrors errors;
      if (action == "add_certificate") errors = validate_certificate(cert);
      if (errors.empty()) errors[e.field] = e.message;
      json ctx = web::read_or_log(site, "person page after a refused form", [&](store::Tx& tx) -> Result<json> {
        auto person = person_in_jurisdiction(tx, p, *id);
        if (!person) return person.error();
        return person_page_context(*person);
      });
      ctx["can_edit"] = true;
      ctx["errors"] = views::errors_json(errors);
      ctx["cert"] = {{"number", cert.number}, {"scope", cert.scope}, {"valid_from", cert.valid_from}, {"valid_to", cert.valid_to}};
      return site.workspace_page(req, "人员", "workspace/person", ctx, 400);
    };
    return web::write(site, req, service, [&] { return web::see_other("/workspace/admin/people/" + std::to_string(*id)); }, refused);
  });
}

}  // namespace zhifa::org
