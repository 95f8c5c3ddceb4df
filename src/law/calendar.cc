#include "law/calendar.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "platform/core/assets.h"

namespace zhifa::law {
namespace {

// Howard Hinnant's civil-date algorithms (public domain): exact for the proleptic Gregorian
// calendar, no tables.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Ymd { int y; int m; int d; };

Ymd civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

constexpr std::int32_t kMinSerial = -719162;   // 0001-01-01
constexpr std::int32_t kMaxSerial = 2932896;   // 9999-12-31
constexpr int kFirstNoticeYear = 2007;
constexpr int kLastPlausibleYear = 2100;       // keeps the day table small; see from_notices
constexpr std::int64_t kMaxWorkingDays = 100000;

// Mondays to Fridays in [1970-01-05, x): 1970-01-05 (serial 4) is a Monday.
std::int64_t weekdays_before(std::int64_t x) {
  const std::int64_t k = x - 4;
  const std::int64_t weeks = k >= 0 ? k / 7 : -((-k + 6) / 7);
  const std::int64_t rest = k - weeks * 7;
  return weeks * 5 + std::min<std::int64_t>(rest, 5);
}

}  // namespace

// ---- Date ----

std::optional<Date> Date::from_ymd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return from_serial(static_cast<std::int32_t>(days_from_civil(y, m, d)));
}

Result<Date> Date::parse(std::string_view s, std::string field) {
  auto bad = [&](const std::string& why) {
    return Error::invalid("invalid date \"" + std::string(s.substr(0, 40)) + "\": " + why, field);
  };
  if (s.empty()) return bad("empty; expected YYYY-MM-DD");
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad("expected YYYY-MM-DD, e.g. 2025-09-26");
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lens[p]; ++i) {
      char c = s[starts[p] + i];
      if (c < '0' || c > '9') return bad("expected YYYY-MM-DD with ASCII digits, e.g. 2025-09-26");
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[0] < 1) return bad("year 0000 does not exist");
  if (parts[1] < 1 || parts[1] > 12) return bad("month " + std::to_string(parts[1]) + " is not 01–12");
  if (parts[2] < 1 || parts[2] > days_in_month(parts[0], parts[1]))
    return bad(std::string(s.substr(0, 7)) + " has no day " + std::to_string(parts[2]) +
               (parts[1] == 2 && parts[2] == 29 ? " (not a leap year)" : ""));
  return *from_ymd(parts[0], parts[1], parts[2]);
}

int Date::year() const { return civil_from_days(serial_).y; }
int Date::month() const { return civil_from_days(serial_).m; }
int Date::day() const { return civil_from_days(serial_).d; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  return static_cast<int>(((serial_ % 7) + 7 + 3) % 7) + 1;
}

