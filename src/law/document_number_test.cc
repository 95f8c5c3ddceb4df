#include "law/document_number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "platform/store/database.h"
#include "platform/store/testing.h"

namespace zhifa::law {
namespace {

TEST(DocumentNumber, FormatsTheStandardForm) {
  EXPECT_EQ(*format_document_number("济外侨", "许", 2025, 3), "济外侨许〔2025〕3号");
  EXPECT_EQ(*format_document_number("济外侨办字", "", 2017, 28), "济外侨办字〔2017〕28号");
  EXPECT_FALSE(format_document_number("济外侨", "许", 25, 3).ok());
  EXPECT_FALSE(format_document_number("济外侨", "许", 2025, 0).ok());
  EXPECT_FALSE(format_document_number("", "许", 2025, 1).ok());
  EXPECT_FALSE(format_document_number("济外侨2", "许", 2025, 1).ok());
  EXPECT_FALSE(format_document_number("济外侨〔", "许", 2025, 1).ok());
  EXPECT_FALSE(format_document_number("济外侨", "\xff", 2025, 1).ok());
}

TEST(DocumentNumber, ParsesStrictly) {
  auto n = parse_document_number("济外侨许〔2025〕3号");
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->prefix, "济外侨许");
  EXPECT_EQ(n->year, 2025);
  EXPECT_EQ(n->sequence, 3);
  EXPECT_EQ(parse_document_number("济外侨办字〔2017〕28号")->sequence, 28);
  auto why = [](const char* s) {
    auto r = parse_document_number(s);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  EXPECT_NE(why("济外侨许[2025]3号").find("not ["), std::string::npos);
  EXPECT_NE(why("济外侨许（2025）3号").find("not （"), std::string::npos);
  EXPECT_NE(why("济外侨许〔2025〕第3号").find("第"), std::string::npos);
  EXPECT_NE(why("济外侨许〔2025〕003号").find("zero-padded"), std::string::npos);
  EXPECT_NE(why("济外侨许〔25〕3号").find("four"), std::string::npos);
  EXPECT_NE(why("济外侨许〔2025〕3").find("号"), std::string::npos);
  EXPECT_NE(why("济外侨许〔2025〕号").find("sequence"), std::string::npos);
  EXPECT_NE(why("〔2025〕3号").find("empty"), std::string::npos);
  EXPECT_NE(why("济外侨许〔2025〕3号 ").find("号"), std::string::npos);
}

TEST(DocumentNumber, AllocatesFromOneAndRollbackGivesTheNumberBack) {
  auto db = store::testing::fresh_database();
  auto alloc = [&](const char* agency, const char* kind, int year) {
    std::string got;
    auto st = db->write([&](store::Tx& tx) -> Status {
      auto n = allocate_document_number(tx, agency, kind, year);
      if (!n) return n.error();
      got = *n;
      return {};
    });
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return got;
  };
  EXPECT_EQ(alloc("济外侨", "许", 2025), "济外侨许〔2025〕1号");
  EXPECT_EQ(alloc("济外侨", "许", 2025), "济外侨许〔2025〕2号");
  EXPECT_EQ(alloc("济外侨", "罚", 2025), "济外侨罚〔2025〕1号");  // per kind
  EXPECT_EQ(alloc("济外侨", "许", 2026), "济外侨许〔2026〕1号");  // per year
  // A document whose transaction fails does not keep its number.
  auto failed = db->write([&](store::Tx& tx) -> Status {
    auto n = allocate_document_sequence(tx, "济外侨", "许", 2025);
    EXPECT_TRUE(n.ok());
    if (n.ok()) { EXPECT_EQ(*n, 3); }
    return Error::conflict("document rejected");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(alloc("济外侨", "许", 2025), "济外侨许〔2025〕3号");
}

TEST(DocumentNumber, ConcurrentAllocationHasNoGapsAndNoDuplicates) {
  auto db = store::testing::fresh_database(8);
  constexpr int kThreads = 8, kEach = 25;
  std::mutex mu;
  std::vector<std::int64_t> got;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        std::int64_t seq = 0;
        auto st = db->write([&](store::Tx& tx) -> Status {
          auto n = allocate_document_sequence(tx, "济外侨", "许", 2025);
          if (!n) return n.error();
          seq = *n;
          return {};
        });
        std::lock_guard<std::mutex> lock(mu);
        if (st.ok()) got.push_back(seq); else errors.push_back(st.error().message);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(errors.empty()) << store::testing::backend_name() << ": " << errors.front();
  std::sort(got.begin(), got.end());
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kThreads * kEach));
  for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], static_cast<std::int64_t>(i + 1)) << store::testing::backend_name();
}

}  // namespace
}  // namespace zhifa::law

namespace zhifa::law {
namespace {

// Issue 15: 113–118号 of 2026 were recorded from paper; the next decision is 119号, not 1号.
TEST(DocumentNumber, ContinuesAfterTheHighestNumberAlreadyUsed) {
  auto db = store::testing::fresh_database();
  auto run = [&](auto fn) {
    auto st = db->write(fn);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  };
  run([&](store::Tx& tx) -> Status {
    for (int n : {113, 118, 115}) {
      auto used = note_document_number_used(tx, "济外侨", "济外侨罚〔2026〕" + std::to_string(n) + "号");
      EXPECT_TRUE(used.ok() && *used);
    }
    // Another agency's number, or a malformed one, changes nothing.
    auto other = note_document_number_used(tx, "济外侨", "任外侨罚〔2026〕500号");
    EXPECT_TRUE(other.ok() && !*other);
    EXPECT_FALSE(note_document_number_used(tx, "济外侨", "济外侨罚[2026]600号").ok());
    return Status{};
  });
  run([&](store::Tx& tx) -> Status {
    auto n = allocate_document_number(tx, "济外侨", "罚", 2026);
    EXPECT_TRUE(n.ok());
    if (n.ok()) {
      EXPECT_EQ(*n, "济外侨罚〔2026〕119号");
    }
    auto x = allocate_document_number(tx, "济外侨", "许", 2026);  // another sequence is untouched
    EXPECT_TRUE(x.ok() && *x == "济外侨许〔2026〕1号");
    auto y = allocate_document_number(tx, "济外侨", "罚", 2025);  // another year too
    EXPECT_TRUE(y.ok() && *y == "济外侨罚〔2025〕1号");
    return Status{};
  });
}

}  // namespace
}  // namespace zhifa::law
