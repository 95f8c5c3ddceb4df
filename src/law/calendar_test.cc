#include "law/calendar.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace zhifa::law {
namespace {

Date D(const char* s) {
  auto d = Date::parse(s);
  EXPECT_TRUE(d.ok()) << s;
  return d.ok() ? *d : Date{};
}

// The holiday-cn notices, copied into tests/vectors/holiday-cn (MIT) so the test runs from any
// checkout; $ZHIFA_SHARED_DIR may point at a newer copy.
std::optional<std::filesystem::path> shared_notice_dir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates = {fs::path(ZHIFA_SOURCE_DIR) / "tests" / "vectors" / "holiday-cn"};
  if (const char* env = std::getenv("ZHIFA_SHARED_DIR")) {
    candidates.push_back(fs::path(env) / "calendar" / "holiday-cn");
    candidates.push_back(fs::path(env));
  }
  for (const auto& c : candidates)
    if (fs::exists(c / "2019.json")) return c;
  return std::nullopt;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// ---- Date ----

TEST(Date, ParsesAndFormats) {
  Date d = D("2025-09-26");
  EXPECT_EQ(d.year(), 2025);
  EXPECT_EQ(d.month(), 9);
  EXPECT_EQ(d.day(), 26);
  EXPECT_EQ(d.weekday(), 5);  // Friday
  EXPECT_EQ(d.str(), "2025-09-26");
  EXPECT_EQ(D("2024-02-29").str(), "2024-02-29");
  EXPECT_EQ(D("1970-01-01").serial(), 0);
  EXPECT_EQ(D("2000-01-01").weekday(), 6);  // Saturday
}

TEST(Date, RejectsMalformedWithReasons) {
  for (const char* bad : {"", "2025-9-26", "2025/09/26", "20250926", "2025-09-26 ", "２０２５-09-26",
                          "2025-13-01", "2025-00-10", "2025-02-29", "2025-04-31", "0000-01-01", "2025-09-2x"}) {
    auto r = Date::parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("invalid date"), std::string::npos) << r.error().message;
      EXPECT_EQ(r.error().field, "date");
    }
  }
  EXPECT_NE(Date::parse("2025-02-29").error().message.find("not a leap year"), std::string::npos);
  EXPECT_NE(Date::parse("2025-13-01").error().message.find("month 13"), std::string::npos);
}

TEST(Date, RoundTripsEveryDayOfFourCenturies) {
  Date d = D("1900-01-01");
  for (int i = 0; i < 146097; ++i, d = d.plus_days(1)) {
    auto back = Date::from_ymd(d.year(), d.month(), d.day());
    ASSERT_TRUE(back.has_value());
    ASSERT_EQ(back->serial(), d.serial());
    ASSERT_EQ(Date::parse(d.str())->serial(), d.serial());
  }
}

TEST(Date, CalendarDayArithmetic) {
  EXPECT_EQ(add_calendar_days(D("2025-02-20"), 90)->str(), "2025-05-21");
  EXPECT_EQ(add_calendar_days(D("2024-12-31"), 1)->str(), "2025-01-01");
  EXPECT_EQ(add_calendar_days(D("2025-01-01"), -1)->str(), "2024-12-31");
  EXPECT_FALSE(add_calendar_days(D("9999-12-31"), 1).ok());
}

// ---- The official calendar ----

TEST(Calendar, DomainExample) {
  const Calendar& cal = Calendar::official();
  auto due = cal.add_working_days(D("2025-09-26"), 7);
  ASSERT_TRUE(due.ok()) << due.error().message;
  EXPECT_EQ(due->date.str(), "2025-10-13");
  EXPECT_FALSE(due->provisional);
  EXPECT_EQ(cal.working_days_between(D("2025-09-26"), D("2025-10-13"))->days, 7);
  EXPECT_TRUE(*cal.is_working_day(D("2025-09-28")));   // Sunday, make-up working day
  EXPECT_TRUE(*cal.is_working_day(D("2025-10-11")));   // Saturday, make-up working day
  EXPECT_FALSE(*cal.is_working_day(D("2025-10-08")));  // National Day holiday
  EXPECT_EQ(cal.day(D("2025-10-01"))->name, "国庆节、中秋节");
  EXPECT_EQ(cal.add_working_days(D("2025-09-26"), 0)->date.str(), "2025-09-26");
  EXPECT_EQ(cal.add_working_days(D("2025-10-01"), 1)->date.str(), "2025-10-09");
}

