#include "platform/http/body_cap.h"

namespace zhifa::http {

namespace {
thread_local std::optional<std::uint64_t> cap;
}  // namespace

void cap_body(std::uint64_t max_bytes) { cap = max_bytes; }

std::optional<std::uint64_t> take_body_cap() {
  auto c = cap;
  cap.reset();
  return c;
}

}  // namespace zhifa::http
