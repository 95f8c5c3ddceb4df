#pragma once
// Money amounts in fen (分), bounded. A fine, a confiscation or a surcharge above the ceiling is
// refused with a field error, so no arithmetic on an amount can overflow. The ceiling comes from
// configuration (`max_amount_yuan`, default 1 亿元) and is set once at start.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/result.h"

namespace zhifa::law {

inline constexpr std::int64_t kDefaultMaxAmountFen = 10'000'000'000;  // 1 亿元

inline std::atomic<std::int64_t>& max_amount_fen_ref() {
  static std::atomic<std::int64_t> v{kDefaultMaxAmountFen};
  return v;
}
inline std::int64_t max_amount_fen() { return max_amount_fen_ref().load(std::memory_order_relaxed); }
inline void set_max_amount_fen(std::int64_t fen) { max_amount_fen_ref().store(fen, std::memory_order_relaxed); }

// 0 ≤ fen ≤ the ceiling; `what` names the amount in the message (罚款金额, 没收金额 …).
inline Status check_amount_fen(std::int64_t fen, const std::string& field, const std::string& what = "金额") {
  if (fen < 0) return Error::invalid(what + "不能为负数", field);
  if (fen > max_amount_fen()) {
    std::int64_t yuan = max_amount_fen() / 100;
    std::string limit = yuan % 100'000'000 == 0 ? std::to_string(yuan / 100'000'000) + "亿元"
                        : yuan % 10'000 == 0   ? std::to_string(yuan / 10'000) + "万元"
                                               : std::to_string(yuan) + "元";
    return Error::invalid(what + "超过系统允许的上限（" + limit + "），请核对", field);
  }
  return {};
}

// The one money format and parser (amounts are kept in fen everywhere):
// 1000000 fen → "10000", 1250 → "12.50", 5 → "0.05".
std::string format_yuan(std::int64_t fen);
// Yuan as people type it: "10000", "10,000", "10 000", "123.45" (at most two decimals), checked
// against the ceiling (check_amount_fen, `what` names it). nullopt when empty.
Result<std::optional<std::int64_t>> parse_yuan(std::string_view text, const std::string& field, const std::string& what = "金额");

}  // namespace zhifa::law
