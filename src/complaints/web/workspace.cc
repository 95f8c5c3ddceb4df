// The handlers' side of 投诉举报: the list, one complaint with the acts its state and the
// person's part allow, the head's approval, attachments (never served to the public).
#include "complaints/web/parts.h"

#include <memory>

#include "complaints/service.h"
#include "org/auth.h"
#include "platform/blob/blob_store.h"
#include "platform/http/multipart.h"
#include "platform/http/util.h"
#include "web/handle.h"

namespace zhifa::complaints {

using http::Request;
using http::Response;
using json = nlohmann::json;

void register_workspace_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  // --- the handlers' workspace ---
  router.add("GET", "/workspace/complaints", "complaints.view", [&site](Request& req) {
    bool open_only = req.query_param("status") != "all";
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return workspace_list(tx, p, open_only); },
                     [&](const json& list) { return site.workspace_page(req, "投诉举报", "complaints/list", list); });
  });

  router.add("GET", "/workspace/complaints/{id}", "complaints.view", [&site](Request& req) {
    auto id = web::path_id(req, "id", "投诉举报不存在");
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return workspace_view(tx, p, *id); },
                     [&](const json& view) { return site.workspace_page(req, "投诉举报 · " + view["kind_label"].get<std::string>(), "complaints/detail", view); });
  });

  router.add("POST", "/workspace/complaints/{id}/handle", "complaints.handle", [&site](Request& req) {
    auto id = web::path_id(req, "id", "投诉举报不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    Act a{in.text("action"), in.text("reason"), in.text("basis"), in.text("to_agency"), in.text("finding"), in.text("reply"),
          in.flag("contests_decision"), in.text("case_no")};
    const auto& p = web::principal(req);
    return web::write(site, req, in, [&](store::Tx& tx) { return act(tx, p, *id, a); },
                      [&] { return web::see_other("/workspace/complaints/" + std::to_string(*id)); });
  });

  router.add("POST", "/workspace/complaints/{id}/approve", "complaints.approve", [&site](Request& req) {
    auto id = web::path_id(req, "id", "投诉举报不存在");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    HeadAct a{in.text("action"), in.text("reason")};
    const auto& p = web::principal(req);
    return web::write(site, req, in, [&](store::Tx& tx) { return head_act(tx, p, *id, a); },
                      [&] { return web::see_other("/workspace/complaints/" + std::to_string(*id)); });
  });

  // Attachments: to the assigned handler and the handling agency's head, never to the public.
  router.add("GET", "/workspace/complaints/{id}/attachments/{file}", "complaints.view", [&site, blobs](Request& req) {
    auto id = web::path_id(req, "id", "投诉举报不存在");
    if (!id) return web::fail(site, req, id.error());
    auto file = web::path_id(req, "file", "附件不存在");
    if (!file) return web::fail(site, req, file.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return attachment(tx, *blobs, p, *id, *file); }, [](const FileOut& f) {
      Response r;
      r.status = 200;
      r.body = f.bytes;
      r.headers.set("Content-Type", f.content_type);
      r.headers.set("Content-Disposition", std::string("attachment; filename=\"attachment") +
                                               (f.content_type == "application/pdf" ? ".pdf" : f.content_type == "image/png" ? ".png" : ".jpg") + "\"");
      r.headers.set("Cache-Control", "no-store");
      return r;
    });
  });
}

}  // namespace zhifa::complaints
