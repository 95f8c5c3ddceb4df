#pragma once
// Routes: method + pattern ("/ledger/entries/{index}") → handler. Every route names the
// permission it needs (or kPublic); the dispatcher checks it before the handler runs, so a
// handler cannot forget. Deny by default: a route without a permission does not register.
#include <functional>
#include <string>
#include <vector>

#include "platform/http/message.h"

namespace zhifa::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::string permission;  // e.g. "public", "workspace.view", "org.admin"
  Handler handler;
  std::vector<std::string> segments;  // the pattern split at '/'
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
  Match match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace zhifa::http
