// The 法制审核意见书 of a submission: the printable page and the PDF (review/opinion_doc.h),
// once the reviewer has given an opinion.
#include <nlohmann/json.hpp>

#include "review/model.h"
#include "review/opinion_doc.h"
#include "review/views.h"
#include "review/web/pages.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

void register_opinion_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/review/{id}/opinion", "review.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoSuchReview);
    if (!id) return web::fail(site, req, id.error());
    return web::read(
        site, req, [&](store::Tx& tx) { return visible_submission(tx, p, *id); },
        [&](json& s) {
          json ctx = opinion_context(s);
          if (!ctx["issued"].get<bool>()) return site.error(req, 409, "该审核尚未出具审核意见");
          return page(site, req, "法制审核意见书", "review/opinion", ctx);
        });
  });

  router.add("GET", "/workspace/review/{id}/opinion.pdf", "review.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoSuchReview);
    if (!id) return web::fail(site, req, id.error());
    return web::read(
        site, req, [&](store::Tx& tx) { return visible_submission(tx, p, *id); },
        [&](json& s) {
          if (!opinion_context(s)["issued"].get<bool>()) return site.error(req, 409, "该审核尚未出具审核意见");
          auto pdf = opinion_pdf(s);
          if (!pdf) return web::fail(site, req, pdf.error());
          Response resp;
          resp.status = 200;
          resp.body = std::move(*pdf);
          resp.headers.set("Content-Type", "application/pdf");
          resp.headers.set("Content-Disposition", "inline; filename=\"review-opinion-" + std::to_string(*id) + ".pdf\"");
          resp.headers.set("Cache-Control", "no-store");
          return resp;
        });
  });
}

}  // namespace zhifa::review
