#include "web/handle.h"

#include "law/money.h"
#include "platform/http/util.h"

namespace zhifa::web {

using nlohmann::json;

Result<std::int64_t> path_id(const http::Request& req, std::string_view name, std::string_view missing) {
  if (auto id = http::parse_id(req.param(std::string(name)))) return *id;
  return Error::not_found(std::string(missing));
}

Input::Input(const http::Request& req) : req_(req) {
  // JSON when it says so, and on /api/ unless it is a form (urlencoded or multipart): API
  // clients may post forms, and the same handlers serve both.
  std::string_view type = req.header("Content-Type");
  bool json_type = type.find("application/json") != std::string_view::npos;
  bool form_type = type.find("application/x-www-form-urlencoded") != std::string_view::npos ||
                   type.find("multipart/") != std::string_view::npos;
  json_ = json_type || (req.is_api() && !form_type);
  if (!json_) return;
  if (req.body.empty()) return;  // an action without a body (sign, publish …)
  auto j = json::parse(req.body, nullptr, false);
  if (!j.is_object()) {
    fail(Error::invalid("请求体须为 JSON 对象", "body"));
    return;
  }
  body_ = std::move(j);
}

void Input::fail(Error e) {
  if (!error_) error_ = std::move(e);
}

Status Input::status() const {
  if (error_) return *error_;
  return {};
}

bool Input::has(std::string_view key) const {
  if (json_) return body_.contains(key);
  return req_.form().count(std::string(key)) > 0;
}

const json* Input::raw(std::string_view key) const {
  if (!json_) return nullptr;
  auto it = body_.find(key);
  return it == body_.end() ? nullptr : &*it;
}

std::string Input::text(std::string_view key) {
  if (!json_) return req_.form_value(std::string(key));
  const json* v = raw(key);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) {
    fail(Error::invalid(std::string(key) + " 须为字符串", std::string(key)));
    return {};
  }
  return v->get<std::string>();
}

std::optional<std::int64_t> Input::id(std::string_view key) {
  if (!json_) {
    std::string v = req_.form_value(std::string(key));
    if (v.empty()) return std::nullopt;
    auto id = http::parse_id(v);
    if (!id) fail(Error::invalid(std::string(key) + " 须为正整数编号", std::string(key)));
    return id;
  }
  const json* v = raw(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number_integer() || v->get<std::int64_t>() <= 0) {
    fail(Error::invalid(std::string(key) + " 须为正整数编号", std::string(key)));
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::vector<std::int64_t> Input::ids(std::string_view key) {
  std::vector<std::int64_t> out;
  if (!json_) {
    for (auto& s : req_.form_all(key)) {
      if (s.empty()) continue;
      if (auto id = http::parse_id(s)) out.push_back(*id);
      else fail(Error::invalid(std::string(key) + " 须为正整数编号", std::string(key)));
    }
    return out;
  }
  const json* v = raw(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    fail(Error::invalid(std::string(key) + " 须为编号数组", std::string(key)));
    return out;
  }
  for (auto& x : *v) {
    if (x.is_number_integer() && x.get<std::int64_t>() > 0) out.push_back(x.get<std::int64_t>());
    else fail(Error::invalid(std::string(key) + " 须为正整数编号数组", std::string(key)));
  }
  return out;
}

bool Input::flag(std::string_view key) {
  if (!json_) {
    std::string v = req_.form_value(std::string(key));
    return v == "1" || v == "on" || v == "true" || v == "yes";
  }
  const json* v = raw(key);
  if (!v || v->is_null()) return false;
  if (!v->is_boolean()) {
    fail(Error::invalid(std::string(key) + " 须为 true 或 false", std::string(key)));
    return false;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> Input::yuan(std::string_view key, const std::string& what) {
  std::string text;
  if (const json* v = raw(key); v && v->is_number()) {
    text = v->dump();
  } else {
    text = this->text(key);
  }
  auto r = law::parse_yuan(text, std::string(key), what);
  if (!r) {
    fail(r.error());
    return std::nullopt;
  }
  return *r;
}

json Input::echo() const {
  json out = json::object();
  if (json_) return body_;
  for (auto& [k, v] : req_.form()) out[k] = v;
  return out;
}

http::Response see_other(const std::string& path) { return http::Response::redirect(path); }

http::Response json_reply(const json& body, int status) { return http::Response::json(body.dump(), status); }

http::Response fail(const Site& site, const http::Request& req, const Error& e) { return site.error(req, e); }

json read_or_log(Site& site, const char* what, const std::function<Result<json>(store::Tx&)>& query, json fallback) {
  json out = std::move(fallback);
  Status st = site.db.read([&](store::Tx& tx) -> Status {
    auto r = query(tx);
    if (!r) return r.error();
    out = std::move(*r);
    return {};
  });
  log_if_error(what, st);
  return out;
}

json field_errors(const Error& e) {
  json out = json::object();
  if (!e.field.empty()) out[e.field] = e.message;
  return out;
}

}  // namespace zhifa::web
