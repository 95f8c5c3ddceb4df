#include "web/site.h"

#include <cctype>
#include <cstring>

#include "platform/core/clock.h"
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

namespace {

// What the banner after an action says, by the flash code the redirect carried.
constexpr std::pair<const char*, const char*> kFlash[] = {
    {"sign", "已签发。"},       {"publish", "已公示。"},     {"withdraw", "已撤下。"},   {"approve", "已批准。"},
    {"close", "已结案。"},      {"act", "已办理，记录已保存。"}, {"saved", "已保存。"},   {"submit", "已提交。"},
    {"done", "操作已完成。"},
    // 双随机、一公开 (inspection workspace)
    {"freeze", "候选名单已固定，随机数来源已公布。"}, {"randomness", "随机数已录入，抽取完成。"}, {"import", "检查对象已导入。"},
    {"result", "检查结果已录入，案件已结束。"}, {"case", "已立案检查。"}, {"penalty", "已立案查处。"}, {"discard", "草稿已删除。"},
};

std::string flash_text(const std::string& code) {
  for (auto& [c, t] : kFlash)
    if (code == c) return t;
  return "";
}

// The breadcrumbs: home, the page's own trail (ctx "crumbs": [{label, href}]), the page.
nlohmann::json crumbs(const char* home_label, const char* home_href, const nlohmann::json& ctx, const std::string& title,
                      bool at_home) {
  nlohmann::json items = nlohmann::json::array();
  if (at_home) return nlohmann::json{{"items", nlohmann::json::array({{{"label", home_label}, {"href", ""}}})}};
  items.push_back({{"label", home_label}, {"href", home_href}});
  if (ctx.is_object() && ctx.contains("crumbs") && ctx["crumbs"].is_array())
    for (const auto& c : ctx["crumbs"]) items.push_back({{"label", c.value("label", "")}, {"href", c.value("href", "")}});
  items.push_back({{"label", title}, {"href", ""}});
  return {{"items", items}};
}

bool iso_utc(const std::string& s) {
  // "2026-12-03T07:13:00Z" (optionally with fractions of a second): how times are stored.
  if (s.size() < 20 || s.size() > 30 || s.back() != 'Z' || s[10] != 'T') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return s[4] == '-' && s[7] == '-' && s[13] == ':' && s[16] == ':';
}

// Every stored time a page shows is Beijing time in Chinese form ("2026年12月3日 15:13"): the
// page context's time fields ("at", "*_at", "time") holding a stored UTC stamp are converted
// before the template sees them. JSON answers keep the stamps.
void localize_times(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& k = it.key();
      bool time_key = k == "at" || k == "time" || (k.size() > 3 && k.ends_with("_at"));
      if (time_key && it->is_string() && iso_utc(it->get_ref<const std::string&>()))
        *it = clock::beijing_time_text(it->get<std::string>());
      else
        localize_times(*it);
    }
  } else if (j.is_array()) {
    for (auto& v : j) localize_times(v);
  }
}

}  // namespace

void Site::flash_after(const http::Request& req, http::Response& resp) const {
  // After a form's action the person lands on the page the action redirects to (its own URL,
  // not the POST address) with a banner saying what happened.
  // ?elder=1|0 on a page is remembered (长者模式), also for pages served from a cache.
  if (auto e = req.query.find("elder"); e != req.query.end() && req.method == "GET" && !req.is_api())
    resp.headers.add("Set-Cookie", std::string("elder=") + (e->second == "1" ? "1" : "") + cookie_attributes(e->second == "1" ? 31536000 : 0));
  if (req.method != "POST" || req.is_api() || resp.status != 303) return;
  auto loc = resp.headers.get("Location");
  if (!loc || !loc->starts_with("/workspace")) return;
  std::string last = req.path.substr(req.path.rfind('/') + 1), code = "done";
  if (last == "act") code = req.form_value("transition") == "close" ? "close" : "act";
  else if (!flash_text(last).empty()) code = last;
  else if (last == "facts" || last == "edit" || last == "save") code = "saved";
  resp.headers.add("Set-Cookie", "zhifa_flash=" + code + cookie_attributes(60));
}

http::Response Site::workspace_page(const http::Request& req, const std::string& title, const std::string& name,
                                    nlohmann::json ctx, int status) const {
  const auto& p = principal(req);
  ctx["csrf"] = csrf_token(req);
  localize_times(ctx);
  nlohmann::json layout;
  layout["title"] = title;
  layout["csrf"] = ctx["csrf"];
  layout["body"] = templates->render(name, ctx);
  // The banner belongs to the page the action's redirect leads to: a GET (an error page
  // answering another POST neither shows nor spends it).
  const bool flash_here = req.method == "GET" && status < 300 && req.cookie("zhifa_flash").has_value();
  std::string flash = flash_here ? flash_text(*req.cookie("zhifa_flash")) : "";
  if (!p.anonymous()) {
    layout["user"] = {{"name", p.name}, {"agency", p.agency_name}};
    nlohmann::json roles = nlohmann::json::array();
    for (auto& r : p.roles) roles.push_back(std::string(role_label(r)));
    layout["user"]["roles"] = roles;
    layout["can_org"] = authorize(p, "org.view").allowed;
    layout["nav"] = workspace_nav(req, p);
    if (!ctx.contains("crumbs"))
      if (auto sec = section_crumb(req.path); !sec.is_null()) ctx["crumbs"] = nlohmann::json::array({sec});
    layout["crumbs"] = crumbs("工作台", "/workspace", ctx, title, req.path == "/workspace");
    layout["flash"] = flash;
    if (ctx.contains("header") && ctx["header"].is_object()) {
      layout["header"] = ctx["header"];
      layout["header"]["has_actions"] = ctx["header"].contains("actions") && !ctx["header"]["actions"].empty();
    }
  }
  auto resp = http::Response::html(templates->render("layout/workspace", layout), status);
  resp.headers.set("Cache-Control", "no-store");
  if (flash_here) resp.headers.add("Set-Cookie", "zhifa_flash=" + cookie_attributes(0));
  return resp;
}

http::Response Site::portal_page(const http::Request& req, const std::string& title, const std::string& name,
                                 nlohmann::json ctx, int status) const {
  bool en = english(req);
  ctx["en"] = en;
  if (!en) localize_times(ctx);
  nlohmann::json layout = portal_chrome(req, en);
  layout["title"] = title;
  layout["en"] = en;
  layout["lang"] = en ? "en" : "zh-CN";
  layout["lang_href"] = same_page_href(req.path) + (en ? "?lang=zh" : "?lang=en");
  layout["body"] = templates->render(name, ctx);
  layout["crumbs"] = crumbs(en ? "Home" : "首页", en ? "/?lang=en" : "/", ctx, title, req.path == "/");
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
