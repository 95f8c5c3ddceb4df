// A person's own API tokens: list, create (shown once), revoke.
#include "org/auth.h"
#include "org/web/routes.h"
#include "platform/http/util.h"
#include "web/handle.h"

namespace zhifa::org {

using http::Request;
using http::Response;
using nlohmann::json;

void register_token_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/tokens", "token.own", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return list_api_tokens(tx, p.person_id); },
                     [&](std::vector<TokenInfo>& tokens) {
                       json ctx{{"tokens", json::array()}, {"new_token", req.query_param("created") == "1" ? json("") : json(nullptr)}};
                       for (auto& t : tokens)
                         ctx["tokens"].push_back({{"id", t.id}, {"name", t.name}, {"scopes", t.scopes}, {"created_at", t.created_at},
                                                  {"revoked", t.revoked}});
                       ctx["scopes"] = json::array();
                       for (auto& perm : permissions())
                         if (perm.name != "public" && perm.name != "staff" && authorize(p, perm.name).allowed)
                           ctx["scopes"].push_back({{"name", std::string(perm.name)}, {"what", std::string(perm.what)}});
                       return site.workspace_page(req, "API 令牌", "workspace/tokens", ctx);
                     });
  });

  router.add("POST", "/workspace/tokens", "token.own", [&site](Request& req) {
    const auto& p = web::principal(req);
    if (req.form_value("action") == "revoke") {
      auto id = http::parse_id(req.form_value("token_id"));
      if (!id) return site.error(req, 400, "缺少令牌编号");
      return web::write(site, req, [&](store::Tx& tx) { return revoke_api_token(tx, p, *id); },
                        [] { return web::see_other("/workspace/tokens"); });
    }
    std::string scopes;
    for (auto& s : req.form_all("scopes")) scopes += (scopes.empty() ? "" : " ") + s;
    // The token is shown once, now; only its hash is kept.
    return web::write(site, req, [&](store::Tx& tx) { return create_api_token(tx, p, req.form_value("name"), scopes); },
                      [&](NewToken& t) {
                        return site.workspace_page(req, "API 令牌", "workspace/token_created", json{{"token", t.token}, {"scopes", scopes}});
                      });
  });
}

}  // namespace zhifa::org
