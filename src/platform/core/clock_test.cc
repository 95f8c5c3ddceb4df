#include "platform/core/clock.h"

#include <gtest/gtest.h>

namespace zhifa::clock {

TEST(Clock, ChineseDate) {
  EXPECT_EQ(chinese_date("2026-12-03"), "2026年12月3日");
  EXPECT_EQ(chinese_date("2025-10-13"), "2025年10月13日");
  EXPECT_EQ(chinese_date("not a date"), "not a date");
}

TEST(Clock, BeijingTimeTextAddsEightHoursAcrossDayAndYear) {
  EXPECT_EQ(beijing_time_text("2026-12-03T07:13:05Z"), "2026年12月3日 15:13");
  EXPECT_EQ(beijing_time_text("2026-12-31T16:05:00Z"), "2027年1月1日 00:05");
  EXPECT_EQ(beijing_time_text("2026-02-28T20:00:00.123Z"), "2026年3月1日 04:00");
  EXPECT_EQ(beijing_time_text("2026-12-03"), "2026年12月3日");
  EXPECT_EQ(beijing_time_text(""), "");
}

TEST(Clock, BeijingDateOf) {
  EXPECT_EQ(beijing_date_of("2026-12-02T17:00:00Z"), "2026-12-03");
  EXPECT_EQ(beijing_date_of("2026-12-02T15:59:59Z"), "2026-12-02");
}

TEST(Clock, BeijingDayStartUtc) {
  EXPECT_EQ(beijing_day_start_utc("2026-01-01"), "2025-12-31T16:00:00Z");
  EXPECT_EQ(beijing_day_start_utc("2026-03-01"), "2026-02-28T16:00:00Z");
  EXPECT_EQ(beijing_day_start_utc("nope"), "");
}

}  // namespace zhifa::clock
