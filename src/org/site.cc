#include "org/site.h"

#include "platform/http/util.h"

namespace zhifa::org {

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
  layout["path"] = req.path;
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
  nlohmann::json ctx{{"status", status}, {"message", message}, {"reason", std::string(http::reason_phrase(status))}};
  bool staff = req.path.rfind("/workspace", 0) == 0 || req.path == "/login";
  return staff ? workspace_page(req, "出错了 (" + std::to_string(status) + ")", "error", ctx, status)
               : portal_page(req, "出错了 (" + std::to_string(status) + ")", "error", ctx, status);
}

}  // namespace zhifa::org
