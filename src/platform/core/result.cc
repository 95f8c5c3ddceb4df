#include "platform/core/result.h"

#include <string>

#include "platform/core/log.h"

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


bool log_if_error(std::string_view what, const Error* error) {
  if (!error) return true;
  logs::error(what, {{"status", std::to_string(http_status(error->kind))}, {"error", error->message}});
  return false;
}

}  // namespace zhifa
