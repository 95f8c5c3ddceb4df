#pragma once
#include "web/site.h"
#include "platform/http/router.h"

namespace zhifa::recording {
// Case handling pages (/workspace/cases…, /workspace/documents…), the JSON API
// (/api/v1/procedures, /api/v1/cases…, /api/v1/documents…) and the "my tasks" provider.
// Signed PDFs go to <site.options.data_dir>/blobs; PDFs signed by the demo seeder are moved
// there at registration.
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::recording
