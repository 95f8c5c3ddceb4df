#pragma once
// The legal review pages and API: /workspace/review/… (the queue, a submission with its
// checklist, return and escalation, the catalog, staffing, accountability per case) and
// /api/v1/review/… (a submission as JSON, "is this decision major?", the published catalog).
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::review {
// Registers the routes and the dashboard task provider.
void register_routes(http::Router& router, web::Site& site);
}  // namespace zhifa::review
