#pragma once
// The request pipeline: every request passes through App::handle, which
//   1. refuses malformed input (invalid UTF-8 in path, query or form body) with 400;
//   2. finds the route (404 / 405 with Allow);
//   3. finds who is asking (API token, else session cookie, else anonymous);
//   4. checks the route's permission with org::authorize — deny by default;
//   5. checks the CSRF token on every state-changing request made with a cookie;
//   6. calls the handler; 7. adds security headers, compresses, logs, counts.
#include <memory>
#include <string>

#include "app/config.h"
#include "web/site.h"
#include "platform/http/metrics.h"
#include "platform/http/router.h"
#include "platform/ledger/note.h"

namespace zhifa::app {

class App {
 public:
  // key: the ledger signer for on-demand checkpoints (may be null).
  App(const Config& cfg, store::Database& db, std::shared_ptr<render::Templates> templates,
      const ledger::SignerKey* key = nullptr);
  http::Response handle(http::Request& req);
  http::Router& router() { return router_; }
  web::Site& site() { return site_; }
  http::Metrics& metrics() { return metrics_; }

 private:
  http::Response dispatch(http::Request& req);
  void apply_forwarded(http::Request& req) const;
  void finish(const http::Request& req, http::Response& resp);
  void log(const http::Request& req, const http::Response& resp, double seconds, const std::string& permission);

  Config cfg_;
  store::Database& db_;
  web::Site site_;
  http::Router router_;
  http::Metrics metrics_;
};

}  // namespace zhifa::app
