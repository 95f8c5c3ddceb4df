#pragma once
// The organisation's pages: login/logout and the dashboard (session_routes.cc), agencies
// (agency_routes.cc), people, roles and certificates (people_routes.cc), API tokens
// (token_routes.cc).
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::org {
void register_session_routes(http::Router& router, web::Site& site);
void register_agency_routes(http::Router& router, web::Site& site);
void register_people_routes(http::Router& router, web::Site& site);
void register_token_routes(http::Router& router, web::Site& site);
// All four.
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::org