TEST(Calendar, CrossYearMovesFromTheNextYearsNotice) {
  const Calendar& cal = Calendar::official();
  EXPECT_TRUE(*cal.is_working_day(D("2018-12-29")));   // Saturday made a working day by the 2019 notice
  EXPECT_FALSE(*cal.is_working_day(D("2018-12-30")));
  EXPECT_FALSE(*cal.is_working_day(D("2018-12-31")));  // Monday made a holiday by the 2019 notice
  EXPECT_FALSE(*cal.is_working_day(D("2019-01-01")));
  EXPECT_EQ(cal.day(D("2018-12-31"))->name, "元旦");
  EXPECT_EQ(cal.add_working_days(D("2018-12-28"), 1)->date.str(), "2018-12-29");
  EXPECT_EQ(cal.add_working_days(D("2018-12-29"), 1)->date.str(), "2019-01-02");
  EXPECT_FALSE(*cal.is_working_day(D("2022-12-31")));  // a Saturday the 2023 notice names
  EXPECT_EQ(cal.day(D("2022-12-31"))->name, "元旦");
}

TEST(Calendar, RefusesDatesBeforeTheFirstNotice) {
  const Calendar& cal = Calendar::official();
  auto r = cal.add_working_days(D("2006-12-31"), 3);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("before the first notice"), std::string::npos);
  EXPECT_FALSE(cal.is_working_day(D("1999-05-01")).ok());
  EXPECT_FALSE(cal.working_days_between(D("2025-01-01"), D("2006-01-01")).ok());
  EXPECT_TRUE(cal.is_working_day(D("2007-01-04")).ok());
}

TEST(Calendar, RefusesOutOfRangeCounts) {
  const Calendar& cal = Calendar::official();
  EXPECT_FALSE(cal.add_working_days(D("2025-01-01"), -1).ok());
  EXPECT_FALSE(cal.add_working_days(D("2025-01-01"), 100001).ok());
  EXPECT_FALSE(cal.add_working_days(D("9999-12-20"), 100).ok());
}

TEST(Calendar, BeyondTheLastNoticeIsProvisionalWeekdays) {
  const Calendar& cal = Calendar::official();
  ASSERT_EQ(cal.last_notice_year(), 2026);  // the shared data has no 2027 notice yet
  auto in = cal.add_working_days(D("2026-12-01"), 5);
  EXPECT_FALSE(in->provisional);
  auto out = cal.add_working_days(D("2026-12-30"), 3);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->provisional);
  EXPECT_EQ(out->date.str(), "2027-01-04");  // 12-31 Thu, 01-01 Fri (weekday rule), 01-04 Mon
  EXPECT_TRUE(cal.day(D("2027-01-01"))->provisional);
  EXPECT_TRUE(cal.day(D("2027-01-01"))->working);
  EXPECT_TRUE(cal.day(D("2031-06-02"))->provisional);
  EXPECT_TRUE(cal.working_days_between(D("2026-12-30"), D("2040-01-01"))->provisional);
  EXPECT_FALSE(cal.working_days_between(D("2026-12-30"), D("2026-12-31"))->provisional);
  // Far past the table the weekday arithmetic still agrees with counting.
  auto far = cal.add_working_days(D("2040-01-02"), 10);  // Monday
  EXPECT_EQ(far->date.str(), "2040-01-16");
}

TEST(Calendar, ImportedNoticeExtendsCoverage) {
  Notice n;
  n.year = 2027;
  n.papers = {"https://www.gov.cn/example/2027.htm"};
  n.days = {{D("2026-12-31"), true, "元旦"}, {D("2027-01-01"), true, "元旦"}, {D("2027-01-02"), false, "元旦"}};
  auto cal = Calendar::official().with_notices({n});
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  EXPECT_EQ(cal->last_notice_year(), 2027);
  EXPECT_FALSE(*cal->is_working_day(D("2026-12-31")));
  EXPECT_TRUE(*cal->is_working_day(D("2027-01-02")));
  auto due = cal->add_working_days(D("2026-12-30"), 2);
  EXPECT_EQ(due->date.str(), "2027-01-04");
  EXPECT_FALSE(due->provisional);
  // The official calendar is unchanged.
  EXPECT_TRUE(*Calendar::official().is_working_day(D("2026-12-31")));
}

