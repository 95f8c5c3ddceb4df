#pragma once
#include "web/site.h"
#include "platform/http/router.h"

namespace zhifa::app {
// /api/v1/law/…: the legal primitives as JSON (public: pure computations on public rules).
void register_law_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::app
