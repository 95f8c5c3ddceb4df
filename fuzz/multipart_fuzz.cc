// multipart/form-data bodies. Input: the Content-Type header value, a newline, then the body
// (seeds are written that way); without a newline the whole input is a body under a fixed
// boundary.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/http/multipart.h"

using namespace zhifa::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view content_type = "multipart/form-data; boundary=----zhifaFuzzBoundary";
  std::string_view body = in;
  if (auto nl = in.find('\n'); nl != std::string_view::npos && nl < 512) {
    content_type = in.substr(0, nl);
    body = in.substr(nl + 1);
  }
  MultipartLimits limits;
  auto parts = parse_multipart(content_type, body, limits);
  if (parts) {
    if (parts->size() > limits.max_parts) __builtin_trap();
    for (const auto& p : *parts) {
      if (p.name.size() > limits.max_name_bytes || p.filename.size() > limits.max_name_bytes) __builtin_trap();
      (void)find_part(*parts, p.name);
    }
  }
  return 0;
}
