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

// What a person reads (issues 15, 16: Beijing time in Chinese form, storage stays UTC) — the one
// place a stored time or date becomes text on a page, in a document or in an error:
//   chinese_date("2026-12-03")                 → "2026年12月3日"
//   beijing_time_text("2026-12-03T07:13:05Z")  → "2026年12月3日 15:13"  (UTC+8, no DST)
//   beijing_date_of("2026-12-02T17:00:00Z")    → "2026-12-03"            (the Beijing date)
// Text that is not in the expected form is returned unchanged (never a throw on a page).
std::string chinese_date(const std::string& date);
std::string beijing_time_text(const std::string& iso_utc);
std::string beijing_date_of(const std::string& iso_utc);
// The UTC instant a Beijing date begins, for comparing stored UTC times with a period of Beijing
// dates: beijing_day_start_utc("2026-01-01") → "2025-12-31T16:00:00Z" ("" when not a date).
std::string beijing_day_start_utc(const std::string& date);
}  // namespace zhifa::clock
