// Ledger benchmark: appends/s (one event per transaction from several writers, so the
// store's group commit applies; and batches of events per transaction), inclusion proofs/s,
// and whole-database verification time against `sha256sum` over the same event bytes.
//
// Build: the ledger_bench target of bench/CMakeLists.txt (-DZHIFA_BENCH=ON), or as bench/run.sh does:
//   g++ -std=c++20 -O2 -Isrc bench/ledger_bench.cc -o ledger_bench build/libzhifa_ledger.a
//     build/libzhifa_store.a build/libzhifa_core.a build/libzhifa_assets.a
//     -lfmt -lsqlite3 -lpq -lcrypto -lsodium -lpthread   (one command line)
//   ledger_bench [events] [database URL] [single] [writers]
//     events: total (default 100000); URL: "" or absent = a temporary SQLite file under TMPDIR;
//     single: how many of them go one per transaction from concurrent writers (default min(events, 20000));
//     writers: how many threads append concurrently (default 8)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "platform/ledger/checkpoint.h"
#include "platform/ledger/log.h"
#include "platform/ledger/verify.h"
#include "platform/store/database.h"

using namespace zhifa;
using namespace zhifa::ledger;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Event sample(int i) {
  Event e;
  e.time = "2025-09-26T08:00:00Z";
  e.agency = "370800-市场监管局";
  e.actor = "person:" + std::to_string(i % 97);
  e.kind = "case.decision.published";
  e.subject = "case:2025-" + std::to_string(i);
  e.payload = "{\"amount_fen\":" + std::to_string(i * 100) +
              ",\"basis\":\"《中华人民共和国行政处罚法》第五十八条\",\"party\":\"某某有限公司\"}";
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::string dir = std::filesystem::temp_directory_path() / ("ledger-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string url = argc > 2 && argv[2][0] ? std::string(argv[2]) : "sqlite:" + dir + "/bench.db";
  auto opened = store::open(url, 8);
  if (!opened) {
    std::fprintf(stderr, "open %s: %s\n", url.c_str(), opened.error().message.c_str());
    return 1;
  }
  auto& db = **opened;
  std::printf("database: %s\n", url.c_str());

  // 1. One event per transaction, 8 concurrent writers (the group-commit case).
  const int single = std::min(n, argc > 3 ? std::atoi(argv[3]) : 20000), writers = argc > 4 ? std::atoi(argv[4]) : 8;
  auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int w = 0; w < writers; ++w)
    pool.emplace_back([&, w] {
      for (int i = w; i < single; i += writers)
        (void)db.write([&](store::Tx& tx) -> Status {
          auto r = append(tx, sample(i));
          return r ? Status{} : Status{r.error()};
        });
    });
  for (auto& t : pool) t.join();
  double s1 = seconds_since(t0);
  std::printf("append, 1 event/tx, %d writers: %d events in %.2f s = %.0f appends/s\n", writers, single, s1,
              single / s1);

  // 2. Batches of 100 events per transaction.
  t0 = Clock::now();
  for (int i = single; i < n; i += 100)
    (void)db.write([&](store::Tx& tx) -> Status {
      for (int j = i; j < std::min(n, i + 100); ++j)
        if (auto r = append(tx, sample(j)); !r) return r.error();
      return {};
    });
  double s2 = seconds_since(t0);
  if (n > single)
    std::printf("append, 100 events/tx: %d events in %.2f s = %.0f appends/s\n", n - single, s2, (n - single) / s2);

  // 3. Inclusion proofs for random indices in the full tree.
  const int proofs = 5000;
  t0 = Clock::now();
  (void)db.read([&](store::Tx& tx) -> Status {
    std::uint64_t x = 88172645463325252ull;
    for (int i = 0; i < proofs; ++i) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      if (auto p = prove_inclusion(tx, x % n, n); !p) return p.error();
    }
    return {};
  });
  double s3 = seconds_since(t0);
  std::printf("inclusion proofs (size %d): %.0f proofs/s, %.0f µs each\n", n, proofs / s3, s3 / proofs * 1e6);

  // 4. Verify the whole database, against sha256sum over the same event bytes.
  auto key = *generate_key("bench/ledger");
  (void)make_checkpoint(db, key, "bench/ledger");
  std::ostringstream report;
  t0 = Clock::now();
  Status st = verify_database(db, encode_verifier_key(key.verifier), report);
  double s4 = seconds_since(t0);
  std::string entries = dir + "/entries.bin";
  {
    std::ofstream out(entries, std::ios::binary);
    (void)db.read([&](store::Tx& tx) -> Status {
      for (int i = 0; i < n; ++i) out << *read_entry(tx, i);
      return {};
    });
  }
  t0 = Clock::now();
  int rc = std::system(("sha256sum " + entries + " > /dev/null").c_str());
  double s5 = seconds_since(t0);
  std::printf("verify %d events: %.2f s (%s); sha256sum over the same %.1f MB: %.2f s (rc %d); ratio %.1fx\n", n, s4,
              st ? "ok" : st.error().message.c_str(), std::filesystem::file_size(entries) / 1e6, s5, rc, s4 / s5);
  std::filesystem::remove_all(dir);
  return st ? 0 : 1;
}
