#include "app/law_routes.h"

#include "law/calendar.h"
#include "law/cli.h"

namespace zhifa::app {

using http::Request;
using http::Response;

namespace {
Response reply(const law::LawApiReply& r) { return Response::json(r.body, r.status); }

// The official calendar plus any notices imported into this database (zhifa law calendar import).
template <typename F>
Response with_calendar(web::Site& site, F&& f) {
  std::optional<law::Calendar> cal;
  Error err;
  auto st = site.db.read([&](store::Tx& tx) -> Status {
    auto c = law::load_calendar(tx);
    if (!c) return c.error();
    cal.emplace(std::move(*c));
    return {};
  });
  if (!st) return Response::json_error(http_status(st.error().kind), st.error().message);
  return reply(f(*cal));
}
}  // namespace

void register_law_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/api/v1/law/workday/add", "public", [&site](Request& req) {
    return with_calendar(site, [&](const law::Calendar& c) { return law::law_api_workday_add(req.query, c); });
  });
  router.add("GET", "/api/v1/law/workday/between", "public", [&site](Request& req) {
    return with_calendar(site, [&](const law::Calendar& c) { return law::law_api_workday_between(req.query, c); });
  });
  router.add("GET", "/api/v1/law/calendar", "public", [&site](Request& req) {
    return with_calendar(site, [&](const law::Calendar& c) { return law::law_api_calendar(req.query, c); });
  });
  router.add("GET", "/api/v1/law/check", "public", [](Request& req) { return reply(law::law_api_check(req.query)); });
  router.add("POST", "/api/v1/law/mask", "public", [](Request& req) { return reply(law::law_api_mask(req.body)); });
  router.add("POST", "/api/v1/law/mask/apply", "public", [](Request& req) { return reply(law::law_api_mask_apply(req.body)); });
}

}  // namespace zhifa::app
