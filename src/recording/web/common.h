#pragma once
// What the recording route files share: the case page and the document page (also the answer
// to a refused change, with the reason above the form), the place of an act as a form or a JSON
// object gives it, and how a change of a case or a document is answered.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "platform/blob/blob_store.h"
#include "platform/http/message.h"
#include "platform/http/router.h"
#include "recording/case.h"
#include "web/handle.h"
#include "web/site.h"

namespace zhifa::recording {

// One file per resource (web/*_routes.cc), registered by register_routes (web/routes.h).
void register_case_list_routes(http::Router& router, web::Site& site);
void register_case_routes(http::Router& router, web::Site& site);
// 裁量基准执行: decisions by matter and band (discretion_routes.cc).
void register_discretion_routes(http::Router& router, web::Site& site);
void register_document_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs);
void register_case_file_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs);
// 音像记录: the tus 1.0 upload server at /api/v1/uploads (upload_routes.cc).
void register_upload_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs);
// 音像记录 items: playback, download with a reason, thumbnails, custody (av_routes.cc).
void register_av_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs);

// The case page (workspace) or the case as JSON (API), `extra` added to the page's context.
http::Response render_case(web::Site& site, const http::Request& req, std::int64_t case_id, nlohmann::json extra = nlohmann::json::object(),
                           int status = 200);
// The document page (workspace) or the document as JSON (API); the id is the path's {id}.
http::Response show_document(web::Site& site, const http::Request& req, nlohmann::json extra = nlohmann::json::object(), int status = 200);

// Where an act happened: a form's latitude/longitude/accuracy_m/place, or the JSON object
// "location" of an API body.
Location location_of(web::Input& in);

// A change of a case or a document: `service` runs in one write transaction (web::write). The
// API answers with `done` or a JSON error; a form is answered with `done` or, when refused
// (other than a missing id), with `refused(error)` — the page again with the reason, at the
// error's status — and nothing changed.
using Refused = std::function<http::Response(const Error&)>;
template <class Service, class Done>
http::Response change(web::Site& site, const http::Request& req, const web::Input& in, Service&& service, Done&& done, Refused refused) {
  std::optional<Error> refusal;
  auto answer = web::write(
      site, req, in,
      [&](store::Tx& tx) {
        auto r = service(tx);
        if (!r) refusal = r.error();
        return r;
      },
      std::forward<Done>(done), [&](const Error& e) { return refused(e); });
  if (refusal && !req.is_api() && refusal->kind != ErrorKind::kNotFound) return refused(*refusal);
  return answer;
}
// The same for a change without a body (sign, correct).
template <class Service, class Done>
http::Response change(web::Site& site, const http::Request& req, Service&& service, Done&& done, Refused refused) {
  std::optional<Error> refusal;
  auto answer = web::write(
      site, req,
      [&](store::Tx& tx) {
        auto r = service(tx);
        if (!r) refusal = r.error();
        return r;
      },
      std::forward<Done>(done), [&](const Error& e) { return refused(e); });
  if (refusal && !req.is_api() && refusal->kind != ErrorKind::kNotFound) return refused(*refusal);
  return answer;
}

}  // namespace zhifa::recording
