// The case file (案卷): one PDF (/workspace/cases/{id}/file.pdf, /api/v1/cases/{id}/file.pdf) and
// the self-verifying ZIP — documents, manifest, ledger proofs (zhifa verify --bundle).
#include "platform/ledger/verify.h"
#include "recording/case_file.h"
#include "recording/case_file_zip.h"
#include "recording/cases.h"
#include "recording/web/common.h"

namespace zhifa::recording {

using http::Request;
using http::Response;

namespace {

// Each event's ledger bundle. When the newest events are not under a signed checkpoint yet,
// one is signed now (site.sign_checkpoint) and the bundle made again.
Result<std::vector<std::string>> bundles_of(web::Site& site, const CaseFileContents& contents) {
  std::vector<std::string> out;
  for (std::int64_t index : contents.event_indices) {
    auto b = ledger::make_bundle(site.db, static_cast<std::uint64_t>(index), contents.verifier_key);
    if (!b && b.error().kind == ErrorKind::kConflict && site.sign_checkpoint) {
      if (auto s = site.sign_checkpoint(); !s) return s.error();
      b = ledger::make_bundle(site.db, static_cast<std::uint64_t>(index), contents.verifier_key);
    }
    if (!b) return b.error();
    out.push_back(std::move(*b));
  }
  return out;
}

}  // namespace

void register_case_file_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  auto case_file = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    return web::read(
        site, req,
        [&](store::Tx& tx) -> Result<std::string> {
          auto c = load_case(tx, p, *id);
          if (!c) return c.error();
          return case_file_pdf(tx, *c);
        },
        [&](std::string& bytes) {
          Response resp;
          resp.body = std::move(bytes);
          resp.headers.set("Content-Type", "application/pdf");
          resp.headers.set("Content-Disposition", "inline; filename=\"case-" + std::to_string(*id) + ".pdf\"");
          return resp;
        });
  };
  router.add("GET", "/workspace/cases/{id}/file.pdf", "recording.view", case_file);

  // The self-verifying case file: documents, manifest, ledger proofs (zhifa verify --bundle).
  auto case_zip = [&site, blobs](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, [&](store::Tx& tx) { return case_file_contents(tx, blobs.get(), p, *id); },
                     [&](CaseFileContents& contents) {
                       auto bundles = bundles_of(site, contents);
                       if (!bundles) return web::fail(site, req, bundles.error());
                       auto zip = case_file_zip(std::move(contents), *bundles);
                       if (!zip) return web::fail(site, req, zip.error());
                       Response resp;
                       resp.body = std::move(*zip);
                       resp.headers.set("Content-Type", "application/zip");
                       resp.headers.set("Content-Disposition", "attachment; filename=\"case-" + std::to_string(*id) + ".zip\"");
                       return resp;
                     });
  };
  router.add("GET", "/workspace/cases/{id}/file.zip", "recording.view", case_zip);
  router.add("GET", "/api/v1/cases/{id}/file.zip", "recording.view", case_zip);
  router.add("GET", "/api/v1/cases/{id}/file.pdf", "recording.view", case_file);
}

}  // namespace zhifa::recording
