#include "complaints/web/routes.h"

#include <memory>

#include "complaints/service.h"
#include "complaints/web/parts.h"
#include "platform/blob/blob_store.h"

namespace zhifa::complaints {

void register_routes(http::Router& router, web::Site& site) {
  auto blobs = std::shared_ptr<blob::BlobStore>(
      blob::open_filesystem_store((site.options.data_dir.empty() ? std::string("./data") : site.options.data_dir) + "/blobs"));
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, nlohmann::json& out) { return tasks(tx, p, out); });
  register_public_routes(router, site, blobs);
  register_workspace_routes(router, site, blobs);
}

}  // namespace zhifa::complaints
