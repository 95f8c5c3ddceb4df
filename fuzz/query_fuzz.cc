// URL query strings and application/x-www-form-urlencoded bodies, and the other text helpers
// the web layer applies to request bytes. Checks a few properties, not only crashes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/core/text.h"
#include "platform/http/util.h"

using namespace zhifa::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto map = parse_query(s);
  auto all = parse_query_all(s);
  if (map.size() > all.size()) __builtin_trap();
  for (const auto& [k, v] : all)
    if (!map.count(k)) __builtin_trap();
  (void)url_decode(s, true);
  (void)url_decode(s, false);
  // Encoding then decoding gives the bytes back, whatever they are.
  std::string enc = url_encode(s);
  if (url_decode(enc, true) != s || url_decode(enc, false) != s) __builtin_trap();
  (void)html_escape(s);
  (void)json_string(s);
  (void)zhifa::text::valid_utf8(s);
  if (auto id = parse_id(s); id && *id < 0) __builtin_trap();
  return 0;
}
