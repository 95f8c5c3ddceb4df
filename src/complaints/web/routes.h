#pragma once
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::complaints {
// 投诉举报: the public form (/complaints/new, POST /complaints, POST /api/v1/complaints), the
// tracking page (/complaints/{code}), the statistics (GET /api/v1/complaints/statistics) and the
// handlers' workspace (/workspace/complaints…); adds the deadlines to "my tasks".
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::complaints
