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

bool is_code(std::string_view s) {
  if (s.empty() || s.size() > 80) return false;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' ||
              ch == ':' || ch == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace zhifa::text
