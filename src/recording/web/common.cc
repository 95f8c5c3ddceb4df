#include "recording/web/common.h"

#include "recording/views.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

Response render_case(web::Site& site, const Request& req, std::int64_t id, json extra, int status) {
  const auto& p = web::principal(req);
  return web::read(site, req, [&](store::Tx& tx) { return case_page_json(tx, p, id); },
                   [&](json& ctx) {
                     if (req.is_api()) return web::json_reply(ctx, status);
                     for (auto& [k, v] : extra.items()) ctx[k] = v;
                     ctx["csrf"] = web::Site::csrf_token(req);
                     return site.workspace_page(req, ctx["case_no"].get<std::string>(), "recording/case", ctx, status);
                   });
}

Response show_document(web::Site& site, const Request& req, json extra, int status) {
  const auto& p = web::principal(req);
  auto id = web::path_id(req, "id", kNoDocument);
  if (!id) return web::fail(site, req, id.error());
  return web::read(site, req, [&](store::Tx& tx) { return document_page_json(tx, p, *id); },
                   [&](json& ctx) {
                     if (req.is_api()) return web::json_reply(ctx, status);
                     for (auto& [k, v] : extra.items()) ctx[k] = v;
                     ctx["csrf"] = web::Site::csrf_token(req);
                     return site.workspace_page(req, ctx["name"].get<std::string>(), "recording/document", ctx, status);
                   });
}

Location location_of(web::Input& in) {
  if (!in.is_json()) return {in.text("latitude"), in.text("longitude"), in.text("accuracy_m"), in.text("place")};
  const json* j = in.raw("location");
  if (!j || !j->is_object()) return {};
  auto s = [&](const char* k) { return j->contains(k) && (*j)[k].is_string() ? (*j)[k].get<std::string>() : std::string(); };
  return {s("latitude"), s("longitude"), s("accuracy_m"), s("place")};
}

}  // namespace zhifa::recording
