#include "inspection/model.h"

#include <gtest/gtest.h>

#include "law/identifiers.h"
#include "publicity/lists.h"

namespace zhifa::inspection {
namespace {

TEST(InspectionModel, ProportionFromTheListRow) {
  EXPECT_EQ(parse_proportion("5%")->percent, 5);
  EXPECT_EQ(parse_proportion(" 20％ ")->percent, 20);
  EXPECT_EQ(parse_proportion("10家")->count, 10);
  EXPECT_FALSE(parse_proportion("150%"));
  EXPECT_NE(parse_proportion("150%").error().message.find("100%"), std::string::npos);
  EXPECT_FALSE(parse_proportion("0%"));
  EXPECT_FALSE(parse_proportion("若干"));
  EXPECT_EQ(objects_to_draw({5, 0}, 107), 6);
  EXPECT_EQ(objects_to_draw({20, 0}, 40), 8);
  EXPECT_EQ(objects_to_draw({1, 0}, 3), 1);
  EXPECT_EQ(objects_to_draw({0, 10}, 4), 4);
  EXPECT_EQ(objects_to_draw({5, 0}, 0), 0);
}

TEST(InspectionModel, ObjectsNeedAValidUscc) {
  std::string good = "91370800MA3C5UJ21";
  good += law::uscc_check_char(good);
  ObjectInput o{good, "济宁测试有限公司", "旅行社", "", "", ""};
  EXPECT_TRUE(validate_object(o).empty());
  o.code = good.substr(0, 17) + (good[17] == '0' ? '1' : '0');
  ASSERT_FALSE(validate_object(o).empty());
  EXPECT_EQ(validate_object(o)[0].first, "code");
  o.code = good;
  o.risk_grade = "极高";
  EXPECT_FALSE(validate_object(o).empty());
}

TEST(InspectionModel, LabelsNotCodes) {
  for (auto& c : result_codes()) EXPECT_EQ(result_label(c).find('_'), std::string::npos) << c;
  for (auto& c : conflict_kinds()) EXPECT_EQ(conflict_label(c).find('_'), std::string::npos) << c;
}

}  // namespace
}  // namespace zhifa::inspection

namespace zhifa::inspection {
namespace {

// The list itself refuses what a plan could not use (one rule, two places that agree).
TEST(InspectionModel, TheListRefusesAProportionOverAHundredPercent) {
  const auto* def = publicity::find_list("inspections");
  ASSERT_NE(def, nullptr);
  json row{{"code", "T-1"}, {"name", "测试"}, {"inspecting_body", "机关"}, {"legal_basis", "依据"}, {"objects", "对象"},
           {"content", "内容"}, {"method", "书面检查"}, {"proportion", "150%"}, {"frequency", "每年1次"}};
  auto errors = publicity::validate_rows(*def, json::array({row}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "proportion");
  for (const char* ok : {"5%", "100%", "10家"}) {
    row["proportion"] = ok;
    EXPECT_TRUE(publicity::validate_rows(*def, json::array({row})).empty()) << ok;
    EXPECT_TRUE(parse_proportion(ok)) << ok;
  }
  // 分级抽查比例: checked when the list is edited, exactly as the draw reads it.
  for (const char* bad : {"高 120%", "高 20%；高 10%", "极高 20%", "高"}) {
    row["risk_proportions"] = bad;
    auto e = publicity::validate_rows(*def, json::array({row}));
    ASSERT_EQ(e.size(), 1u) << bad;
    EXPECT_EQ(e[0].field, "risk_proportions");
    EXPECT_FALSE(grade_pools(bad, "5%")) << bad;
  }
  for (const char* ok : {"", "高 20%；中 10%；低 3%", "高：5家"}) {
    row["risk_proportions"] = ok;
    EXPECT_TRUE(publicity::validate_rows(*def, json::array({row})).empty()) << ok;
    EXPECT_TRUE(grade_pools(ok, "5%")) << ok;
  }
}

TEST(InspectionModel, CertificateScopeCoversTheMatter) {
  EXPECT_TRUE(scope_covers("外事侨务行政许可、行政检查", "被授权邀请单位邀请外国人来华情况抽查"));
  EXPECT_TRUE(scope_covers("随机抽查", "任意事项"));
  EXPECT_TRUE(scope_covers("外事侨务：被授权邀请单位邀请外国人来华情况抽查", "被授权邀请单位邀请外国人来华情况抽查"));
  EXPECT_FALSE(scope_covers("外事侨务行政许可", "被授权邀请单位邀请外国人来华情况抽查"));
  EXPECT_FALSE(scope_covers("", "被授权邀请单位邀请外国人来华情况抽查"));
  EXPECT_FALSE(scope_covers("行政许可", ""));
}

TEST(InspectionModel, RiskGradePoolsFromTheListRow) {
  auto pools = grade_pools("高 20%；中：10%, 低 3家", "5%");
  ASSERT_TRUE(pools) << pools.error().message;
  ASSERT_EQ(pools->size(), 4u);
  EXPECT_EQ((*pools)[0].grade, "高");
  EXPECT_EQ((*pools)[0].parsed.percent, 20);
  EXPECT_EQ((*pools)[2].parsed.count, 3);
  EXPECT_EQ((*pools)[3].grade, "未分级");
  EXPECT_EQ((*pools)[3].parsed.percent, 5);
  EXPECT_EQ(grade_code("中"), "M");
  // Order is always 高, 中, 低, 未分级 whatever the text's order; no text, no pools.
  EXPECT_EQ((*grade_pools("低 1%；高 50%", "5%"))[0].grade, "高");
  EXPECT_TRUE(grade_pools("", "5%")->empty());
  EXPECT_FALSE(grade_pools("高 120%", "5%"));
  EXPECT_FALSE(grade_pools("高 20%；高 10%", "5%"));
  EXPECT_FALSE(grade_pools("极高 20%", "5%"));
  EXPECT_FALSE(grade_pools("高", "5%"));
}

}  // namespace
}  // namespace zhifa::inspection
