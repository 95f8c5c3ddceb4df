#pragma once
// The HTTP request and response as handlers see them: plain values, no server library types,
// so that handlers compile fast and test without a socket.
#include <any>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::http {

// Case-insensitive header names, first value wins on lookup.
struct Headers {
  std::vector<std::pair<std::string, std::string>> items;
  std::optional<std::string_view> get(std::string_view name) const;
  void set(std::string name, std::string value);  // replaces
  void add(std::string name, std::string value);
  void remove(std::string_view name);
};

// A request body streamed to disk (routes added with BodyLimit::to_file; see router.h).
struct BodyFile {
  // A temporary file in ServerOptions::upload_dir. The server deletes it after the handler
  // returns: a handler that keeps the bytes renames it (same filesystem) or copies from it.
  std::string path;
  std::uint64_t size = 0;  // bytes received
  std::string sha256;      // lower-case hex SHA-256 of those bytes, computed while they streamed in
  // false: the client stopped part way (connection closed, read timeout). The handler is still
  // called, so that a resumable upload can keep the bytes that did arrive; its answer is not sent.
  bool complete = true;
};

struct Request {
  std::string method;  // "GET", "POST" …
  std::string target;  // raw request target, e.g. "/ledger/proof/inclusion?index=1&size=2"
  std::string path;    // decoded path, without the query
  std::map<std::string, std::string> query;  // decoded query parameters (last value wins)
  Headers headers;
  std::string body;                  // the body, read into memory (the default)
  std::optional<BodyFile> body_file; // instead, for routes that stream their body to a file
  std::string remote;  // client address, e.g. "127.0.0.1"
  bool secure = false; // served over TLS
  std::map<std::string, std::string> params;  // path parameters from the route pattern
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::any user;           // set by the application's authentication step (org::Principal)
  std::string route;       // the matched route pattern, for logs and metrics

  std::string_view header(std::string_view name) const { return headers.get(name).value_or(""); }
  std::optional<std::string> cookie(std::string_view name) const;
  std::string_view param(const std::string& name) const;
  std::string_view query_param(const std::string& name) const;
  // application/x-www-form-urlencoded body, decoded (last value wins; multi-values kept in form_all).
  const std::map<std::string, std::string>& form() const;
  // One form field, "" when absent.
  std::string form_value(const std::string& name) const;
  std::vector<std::string> form_all(std::string_view name) const;
  bool is_api() const { return path.rfind("/api/", 0) == 0; }
  bool wants_gzip() const;

 private:
  mutable std::optional<std::map<std::string, std::string>> form_;
};

struct FileBody {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<FileBody> file;  // sent with sendfile instead of body

  static Response html(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  static Response text(std::string body, int status = 200, std::string type = "text/plain; charset=utf-8");
  static Response redirect(std::string location, int status = 303);
  // {"error": message, "field": field} for the API.
  static Response json_error(int status, std::string_view message, std::string_view field = {});
};

std::string_view reason_phrase(int status);

}  // namespace zhifa::http
