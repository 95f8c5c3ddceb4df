#pragma once
// The two halves of the complaint routes (complaints/web/routes.h registers both).
#include <memory>

#include "platform/blob/blob_store.h"
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::complaints {
// /complaints/new, POST /complaints, /api/v1/complaints…, /complaints/{code}…: no login.
void register_public_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs);
// /workspace/complaints…: the handling agency's staff.
void register_workspace_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs);
}  // namespace zhifa::complaints
