#include "app/web.h"

#include "law/money.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "app/api_doc_routes.h"
#include "app/law_routes.h"
#include "app/ledger_routes.h"
#include "complaints/web/routes.h"
#include "web/gate.h"
#include "web/handle.h"
#include "platform/ledger/checkpoint.h"
#include "org/auth.h"
#include "org/web/routes.h"
#include "platform/core/assets.h"
#include "platform/core/clock.h"
#include "platform/core/log.h"
#include "platform/core/text.h"
#include "platform/http/compress.h"
#include "platform/http/multipart.h"
#include "platform/http/static_files.h"
#include "platform/http/util.h"
#include "publicity/web/routes.h"
#include "review/web/routes.h"
#include "inspection/web/routes.h"
#include "recording/cases.h"
#include "recording/web/routes.h"
#include "supervision/web/routes.h"
#include "review/service.h"

namespace zhifa::app {

using http::Request;
using http::Response;

namespace {
const std::time_t kBuildTime = std::time(nullptr);

void register_platform_routes(http::Router& r, App& app, store::Database& db) {
  r.add("GET", "/healthz", "public", [&db](Request&) {
    auto st = db.read([](store::Tx& tx) { return store::ping(tx); });
    if (!st) return Response::json("{\"status\":\"unavailable\",\"error\":" + http::json_string(st.error().message) + "}", 503);
    return Response::json("{\"status\":\"ok\"}");
  });
  r.add("GET", "/metrics", "public", [&app, &db](Request&) {
    auto s = db.stats();
    std::string extra;
    extra += "# HELP zhifa_db_pool_size Database connections.\n# TYPE zhifa_db_pool_size gauge\nzhifa_db_pool_size " + std::to_string(s.size) + "\n";
    extra += "# HELP zhifa_db_pool_in_use Connections in use.\n# TYPE zhifa_db_pool_in_use gauge\nzhifa_db_pool_in_use " + std::to_string(s.in_use) + "\n";
    extra += "# HELP zhifa_db_pool_waits_total Times a request waited for a connection.\n# TYPE zhifa_db_pool_waits_total counter\nzhifa_db_pool_waits_total " + std::to_string(s.waits) + "\n";
    extra += "# HELP zhifa_db_transactions_total Transactions run.\n# TYPE zhifa_db_transactions_total counter\nzhifa_db_transactions_total " + std::to_string(s.transactions) + "\n";
    return Response::text(app.metrics().render(extra), 200, "text/plain; version=0.0.4; charset=utf-8");
  });
  // Static assets are compiled in; their ETag is a hash of their bytes' identity at build.
  r.add("GET", "/static/{file...}", "public", [](Request& req) {
    std::string path = "static/" + std::string(req.param("file"));
    auto bytes = assets::find(path);
    if (!bytes || path.find("..") != std::string::npos) return Response::text("not found", 404);
    std::string etag = "\"" + std::to_string(std::hash<std::string_view>{}(*bytes)) + "\"";
    return http::serve_bytes(req, *bytes, http::content_type_for(path), etag, kBuildTime, "public, max-age=3600");
  });
  r.add("GET", "/favicon.ico", "public", [](Request&) { return Response::text("", 204); });
}

// The path as logs keep it: a path that carries a secret (a complaint's tracking code, which
// opens its text to whoever holds it) is logged by its route pattern instead.
std::string loggable_path(const Request& req) {
  if (req.route.rfind("/complaints/{code}", 0) == 0 || req.route == "/api/v1/complaints/{code}") return req.route;
  return req.path.substr(0, 300);
}

bool has_invalid_utf8(const Request& req) {
  if (!text::valid_utf8(req.path)) return true;
  for (auto& [k, v] : req.query)
    if (!text::valid_utf8(k) || !text::valid_utf8(v)) return true;
  if (req.header("Content-Type").find("application/x-www-form-urlencoded") != std::string_view::npos)
    for (auto& [k, v] : req.form())
      if (!text::valid_utf8(k) || !text::valid_utf8(v)) return true;
  return false;
}

}  // namespace

App::App(const Config& cfg, store::Database& db, std::shared_ptr<render::Templates> templates,
         const ledger::SignerKey* key)
    : cfg_(cfg), db_(db), site_(db, std::move(templates), web::SiteOptions{cfg.base_url(), cfg.cookies_secure(), cfg.data_dir}) {
  law::set_max_amount_fen(static_cast<std::int64_t>(cfg.max_amount_yuan) * 100);
  if (key)
    site_.sign_checkpoint = [this, key]() -> Status {
      auto r = ledger::make_checkpoint(db_, *key, key->verifier.name);
      return r ? Status{} : Status(r.error());
    };
  register_platform_routes(router_, *this, db_);
  org::register_routes(router_, site_);
  publicity::register_portal_routes(router_, site_);
  publicity::register_publicity_routes(router_, site_);
  publicity::register_decision_routes(router_, site_);
  register_law_routes(router_, site_);
  register_ledger_routes(router_, site_, key);
  register_api_doc_routes(router_);
  review::set_case_lookup(recording::case_ref_for_review);  // review checks a case's agency through case handling
  recording::register_routes(router_, site_);
  review::register_routes(router_, site_);
  complaints::register_routes(router_, site_);
  inspection::register_routes(router_, site_);
  supervision::register_routes(router_, site_);
}

// Behind a reverse proxy (deploy/nginx/zhifa.conf) the peer is the proxy and the client is the
// last X-Forwarded-For hop not added by a trusted proxy — believed only when the peer itself is
// a configured trusted proxy (login throttling and complaint limits count per client address).
// The scheme is not taken from X-Forwarded-Proto: absolute URLs come from the public URL.
void App::apply_forwarded(Request& req) const {
  auto trusted = [this](std::string_view a) {
    return std::find(cfg_.trusted_proxies.begin(), cfg_.trusted_proxies.end(), a) != cfg_.trusted_proxies.end();
  };
  if (cfg_.trusted_proxies.empty() || !trusted(req.remote)) return;
  std::string_view xff = req.header("x-forwarded-for");
  while (!xff.empty()) {
    auto comma = xff.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (!hop.empty() && !trusted(hop)) {
      if (hop.size() <= 45 && hop.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos) req.remote = std::string(hop);
      return;
    }
    if (comma == std::string_view::npos) return;
    xff = xff.substr(0, comma);
  }
}

Response App::handle(Request& req) {
  apply_forwarded(req);
  ++metrics_.in_flight;
  Response resp = dispatch(req);
  finish(req, resp);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - req.start).count();
  metrics_.observe(req.route.empty() ? "unmatched" : req.route, resp.status, secs);
  --metrics_.in_flight;
  return resp;
}

