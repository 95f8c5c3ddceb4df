#include "law/mask.h"

#include <gtest/gtest.h>

#include <random>

#include "law/calendar.h"
#include "law/identifiers.h"

namespace zhifa::law {
namespace {

std::string id_with_check(const std::string& first17) { return first17 + resident_id_check_char(first17); }

std::string card_with_check(const std::string& payload) { return payload + luhn_check_digit(payload); }

std::string masked(std::string_view text, std::vector<std::string> names = {}) {
  auto r = mask_personal_data(text, names);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->text : "";
}

TEST(MaskName, Rule) {
  EXPECT_EQ(*mask_name("张三"), "张某");
  EXPECT_EQ(*mask_name("张三丰"), "张某某");
  EXPECT_EQ(*mask_name("张王小丽"), "张某某某");
  EXPECT_EQ(*mask_name("欧阳娜娜"), "欧阳某某");
  EXPECT_EQ(*mask_name("欧阳修"), "欧阳某");
  EXPECT_EQ(*mask_name("司马光"), "司马某");
  EXPECT_EQ(*mask_name("诸葛亮"), "诸葛某");
  EXPECT_EQ(*mask_name("欧阳"), "欧某");  // two characters: surname + given name
  EXPECT_EQ(*mask_name("阿卜杜拉·艾买提"), "阿某某某·某某某");
  EXPECT_EQ(*mask_name("John Smith"), "J*** *****");
  EXPECT_FALSE(mask_name("张").ok());
  EXPECT_FALSE(mask_name("").ok());
  EXPECT_FALSE(mask_name("\xff\xfe").ok());
}

TEST(Mask, NamesSuppliedAsFields) {
  EXPECT_EQ(masked("当事人张三，住所地济宁市。张三于2025年9月1日", {"张三"}), "当事人张某，住所地济宁市。张某于2025年9月1日");
  EXPECT_EQ(masked("张三丰与张三", {"张三", "张三丰"}), "张某某与张某");
  EXPECT_EQ(masked("欧阳娜娜的邀请函", {"欧阳娜娜"}), "欧阳某某的邀请函");
}

TEST(Mask, EveryChecksumValidIdIsMasked) {
  std::mt19937 rng(3);
  const char* regions[] = {"370802", "370811", "110101", "440305", "650102", "810000"};
  for (int i = 0; i < 3000; ++i) {
    Date birth = Date::from_serial(static_cast<std::int32_t>(rng() % 30000) - 10000);
    char body[18];
    std::snprintf(body, sizeof body, "%s%04d%02d%02d%03u", regions[i % 6], birth.year(), birth.month(), birth.day(),
                  static_cast<unsigned>(rng() % 1000));
    std::string id = id_with_check(body);
    ASSERT_TRUE(check_resident_id(id).ok()) << id;
    auto r = mask_personal_data("身份证号码：" + id + "，");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->text, "身份证号码：******************，") << id;
    ASSERT_EQ(r->spans.size(), 1u);
    EXPECT_EQ(r->spans[0].kind, MaskKind::kResidentId);
    EXPECT_EQ(r->spans[0].original, id);
    EXPECT_EQ(r->spans[0].start, std::string("身份证号码：").size());
  }
  // Lower-case x is still a person's ID.
  std::string x = id_with_check("11010519491231002");
  x.back() = 'x';
  EXPECT_EQ(masked("ID " + x), "ID ******************");
}

TEST(Mask, PhonesCardsAndEmail) {
  EXPECT_EQ(masked("联系电话13812345678。"), "联系电话***********。");
  EXPECT_EQ(masked("电话 138 1234 5678 或 138-1234-5678"), "电话 *** **** **** 或 ***-****-****");
  EXPECT_EQ(masked("+8613812345678"), "+86***********");
  EXPECT_EQ(masked("座机0537-1234567，(0537)2345678，（0537）2345678，010-12345678"),
            "座机****-*******，(****)*******，（****）*******，***-********");
  std::string card = card_with_check("621700123456789012");
  EXPECT_EQ(masked("账号" + card + "。"), "账号" + std::string(19, '*') + "。");
  std::string card16 = card_with_check("622202123456789");
  EXPECT_EQ(masked("卡号 " + card16.substr(0, 4) + " " + card16.substr(4, 4) + " " + card16.substr(8, 4) + " " +
                   card16.substr(12, 4)),
            "卡号 **** **** **** ****");
  EXPECT_EQ(masked("邮箱 zhang.san_01@example.com.cn，"), "邮箱 ************@example.com.cn，");
  EXPECT_EQ(masked("13812345678@qq.com"), "***********@qq.com");
}

TEST(Mask, NoFalsePositives) {
  const std::string uscc = std::string("91370800MA3C12345") + uscc_check_char("91370800MA3C12345");
  // An all-digit credit code that also passes Luhn is still a credit code.
  std::string digits_uscc;
  for (int k = 0; k < 100000 && digits_uscc.empty(); ++k) {
    char body[18];
    std::snprintf(body, sizeof body, "9137080012%07d", k);
    std::string c = std::string(body) + uscc_check_char(body);
    if (check_uscc(c).ok() && check_bank_card(c).ok()) digits_uscc = c;
  }
  ASSERT_FALSE(digits_uscc.empty());
  const std::string text =
      "济宁市人民政府外事侨务办公室 行政处罚决定书 济外侨许〔2025〕3号 济外侨罚〔2025〕123号\n"
      "当事人：济宁某某贸易有限公司，统一社会信用代码：" + uscc + "（另一家：" + digits_uscc + "）\n"
      "于2025年9月26日（2025-09-26）作出决定：罚款人民币20000元（¥20,000.00），没收违法所得1234567.89元。\n"
      "依据《中华人民共和国行政处罚法》第五十一条、第85条；案卷编号2025000123456789；订单号20250926123456；"
      "邮编272000；时间 2025-09-26 08:30:00；第13812345678901号；金额 13812345678.50。\n"
      "本决定书共3页，2 份。";
  auto r = mask_personal_data(text);
  ASSERT_TRUE(r.ok());
  for (const auto& s : r->spans) ADD_FAILURE() << mask_kind_name(s.kind) << ": " << s.original;
  EXPECT_EQ(r->text, text);
}

TEST(Mask, SpansPointIntoTheOriginal) {
  const std::string text = "当事人张三（身份证号" + id_with_check("37080219900101123") + "，电话13912345678）";
  auto r = mask_personal_data(text, {"张三"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->spans.size(), 3u);
  EXPECT_EQ(r->spans[0].kind, MaskKind::kName);
  EXPECT_EQ(r->spans[1].kind, MaskKind::kResidentId);
  EXPECT_EQ(r->spans[2].kind, MaskKind::kMobile);
  for (const auto& s : r->spans) EXPECT_EQ(text.substr(s.start, s.end - s.start), s.original);
  // The spans reproduce the masked text.
  EXPECT_EQ(*apply_mask_spans(text, r->spans), r->text);
}

TEST(Mask, ReviewerAdjustsSpans) {
  const std::string text = "张三与李四";
  auto r = mask_personal_data(text, {"张三", "李四"});
  ASSERT_TRUE(r.ok());
  auto spans = r->spans;
  spans.pop_back();                                               // the reviewer keeps 李四
  EXPECT_EQ(*apply_mask_spans(text, spans), "张某与李四");
  spans.push_back({MaskKind::kManual, 9, 15, "李四", "李**"});     // or masks it differently
  EXPECT_EQ(*apply_mask_spans(text, spans), "张某与李**");
  EXPECT_FALSE(apply_mask_spans(text, {{MaskKind::kManual, 1, 3, "", "x"}}).ok());        // cuts a character
  EXPECT_FALSE(apply_mask_spans(text, {{MaskKind::kManual, 0, 6, "李四", "x"}}).ok());    // stale
  EXPECT_FALSE(apply_mask_spans(text, {{MaskKind::kManual, 0, 6, "", "x"}, {MaskKind::kManual, 3, 9, "", "y"}}).ok());
  EXPECT_FALSE(apply_mask_spans(text, {{MaskKind::kManual, 0, 99, "", "x"}}).ok());
}

TEST(Mask, RefusesInvalidUtf8) {
  for (std::string bad : {std::string("abc\xff"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                          std::string("\xe4\xb8"), std::string("\xf4\x90\x80\x80")}) {
    auto r = mask_personal_data("正文" + bad);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("not valid UTF-8"), std::string::npos);
  }
  EXPECT_TRUE(check_utf8("中文 ascii 𠀀").ok());
}

}  // namespace
}  // namespace zhifa::law
