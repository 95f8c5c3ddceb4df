// The stored log on the backend under test (SQLite, or PostgreSQL with ZHIFA_TEST_PG).
#include "platform/ledger/log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "platform/core/assets.h"
#include "platform/store/testing.h"

namespace zhifa::ledger {
namespace {

Event make_event(int i) {
  Event e;
  e.time = "2025-09-26T08:00:00Z";
  e.agency = "370800";
  e.actor = "person:" + std::to_string(i % 7);
  e.kind = "test.appended";
  e.subject = "thing:" + std::to_string(i);
  e.payload = "{\"n\":" + std::to_string(i) + "}";
  return e;
}

// MTH straight from the definition over the given leaves.
Hash naive_root(const std::vector<Hash>& leaves, std::size_t begin, std::size_t end) {
  if (end == begin) return empty_root();
  if (end - begin == 1) return leaves[begin];
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return node_hash(naive_root(leaves, begin, begin + k), naive_root(leaves, begin + k, end));
}

class LogTest : public ::testing::Test {
 protected:
  std::unique_ptr<store::Database> db = store::testing::fresh_database();

  std::vector<Hash> append_many(int n) {
    std::vector<Hash> leaves;
    // A few events per transaction, as a service would.
    for (int i = 0; i < n; i += 5) {
      auto st = db->write([&](store::Tx& tx) -> Status {
        for (int j = i; j < std::min(n, i + 5); ++j) {
          auto idx = append(tx, make_event(j));
          if (!idx) return idx.error();
          EXPECT_EQ(*idx, j);
        }
        return {};
      });
      EXPECT_TRUE(st.ok()) << st.error().message;
    }
    for (int i = 0; i < n; ++i) {
      Event e = *normalize(make_event(i));
      e.index = i;
      leaves.push_back(leaf_hash(event_bytes(e)));
    }
    return leaves;
  }
};

TEST(LedgerMigration, IsEmbeddedForBothBackends) {
  EXPECT_TRUE(assets::find("migrations/0050_ledger.sql").has_value());
  EXPECT_TRUE(assets::find("migrations/0050_ledger.sqlite.sql").has_value());
  EXPECT_TRUE(assets::find("migrations/0050_ledger.pg.sql").has_value());
}

TEST_F(LogTest, EveryProofMatchesRootsComputedFromScratch) {
  const int n = 37;
  auto leaves = append_many(n);
  auto st = db->read([&](store::Tx& tx) -> Status {
    EXPECT_EQ(*log_size(tx), std::uint64_t(n));
    for (std::uint64_t size = 1; size <= n; ++size) {
      Hash root = naive_root(leaves, 0, size);
      auto stored = log_root(tx, size);
      if (!stored) return stored.error();
      EXPECT_EQ(*stored, root) << size;
      for (std::uint64_t i = 0; i < size; ++i) {
        auto proof = prove_inclusion(tx, i, size);
        if (!proof) return proof.error();
        EXPECT_TRUE(verify_inclusion(i, size, leaves[i], *proof, root).ok()) << i << "/" << size;
      }
      for (std::uint64_t m = 1; m <= size; ++m) {
        auto proof = prove_consistency(tx, m, size);
        if (!proof) return proof.error();
        EXPECT_TRUE(verify_consistency(m, size, *proof, naive_root(leaves, 0, m), root).ok()) << m << "->" << size;
      }
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST_F(LogTest, StoresOneNodePerCompletedSubtree) {
  const int n = 100;
  append_many(n);
  auto st = db->read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT COUNT(*) FROM ledger_nodes");
    if (!r) return r.error();
    // Every internal node of the complete subtrees: n minus one per root of the decomposition.
    EXPECT_EQ((*r)->integer(0), n - __builtin_popcount(n));
    auto e = read_event(tx, 42);
    if (!e) return e.error();
    EXPECT_EQ(e->subject, "thing:42");
    EXPECT_EQ(e->index, 42);
    EXPECT_EQ(read_event(tx, n).error().kind, ErrorKind::kNotFound);
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST_F(LogTest, RolledBackAppendLeavesNoTrace) {
  append_many(3);
  Status failed = db->write([&](store::Tx& tx) -> Status {
    auto idx = append(tx, make_event(99));
    EXPECT_TRUE(idx.ok());
    return Error::conflict("the change that went with the event failed");
  });
  EXPECT_FALSE(failed.ok());
  std::int64_t next = -1;
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
                  auto idx = append(tx, make_event(3));
                  if (!idx) return idx.error();
                  next = *idx;
                  return {};
                }).ok());
  EXPECT_EQ(next, 3);
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
                  EXPECT_EQ(*log_size(tx), 4u);
                  auto c = tx.query_one("SELECT COUNT(*) FROM ledger_events WHERE subject = 'thing:99'");
                  EXPECT_EQ((*c)->integer(0), 0);
                  return {};
                }).ok());
}

TEST_F(LogTest, InvalidEventIsRefusedAndNothingIsWritten) {
  Event bad = make_event(0);
  bad.payload = "{\"x\":1.5}";
  Status st = db->write([&](store::Tx& tx) -> Status {
    auto idx = append(tx, bad);
    if (!idx) return idx.error();
    return {};
  });
  EXPECT_EQ(st.error().kind, ErrorKind::kInvalid);
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
                  EXPECT_EQ(*log_size(tx), 0u);
                  return {};
                }).ok());
}

TEST_F(LogTest, ConcurrentAppendsSerialise) {
  const int threads = 4, each = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        Status st = db->write([&](store::Tx& tx) -> Status {
          auto idx = append(tx, make_event(t * each + i));
          if (!idx) return idx.error();
          return {};
        });
        if (!st) ++failures;
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
                  EXPECT_EQ(*log_size(tx), std::uint64_t(threads * each));
                  auto r = tx.query_one("SELECT COUNT(*), MIN(idx), MAX(idx) FROM ledger_events");
                  EXPECT_EQ((*r)->integer(0), threads * each);
                  EXPECT_EQ((*r)->integer(1), 0);
                  EXPECT_EQ((*r)->integer(2), threads * each - 1);
                  // The stored tree agrees with the leaves, whatever order the appends landed in.
                  std::vector<Hash> leaves;
                  auto rows = tx.query("SELECT leaf_hash FROM ledger_events ORDER BY idx");
                  for (auto& row : *rows) leaves.push_back(*hash_from_bytes(row.text(0)));
                  EXPECT_EQ(*log_root(tx, leaves.size()), naive_root(leaves, 0, leaves.size()));
                  return {};
                }).ok());
}

TEST_F(LogTest, ProofRequestsBeyondTheLogAreInvalid) {
  append_many(4);
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
                  EXPECT_EQ(prove_inclusion(tx, 4, 4).error().kind, ErrorKind::kInvalid);
                  EXPECT_EQ(prove_inclusion(tx, 0, 5).error().kind, ErrorKind::kInvalid);
                  EXPECT_EQ(prove_consistency(tx, 2, 5).error().kind, ErrorKind::kInvalid);
                  EXPECT_EQ(prove_consistency(tx, 0, 4).error().kind, ErrorKind::kInvalid);
                  return {};
                }).ok());
}

}  // namespace
}  // namespace zhifa::ledger
