#include "law/money.h"

namespace zhifa::law {

std::string format_yuan(std::int64_t fen) {
  bool negative = fen < 0;
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  std::string s = std::to_string(v / 100);
  if (v % 100) s += "." + std::string(v % 100 < 10 ? "0" : "") + std::to_string(v % 100);
  return negative ? "-" + s : s;
}

Result<std::optional<std::int64_t>> parse_yuan(std::string_view text, const std::string& field, const std::string& what) {
  std::string t;
  for (char c : text)
    if (c != ',' && c != ' ') t += c;
  if (t.empty()) return std::optional<std::int64_t>{};
  const std::string bad = what + "格式不正确（元，例：10000 或 123.45）";
  std::int64_t whole = 0, cents = 0;
  int frac_digits = -1;
  for (char c : t) {
    if (c == '.') {
      if (frac_digits >= 0) return Error::invalid(bad, field);
      frac_digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return Error::invalid(bad, field);
    if (frac_digits >= 0) {
      if (++frac_digits > 2) return Error::invalid(what + "最多到分（两位小数）", field);
      cents = cents * 10 + (c - '0');
    } else {
      whole = whole * 10 + (c - '0');
      if (whole > 1'000'000'000'000LL) return Error::invalid(what + "过大", field);
    }
  }
  if (frac_digits == 0 && t.size() == 1) return Error::invalid(bad, field);  // "."
  if (frac_digits == 1) cents *= 10;
  std::int64_t fen = whole * 100 + cents;
  if (auto st = check_amount_fen(fen, field, what); !st) return st.error();
  return std::optional<std::int64_t>{fen};
}

}  // namespace zhifa::law
