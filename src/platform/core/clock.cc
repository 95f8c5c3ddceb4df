#include "platform/core/clock.h"

#include <chrono>
#include <ctime>

namespace zhifa::clock {

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string iso_from_unix(std::int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_iso() { return iso_from_unix(now_unix()); }

std::string today_beijing() { return beijing_date_in_days(0); }

std::string beijing_date_in_days(int days) {
  std::time_t t = static_cast<std::time_t>(now_unix() + 8 * 3600 + std::int64_t{days} * 86400);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace zhifa::clock