TEST(Calendar, RejectsBadNotices) {
  Notice early{2006, {"http://x"}, {}};
  EXPECT_FALSE(Calendar::from_notices({early}).ok());
  Notice stray{2027, {"http://x"}, {{D("2025-05-01"), true, "劳动节"}}};
  EXPECT_FALSE(Calendar::from_notices({stray}).ok());
  Notice unsourced{2027, {}, {{D("2027-05-01"), true, "劳动节"}}};
  EXPECT_FALSE(Calendar::from_notices({unsourced}).ok());
}

// ---- Against the shared notices ----

TEST(CalendarData, EveryDate2010To2027MatchesTheNotices) {
  auto dir = shared_notice_dir();
  ASSERT_TRUE(dir.has_value()) << "tests/vectors/holiday-cn is missing";
  // Expected: weekday rule, overridden by notice days in year order (a later notice wins).
  std::map<std::string, std::pair<bool, std::string>> named;  // date -> (off, name)
  std::set<int> published;
  for (int y = 2007; y <= 2027; ++y) {
    auto text = slurp(*dir / (std::to_string(y) + ".json"));
    auto notice = parse_holiday_cn(text);
    ASSERT_TRUE(notice.ok()) << y << ": " << notice.error().message;
    if (notice->published()) published.insert(y);
    for (const auto& d : notice->days) named[d.date.str()] = {d.off, d.name};
  }
  const Calendar& cal = Calendar::official();
  int checked = 0;
  for (Date d = D("2010-01-01"); d <= D("2027-12-31"); d = d.plus_days(1), ++checked) {
    auto info = cal.day(d);
    ASSERT_TRUE(info.ok());
    auto it = named.find(d.str());
    bool working = it != named.end() ? !it->second.first : !d.is_weekend();
    ASSERT_EQ(info->working, working) << d.str();
    ASSERT_EQ(info->provisional, it == named.end() && !published.count(d.year())) << d.str();
    if (it != named.end()) { ASSERT_EQ(info->name, it->second.second) << d.str(); }
  }
  EXPECT_EQ(checked, 6574);
  // The cross-year case, straight from the 2019 notice.
  EXPECT_FALSE(named.at("2018-12-29").first);
  EXPECT_TRUE(named.at("2018-12-31").first);
}

TEST(CalendarData, EmbeddedFileIsTheConvertedNotices) {
  auto dir = shared_notice_dir();
  ASSERT_TRUE(dir.has_value()) << "tests/vectors/holiday-cn is missing";
  const auto& official = Calendar::official().notices();
  ASSERT_EQ(official.size(), 21u);
  for (const Notice& mine : official) {
    auto theirs = parse_holiday_cn(slurp(*dir / (std::to_string(mine.year) + ".json")));
    ASSERT_TRUE(theirs.ok());
    EXPECT_EQ(mine.papers, theirs->papers) << mine.year;
    ASSERT_EQ(mine.days.size(), theirs->days.size()) << mine.year;
    for (std::size_t i = 0; i < mine.days.size(); ++i) {
      EXPECT_EQ(mine.days[i].date, theirs->days[i].date);
      EXPECT_EQ(mine.days[i].off, theirs->days[i].off);
      EXPECT_EQ(mine.days[i].name, theirs->days[i].name);
    }
  }
}

TEST(CalendarData, CalendarJsonRoundTrips) {
  const auto& notices = Calendar::official().notices();
  auto back = parse_calendar_json(calendar_json(notices));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), notices.size());
  for (std::size_t i = 0; i < notices.size(); ++i) {
    EXPECT_EQ((*back)[i].year, notices[i].year);
    EXPECT_EQ((*back)[i].papers, notices[i].papers);
    EXPECT_EQ((*back)[i].days.size(), notices[i].days.size());
  }
}

