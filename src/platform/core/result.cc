#include "platform/core/result.h"

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

}  // namespace zhifa
