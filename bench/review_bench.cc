// Benchmark for src/review: evaluation of the 目录清单 (catalog) for one decision with 200 rules
// (µs per decision): the pure evaluation, and assess() as the gate runs it (load the agency's
// rules from SQLite + evaluate, in one read transaction). Standalone main.
// Build (not part of CI; from the repository root, after building build-review):
//   B=build-review; g++ -std=c++20 -O2 -Isrc bench/review_bench.cc -o $B/review_bench $B/libzhifa_review.a
//     $B/libzhifa_org.a $B/libzhifa_law.a $B/libzhifa_ledger.a $B/libzhifa_render.a $B/libzhifa_http.a
//     $B/libzhifa_store.a $B/libzhifa_core.a $B/libzhifa_assets.a -lfmt -lsqlite3 -lpq -lsodium -lcrypto -lz
//     $(pkg-config --libs pangocairo libqrencode libgvc xlsxwriter) -lpthread
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "platform/core/clock.h"
#include "platform/store/testing.h"
#include "review/catalog.h"

using namespace zhifa;
using namespace zhifa::review;
using Clock = std::chrono::steady_clock;

int main() {
  std::mt19937 rng(7);
  const auto& cats = categories();
  const auto& measures = measure_labels();
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  std::vector<CatalogRule> rules;
  for (int i = 0; i < 200; ++i) {
    CatalogRule r;
    r.agency_id = 1;
    r.code = "R" + std::to_string(i);
    r.name = "规则" + std::to_string(i);
    r.legal_source = "目录清单";
    r.category = cats[pick(static_cast<int>(cats.size()))];
    switch (i % 5) {
      case 0: r.party_kind = pick(2) ? "person" : "organisation"; r.min_fine_fen = (1 + pick(200)) * 100'000; break;
      case 1: r.measure = measures[pick(static_cast<int>(measures.size()))].first; break;
      case 2: r.matter_code = "M-" + std::to_string(pick(100)); break;
      case 3: r.min_confiscation_fen = (1 + pick(200)) * 100'000; break;
      default: r.requires_outside_benchmark = true; break;
    }
    rules.push_back(r);
  }
  constexpr int kDecisions = 100000;
  std::vector<DecisionFacts> facts(kDecisions);
  for (auto& f : facts) {
    f.agency_id = 1;
    f.category = cats[pick(static_cast<int>(cats.size()))];
    f.party_kind = pick(2) ? "person" : "organisation";
    f.matter_code = "M-" + std::to_string(pick(100));
    f.fine_fen = pick(30'000'000);
    f.confiscation_fen = pick(4) ? 0 : pick(30'000'000);
    if (!pick(4)) f.measures.push_back(measures[pick(static_cast<int>(measures.size()))].first);
    f.hearing_held = !pick(20);
    f.outside_discretion_benchmark = !pick(10);
  }
  std::size_t major = 0;
  auto t0 = Clock::now();
  for (auto& f : facts) major += !evaluate(rules, f).empty();
  auto t1 = Clock::now();
  std::printf("catalog evaluate, 200 rules: %.3f us/decision (%d decisions, %zu major)\n",
              std::chrono::duration<double, std::micro>(t1 - t0).count() / kDecisions, kDecisions, major);

  // assess(): the rules read from the database each time, as check_decision_gate does.
  auto db = store::testing::fresh_database(2);
  auto st = db->write([&](store::Tx& tx) -> Status {
    auto a = tx.query_one("INSERT INTO agencies(code, doc_prefix, name, kind, created_at) VALUES('b','b','b','city',?) RETURNING id",
                          {clock::now_iso()});
    if (!a) return a.error();
    for (auto& r : rules) {
      auto ins = tx.exec(
          "INSERT INTO review_catalog_rules(agency_id, code, name, category, matter_code, party_kind, min_fine_fen, min_confiscation_fen, "
          "measure, requires_outside_benchmark, legal_source, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
          {(*a)->integer(0), r.code, r.name, r.category, r.matter_code, r.party_kind,
           r.min_fine_fen ? store::Value(*r.min_fine_fen) : store::null(),
           r.min_confiscation_fen ? store::Value(*r.min_confiscation_fen) : store::null(), r.measure,
           std::int64_t{r.requires_outside_benchmark}, r.legal_source, clock::now_iso(), clock::now_iso()});
      if (!ins) return ins.error();
    }
    return {};
  });
  if (!st) {
    std::fprintf(stderr, "setup: %s\n", st.error().message.c_str());
    return 1;
  }
  constexpr int kAssess = 2000;
  auto t2 = Clock::now();
  for (int i = 0; i < kAssess; ++i) {
    (void)db->read([&](store::Tx& tx) -> Status {
      auto m = assess(tx, facts[i]);
      return m ? Status{} : Status(m.error());
    });
  }
  auto t3 = Clock::now();
  std::printf("assess (%s: load 200 rules + evaluate, one read transaction): %.1f us/decision (%d decisions)\n",
              store::testing::backend_name().c_str(), std::chrono::duration<double, std::micro>(t3 - t2).count() / kAssess, kAssess);
  return 0;
}
