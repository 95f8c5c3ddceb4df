#pragma once
// Routes: method + pattern ("/ledger/entries/{index}") → handler. Every route names the
// permission it needs (or kPublic); the dispatcher checks it before the handler runs, so a
// handler cannot forget. Deny by default: a route without a permission does not register.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/http/message.h"

namespace zhifa::http {

using Handler = std::function<Response(Request&)>;

// How the server takes a route's request body. The server looks the route up from the request
// head (method and path) before it reads any of the body, so that a body over the limit is
// answered 413 — from Content-Length, or as soon as a chunked body passes it — without reading it.
struct BodyLimit {
  std::uint64_t max_bytes = 0;  // 0: the server's default (ServerOptions::max_body_bytes)
  // false: the body is read into Request::body (forms, JSON). true: it is streamed, in pieces of
  // at most 64 KiB, into a temporary file hashed on the way (Request::body_file); memory stays
  // constant whatever its size. For uploads.
  bool to_file = false;
  // Called on the request head (headers, path, params; no body yet) before the body is read:
  // an answer here is sent instead, and the body is never read (e.g. 409 for a resumable
  // upload's wrong Upload-Offset, 404 for an unknown upload). Runs on a server thread.
  std::function<std::optional<Response>(const Request& head)> before_body;
};

struct Route {
  std::string method;
  std::string pattern;
  std::string permission;  // e.g. "public", "workspace.view", "org.admin"
  Handler handler;
  std::vector<std::string> segments;  // the pattern split at '/'
  BodyLimit body;                     // default: the server's in-memory limit
};

struct Match {
  const Route* route = nullptr;
  bool path_matched_other_method = false;  // 405 rather than 404
  std::string allow;                       // methods for the Allow header
};

class Router {
 public:
  // Patterns are literal segments and {name} parameters; a last segment {name...} takes the rest.
  void add(std::string method, std::string pattern, std::string permission, Handler handler);
  // The same, with its own body limit (and streaming to a file for uploads).
  void add(std::string method, std::string pattern, std::string permission, Handler handler, BodyLimit body);
  Match match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const;
  const std::vector<Route>& routes() const { return routes_; }
  // The body limit of the route this request would go to (the default one when none matches);
  // params receives the route's path parameters. The server calls it on every request head.
  BodyLimit body_limit(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace zhifa::http
