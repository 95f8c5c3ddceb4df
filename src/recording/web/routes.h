#pragma once
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::recording {
// Case handling pages (/workspace/cases…, /workspace/documents…), the JSON API
// (/api/v1/cases…, /api/v1/documents…) and the "my tasks" provider. Signed PDFs go to
// <site.options.data_dir>/blobs; PDFs signed without a blob store (rec_pending_blobs, e.g. by the
// demo seeder) are moved there at registration.
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::recording
