#include "inspection/rfc3797.h"

#include <gtest/gtest.h>

#include <set>

#include "inspection/draw_record.h"

namespace zhifa::inspection {
namespace {

// RFC 3797 section 6, "Fully Worked Example": 25 volunteers, 10 to select, three sources.
const char* kRfcKey = "9319./2.5.8.10.12./9.18.26.34.41.45./";

TEST(Rfc3797, CanonicalKeyOfTheWorkedExample) {
  auto k = rfc3797::canonical_key({"9319", "2 5 12 8 10", "9 18 26 34 41 45"});
  ASSERT_TRUE(k);
  EXPECT_EQ(*k, kRfcKey);
  EXPECT_EQ(*rfc3797::canonical_key({"007, 10、3"}), "3.7.10./");
  EXPECT_EQ(*rfc3797::canonical_key({"3 1 2"}, false), "3.1.2./");
  EXPECT_FALSE(rfc3797::canonical_key({"12 ab"}));
  EXPECT_FALSE(rfc3797::canonical_key({" "}));
  EXPECT_FALSE(rfc3797::canonical_key({}));
}

TEST(Rfc3797, DigestsOfTheWorkedExample) {
  const char* digests[] = {"990DD0A5692A029A98B5E01AA28F3459", "3691E55CB63FCC37914430B2F70B5EC6",
                           "FE814EDF564C190AC1D25753979990FA", "1863CCACEB568C31D7DDBDF1D4E91387"};
  for (std::uint16_t i = 0; i < 4; ++i) EXPECT_EQ(rfc3797::hex(rfc3797::digest(kRfcKey, i)), digests[i]) << i;
  // The remainders the RFC prints: 16 of 25, 6 of 24, 1 of 23, 13 of 22.
  EXPECT_EQ(rfc3797::remainder(rfc3797::digest(kRfcKey, 0), 25), 16u);
  EXPECT_EQ(rfc3797::remainder(rfc3797::digest(kRfcKey, 1), 24), 6u);
  EXPECT_EQ(rfc3797::remainder(rfc3797::digest(kRfcKey, 2), 23), 1u);
  EXPECT_EQ(rfc3797::remainder(rfc3797::digest(kRfcKey, 3), 22), 13u);
}

TEST(Rfc3797, SelectionOfTheWorkedExample) {
  // Lee, Doc, Mary, Charity, Kasczynski, Envy, Sneazy, Anger, Chastity, Pandora.
  auto s = rfc3797::select(kRfcKey, 25, 10);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::int64_t>{17, 7, 2, 16, 25, 23, 8, 24, 19, 13}));
}

TEST(Rfc3797, RefusesWhatTheIndexCannotCarry) {
  auto s = rfc3797::select("1./", 1000000, 65537);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("65536"), std::string::npos);
  EXPECT_TRUE(rfc3797::select("1./", 70000, 65536));
  EXPECT_FALSE(rfc3797::select("1./", 5, 6));
  EXPECT_FALSE(rfc3797::select("", 5, 1));
  EXPECT_FALSE(rfc3797::select("1./", 0, 0));
}

TEST(Rfc3797, PoolTakesEveryPositionOnce) {
  rfc3797::PositionPool pool(1000);
  std::vector<int> seen(1001, 0);
  for (int i = 0; i < 1000; ++i) seen[pool.take((i * 7919) % pool.size())]++;
  for (int i = 1; i <= 1000; ++i) EXPECT_EQ(seen[i], 1) << i;
  rfc3797::PositionPool small(3);
  EXPECT_EQ(small.take(1), 2);
  EXPECT_EQ(small.take(1), 3);
  EXPECT_EQ(small.take(0), 1);
}

TEST(Rfc3797, FullDrawEqualsANaiveArray) {
  std::vector<std::int64_t> left;
  for (int i = 1; i <= 777; ++i) left.push_back(i);
  std::vector<std::int64_t> naive;
  for (int i = 0; i < 300; ++i) {
    auto r = rfc3797::remainder(rfc3797::digest("5.6./", static_cast<std::uint16_t>(i)), left.size());
    naive.push_back(left[r]);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(r));
  }
  EXPECT_EQ(*rfc3797::select("5.6./", 777, 300), naive);
}

