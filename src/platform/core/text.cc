#include "platform/core/text.h"

#include <algorithm>

namespace zhifa::text {

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_seq_len(static_cast<unsigned char>(s[i]))) ++n;
  return n;
}

std::string first_chars(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  while (i < s.size() && n-- > 0) i += utf8_seq_len(static_cast<unsigned char>(s[i]));
  return std::string(s.substr(0, std::min(i, s.size())));
}

}  // namespace zhifa::text
