#include "platform/core/clock.h"

#include <chrono>
#include <cstdio>
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

namespace {
bool digits(const std::string& s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i)
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  return true;
}
int num(const std::string& s, std::size_t from, std::size_t n) { return std::stoi(s.substr(from, n)); }

// "YYYY-MM-DDTHH:MM[:SS][.fff]Z" (or "+00:00", or a space instead of T) → Beijing broken-down time.
bool beijing_tm(const std::string& iso, std::tm& out) {
  if (!digits(iso, 0, 4) || iso.size() < 16 || iso[4] != '-' || !digits(iso, 5, 2) || iso[7] != '-' ||
      !digits(iso, 8, 2) || (iso[10] != 'T' && iso[10] != ' ') || !digits(iso, 11, 2) || iso[13] != ':' ||
      !digits(iso, 14, 2))
    return false;
  std::tm tm{};
  tm.tm_year = num(iso, 0, 4) - 1900;
  tm.tm_mon = num(iso, 5, 2) - 1;
  tm.tm_mday = num(iso, 8, 2);
  tm.tm_hour = num(iso, 11, 2);
  tm.tm_min = num(iso, 14, 2);
  tm.tm_sec = iso.size() >= 19 && iso[16] == ':' && digits(iso, 17, 2) ? num(iso, 17, 2) : 0;
  std::time_t t = timegm(&tm) + 8 * 3600;  // China Standard Time, UTC+8 all year
  return gmtime_r(&t, &out) != nullptr;
}
}  // namespace

std::string chinese_date(const std::string& date) {
  if (date.size() != 10 || !digits(date, 0, 4) || date[4] != '-' || !digits(date, 5, 2) || date[7] != '-' ||
      !digits(date, 8, 2))
    return date;
  return date.substr(0, 4) + "年" + std::to_string(num(date, 5, 2)) + "月" + std::to_string(num(date, 8, 2)) + "日";
}

std::string beijing_time_text(const std::string& iso_utc) {
  std::tm tm{};
  if (!beijing_tm(iso_utc, tm)) return iso_utc.size() == 10 ? chinese_date(iso_utc) : iso_utc;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", tm.tm_hour, tm.tm_min);
  return std::to_string(tm.tm_year + 1900) + "年" + std::to_string(tm.tm_mon + 1) + "月" + std::to_string(tm.tm_mday) +
         "日 " + hm;
}

std::string beijing_day_start_utc(const std::string& date) {
  if (date.size() != 10 || !digits(date, 0, 4) || date[4] != '-' || !digits(date, 5, 2) || date[7] != '-' ||
      !digits(date, 8, 2))
    return "";
  std::tm tm{};
  tm.tm_year = num(date, 0, 4) - 1900;
  tm.tm_mon = num(date, 5, 2) - 1;
  tm.tm_mday = num(date, 8, 2);
  return iso_from_unix(static_cast<std::int64_t>(timegm(&tm)) - 8 * 3600);
}

std::string beijing_date_of(const std::string& iso_utc) {
  std::tm tm{};
  if (!beijing_tm(iso_utc, tm)) return iso_utc.size() >= 10 ? iso_utc.substr(0, 10) : iso_utc;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace zhifa::clock
