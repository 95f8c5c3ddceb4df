#include "platform/core/result.h"

#include <cstdio>
#include <string>

namespace zhifa {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return 400;
    case ErrorKind::kUnauthorized: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooMany: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: break;
  }
  return 500;
}

namespace {
// JSON string escaping for the log line (the message is ours, but may quote a file name).
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += static_cast<char>(c);
  }
  return out + "\"";
}
}  // namespace

bool log_if_error(std::string_view what, const Error* error) {
  if (!error) return true;
  std::string line = "{\"level\":\"error\",\"what\":" + quoted(what) + ",\"status\":" + std::to_string(http_status(error->kind)) +
                     ",\"error\":" + quoted(error->message) + "}\n";
  std::fputs(line.c_str(), stderr);
  return false;
}

}  // namespace zhifa
