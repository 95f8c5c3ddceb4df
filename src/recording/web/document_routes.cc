// Documents (文书): drafting one for a case, the document page, editing a draft, signing,
// drafting a correction, and the PDF (signed bytes, or a preview of a draft).
#include "recording/documents.h"
#include "recording/web/common.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// A refused change of a document: its page again with the reason, at the error's status.
web::InvalidForm document_refused(web::Site& site, const Request& req) {
  return [&site, &req](const Error& e) { return show_document(site, req, {{"error", e.message}}, http_status(e.kind)); };
}

}  // namespace

void register_document_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  auto draft = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string kind = in.text("kind");
    return change(
        site, req, in, [&](store::Tx& tx) { return draft_document(tx, p, *id, kind); },
        [&](std::int64_t doc) {
          if (req.is_api()) return web::json_reply(json{{"id", doc}}, 201);
          return web::see_other("/workspace/documents/" + std::to_string(doc));
        },
        [&](const Error& e) { return render_case(site, req, *id, {{"error", e.message}}, http_status(e.kind)); });
  };
  router.add("POST", "/workspace/cases/{id}/documents", "recording.handle", draft);
  router.add("POST", "/api/v1/cases/{id}/documents", "recording.handle", draft);

  auto show = [&site](Request& req) { return show_document(site, req); };
  router.add("GET", "/workspace/documents/{id}", "recording.view", show);
  router.add("GET", "/api/v1/documents/{id}", "recording.view", show);

  // After a change of the document: the document again (API) or a redirect to its page.
  auto changed = [&site](const Request& req, std::int64_t id) {
    if (req.is_api()) return show_document(site, req);
    return web::see_other("/workspace/documents/" + std::to_string(id));
  };

  auto edit = [&site, changed](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoDocument);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string body = in.text("body");
    return change(
        site, req, in, [&](store::Tx& tx) { return edit_document(tx, p, *id, body); }, [&] { return changed(req, *id); },
        document_refused(site, req));
  };
  router.add("POST", "/workspace/documents/{id}", "recording.handle", edit);
  router.add("PUT", "/api/v1/documents/{id}", "recording.handle", edit);

  auto sign = [&site, blobs, changed](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoDocument);
    if (!id) return web::fail(site, req, id.error());
    return change(
        site, req, [&](store::Tx& tx) { return sign_document(tx, blobs.get(), p, *id); }, [&] { return changed(req, *id); },
        document_refused(site, req));
  };
  router.add("POST", "/workspace/documents/{id}/sign", "recording.sign", sign);
  router.add("POST", "/api/v1/documents/{id}/sign", "recording.sign", sign);

  auto correct = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoDocument);
    if (!id) return web::fail(site, req, id.error());
    return change(
        site, req, [&](store::Tx& tx) { return correct_document(tx, p, *id); },
        [&](std::int64_t fix) {
          if (req.is_api()) return web::json_reply(json{{"id", fix}}, 201);
          return web::see_other("/workspace/documents/" + std::to_string(fix));
        },
        document_refused(site, req));
  };
  router.add("POST", "/workspace/documents/{id}/correct", "recording.handle", correct);
  router.add("POST", "/api/v1/documents/{id}/correct", "recording.handle", correct);

  // The PDF: the signed bytes from the blob store; a draft renders as a preview.
  auto pdf = [&site, blobs](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoDocument);
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, [&](store::Tx& tx) { return document_pdf(tx, *blobs, p, *id); },
                     [&](DocumentPdf& d) {
                       Response resp;
                       resp.body = std::move(d.bytes);
                       resp.headers.set("Content-Type", "application/pdf");
                       resp.headers.set("Content-Disposition", "inline; filename=\"document-" + std::to_string(*id) + ".pdf\"");
                       if (!d.sha256.empty()) resp.headers.set("X-Content-SHA256", d.sha256);
                       return resp;
                     });
  };
  router.add("GET", "/workspace/documents/{id}/pdf", "recording.view", pdf);
  router.add("GET", "/api/v1/documents/{id}/pdf", "recording.view", pdf);
}

}  // namespace zhifa::recording