nlohmann::json sample_record() {
  nlohmann::json rec;
  rec["randomness"] = {{"source", "test"}, {"values", {"9319", "2 5 12 8 10", "9 18 26 34 41 45"}}};
  rec["key"] = kRfcKey;
  auto objs = nlohmann::json::array();
  for (int i = 1; i <= 25; ++i) objs.push_back({{"code", "C" + std::to_string(i)}, {"name", "单位" + std::to_string(i)}});
  rec["objects"] = {{"candidates", objs}, {"sha256", candidates_sha256(objs)}};
  rec["select"] = 2;
  rec["selected_positions"] = *rfc3797::select(kRfcKey, 25, 2);
  auto insp = nlohmann::json::array();
  for (int i = 1; i <= 6; ++i) insp.push_back({{"certificate", "37080000" + std::to_string(i)}});
  rec["inspectors"] = {{"candidates", insp}, {"sha256", candidates_sha256(insp)}};
  rec["inspections"] = nlohmann::json::array();
  for (auto p : rec["selected_positions"]) {
    auto k = inspector_key(kRfcKey, p.get<std::int64_t>());
    auto picks = *rfc3797::select(k, 6, 3);
    rec["inspections"].push_back({{"object_position", p}, {"key", k}, {"need", 2}, {"selected_positions", picks},
                                  {"skipped", {{{"position", picks[0]}, {"kind", kSkipConflict}}}},
                                  {"assigned", {picks[1], picks[2]}}});
  }
  return rec;
}

TEST(DrawRecord, VerifiesAndNamesTheFirstDifference) {
  auto rec = sample_record();
  EXPECT_EQ(verify_draw_record(rec).code, 0) << verify_draw_record(rec).message;
  auto a = rec;
  a["objects"]["candidates"][3]["code"] = "X";
  EXPECT_EQ(verify_draw_record(a).code, 1);
  auto b = rec;
  b["key"] = "9319./2.5.8.10.12./9.18.26.34.41.46./";
  EXPECT_EQ(verify_draw_record(b).code, 1);
  auto c = rec;
  c["selected_positions"][0] = c["selected_positions"][0].get<int>() % 25 + 1;
  EXPECT_EQ(verify_draw_record(c).code, 1);
  auto d = rec;
  d["inspections"][0]["assigned"][0] = d["inspections"][0]["selected_positions"][0];
  EXPECT_EQ(verify_draw_record(d).code, 1);
  auto e = rec;
  e.erase("key");
  EXPECT_EQ(verify_draw_record(e).code, 2);
  EXPECT_EQ(verify_draw_record(nlohmann::json::array()).code, 2);
}

// A draw of 70,000 objects from a pool of 1,000,000: two sub-draws (65,536 + 4,464) with the keys
// KEY/1 and KEY/2, the second among those the first left; the record verifies, and a changed key
// in either sub-draw, a missing sub-draw or a changed pick does not.
TEST(DrawRecord, SubDrawsOverTheIndexLimit) {
  const std::string key = "7.12.33./4.18./";
  auto all = rfc3797::select_in_sub_draws(key, 1000000, 70000);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 70000u);
  EXPECT_EQ(std::set<std::int64_t>(all->begin(), all->end()).size(), 70000u);
  EXPECT_EQ(rfc3797::sub_draw_key(key, 2), "7.12.33./4.18.//2");
  auto first = rfc3797::select(rfc3797::sub_draw_key(key, 1), 1000000, rfc3797::kMaxPicks);
  ASSERT_TRUE(first);
  EXPECT_TRUE(std::equal(first->begin(), first->end(), all->begin()));
  // At most 65,536 picks: one draw with the key itself, exactly RFC 3797.
  EXPECT_EQ(*rfc3797::select_in_sub_draws(key, 1000, 300), *rfc3797::select(key, 1000, 300));
  EXPECT_TRUE(sub_draws_of(key, rfc3797::kMaxPicks).empty());

  nlohmann::json rec;
  rec["key"] = key;
  auto objs = nlohmann::json::array();
  for (int i = 1; i <= 1000000; ++i) objs.push_back({{"code", "C" + std::to_string(i)}});
  rec["objects"] = {{"candidates", std::move(objs)}};
  rec["objects"]["sha256"] = candidates_sha256(rec["objects"]["candidates"]);
  rec["select"] = 70000;
  rec["selected_positions"] = *all;
  rec["sub_draws"] = sub_draws_of(key, 70000);
  rec["sub_draw_rule"] = kSubDrawRule;
  ASSERT_EQ(rec["sub_draws"].size(), 2u);
  EXPECT_EQ(rec["sub_draws"][1]["select"], 70000 - rfc3797::kMaxPicks);
  auto ok = verify_draw_record(rec);
  EXPECT_EQ(ok.code, 0) << ok.message;
  EXPECT_NE(ok.message.find("2 sub-draws"), std::string::npos) << ok.message;
  // Each change is made in place and undone (a copy of a million candidates is slow).
  for (int n : {0, 1}) {
    auto saved = rec["sub_draws"][n]["key"];
    rec["sub_draws"][n]["key"] = key + "/" + std::to_string(n + 3);
    auto c = verify_draw_record(rec);
    EXPECT_EQ(c.code, 1) << n;
    EXPECT_NE(c.message.find("sub_draws[" + std::to_string(n) + "].key"), std::string::npos) << c.message;
    rec["sub_draws"][n]["key"] = saved;
  }
  auto subs = rec["sub_draws"];
  rec.erase("sub_draws");
  EXPECT_EQ(verify_draw_record(rec).code, 1);
  rec["sub_draws"] = subs;
  auto& p = rec["selected_positions"][69000];
  p = p.get<std::int64_t>() % 1000000 + 1;
  EXPECT_EQ(verify_draw_record(rec).code, 1);
}

