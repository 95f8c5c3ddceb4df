// The read-only drill-down of 执法监督 (issue 20): from a supervised case to its documents (and
// their PDF), its legal review and its publication — on the owning pillar's own page, not a copy.
// The request is handed to that pillar's GET route with viewer(p, scope) as the principal: only
// the read-only supervisor role, over exactly the agencies p supervises (scope.h, the one rule).
// The pillar's own checks then answer 404 for a record of another agency and offer no action
// (the role may not handle, sign, review or publish); every change route still refuses p.
#include "platform/http/router.h"
#include "supervision/scope.h"
#include "supervision/web/routes.h"
#include "web/handle.h"

namespace zhifa::supervision {

using http::Request;
using http::Response;

namespace {

// GET `pattern` (under /workspace/supervision) answered by the route `target` as the viewer.
void read_only(http::Router& router, web::Site& site, const std::string& pattern, const std::string& target, const char* missing) {
  router.add("GET", pattern, "supervision.view", [&router, &site, target, missing](Request& req) {
    auto id = web::path_id(req, "id", missing);
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    Result<Scope> scope = Error::internal("");
    Status st = site.db.read([&](store::Tx& tx) -> Status {
      scope = supervised(tx, p);
      return {};
    });
    if (!st) return web::fail(site, req, st.error());
    if (!scope) return web::fail(site, req, scope.error());
    if (scope->agencies.empty()) return web::fail(site, req, Error::not_found(missing));
    std::string path = target;
    path.replace(path.find("{id}"), 4, std::to_string(*id));
    std::map<std::string, std::string> params;
    http::Match m = router.match("GET", path, params);
    if (!m.route) return web::fail(site, req, Error::not_found(missing));
    req.user = viewer(p, *scope);  // from here on the pillar sees only the read-only viewer
    req.path = path;
    req.params = params;
    return m.route->handler(req);
  });
}

}  // namespace

void register_drilldown_routes(http::Router& router, web::Site& site) {
  read_only(router, site, "/workspace/supervision/documents/{id}", "/workspace/documents/{id}", "没有这份文书");
  read_only(router, site, "/workspace/supervision/documents/{id}/pdf", "/workspace/documents/{id}/pdf", "没有这份文书");
  read_only(router, site, "/workspace/supervision/review/{id}", "/workspace/review/{id}", "没有这份法制审核");
  read_only(router, site, "/workspace/supervision/decisions/{id}", "/workspace/decisions/{id}", "没有这条执法决定公示");
}

}  // namespace zhifa::supervision
