#include "web/site.h"

#include <cctype>
#include <cstring>

#include "platform/http/util.h"
#include "platform/ledger/log.h"

namespace zhifa::web {

using org::Principal;
using org::authorize;
using org::role_label;

static const Principal kAnonymous{};

const Principal& Site::principal(const http::Request& req) {
  if (const auto* p = std::any_cast<Principal>(&req.user)) return *p;
  return kAnonymous;
}

bool Site::english(const http::Request& req) {
  if (auto l = req.query.find("lang"); l != req.query.end()) return l->second == "en";
  return req.cookie("lang").value_or("") == "en";
}

std::string Site::csrf_token(const http::Request& req) {
  const auto& p = principal(req);
  if (!p.anonymous()) return p.csrf;
  return req.cookie("zhifa_csrf").value_or("");
}

std::string Site::same_page_href(const std::string& path) {
  // Runs of "/" collapse to one, so that "//evil.example/x" stays on this site ("/evil.example/x")
  // rather than becoming a protocol-relative link to another host; every byte outside the
  // characters a path may hold as they are is percent-encoded (no "?", "#", "\" or quotes).
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "/";
  for (unsigned char c : path) {
    if (c == '/') {
      if (out.back() != '/') out += '/';
    } else if (c < 0x80 && (std::isalnum(c) || (c != 0 && std::strchr("-._~!$&'()*+,;=:@", c)))) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

http::Response Site::workspace_page(const http::Request& req, const std::string& title, const std::string& name,
                                    nlohmann::json ctx, int status) const {
  const auto& p = principal(req);
  ctx["csrf"] = csrf_token(req);
  nlohmann::json layout;
  layout["title"] = title;
  layout["csrf"] = ctx["csrf"];
  layout["body"] = templates->render(name, ctx);
  if (!p.anonymous()) {
    layout["user"] = {{"name", p.name}, {"agency", p.agency_name}};
    nlohmann::json roles = nlohmann::json::array();
    for (auto& r : p.roles) roles.push_back(std::string(role_label(r)));
    layout["user"]["roles"] = roles;
    layout["can_org"] = authorize(p, "org.view").allowed;
  }
  auto resp = http::Response::html(templates->render("layout/workspace", layout), status);
  resp.headers.set("Cache-Control", "no-store");
  return resp;
}

http::Response Site::portal_page(const http::Request& req, const std::string& title, const std::string& name,
                                 nlohmann::json ctx, int status) const {
  bool en = english(req);
  ctx["en"] = en;
  nlohmann::json layout;
  layout["title"] = title;
  layout["en"] = en;
  layout["lang"] = en ? "en" : "zh-CN";
  layout["lang_href"] = same_page_href(req.path) + (en ? "?lang=zh" : "?lang=en");
  layout["body"] = templates->render(name, ctx);
  return http::Response::html(templates->render("layout/portal", layout), status);
}

http::Response Site::error(const http::Request& req, const Error& e) const {
  std::string msg = e.message;
  if (!e.field.empty() && !req.is_api()) msg += "（字段：" + e.field + "）";
  if (req.is_api()) return http::Response::json_error(http_status(e.kind), e.message, e.field);
  return error(req, http_status(e.kind), msg);
}

http::Response Site::error(const http::Request& req, int status, const std::string& message) const {
  if (req.is_api()) return http::Response::json_error(status, message);
  bool staff = req.path.rfind("/workspace", 0) == 0 || req.path == "/login";
  bool en = !staff && english(req);
  auto label = [&]() -> std::string {
    switch (status) {
      case 400: return en ? "Bad request" : "请求有误";
      case 401: return en ? "Login required" : "需要登录";
      case 403: return en ? "Forbidden" : "无权访问";
      case 404: return en ? "Not found" : "页面不存在";
      case 405: return en ? "Method not allowed" : "请求方式不被接受";
      case 409: return en ? "Conflict" : "状态冲突";
      case 413: return en ? "Too large" : "内容过大";
      case 429: return en ? "Too many requests" : "请求过于频繁";
      case 503: return en ? "Unavailable" : "暂时无法服务";
      default: return en ? "Error" : "服务器错误";
    }
  };
  bool signed_in = !principal(req).anonymous();
  nlohmann::json ctx{{"status", status}, {"message", message}, {"label", label()},
                     {"home", signed_in ? "/workspace" : "/"}, {"home_label", signed_in ? "返回工作台" : (en ? "Home" : "返回首页")}};
  return staff ? workspace_page(req, "出错了 (" + std::to_string(status) + ")", "error", ctx, status)
               : portal_page(req, "出错了 (" + std::to_string(status) + ")", "error", ctx, status);
}

Result<std::uint64_t> Site::content_generation() const {
  std::uint64_t n = 0;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto size = ledger::log_size(tx);
    if (!size) return size.error();
    n = *size;
    return {};
  });
  if (!st) return st.error();
  return n;
}

std::string Site::cookie_attributes(int max_age) const {
  std::string a = "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (options.secure_cookies) a += "; Secure";
  return a;
}

}  // namespace zhifa::web
