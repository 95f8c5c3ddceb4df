#include "law/person_names.h"

#include <gtest/gtest.h>

namespace zhifa::law {
namespace {

using V = std::vector<std::string>;

// Issue 15: a decision masked the party (吴某某) but printed "其亲属吴小军".
TEST(PersonNames, ProposesPeopleNamedByTheirRelationToTheCase) {
  EXPECT_EQ(detect_person_names("经查，当事人吴某某为其亲属吴小军于2025年3月提供虚假材料。"), V{"吴小军"});
  EXPECT_EQ(detect_person_names("证人李四证实：当事人曾多次出具邀请函。"), V{"李四"});
  EXPECT_EQ(detect_person_names("委托代理人：欧阳娜娜，证人：王五、赵六。"), (V{"欧阳娜娜", "王五"}));
  EXPECT_EQ(detect_person_names("张某之子张小明在场。"), V{"张小明"});
  EXPECT_EQ(detect_person_names("代理人为刘洋。代理人为刘洋。"), V{"刘洋"});
}

TEST(PersonNames, LeavesMaskedNamesAndOrdinaryWordsAlone) {
  EXPECT_TRUE(detect_person_names("其亲属吴某某到场。").empty());  // 某 stops the given name
  EXPECT_TRUE(detect_person_names("当事人与其亲属关系密切。").empty());
  EXPECT_TRUE(detect_person_names("证人证言、现场检查笔录等证据证实。").empty());
  EXPECT_TRUE(detect_person_names("济宁远航国际交流有限公司员工3人").empty());
  EXPECT_TRUE(detect_person_names("").empty());
  EXPECT_TRUE(detect_person_names("亲属").empty());
}

}  // namespace
}  // namespace zhifa::law
