#pragma once
// Publicity routes (registered by app/web.cc):
// - the portal (portal_home.cc): home (the column and every agency), a page per agency with its
//   subject information, sections, subordinate agencies and certified staff (seed 一.7);
// - the lists (publicity_routes.cc and the files it names): the public 行政执法公示 column of each
//   agency (every list, filter and search, history and differences, open data JSON/CSV, Atom
//   feed, service guides with PDF, flowcharts, certificate check) and the workspace where lists
//   are edited, reviewed and published;
// - the decisions (事后公开, decisions_portal.cc and decisions_workspace.cc): search, decision
//   pages, open data, feed; and the workspace where the publicity editor reviews masking,
//   publishes and withdraws.
#include <string>

#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::publicity {
void register_portal_routes(http::Router& router, web::Site& site);
void register_publicity_routes(http::Router& router, web::Site& site);
void register_decision_routes(http::Router& router, web::Site& site);
// The site's public base URL (--public-url, else http:// + the listen address; never the
// request's Host header), for links in feeds, CSV, QR codes and guides.
std::string base_url(const web::Site& site);
}  // namespace zhifa::publicity
