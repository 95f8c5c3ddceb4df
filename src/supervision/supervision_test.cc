// The pure parts of 执法监督: the period rule and the SVG chart.
#include <gtest/gtest.h>

#include "supervision/charts.h"
#include "supervision/scope.h"

namespace zhifa::supervision {
namespace {

TEST(Period, DefaultsToTheYearSoFar) {
  auto p = parse_period("", "", "2026-12-03");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->from, "2026-01-01");
  EXPECT_EQ(p->to, "2026-12-03");
}

TEST(Period, RefusesReversedLongAndMalformedRangesNamingTheField) {
  auto reversed = parse_period("2025-12-31", "2025-01-01", "2026-12-03");
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().field, "to");
  EXPECT_NE(reversed.error().message.find("结束日期早于开始日期"), std::string::npos);
  // Ten years at most: 2015-01-01 … 2024-12-31 is accepted, one day more is not.
  EXPECT_TRUE(parse_period("2015-01-01", "2024-12-31", "2026-12-03").ok());
  auto longer = parse_period("2015-01-01", "2025-01-01", "2026-12-03");
  ASSERT_FALSE(longer.ok());
  EXPECT_NE(longer.error().message.find("十年"), std::string::npos);
  auto bad = parse_period("2025-02-30", "", "2026-12-03");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "from");
}

TEST(Chart, NamesItselfEscapesAndScalesToTheLargestValue) {
  std::string svg = bar_chart("案件 <按类别>", {{"行政处罚 & 其他", 4, ""}, {"行政许可", 2, "ok"}});
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title>案件 &lt;按类别&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("行政处罚 &amp; 其他"), std::string::npos);
  EXPECT_NE(svg.find("<desc>行政处罚 &amp; 其他 4；行政许可 2</desc>"), std::string::npos);
  EXPECT_NE(svg.find("width=\"300\""), std::string::npos);  // the largest bar takes the full width
  EXPECT_NE(svg.find("width=\"150\""), std::string::npos);  // half of it
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(bar_chart("空", {}).find("本期间无数据"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::supervision