TEST(CalendarData, HolidayCnImportRejectsBadFiles) {
  auto err = [](const char* text) {
    auto r = parse_holiday_cn(text);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  EXPECT_NE(err("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(err("[]").find("expected an object"), std::string::npos);
  EXPECT_NE(err(R"({"year":"2028","papers":[],"days":[]})").find("\"year\""), std::string::npos);
  EXPECT_NE(err(R"({"year":2006,"papers":[],"days":[]})").find("before the first notice"), std::string::npos);
  EXPECT_NE(err(R"({"year":2028,"papers":["http://a"],"days":[{"name":"元旦","date":"2026-12-31","isOffDay":true}]})")
                .find("outside"), std::string::npos);
  EXPECT_NE(err(R"({"year":2028,"papers":["http://a"],"days":[{"name":"元旦","date":"2028-1-1","isOffDay":true}]})")
                .find("invalid date"), std::string::npos);
  EXPECT_NE(err(R"({"year":2028,"papers":["http://a"],"days":[{"name":"元旦","date":"2028-01-01","isOffDay":"yes"}]})")
                .find("isOffDay"), std::string::npos);
  EXPECT_NE(err(R"({"year":2028,"papers":[],"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]})")
                .find("papers"), std::string::npos);
  EXPECT_NE(err(R"({"year":2028,"papers":["http://a"],"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true},
                   {"name":"元旦","date":"2028-01-01","isOffDay":true}]})").find("twice"), std::string::npos);
  EXPECT_EQ(err(R"({"year":2028,"papers":["http://a"],"days":[{"name":"元旦","date":"2027-12-31","isOffDay":true}]})"), "ok");
}

// ---- Properties ----

TEST(CalendarProperty, AddThenBetweenIsIdentityAndMatchesNaiveCounting) {
  const Calendar& cal = Calendar::official();
  std::mt19937 rng(20250926);
  const std::int32_t lo = D("2007-01-01").serial(), hi = D("2032-12-31").serial();
  std::uniform_int_distribution<std::int32_t> day(lo, hi);
  std::uniform_int_distribution<int> count(0, 3650);
  for (int i = 0; i < 20000; ++i) {
    Date d = Date::from_serial(day(rng));
    int n = i % 10 == 0 ? count(rng) : count(rng) % 40;
    auto due = cal.add_working_days(d, n);
    ASSERT_TRUE(due.ok());
    ASSERT_EQ(cal.working_days_between(d, due->date)->days, n) << d.str() << " + " << n;
    if (n > 0) { ASSERT_TRUE(*cal.is_working_day(due->date)) << d.str() << " + " << n; }
    ASSERT_EQ(cal.working_days_between(due->date, d)->days, -n);
    if (n <= 40) {  // naive day-by-day walk
      Date w = d;
      for (int k = 0; k < n;) {
        w = w.plus_days(1);
        if (*cal.is_working_day(w)) ++k;
      }
      ASSERT_EQ(w, due->date) << d.str() << " + " << n;
    }
  }
}

TEST(CalendarProperty, BetweenIsMonotone) {
  const Calendar& cal = Calendar::official();
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::int32_t> day(D("2007-01-01").serial(), D("2030-12-31").serial());
  for (int i = 0; i < 2000; ++i) {
    Date a = Date::from_serial(day(rng));
    std::int64_t prev = cal.working_days_between(a, a)->days;
    EXPECT_EQ(prev, 0);
    for (int k = 1; k < 60; ++k) {
      std::int64_t cur = cal.working_days_between(a, a.plus_days(k))->days;
      ASSERT_GE(cur, prev);
      ASSERT_LE(cur - prev, 1);
      prev = cur;
    }
  }
}

}  // namespace
}  // namespace zhifa::law

namespace zhifa::law {
namespace {
TEST(CalendarMonths, SameDayOrTheMonthsLastDay) {
  auto add = [](const char* d, int m) { return add_calendar_months(*Date::parse(d), m)->str(); };
  EXPECT_EQ(add("2025-10-13", 36), "2028-10-13");  // a 36-month display period
  EXPECT_EQ(add("2025-01-31", 1), "2025-02-28");
  EXPECT_EQ(add("2027-01-31", 13), "2028-02-29");  // leap year
  EXPECT_EQ(add("2025-12-15", 1), "2026-01-15");
  EXPECT_EQ(add("2025-03-31", -1), "2025-02-28");
  EXPECT_FALSE(add_calendar_months(*Date::parse("9999-12-01"), 1));
}
}  // namespace
}  // namespace zhifa::law
