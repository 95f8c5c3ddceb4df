#include "platform/http/router.h"

#include <stdexcept>

namespace zhifa::http {

static std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, std::string permission, Handler handler) {
  add(std::move(method), std::move(pattern), std::move(permission), std::move(handler), BodyLimit{});
}

void Router::add(std::string method, std::string pattern, std::string permission, Handler handler, BodyLimit body) {
  if (permission.empty()) throw std::logic_error("route " + pattern + " names no permission");
  Route r{std::move(method), pattern, std::move(permission), std::move(handler), split_path(pattern), std::move(body)};
  routes_.push_back(std::move(r));
}

BodyLimit Router::body_limit(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const {
  Match m = match(method, path, params);
  return m.route ? m.route->body : BodyLimit{};
}

static bool match_route(const Route& r, const std::vector<std::string>& segs, std::map<std::string, std::string>& params) {
  std::map<std::string, std::string> got;
  std::size_t n = r.segments.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& p = r.segments[i];
    bool is_param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (is_param && p.ends_with("...}")) {
      if (i >= segs.size()) return false;
      std::string rest;
      for (std::size_t k = i; k < segs.size(); ++k) rest += (k > i ? "/" : "") + segs[k];
      got[p.substr(1, p.size() - 5)] = rest;
      params = std::move(got);
      return true;
    }
    if (i >= segs.size()) return false;
    if (is_param) got[p.substr(1, p.size() - 2)] = segs[i];
    else if (p != segs[i]) return false;
  }
  if (segs.size() != n) return false;
  params = std::move(got);
  return true;
}

Match Router::match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const {
  auto segs = split_path(path);
  Match m;
  // Literal routes win over parameter routes: take the match with the most literal segments.
  int best_literals = -1;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> p;
    if (!match_route(r, segs, p)) continue;
    bool same = r.method == method || (method == "HEAD" && r.method == "GET");
    if (!same) {
      m.path_matched_other_method = true;
      if (m.allow.find(r.method) == std::string::npos) m.allow += (m.allow.empty() ? "" : ", ") + r.method;
      continue;
    }
    int literals = 0;
    for (auto& s : r.segments) literals += (s.empty() || s.front() != '{');
    if (literals > best_literals) {
      best_literals = literals;
      m.route = &r;
      params = std::move(p);
    }
  }
  return m;
}

}  // namespace zhifa::http
