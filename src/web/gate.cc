#include "web/gate.h"

#include "org/auth.h"
#include "platform/http/multipart.h"
#include "platform/http/util.h"

namespace zhifa::web {

using http::Request;
using http::Response;

namespace {

// Who is asking: nullopt principal for the anonymous; a refusal for an invalid token.
Result<std::optional<org::Principal>> identify(Site& site, const Request& req, bool& by_token) {
  if (auto auth = req.headers.get("Authorization"); auth && auth->starts_with("Bearer ")) {
    by_token = true;
    std::string bearer(auth->substr(7));
    return site.db.read_value<std::optional<org::Principal>>([&](store::Tx& tx) { return org::principal_from_token(tx, bearer); });
  }
  if (auto c = req.cookie("zhifa_session"))
    return site.db.read_value<std::optional<org::Principal>>([&](store::Tx& tx) { return org::principal_from_session(tx, *c); });
  return std::optional<org::Principal>{};
}

// The CSRF token the request carries: header, form field, or a part of a multipart body.
Result<std::string> given_csrf(Request& req) {
  std::string given(req.header("X-CSRF-Token"));
  if (given.empty()) {
    auto& f = req.form();
    if (auto it = f.find("_csrf"); it != f.end()) given = it->second;
  }
  if (given.empty() && req.header("Content-Type").find("multipart/") != std::string_view::npos) {
    auto parts = http::parse_multipart(req.header("Content-Type"), req.body);
    if (!parts) return Error::invalid(parts.error().message, "body");
    if (auto* part = http::find_part(*parts, "_csrf"); part && !part->file) given = part->bytes;
  }
  return given;
}

}  // namespace

Admission admit(Site& site, Request& req, const std::string& permission) {
  Admission out;
  bool by_token = false;
  auto who = identify(site, req, by_token);
  if (!who) {
    out.refusal = site.error(req, who.error());
    return out;
  }
  if (by_token && !*who) {
    out.refusal = Response::json_error(401, "invalid or revoked API token");
    return out;
  }
  org::Principal principal = *who ? std::move(**who) : org::Principal{};
  req.user = principal;

  // Forms need a CSRF token before login too: give each browser one (double submit).
  bool has_forms = req.path == "/login" || req.path.rfind("/workspace", 0) == 0 || req.path.rfind("/complaints", 0) == 0;
  if (principal.anonymous() && !by_token && has_forms && !req.cookie("zhifa_csrf") && req.method == "GET") {
    out.new_csrf_cookie = org::random_token(24);
    std::string cookies(req.header("Cookie"));
    req.headers.set("Cookie", cookies + (cookies.empty() ? "" : "; ") + "zhifa_csrf=" + out.new_csrf_cookie);
  }

  auto decision = org::authorize(principal, permission);
  if (!decision.allowed) {
    out.denied_by_role = true;
    if (principal.anonymous() && !req.is_api() && req.method == "GET")
      out.refusal = Response::redirect("/login?next=" + http::url_encode(req.target));
    else if (principal.anonymous())
      out.refusal = site.error(req, 401, "请先登录 (login required)");
    else
      out.refusal = site.error(req, 403, "无权访问：" + decision.reason);
    return out;
  }

  // CSRF: a state-changing request that rides on cookies must carry the token from our form.
  bool changes_state = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
  // Cookies are the ambient authority a forged cross-site request would ride on; an anonymous
  // API call without a session cookie carries none, so it needs no token.
  bool rides_on_cookie = req.cookie("zhifa_session").has_value() || !req.is_api();
  if (changes_state && !by_token && rides_on_cookie) {
    std::string expected = Site::csrf_token(req);
    auto given = given_csrf(req);
    if (!given) {
      out.refusal = req.is_api() ? Response::json_error(400, given.error().message, "body") : site.error(req, 400, given.error().message);
      return out;
    }
    if (expected.empty() || !org::constant_time_equal(expected, *given))
      out.refusal = site.error(req, 403, "表单已失效或缺少 CSRF 令牌，请刷新页面后重试 (CSRF token missing or wrong)");
  }
  if (!out.refusal && changes_state) out.refusal = confirmation(site, req);
  return out;
}

std::optional<Response> confirmation(const Site& site, const Request& req) {
  // An irreversible action's form carries `_confirm` (what it asks); until the person has
  // confirmed (`_confirmed=1`: the <dialog> of static/site.js, or this page's button) the action
  // does not run. Forms only: an API call or a form without `_confirm` is not asked.
  if (req.is_api() || req.header("Content-Type").find("application/x-www-form-urlencoded") == std::string_view::npos) return std::nullopt;
  const auto& form = req.form();
  auto ask = form.find("_confirm");
  if (ask == form.end() || form.contains("_confirmed")) return std::nullopt;
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, value] : form) {
    if (name == "_confirm") continue;
    for (const auto& v : req.form_all(name)) fields.push_back({{"name", name}, {"value", v}});
  }
  std::string back(req.header("Referer"));
  if (!back.starts_with(site.options.public_url)) back = "/workspace";
  else back = back.substr(site.options.public_url.size());
  if (back.empty() || back[0] != '/') back = "/workspace";
  nlohmann::json ctx{{"question", ask->second}, {"action", req.target}, {"fields", fields}, {"back", back}};
  return site.workspace_page(req, "请确认", "workspace/confirm", ctx);
}

}  // namespace zhifa::web
