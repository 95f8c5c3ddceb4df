#pragma once
// Wall-clock time as the program stores it: ISO-8601 UTC text, and today's date in China
// (UTC+8, no daylight saving), since legal deadlines run on Beijing dates.
#include <cstdint>
#include <string>

namespace zhifa::clock {
std::string now_iso();          // "2025-09-26T08:00:00Z"
std::int64_t now_unix();        // seconds
std::string today_beijing();    // "2025-09-26"
std::string beijing_date_in_days(int days);
std::string iso_from_unix(std::int64_t secs);
}  // namespace zhifa::clock