// Risk-grade pools: each grade's candidates drawn as their own draw with the key KEY/H, KEY/M,
// KEY/L, KEY/N at their own proportion; the record verifies; a changed pool key, proportion or
// candidate's grade does not.
TEST(DrawRecord, RiskGradePoolsAreSeparateDraws) {
  const std::string key = "9319./2.5.8.10.12./";
  auto objs = nlohmann::json::array();
  const char* grades[] = {"高", "中", "低", ""};
  for (int i = 1; i <= 200; ++i) objs.push_back({{"code", "C" + std::to_string(i)}, {"name", "单位"}, {"risk_grade", grades[i % 4]}});
  auto pools = grade_pools("高 20%；中 10%；低 5%", "2家");
  ASSERT_TRUE(pools);
  auto d = draw_objects(key, objs, *pools, 0);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->pools.size(), 4u);
  EXPECT_EQ(d->pools[0]["key"], key + "/H");
  EXPECT_EQ(d->pools[0]["select"], 10);  // 20 % of 50
  EXPECT_EQ(d->pools[1]["select"], 5);
  EXPECT_EQ(d->pools[2]["select"], 3);   // ceil(2.5)
  EXPECT_EQ(d->pools[3]["select"], 2);   // 未分级: 2家
  EXPECT_EQ(d->positions.size(), 20u);
  EXPECT_EQ(pooled_select(objs, *pools), 20);
  // The 高 pool's picks are RFC 3797 with KEY/H among its 50 candidates (positions 4, 8, …).
  auto h = *rfc3797::select(key + "/H", 50, 10);
  for (std::size_t i = 0; i < h.size(); ++i) EXPECT_EQ(d->positions[i], h[i] * 4);

  nlohmann::json rec{{"key", key}, {"proportion", "2家"}, {"risk_proportions", "高 20%；中 10%；低 5%"}, {"select", 20},
                     {"selected_positions", d->positions}, {"pools", d->pools}};
  rec["objects"] = {{"candidates", objs}, {"sha256", candidates_sha256(objs)}};
  auto ok = verify_draw_record(rec);
  EXPECT_EQ(ok.code, 0) << ok.message;
  auto a = rec;
  a["pools"][1]["key"] = key + "/H";
  EXPECT_NE(verify_draw_record(a).message.find("pools[1].key"), std::string::npos);
  auto b = rec;
  b["risk_proportions"] = "高 30%；中 10%；低 5%";
  EXPECT_EQ(verify_draw_record(b).code, 1);
  auto c = rec;
  c["objects"]["candidates"][3]["risk_grade"] = "低";
  c["objects"]["sha256"] = candidates_sha256(c["objects"]["candidates"]);
  EXPECT_EQ(verify_draw_record(c).code, 1);
  auto e = rec;
  std::swap(e["selected_positions"][0], e["selected_positions"][19]);
  EXPECT_EQ(verify_draw_record(e).code, 1);
}

}  // namespace
}  // namespace zhifa::inspection
