#pragma once
#include "web/site.h"
#include "platform/http/router.h"

namespace zhifa::publicity {
// The public 行政执法公示 portal: home (the column and every agency), a page per agency with
// its subject information, sections, subordinate agencies and certified staff (seed 一.7).
void register_portal_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::publicity
