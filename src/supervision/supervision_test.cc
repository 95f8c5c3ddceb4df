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

// The one jurisdiction rule: own agency and every agency below, for 执法监督 and the head only.
TEST(Jurisdiction, OwnAgencyAndEveryAgencyBelowForSupervisorAndHead) {
  auto agency = [](std::int64_t id, std::optional<std::int64_t> parent) {
    org::Agency a;
    a.id = id;
    a.parent_id = parent;
    return a;
  };
  // 1 city → 2 county → 3 township; 4 another county under the city; 9 a separate tree.
  std::vector<org::Agency> all{agency(1, std::nullopt), agency(2, 1), agency(3, 2), agency(4, 1), agency(9, std::nullopt)};
  org::Principal county;
  county.person_id = 7;
  county.agency_id = 2;
  county.roles = {"supervisor"};
  EXPECT_TRUE(supervises(county, 2, all));
  EXPECT_TRUE(supervises(county, 3, all));
  EXPECT_FALSE(supervises(county, 1, all));  // not upwards
  EXPECT_FALSE(supervises(county, 4, all));  // not sideways
  EXPECT_FALSE(supervises(county, 9, all));
  EXPECT_FALSE(supervises(county, 42, all));  // no such agency
  org::Principal head = county;
  head.agency_id = 1;
  head.roles = {"agency_head"};
  for (std::int64_t id : {1, 2, 3, 4}) EXPECT_TRUE(supervises(head, id, all)) << id;
  EXPECT_FALSE(supervises(head, 9, all));
  org::Principal officer = head;
  officer.roles = {"officer"};
  EXPECT_FALSE(supervises(officer, 1, all));  // the own agency too: not a supervisor
  // A cycle in bad data ends the walk.
  std::vector<org::Agency> loop{agency(5, 6), agency(6, 5)};
  EXPECT_FALSE(supervises(county, 5, loop));
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