Response App::dispatch(Request& req) {
  if (has_invalid_utf8(req)) return site_.error(req, 400, "请求含有无效的 UTF-8 编码 (invalid UTF-8 in the request)");
  http::Match m = router_.match(req.method, req.path, req.params);
  if (!m.route) {
    if (m.path_matched_other_method) {
      auto resp = site_.error(req, 405, "此地址不接受 " + req.method + " 请求 (method not allowed)");
      resp.headers.set("Allow", m.allow);
      return resp;
    }
    return site_.error(req, 404, "页面不存在 (not found): " + req.path);
  }
  req.route = m.route->pattern;
  const std::string& permission = m.route->permission;

  // The gate: who is asking, authorization against the route's permission, CSRF.
  web::Admission admission = web::admit(site_, req, permission);
  const auto& principal = web::principal(req);
  if (admission.refusal) {
    if (admission.denied_by_role) log(req, Response::text("", principal.anonymous() ? 401 : 403), 0, permission);
    return std::move(*admission.refusal);
  }

  Response resp;
  try {
    resp = m.route->handler(req);
  } catch (const std::exception& e) {
    logs::error("http.uncaught", {{"route", req.route}, {"error", e.what()}});
    resp = site_.error(req, 500, "服务器内部错误 (internal error)");
  }
  site_.flash_after(req, resp);
  if (!admission.new_csrf_cookie.empty()) {
    resp.headers.add("Set-Cookie", "zhifa_csrf=" + admission.new_csrf_cookie + site_.cookie_attributes(86400));
  }
  if (!principal.anonymous()) log(req, resp, 0, permission);
  return resp;
}

void App::finish(const Request& req, Response& resp) {
  auto& h = resp.headers;
  // The default policy, unless the route set its own (the sandbox of an A/V original).
  if (!h.get("Content-Security-Policy"))
    h.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "same-origin");
  h.set("X-Frame-Options", "DENY");
  if (site_.options.secure_cookies) h.set("Strict-Transport-Security", "max-age=31536000");
  http::maybe_compress(req, resp);
  if (!cfg_.access_log) return;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - req.start).count();
  // JSON-lines access log on stdout. Never the query string or body: they may hold secrets.
  char line[1024];
  int n = std::snprintf(line, sizeof line,
                "{\"t\":\"%s\",\"remote\":%s,\"method\":%s,\"path\":%s,\"route\":%s,\"status\":%d,\"ms\":%.3f,\"bytes\":%zu}\n",
                clock::now_iso().c_str(), http::json_string(req.remote).c_str(), http::json_string(req.method).c_str(),
                http::json_string(loggable_path(req)).c_str(), http::json_string(req.route).c_str(), resp.status,
                secs * 1000, resp.body.size());
  // One write(2) per line, no lock: a write of under PIPE_BUF bytes is not interleaved.
  if (n > 0) (void)!::write(1, line, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof line - 1));
}

// The database access log: who viewed or changed what (staff and tokens only; the public's
// reading is in the JSON-lines log without identity).
void App::log(const Request& req, const Response& resp, double, const std::string& permission) {
  const auto& p = web::Site::principal(req);
  std::string subject = loggable_path(req);
  org::AccessRecord rec{p.anonymous() ? std::nullopt : std::optional<std::int64_t>(p.person_id), req.remote, req.method, req.route,
                        permission, subject, resp.status};
  // Best effort: a request is not failed because its access-log row could not be written.
  log_if_error("access log", db_.write([&](store::Tx& tx) { return org::log_access(tx, rec); }));
}

}  // namespace zhifa::app
