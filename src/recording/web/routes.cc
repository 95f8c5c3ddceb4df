#include "recording/web/routes.h"

#include <memory>

#include "recording/documents.h"
#include "recording/tasks.h"
#include "recording/web/common.h"

namespace zhifa::recording {

namespace {

// Moves the PDFs waiting in rec_pending_blobs into the blob store, one transaction each: the
// blob is put before its row is deleted, so a failure leaves the row for the next start.
Status flush_pending_blobs(web::Site& site, blob::BlobStore& blobs) {
  std::vector<std::string> shas;
  auto st = site.db.read([&](store::Tx& tx) -> Status {
    auto r = pending_blobs(tx);
    if (!r) return r.error();
    shas = std::move(*r);
    return {};
  });
  if (!st) return st;
  for (const auto& sha : shas)
    if (auto s = site.db.write([&](store::Tx& tx) { return flush_pending_blob(tx, blobs, sha); }); !s) return s;
  return {};
}

}  // namespace

void register_routes(http::Router& router, web::Site& site) {
  auto blobs = std::shared_ptr<blob::BlobStore>(
      blob::open_filesystem_store((site.options.data_dir.empty() ? std::string("./data") : site.options.data_dir) + "/blobs"));
  log_if_error("recording: flush pending blobs", flush_pending_blobs(site, *blobs));
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, nlohmann::json& tasks) { return tasks_for(tx, p, tasks); });
  register_case_list_routes(router, site);
  register_discretion_routes(router, site);
  register_case_routes(router, site);
  register_document_routes(router, site, blobs);
  register_case_file_routes(router, site, blobs);
  register_upload_routes(router, site, blobs);
  register_av_routes(router, site, blobs);
}

}  // namespace zhifa::recording
