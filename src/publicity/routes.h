#pragma once
// Publicity routes: the public 行政执法公示 column of each agency (every list, filter and search,
// history and differences, open data JSON/CSV, Atom feed, service guides with PDF, flowcharts,
// certificate check) and the workspace where lists are edited, reviewed and published.
#include "web/site.h"
#include "platform/http/router.h"

namespace zhifa::publicity {
void register_publicity_routes(http::Router& router, web::Site& site);
// The site's public base URL (--public-url, else http:// + the listen address; never the
// request's Host header), for links in feeds, CSV, QR codes and guides.
std::string base_url(const web::Site& site);
// The public decisions (事后公开): search, decision pages, open data, feed; and the workspace
// where the publicity editor reviews masking, publishes and withdraws (decision_routes.cc).
void register_decision_routes(http::Router& router, web::Site& site);
}
