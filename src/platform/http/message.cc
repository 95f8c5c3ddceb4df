#include "platform/http/message.h"

#include <algorithm>
#include <cstring>

#include "platform/http/util.h"

namespace zhifa::http {

static bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : items)
    if (iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}
void Headers::set(std::string name, std::string value) {
  remove(name);
  items.emplace_back(std::move(name), std::move(value));
}
void Headers::add(std::string name, std::string value) { items.emplace_back(std::move(name), std::move(value)); }
void Headers::remove(std::string_view name) {
  items.erase(std::remove_if(items.begin(), items.end(), [&](auto& kv) { return iequals(kv.first, name); }), items.end());
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = header("Cookie");
  while (!all.empty()) {
    auto semi = all.find(';');
    auto part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

std::string_view Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view{} : std::string_view(it->second);
}
std::string_view Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? std::string_view{} : std::string_view(it->second);
}

const std::map<std::string, std::string>& Request::form() const {
  if (!form_) {
    if (header("Content-Type").find("application/x-www-form-urlencoded") != std::string_view::npos)
      form_ = parse_query(body);
    else
      form_.emplace();
  }
  return *form_;
}

std::string Request::form_value(const std::string& name) const {
  auto& f = form();
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

std::vector<std::string> Request::form_all(std::string_view name) const {
  std::vector<std::string> out;
  for (auto& [k, v] : parse_query_all(body))
    if (k == name) out.push_back(v);
  return out;
}

bool Request::wants_gzip() const { return header("Accept-Encoding").find("gzip") != std::string_view::npos; }

Response Response::html(std::string body, int status) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(body);
  return r;
}
Response Response::json(std::string body, int status) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json; charset=utf-8");
  r.body = std::move(body);
  return r;
}
Response Response::text(std::string body, int status, std::string type) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", std::move(type));
  r.body = std::move(body);
  return r;
}
Response Response::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.headers.set("Location", std::move(location));
  return r;
}
Response Response::json_error(int status, std::string_view message, std::string_view field) {
  std::string body = "{\"error\":" + json_string(message);
  if (!field.empty()) body += ",\"field\":" + json_string(field);
  body += "}";
  return json(std::move(body), status);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 460: return "Checksum Mismatch";  // tus 1.0 checksum extension
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

}  // namespace zhifa::http
