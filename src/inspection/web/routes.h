#pragma once
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::inspection {
// 双随机、一公开: the staff JSON API (/api/v1/inspection/{agency}/…), the public records
// (/inspections/draws.json, /inspections/draws/{id}[.json], /inspections/results.json) and the
// portal page (/agencies/{code}/inspections); the staff pages (/workspace/inspection/…).
void register_routes(http::Router& router, web::Site& site);

namespace web_detail {
void register_api(http::Router& router, web::Site& site);
void register_api_draw(http::Router& router, web::Site& site);
void register_public(http::Router& router, web::Site& site);
void register_open_data(http::Router& router, web::Site& site);      // web/open_data.cc
void register_workspace(http::Router& router, web::Site& site);       // web/workspace.cc
void register_workspace_plan(http::Router& router, web::Site& site);  // web/workspace_plan.cc
}  // namespace web_detail
}  // namespace zhifa::inspection
