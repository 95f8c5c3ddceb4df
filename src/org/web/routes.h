#pragma once
#include "web/site.h"
#include "platform/http/router.h"

namespace zhifa::org {
// Login/logout, the "my tasks" dashboard, administration of agencies, people, certificates and
// roles, and API tokens.
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::org
