#include "platform/store/database.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "platform/store/testing.h"

namespace zhifa::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = testing::fresh_database();
    ASSERT_TRUE(db->write([](Tx& tx) {
      return tx.script(portable_sql("CREATE TABLE t (id {{id}}, name TEXT NOT NULL UNIQUE, n BIGINT, b {{blob}})", tx.backend()));
    }).ok());
  }
  std::unique_ptr<Database> db;
};

TEST_F(StoreTest, InsertsAndReadsBackEveryType) {
  std::string bytes("\x00\x01\xff\x7f", 4);
  std::int64_t id = 0;
  ASSERT_TRUE(db->write([&](Tx& tx) -> Status {
    auto r = tx.query_one("INSERT INTO t(name, n, b) VALUES(?, ?, ?) RETURNING id", {std::string("济宁'"), std::int64_t{-42}, Blob{bytes}});
    if (!r) return r.error();
    id = (*r)->integer("id");
    return {};
  }).ok());
  EXPECT_GT(id, 0);
  ASSERT_TRUE(db->read([&](Tx& tx) -> Status {
    auto r = tx.query_one("SELECT name, n, b, NULL AS z FROM t WHERE id = ?", {id});
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r->has_value());
    const Row& row = **r;
    EXPECT_EQ(row.text("name"), "济宁'");
    EXPECT_EQ(row.integer("n"), -42);
    EXPECT_EQ(row.text("b"), bytes);
    EXPECT_TRUE(row.is_null("z"));
    return {};
  }).ok());
}

TEST_F(StoreTest, FailedWriteLeavesNothing) {
  auto st = db->write([](Tx& tx) -> Status {
    if (auto r = tx.exec("INSERT INTO t(name) VALUES(?)", {std::string("a")}); !r) return r.error();
    return Error::invalid("changed my mind");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "changed my mind");
  ASSERT_TRUE(db->read([&](Tx& tx) -> Status {
    auto r = tx.query_one("SELECT COUNT(*) FROM t");
    EXPECT_EQ((*r)->integer(0), 0);
    return {};
  }).ok());
}

TEST_F(StoreTest, ConstraintViolationIsAConflict) {
  ASSERT_TRUE(db->write([](Tx& tx) -> Status { return tx.exec("INSERT INTO t(name) VALUES('x')").ok() ? Status{} : Error::internal("x"); }).ok());
  auto st = db->write([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO t(name) VALUES(?)", {std::string("x")});
    return r ? Status{} : Status(r.error());
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kConflict);
}

TEST_F(StoreTest, ConcurrentWritersAllCommitAndOneFailureDoesNotSpoilTheGroup) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        bool fail = (i % 5 == 4);
        auto st = db->write([&](Tx& tx) -> Status {
          auto r = tx.exec("INSERT INTO t(name, n) VALUES(?, ?)", {std::to_string(t) + "-" + std::to_string(i), std::int64_t{t}});
          if (!r) return r.error();
          return fail ? Error::invalid("refused") : Status{};
        });
        if (!st) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), kThreads * kEach / 5);
  ASSERT_TRUE(db->read([&](Tx& tx) -> Status {
    auto r = tx.query_one("SELECT COUNT(*) FROM t");
    EXPECT_EQ((*r)->integer(0), kThreads * kEach * 4 / 5);
    return {};
  }).ok());
}

TEST_F(StoreTest, QuestionMarksInsideStringLiteralsAreNotPlaceholders) {
  ASSERT_TRUE(db->write([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO t(name, n) VALUES('what?', ?)", {std::int64_t{1}});
    return r ? Status{} : Status(r.error());
  }).ok());
}

TEST(Migrations, AreRecordedAndANewerDatabaseIsRefused) {
  auto url = testing::fresh_database_url();
  {
    auto db = open(url);
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto v = (*db)->schema_version();
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, migrations_for((*db)->backend()).back().version);
    ASSERT_TRUE((*db)->write([](Tx& tx) -> Status {
      auto r = tx.exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES(9999, 'future', 'x')");
      return r ? Status{} : Status(r.error());
    }).ok());
  }
  auto again = open(url);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("newer than this program"), std::string::npos);
}

TEST(Migrations, ReopeningAppliesNothingTwice) {
  auto url = testing::fresh_database_url();
  ASSERT_TRUE(open(url).ok());
  auto db = open(url);
  ASSERT_TRUE(db.ok()) << db.error().message;
}

TEST(Open, UnknownSchemeAndUnreachableServerGiveOneClearError) {
  auto a = open("mysql://x");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("unknown database URL"), std::string::npos);
  auto b = open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(b.error().message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace zhifa::store
