#include "platform/ledger/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "platform/ledger/checkpoint.h"
#include "platform/ledger/log.h"
#include "platform/store/testing.h"

namespace zhifa::ledger {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
                    for (int i = 0; i < 6; ++i) {
                      Event e;
                      e.time = "2025-09-26T08:00:00Z";
                      e.actor = "system";
                      e.kind = "test.appended";
                      e.payload = "{\"i\":" + std::to_string(i) + "}";
                      if (auto r = append(tx, e); !r) return r.error();
                    }
                    return {};
                  }).ok());
  }
  std::unique_ptr<store::Database> db = store::testing::fresh_database();
};

TEST_F(ApiTest, CheckpointIsNotFoundUntilSigned) {
  EXPECT_EQ(api::checkpoint(*db).error().kind, ErrorKind::kNotFound);
  auto key = *generate_key("zhifa.test/ledger");
  ASSERT_TRUE(make_checkpoint(*db, key, "zhifa.test/ledger").ok());
  auto note = api::checkpoint(*db);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->rfind("zhifa.test/ledger\n6\n", 0), 0u) << *note;
  EXPECT_EQ(api::verifier_key("a+b+c"), "a+b+c\n");
}

TEST_F(ApiTest, EntryBytesAndJson) {
  auto bytes = api::entry(*db, "2");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_NE(bytes->find("\"index\":2"), std::string::npos);
  auto j = nlohmann::json::parse(*api::entry_json(*db, "2"));
  EXPECT_EQ(j["payload"]["i"], 2);
  EXPECT_EQ(j["leaf_hash"], to_base64(leaf_hash(*bytes)));
  EXPECT_EQ(api::entry(*db, "6").error().kind, ErrorKind::kNotFound);
  for (const char* bad : {"", "-1", "01", "1x", "99999999999999999999"})
    EXPECT_EQ(api::entry(*db, bad).error().kind, ErrorKind::kInvalid) << bad;
}

TEST_F(ApiTest, ProofsAndTheirValidation) {
  auto inc = api::inclusion(*db, "3", "6");
  ASSERT_TRUE(inc.ok()) << inc.error().message;
  EXPECT_EQ(inc->rfind("{\"index\":3,\"size\":6,\"hashes\":[", 0), 0u) << *inc;
  auto con = api::consistency(*db, "2", "6");
  ASSERT_TRUE(con.ok()) << con.error().message;
  EXPECT_EQ(con->rfind("{\"from\":2,\"to\":6,\"hashes\":[", 0), 0u) << *con;
  EXPECT_EQ(api::inclusion(*db, "6", "6").error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(api::inclusion(*db, "0", "7").error().kind, ErrorKind::kInvalid);  // beyond the log
  EXPECT_EQ(api::consistency(*db, "0", "6").error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(api::consistency(*db, "5", "4").error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(api::consistency(*db, "1", "7").error().kind, ErrorKind::kInvalid);
}

}  // namespace
}  // namespace zhifa::ledger
