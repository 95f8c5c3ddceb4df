#pragma once
// The official working-day calendar (工作日历) of the PRC.
//
// Working days are Monday to Friday, except statutory holidays, plus the weekend days that a
// State Council General Office notice turns into make-up working days (调休). The notices are
// data (data/calendar.json, one entry per notice year, with the notice URLs), never guessed:
// ALL art. 82 and APL art. 85 count time limits in working days excluding statutory holidays.
//
// A notice for year Y may also move days at the end of year Y-1 (the 2019 notice made Saturday
// 2018-12-29 a working day and Monday 2018-12-31 a holiday). Notices are applied in year order,
// so the later notice wins for a date both mention.
//
// A year without a notice (papers empty or no entry) falls back to the weekday rule, and every
// answer that looked at such a day is flagged `provisional`. Dates before 2007-01-01 (the first
// notice in the data) are refused.
//
// Everything here is pure: a Calendar is an immutable value built from notices.
#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::store { class Tx; }

namespace zhifa::law {

// A civil date in the proleptic Gregorian calendar, years 0001–9999.
class Date {
 public:
  Date() = default;  // 1970-01-01
  // Nullopt unless y/m/d is a real date in 0001-01-01 … 9999-12-31.
  static std::optional<Date> from_ymd(int y, int m, int d);
  // Strictly "YYYY-MM-DD" (ASCII digits, zero-padded), e.g. "2025-09-26"; the error says why not.
  static Result<Date> parse(std::string_view text, std::string field = "date");
  // Days since 1970-01-01 (negative before).
  static Date from_serial(std::int32_t serial) { Date d; d.serial_ = serial; return d; }

  std::int32_t serial() const { return serial_; }
  int year() const;
  int month() const;
  int day() const;
  int weekday() const;  // ISO: 1 = Monday … 7 = Sunday
  bool is_weekend() const { return weekday() >= 6; }
  std::string str() const;  // "YYYY-MM-DD"
  Date plus_days(std::int64_t n) const { return from_serial(static_cast<std::int32_t>(serial_ + n)); }

  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  std::int32_t serial_ = 0;
};

// Calendar-day arithmetic; an error when the result leaves 0001–9999.
Result<Date> add_calendar_days(Date d, std::int64_t n);
// Calendar months after d, on the same day of the month or the month's last day when it has
// fewer (2025-01-31 + 1 → 2025-02-28); e.g. a display period of 36 months.
Result<Date> add_calendar_months(Date d, int months);

// One day a notice names: a holiday (off) or a make-up working day (on).
struct NoticeDay {
  Date date;
  bool off = true;
  std::string name;  // e.g. "国庆节"
};

// One year's notice (or notices: amendments such as 2020's Spring Festival extension add papers).
struct Notice {
  int year = 0;
  std::vector<std::string> papers;  // URLs of the official notices on gov.cn
  std::vector<NoticeDay> days;
  // A year is covered (not provisional) only when it has a notice.
  bool published() const { return !papers.empty(); }
};

// What the calendar says about one date.
struct DayInfo {
  Date date;
  bool working = false;
  bool provisional = false;  // no notice for this year: weekday rule
  bool from_notice = false;  // a notice names this day (name is set)
  std::string name;
};

struct DateAnswer {
  Date date;
  bool provisional = false;
};

struct CountAnswer {
  std::int64_t days = 0;
  bool provisional = false;
};

class Calendar {
 public:
  // The first date the calendar answers for: 2007-01-01.
  static Date first_day();

  // Builds a calendar from notices (any order; a later year's notice wins on shared dates).
  // Errors: a notice before 2007, a notice with days far from its year, duplicate years.
  static Result<Calendar> from_notices(std::vector<Notice> notices);

  // The calendar compiled into the program (data/calendar.json). Aborts when the embedded file
  // is missing or corrupt: that is a build defect, not an input error.
  static const Calendar& official();

  // This calendar with `notices` added; a notice for a year already present replaces it.
  Result<Calendar> with_notices(const std::vector<Notice>& notices) const;

  const std::vector<Notice>& notices() const { return impl_->notices; }
  // The highest year that has a published notice.
  int last_notice_year() const;
  bool covers_year(int year) const { return impl_->covered.count(year) != 0; }

  Result<DayInfo> day(Date d) const;
  Result<bool> is_working_day(Date d) const;

  // The deadline of "n working days after d" (0 <= n <= 100000): the n-th working day after d,
  // d itself not counted; n == 0 gives d. 7 working days after 2025-09-26 is 2025-10-13.
  Result<DateAnswer> add_working_days(Date d, std::int64_t n) const;

  // Working days in (a, b]; negative when b < a. working_days_between(d, add_working_days(d, n))
  // == n, and it is monotone (non-decreasing) in b.
  Result<CountAnswer> working_days_between(Date a, Date b) const;

  // The days notices name in (a, b], in date order (holidays and make-up working days).
  std::vector<NoticeDay> notice_days_between(Date a, Date b) const;

  // True when some day in (a, b] lies in a year without a notice.
  bool any_provisional(Date a, Date b) const;

 private:
  struct Impl {
    std::vector<Notice> notices;                // sorted by year
    std::set<int> covered;                      // years with a published notice
    std::map<std::int32_t, NoticeDay> named;    // merged notice days by serial
    std::int32_t first = 0;                     // serial of first_day()
    std::int32_t end = 0;                       // serial one past the table
    std::vector<std::uint8_t> working;          // per day in [first, end)
    std::vector<std::int32_t> prefix;           // working days in [first, first+i)
    std::vector<std::int32_t> prov_prefix;      // provisional days in [first, first+i)
  };
  explicit Calendar(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::int64_t work_prefix(std::int32_t serial) const;  // working days in [first, serial)
  Status check_range(Date d, const char* field) const;

  std::shared_ptr<const Impl> impl_;
};

// ---- Conversion and storage of notices (calendar_data.cc) ----

// Parses one holiday-cn year file ({"year", "papers", "days": [{"name","date","isOffDay"}]}),
// the format the official notices are published in by github.com/NateScarlet/holiday-cn.
// Checks every field; days must lie in the notice year or in December of the year before.
Result<Notice> parse_holiday_cn(std::string_view json);

// Parses / writes the project's own file data/calendar.json ({"notices": [{"year","papers",
// "days": [{"date","off","name"}]}]}).
Result<std::vector<Notice>> parse_calendar_json(std::string_view json);
std::string calendar_json(const std::vector<Notice>& notices);

// Stores an imported notice in law_calendar_notices / law_calendar_days (migrations/0100_law.sql)
// inside the caller's transaction; a notice for the same year replaces the stored one.
Status store_notice(store::Tx& tx, const Notice& notice);
// The notices stored by store_notice, by year.
Result<std::vector<Notice>> load_stored_notices(store::Tx& tx);
// The official calendar with the stored notices applied: what the platform should use.
Result<Calendar> load_calendar(store::Tx& tx);
// The date `days` working days after `date` ("YYYY-MM-DD"), that day not counted, on the
// calendar load_calendar gives: the one "N working days after" of every pillar.
Result<std::string> working_days_after(store::Tx& tx, const std::string& date, int days);

}  // namespace zhifa::law
