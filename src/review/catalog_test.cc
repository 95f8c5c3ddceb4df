// The 目录清单 as rules: thresholds at, above and below the limit, persons vs organisations,
// measures, hearing held, the statutory APL art. 58 cases; editing needs review.catalog.
#include <gtest/gtest.h>

#include "law/money.h"
#include "review/catalog.h"
#include "review/test_support.h"

namespace zhifa::review {
namespace {

using testing::demo_rules;

struct Case {
  const char* what;
  std::string category, party_kind;
  std::int64_t fine_fen;
  std::vector<std::string> measures;
  bool hearing, outside, complex, social;
  std::vector<std::string> expect;  // rule codes, in order
};

TEST(Catalog, RuleTable) {
  auto rules = demo_rules(1);
  const std::vector<Case> cases = {
      {"person, fine just below 10,000 yuan", "行政处罚", "person", 999'999, {}, false, false, false, false, {}},
      {"person, fine exactly 10,000 yuan (以上 includes it)", "行政处罚", "person", 1'000'000, {}, false, false, false, false, {"R01"}},
      {"person, fine above", "行政处罚", "person", 1'000'001, {}, false, false, false, false, {"R01"}},
      {"organisation, 10,000 yuan is not major", "行政处罚", "organisation", 1'000'000, {}, false, false, false, false, {}},
      {"organisation, just below 100,000", "行政处罚", "organisation", 9'999'999, {}, false, false, false, false, {}},
      {"organisation, exactly 100,000", "行政处罚", "organisation", 10'000'000, {}, false, false, false, false, {"R02"}},
      {"organisation, above", "行政处罚", "organisation", 50'000'000, {}, false, false, false, false, {"R02"}},
      {"a fine in a licence decision is not a penalty", "行政许可", "person", 5'000'000, {}, false, false, false, false, {}},
      {"licence revoked, small fine", "行政处罚", "organisation", 100, {"revoke_licence"}, false, false, false, false, {"R03"}},
      {"stop of business", "行政处罚", "organisation", 0, {"stop_business"}, false, false, false, false, {"R04"}},
      {"hearing held: the catalog's rule, no duplicate", "行政处罚", "person", 100, {}, true, false, false, false, {"R05"}},
      {"outside the discretion benchmark", "行政处罚", "person", 100, {}, false, true, false, false, {"R06"}},
      {"complex case: statutory APL art. 58", "行政处罚", "person", 100, {}, false, false, true, false, {"APL58-3"}},
      {"major social impact: statutory", "行政强制", "organisation", 0, {}, false, false, false, true, {"APL58-1"}},
      {"several reasons at once", "行政处罚", "person", 2'000'000, {"revoke_licence"}, true, false, false, false, {"R01", "R03", "R05"}},
      {"small warning", "行政处罚", "person", 0, {}, false, false, false, false, {}},
  };
  for (auto& c : cases) {
    DecisionFacts f;
    f.agency_id = 1;
    f.category = c.category;
    f.party_kind = c.party_kind;
    f.fine_fen = c.fine_fen;
    f.measures = c.measures;
    f.hearing_held = c.hearing;
    f.outside_discretion_benchmark = c.outside;
    f.complex = c.complex;
    f.major_social_impact = c.social;
    auto m = evaluate(rules, f);
    std::vector<std::string> got;
    for (auto& x : m) got.push_back(x.rule_id);
    EXPECT_EQ(got, c.expect) << c.what;
  }
}

TEST(Catalog, HearingIsMajorByLawEvenWithAnEmptyCatalog) {
  DecisionFacts f;
  f.category = "行政处罚";
  f.party_kind = "person";
  f.hearing_held = true;
  auto m = evaluate({}, f);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rule_id, "APL58-2");
  EXPECT_NE(m[0].legal_source.find("第五十八条"), std::string::npos);
}

TEST(Catalog, InactiveRulesDoNotApply) {
  auto rules = demo_rules(1);
  rules[0].active = false;
  auto m = evaluate(rules, testing::fine_for_person(1, 1, 5'000'000));
  EXPECT_TRUE(m.empty());
}

TEST(Catalog, MatterCondition) {
  CatalogRule r;
  r.code = "R08";
  r.name = "不予批准华侨回国定居";
  r.category = "行政许可";
  r.matter_code = "JNWQB-XK-001";
  r.measure = "refuse_licence";
  r.legal_source = "目录清单";
  DecisionFacts f;
  f.category = "行政许可";
  f.party_kind = "person";
  f.matter_code = "JNWQB-XK-001";
  f.measures = {"refuse_licence"};
  EXPECT_TRUE(rule_matches(r, f));
  f.matter_code = "JNWQB-XK-002";
  EXPECT_FALSE(rule_matches(r, f));
}

TEST(Catalog, Validation) {
  CatalogRule r;
  r.code = "R09";
  r.name = "空规则";
  r.legal_source = "x";
  EXPECT_TRUE(validate_rule(r).count("conditions"));
  r.party_kind = "alien";
  EXPECT_TRUE(validate_rule(r).count("party_kind"));
  r.party_kind = "person";
  r.min_fine_fen = 0;
  EXPECT_TRUE(validate_rule(r).count("min_fine"));
  r.min_fine_fen = 1;
  EXPECT_TRUE(validate_rule(r).empty());
  r.measure = "explode";
  EXPECT_TRUE(validate_rule(r).count("measure"));
  r.measure = "";
  r.code = "规则一";  // codes go into the ledger: ASCII only
  EXPECT_TRUE(validate_rule(r).count("code"));
  r.code = "R09";
  r.matter_code = "张三的事项";
  EXPECT_TRUE(validate_rule(r).count("matter_code"));
}

// The catalog's amounts go through the one money format and parser (law/money.h).
TEST(Catalog, Yuan) {
  EXPECT_EQ(law::format_yuan(1'000'000), "10000");
  EXPECT_EQ(law::format_yuan(12'345), "123.45");
  EXPECT_EQ(law::format_yuan(12'340), "123.40");
  EXPECT_EQ(law::format_yuan(5), "0.05");
  EXPECT_EQ(*law::parse_yuan("10,000", "f").value(), 1'000'000);
  EXPECT_EQ(*law::parse_yuan("123.4", "f").value(), 12'340);
  EXPECT_FALSE(law::parse_yuan("", "f").value().has_value());
  EXPECT_FALSE(law::parse_yuan("1.234", "f").ok());
  EXPECT_FALSE(law::parse_yuan("abc", "f").ok());
}

TEST(CatalogStore, SaveNeedsTheLegalOfficeAndIsRecorded) {
  auto w = testing::make_world();
  auto rule = demo_rules(w.agency)[0];
  // An officer may not edit the catalog: refused, nothing stored.
  auto refused = w.db->write([&](store::Tx& tx) -> Status {
    auto id = save_rule(tx, w.officer, rule);
    return id ? Status{} : Status(id.error());
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  std::int64_t id = 0;
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                   auto r = save_rule(tx, w.reviewer, rule);
                   if (!r) return r.error();
                   id = *r;
                   return {};
                 }).ok());
  // The same code twice is a field error.
  auto dup = w.db->write([&](store::Tx& tx) -> Status {
    auto r = save_rule(tx, w.reviewer, rule);
    return r ? Status{} : Status(r.error());
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().field, "code");
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto rules = load_rules(tx, w.agency, true);
                   EXPECT_TRUE(rules.ok());
                   EXPECT_EQ(rules->size(), 1u);
                   EXPECT_EQ(*(*rules)[0].min_fine_fen, 1'000'000);
                   auto m = assess(tx, testing::fine_for_person(w.agency, 1, 1'000'000));
                   EXPECT_EQ(m->size(), 1u);
                   auto ev = tx.query_one("SELECT COUNT(*) FROM ledger_events WHERE kind = 'review.catalog.rule_created'");
                   EXPECT_EQ((*ev)->integer(0), 1);
                   return {};
                 }).ok());
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) { return set_rule_active(tx, w.reviewer, id, false); }).ok());
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto m = assess(tx, testing::fine_for_person(w.agency, 1, 1'000'000));
                   EXPECT_TRUE(m->empty());
                   auto pub = published_catalog_json(tx, w.agency);
                   EXPECT_NE(pub->find("APL58-2"), std::string::npos);
                   return {};
                 }).ok());
}

TEST(CatalogStore, Settings) {
  auto w = testing::make_world();
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) { return save_settings(tx, w.reviewer, w.agency, {5, 2}); }).ok());
  auto bad = w.db->write([&](store::Tx& tx) { return save_settings(tx, w.reviewer, w.agency, {0, 2}); });
  EXPECT_FALSE(bad.ok());
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto s = load_settings(tx, w.agency);
                   EXPECT_EQ(s->period_days, 5);
                   EXPECT_EQ(s->extension_days, 2);
                   return {};
                 }).ok());
}

}  // namespace
}  // namespace zhifa::review
