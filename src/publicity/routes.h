#pragma once
// Publicity routes: the public 行政执法公示 column of each agency (every list, filter and search,
// history and differences, open data JSON/CSV, Atom feed, service guides with PDF, flowcharts,
// certificate check) and the workspace where lists are edited, reviewed and published.
#include "org/site.h"
#include "platform/http/router.h"

namespace zhifa::publicity {
void register_publicity_routes(http::Router& router, org::Site& site);
}
