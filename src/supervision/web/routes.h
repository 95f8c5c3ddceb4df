#pragma once
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::supervision {
// 执法监督: the supervisor's workspace (/workspace/supervision…: overview, cases, one case
// read-only, statistics, warnings and 督办) and GET /api/v1/supervision/statistics; adds the
// warnings to "my tasks".
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::supervision
