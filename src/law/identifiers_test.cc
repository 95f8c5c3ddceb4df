#include "law/identifiers.h"

#include <gtest/gtest.h>

#include <random>

namespace zhifa::law {
namespace {

std::string reason(const Status& st) { return st.ok() ? "ok" : st.error().message; }

std::string make_id(std::string first17) { return first17 + resident_id_check_char(first17); }

TEST(ResidentId, KnownSample) {
  // GB 11643 worked example: 11010519491231002 -> check character X.
  EXPECT_EQ(resident_id_check_char("11010519491231002"), 'X');
  EXPECT_TRUE(check_resident_id("11010519491231002X").ok());
  EXPECT_EQ(reason(check_resident_id("110105194912310021")), "resident ID check character should be X, got 1");
}

TEST(ResidentId, GeneratedValidOnesPass) {
  std::mt19937 rng(11643);
  const char* regions[] = {"370802", "110105", "440305", "650102", "820000", "710000", "130681"};
  for (int i = 0; i < 5000; ++i) {
    char body[18];
    Date birth = Date::from_serial(static_cast<std::int32_t>(rng() % 36500) - 18000);
    std::snprintf(body, sizeof body, "%s%04d%02d%02d%03u", regions[i % 7], birth.year(), birth.month(), birth.day(),
                  static_cast<unsigned>(rng() % 1000));
    std::string id = make_id(body);
    ASSERT_TRUE(check_resident_id(id, Date::from_ymd(2025, 9, 26)).ok()) << id << ": " << reason(check_resident_id(id));
    // Any single-digit change of the first 17 breaks the check (MOD 11-2 catches all of them).
    std::string bad = id;
    bad[14] = bad[14] == '9' ? '0' : static_cast<char>(bad[14] + 1);
    ASSERT_FALSE(check_resident_id(bad).ok()) << bad;
  }
}

TEST(ResidentId, InvalidSamplesWithReasons) {
  EXPECT_NE(reason(check_resident_id("37080219900101123")).find("must be 18 characters, got 17"), std::string::npos);
  EXPECT_NE(reason(check_resident_id("370802900101123")).find("first-generation"), std::string::npos);
  EXPECT_NE(reason(check_resident_id("3708021990010112A4")).find("character 17 must be a digit"), std::string::npos);
  EXPECT_NE(reason(check_resident_id(make_id("37080219900101123").substr(0, 17) + "x")).find("upper-case X"),
            std::string::npos);
  EXPECT_NE(reason(check_resident_id(make_id("99080219900101123"))).find("province code"), std::string::npos);
  EXPECT_NE(reason(check_resident_id(make_id("38080219900101123"))).find("province code"), std::string::npos);
  EXPECT_NE(reason(check_resident_id(make_id("37080219900230123"))).find("birth date 19900230 is not a real date"),
            std::string::npos);
  EXPECT_NE(reason(check_resident_id(make_id("37080218000101123"))).find("implausible"), std::string::npos);
  EXPECT_NE(reason(check_resident_id(make_id("37080220300101123"), Date::from_ymd(2025, 9, 26))).find("future"),
            std::string::npos);
  EXPECT_TRUE(check_resident_id(make_id("37080220300101123")).ok());  // no "today" given: no future check
}

std::string make_uscc(std::string first17) { return first17 + uscc_check_char(first17); }

TEST(Uscc, ValidSamples) {
  // Published codes: 91350100M000100Y43 (GB 32100 example), and generated ones.
  EXPECT_EQ(reason(check_uscc("91350100M000100Y43")), "ok");
  for (const char* body : {"91370800MA3C12345", "11370800004321567", "52370800MJD123456", "Y1370800MA0000001",
                           "92370811MA3P0000A", "N2370800MF1234567"}) {
    std::string code = make_uscc(body);
    EXPECT_EQ(reason(check_uscc(code)), "ok") << code;
  }
}

TEST(Uscc, InvalidSamplesWithReasons) {
  EXPECT_NE(reason(check_uscc("91350100M000100Y4")).find("18 characters"), std::string::npos);
  EXPECT_NE(reason(check_uscc("91350100M000100Y42")).find("check character should be 3, got 2"), std::string::npos);
  EXPECT_NE(reason(check_uscc("91350100I000100Y43")).find("does not use"), std::string::npos);
  EXPECT_NE(reason(check_uscc("91350100m000100Y43")).find("upper-case"), std::string::npos);
  EXPECT_NE(reason(check_uscc(make_uscc("B1350100M000100Y4"))).find("registration department"), std::string::npos);
  EXPECT_NE(reason(check_uscc(make_uscc("94350100M000100Y4"))).find("organisation type"), std::string::npos);
  EXPECT_NE(reason(check_uscc(make_uscc("913501A0M000100Y4"))).find("region code"), std::string::npos);
}

TEST(Mobile, ValidAndInvalid) {
  EXPECT_TRUE(check_mobile("13812345678").ok());
  EXPECT_TRUE(check_mobile("19912345678").ok());
  EXPECT_NE(reason(check_mobile("12812345678")).find("13–19"), std::string::npos);
  EXPECT_NE(reason(check_mobile("1381234567")).find("11 digits"), std::string::npos);
  EXPECT_NE(reason(check_mobile("1381234567a")).find("digits only"), std::string::npos);
  EXPECT_FALSE(check_mobile("+8613812345678").ok());
}

TEST(BankCard, Luhn) {
  EXPECT_EQ(luhn_check_digit("622202123456789012"), '8');
  EXPECT_EQ(luhn_check_digit("7992739871"), '3');  // the Wikipedia worked example
  std::string card = "622202123456789012";
  card += luhn_check_digit(card);
  EXPECT_TRUE(check_bank_card(card).ok());
  EXPECT_TRUE(check_bank_card("4111111111111111").ok());  // the classic Visa test number
  EXPECT_NE(reason(check_bank_card("4111111111111112")).find("Luhn check digit should be 1, got 2"), std::string::npos);
  EXPECT_NE(reason(check_bank_card("411111111111111")).find("16–19"), std::string::npos);
  EXPECT_NE(reason(check_bank_card("41111111111111111111")).find("16–19"), std::string::npos);
  EXPECT_NE(reason(check_bank_card("4111-11111111111")).find("digits only"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::law
