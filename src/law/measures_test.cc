#include "law/measures.h"

#include <gtest/gtest.h>

namespace zhifa::law {
namespace {

// Issue 14: one list of measures; a band's measures as people write them (行政处罚法 第九条).
TEST(Measures, OneListReadAsPeopleWriteIt) {
  EXPECT_EQ(measure_label("revoke_licence"), "吊销许可证件");
  EXPECT_EQ(measure_label("unknown"), "unknown");
  ASSERT_NE(find_measure("seize"), nullptr);
  EXPECT_FALSE(find_measure("seize")->band);  // not a kind of penalty
  EXPECT_FALSE(find_measure("warning")->catalog);  // the catalog tests the fine and confiscation by amount
  auto m = parse_band_measures("罚款、吊销许可证，警告；责令停产停业、责令关闭");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(*m, (std::vector<std::string>{"warning", "fine", "revoke_licence", "stop_business"}));  // list order, no repeats
  auto back = parse_band_measures(measures_text(*m));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, *m);
  auto bad = parse_band_measures("罚款、查封、扣押");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "discretion");
  EXPECT_TRUE(parse_band_measures("")->empty());
}

}  // namespace
}  // namespace zhifa::law
