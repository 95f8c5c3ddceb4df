// The case list (/workspace/cases, /api/v1/cases) and opening a case: the form
// (/workspace/cases/new) and the create (POST /workspace/cases, /api/v1/cases).
#include "recording/cases.h"
#include "recording/views.h"
#include "recording/web/common.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// A new case as the form or the API gives it. The API gives the fine in fen (fine_fen, an
// integer) and the party and the location as objects; the form gives the fine in yuan.
Result<NewCase> new_case_from(web::Input& in) {
  NewCase c;
  c.matter_id = in.id("matter_id");
  c.matter_code = in.text("matter_code");
  c.matter_name = in.text("matter_name");
  c.category = in.text("category");
  c.procedure_id = in.text("procedure_id");
  c.title = in.text("title");
  c.facts = in.text("facts");
  c.warning = in.flag("warning");
  c.co_officer_id = in.id("co_officer_id");
  c.location = location_of(in);
  if (!in.is_json()) {
    c.party = {in.text("party_kind"), in.text("party_name"), in.text("party_id_number"), in.text("party_address"), in.text("party_phone")};
    c.fine_fen = in.yuan("fine_yuan", "罚款金额").value_or(0);
    return c;
  }
  if (const json* pj = in.raw("party"); pj && pj->is_object()) {
    auto ps = [&](const char* k) { return pj->contains(k) && (*pj)[k].is_string() ? (*pj)[k].get<std::string>() : std::string(); };
    c.party = {ps("kind"), ps("name"), ps("id_number"), ps("address"), ps("phone")};
  }
  if (const json* fen = in.raw("fine_fen")) {
    if (!fen->is_number_integer()) return Error::invalid("fine_fen must be an integer (fen)", "fine_fen");
    c.fine_fen = fen->get<std::int64_t>();
  }
  return c;
}

// A refusal as {field: message} for the form ("form" when it names no field).
json errors_of(const Error& e) {
  json out = json::object();
  out[e.field.empty() ? "form" : e.field] = e.message;
  return out;
}

}  // namespace

void register_case_list_routes(http::Router& router, web::Site& site) {
  auto list = [&site](Request& req) {
    const auto& p = web::principal(req);
    bool agency = req.query_param("scope") == "agency" || (!p.has("officer"));
    bool open_only = req.query_param("status") != "all";
    return web::read(site, req, [&](store::Tx& tx) { return case_list_json(tx, p, agency, open_only); },
                     [&](json& cases) {
                       if (req.is_api()) return web::json_reply(cases);
                       json ctx{{"cases", cases["cases"]}, {"agency_scope", agency}, {"all", !open_only}, {"can_open", p.has("officer")}};
                       return site.workspace_page(req, "执法案件", "recording/cases", ctx);
                     });
  };
  router.add("GET", "/workspace/cases", "recording.view", list);
  router.add("GET", "/api/v1/cases", "recording.view", list);

  router.add("GET", "/workspace/cases/new", "recording.handle", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return new_case_form_json(tx, p); },
                     [&](json& ctx) {
                       ctx["form"] = {{"party_kind", "person"}};
                       ctx["csrf"] = web::Site::csrf_token(req);
                       return site.workspace_page(req, "立案 / 受理", "recording/new_case", ctx);
                     });
  });

  auto create = [&site](Request& req) {
    const auto& p = web::principal(req);
    web::Input in(req);
    auto c = new_case_from(in);
    if (!c) return web::fail(site, req, c.error());
    // A refused form: the form again with what was typed and the reason beside the field.
    auto refused = [&](const Error& e) {
      json ctx = web::read_or_log(site, "recording: new case form", [&](store::Tx& tx) { return new_case_form_json(tx, p); });
      ctx["form"] = in.echo();
      ctx["errors"] = errors_of(e);
      ctx["error"] = e.message;
      ctx["csrf"] = web::Site::csrf_token(req);
      return site.workspace_page(req, "立案 / 受理", "recording/new_case", ctx, 400);
    };
    return web::write(
        site, req, in, [&](store::Tx& tx) { return open_case(tx, p, *c); },
        [&](std::int64_t id) {
          if (req.is_api()) return web::json_reply(json{{"id", id}}, 201);
          return web::see_other("/workspace/cases/" + std::to_string(id));
        },
        refused);
  };
  router.add("POST", "/workspace/cases", "recording.handle", create);
  router.add("POST", "/api/v1/cases", "recording.handle", create);
}

}  // namespace zhifa::recording