std::string Date::str() const {
  Ymd c = civil_from_days(serial_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

Result<Date> add_calendar_days(Date d, std::int64_t n) {
  const std::int64_t s = static_cast<std::int64_t>(d.serial()) + n;
  if (n > 4000000 || n < -4000000 || s < kMinSerial || s > kMaxSerial)
    return Error::invalid(d.str() + " + " + std::to_string(n) + " days leaves the years 0001–9999", "n");
  return Date::from_serial(static_cast<std::int32_t>(s));
}

Result<Date> add_calendar_months(Date d, int months) {
  int total = d.year() * 12 + (d.month() - 1) + months;
  int y = total / 12, m = total % 12 + 1, day = d.day();
  while (day > 28 && !Date::from_ymd(y, m, day)) --day;
  auto r = Date::from_ymd(y, m, day);
  if (!r || total < 12) return Error::invalid(d.str() + " + " + std::to_string(months) + " months leaves the years 0001–9999", "months");
  return *r;
}

// ---- Calendar ----

Date Calendar::first_day() { return *Date::from_ymd(kFirstNoticeYear, 1, 1); }

Result<Calendar> Calendar::from_notices(std::vector<Notice> notices) {
  std::sort(notices.begin(), notices.end(), [](const Notice& a, const Notice& b) { return a.year < b.year; });
  auto impl = std::make_shared<Impl>();
  impl->first = first_day().serial();
  int max_year = kFirstNoticeYear;
  for (std::size_t i = 0; i < notices.size(); ++i) {
    const Notice& n = notices[i];
    const std::string where = "notice " + std::to_string(n.year);
    if (n.year < kFirstNoticeYear)
      return Error::invalid(where + " is before the first notice (" + std::to_string(kFirstNoticeYear) + ")", "year");
    if (n.year > kLastPlausibleYear) return Error::invalid(where + ": year is implausible", "year");
    if (i > 0 && notices[i - 1].year == n.year) return Error::invalid(where + " appears twice", "year");
    // A notice names days of its own year, and possibly the last days of the previous one.
    const Date lo = *Date::from_ymd(n.year - 1, 12, 1), hi = *Date::from_ymd(n.year, 12, 31);
    if (!n.days.empty() && !n.published())
      return Error::invalid(where + " names days but gives no notice URL (papers)", "papers");
    std::set<std::int32_t> seen;
    for (const NoticeDay& d : n.days) {
      if (d.date < lo || d.date > hi)
        return Error::invalid(where + ": day " + d.date.str() + " is outside " + lo.str() + " … " + hi.str(), "date");
      if (!seen.insert(d.date.serial()).second)
        return Error::invalid(where + ": day " + d.date.str() + " is listed twice", "date");
      impl->named[d.date.serial()] = d;  // later years overwrite: the later notice wins
    }
    if (n.published()) impl->covered.insert(n.year);
    max_year = std::max(max_year, n.year);
  }
  impl->notices = std::move(notices);
  impl->end = Date::from_ymd(max_year + 1, 1, 1)->serial();
  const std::size_t size = static_cast<std::size_t>(impl->end - impl->first);
  impl->working.resize(size);
  impl->prefix.resize(size + 1);
  impl->prov_prefix.resize(size + 1);
  auto named = impl->named.lower_bound(impl->first);
  for (std::size_t i = 0; i < size; ++i) {
    Date d = Date::from_serial(impl->first + static_cast<std::int32_t>(i));
    bool working = !d.is_weekend();
    bool provisional = !impl->covered.count(d.year());
    if (named != impl->named.end() && named->first == d.serial()) {
      working = !named->second.off;
      provisional = false;  // a notice decided this day
      ++named;
    }
    impl->working[i] = working;
    impl->prefix[i + 1] = impl->prefix[i] + (working ? 1 : 0);
    impl->prov_prefix[i + 1] = impl->prov_prefix[i] + (provisional ? 1 : 0);
  }
  return Calendar(std::move(impl));
}

const Calendar& Calendar::official() {
  static const Calendar* cal = [] {
    auto text = assets::find("data/calendar.json");
    if (!text) {
      std::fprintf(stderr, "zhifa: data/calendar.json is not embedded (build defect)\n");
      std::abort();
    }
    auto notices = parse_calendar_json(*text);
    if (!notices) {
      std::fprintf(stderr, "zhifa: data/calendar.json: %s\n", notices.error().message.c_str());
      std::abort();
    }
    auto c = from_notices(std::move(*notices));
    if (!c) {
      std::fprintf(stderr, "zhifa: data/calendar.json: %s\n", c.error().message.c_str());
      std::abort();
    }
    return new Calendar(std::move(*c));
  }();
  return *cal;
}

Result<Calendar> Calendar::with_notices(const std::vector<Notice>& extra) const {
  std::map<int, Notice> by_year;
  for (const Notice& n : impl_->notices) by_year[n.year] = n;
  for (const Notice& n : extra) by_year[n.year] = n;
  std::vector<Notice> all;
  all.reserve(by_year.size());
  for (auto& [y, n] : by_year) all.push_back(std::move(n));
  return from_notices(std::move(all));
}

int Calendar::last_notice_year() const { return impl_->covered.empty() ? 0 : *impl_->covered.rbegin(); }

Status Calendar::check_range(Date d, const char* field) const {
  if (d.serial() < impl_->first)
    return Error::invalid(d.str() + " is before the first notice (" + first_day().str() +
                          "); the calendar has no data for it", field);
  return {};
}

std::int64_t Calendar::work_prefix(std::int32_t serial) const {
  const std::int64_t i = static_cast<std::int64_t>(serial) - impl_->first;
  const std::int64_t size = impl_->end - impl_->first;
  if (i <= size) return impl_->prefix[static_cast<std::size_t>(i)];
  // Past the last notice year: Monday to Friday.
  return impl_->prefix.back() + weekdays_before(serial) - weekdays_before(impl_->end);
}

bool Calendar::any_provisional(Date a, Date b) const {
  std::int64_t lo = static_cast<std::int64_t>(std::min(a, b).serial()) + 1;
  std::int64_t hi = static_cast<std::int64_t>(std::max(a, b).serial()) + 1;  // exclusive
  lo = std::max<std::int64_t>(lo, impl_->first);
  if (lo >= hi) return false;
  if (hi > impl_->end) return true;
  return impl_->prov_prefix[static_cast<std::size_t>(hi - impl_->first)] -
             impl_->prov_prefix[static_cast<std::size_t>(lo - impl_->first)] > 0;
}

Result<DayInfo> Calendar::day(Date d) const {
  if (auto st = check_range(d, "date"); !st) return st.error();
  DayInfo info;
  info.date = d;
  const std::int64_t i = d.serial() - impl_->first;
  if (d.serial() >= impl_->end) {
    info.working = !d.is_weekend();
    info.provisional = true;
    return info;
  }
  info.working = impl_->working[static_cast<std::size_t>(i)] != 0;
  info.provisional = impl_->prov_prefix[i + 1] != impl_->prov_prefix[i];
  if (auto it = impl_->named.find(d.serial()); it != impl_->named.end()) {
    info.from_notice = true;
    info.name = it->second.name;
  }
  return info;
}

Result<bool> Calendar::is_working_day(Date d) const {
  auto info = day(d);
  if (!info) return info.error();
  return info->working;
}

Result<DateAnswer> Calendar::add_working_days(Date d, std::int64_t n) const {
  if (auto st = check_range(d, "date"); !st) return st.error();
  if (n < 0 || n > kMaxWorkingDays)
    return Error::invalid("number of working days must be 0…" + std::to_string(kMaxWorkingDays) +
                          ", got " + std::to_string(n), "n");
  // The answer is the smallest e >= d with working days in [first, e] == prefix(d+1) + n;
  // prefix is monotone, so binary search over a window that surely contains it.
  const std::int64_t target = work_prefix(d.serial() + 1) + n;
  std::int64_t lo = d.serial(), hi = lo + 2 * n + 31;
  while (hi <= kMaxSerial && work_prefix(static_cast<std::int32_t>(hi + 1)) < target) hi += hi - lo;
  if (hi > kMaxSerial) hi = kMaxSerial;
  if (work_prefix(static_cast<std::int32_t>(hi + 1)) < target)
    return Error::invalid(std::to_string(n) + " working days after " + d.str() + " is after 9999-12-31", "n");
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo) / 2;
    if (work_prefix(static_cast<std::int32_t>(mid + 1)) >= target) hi = mid; else lo = mid + 1;
  }
  Date due = Date::from_serial(static_cast<std::int32_t>(lo));
  return DateAnswer{due, any_provisional(d, due)};
}

Result<CountAnswer> Calendar::working_days_between(Date a, Date b) const {
  if (auto st = check_range(a, "from"); !st) return st.error();
  if (auto st = check_range(b, "to"); !st) return st.error();
  const std::int64_t fa = work_prefix(a.serial() + 1), fb = work_prefix(b.serial() + 1);
  return CountAnswer{fb - fa, any_provisional(a, b)};
}

std::vector<NoticeDay> Calendar::notice_days_between(Date a, Date b) const {
  std::vector<NoticeDay> out;
  for (auto it = impl_->named.upper_bound(a.serial()); it != impl_->named.end() && it->first <= b.serial(); ++it)
    out.push_back(it->second);
  return out;
}

Result<std::string> working_days_after(store::Tx& tx, const std::string& date, int days) {
  auto d = Date::parse(date);
  if (!d) return d.error();
  auto cal = load_calendar(tx);
  if (!cal) return cal.error();
  auto due = cal->add_working_days(*d, days);
  if (!due) return due.error();
  return due->date.str();
}

}  // namespace zhifa::law
