// Checkpoints in the database, whole-database verification and its tamper tests, bundles.
#include "platform/ledger/verify.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "platform/ledger/checkpoint.h"
#include "platform/ledger/codec.h"
#include "platform/ledger/log.h"
#include "platform/store/testing.h"

namespace zhifa::ledger {
namespace {

class VerifyTest : public ::testing::Test {
 protected:
  std::unique_ptr<store::Database> db = store::testing::fresh_database();
  SignerKey key = *generate_key("zhifa.test/ledger");
  std::string vkey = encode_verifier_key(key.verifier);

  void append_range(int from, int to) {
    ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
                    for (int i = from; i < to; ++i) {
                      Event e;
                      e.time = "2025-09-26T08:00:00Z";
                      e.agency = "370800";
                      e.actor = "person:1";
                      e.kind = "test.appended";
                      e.subject = "thing:" + std::to_string(i);
                      e.payload = "{\"n\":" + std::to_string(i) + ",\"text\":\"罚款\"}";
                      if (i % 3 == 0) e.evidence_sha256 = {std::string(64, 'b')};
                      auto r = append(tx, e);
                      if (!r) return r.error();
                    }
                    return {};
                  }).ok());
  }
  Result<std::optional<StoredCheckpoint>> checkpoint() { return make_checkpoint(*db, key, "zhifa.test/ledger"); }
  // Tampering, as an insider with the database's owner rights would: first drop the append-only
  // triggers (migrations 0051), then rewrite rows. verify must still catch it.
  void sql(const std::string& statement, const store::Params& params = {}) {
    ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
                    bool pg = tx.backend() == store::Backend::kPostgres;
                    for (const char* t : {"ledger_events", "ledger_nodes", "ledger_checkpoints"}) {
                      std::string drop = pg ? std::string("ALTER TABLE ") + t + " DISABLE TRIGGER USER"
                                            : std::string("DROP TRIGGER IF EXISTS ") + t + "_no_update; DROP TRIGGER IF EXISTS " + t + "_no_delete";
                      if (auto st = tx.script(drop); !st) return st;
                    }
                    return {};
                  }).ok());
    ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
                    auto r = tx.exec(statement, params);
                    if (!r) return r.error();
                    return {};
                  }).ok());
  }
  Status verify() {
    std::ostringstream report;
    Status st = verify_database(*db, vkey, report);
    last_report = report.str();
    return st;
  }
  Result<Event> read_event_for_test(std::uint64_t index) {
    Result<Event> out = Error::internal("unread");
    (void)db->read([&](store::Tx& tx) -> Status {
      out = read_event(tx, index);
      return {};
    });
    return out;
  }
  std::string last_report;
};

TEST_F(VerifyTest, CheckpointsOnlyWhenTheLogGrew) {
  auto none = checkpoint();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());  // empty log
  append_range(0, 5);
  auto first = checkpoint();
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->size, 5u);
  Verifier known[] = {key.verifier};
  auto opened = open_checkpoint((*first)->note, known);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->origin, "zhifa.test/ledger");
  EXPECT_EQ(opened->size, 5u);
  EXPECT_FALSE(checkpoint()->has_value());  // nothing new
  append_range(5, 9);
  auto second = checkpoint();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->size, 9u);
  EXPECT_TRUE(verify().ok()) << last_report;
}

TEST_F(VerifyTest, RefusesToSignATreeInconsistentWithThePreviousCheckpoint) {
  append_range(0, 6);
  ASSERT_TRUE(checkpoint()->has_value());
  append_range(6, 8);
  // Someone rewrites a stored subtree hash the next proof depends on.
  sql("UPDATE ledger_nodes SET hash = ? WHERE level = 1 AND idx = 2", {store::Blob{std::string(32, 'x')}});
  auto r = checkpoint();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConflict);
  EXPECT_NE(r.error().message.find("not consistent"), std::string::npos) << r.error().message;
}

TEST_F(VerifyTest, TheDatabaseRefusesToChangeOrDeleteLedgerRows) {
  append_range(0, 5);
  ASSERT_TRUE(checkpoint()->has_value());
  for (const char* statement : {"UPDATE ledger_events SET payload = '{}' WHERE idx = 1", "DELETE FROM ledger_events WHERE idx = 4",
                                "UPDATE ledger_nodes SET hash = hash", "DELETE FROM ledger_nodes", "DELETE FROM ledger_checkpoints",
                                "UPDATE ledger_checkpoints SET note = ''"}) {
    auto st = db->write([&](store::Tx& tx) -> Status {
      auto r = tx.exec(statement);
      return r ? Status{} : Status(r.error());
    });
    ASSERT_FALSE(st.ok()) << statement;
    EXPECT_NE(st.error().message.find("append-only"), std::string::npos) << st.error().message;
  }
  EXPECT_TRUE(verify().ok()) << last_report;
}

TEST_F(VerifyTest, CleanLedgerVerifies) {
  append_range(0, 23);
  ASSERT_TRUE(checkpoint()->has_value());
  append_range(23, 40);
  ASSERT_TRUE(checkpoint()->has_value());
  append_range(40, 41);  // not yet checkpointed: still verified against the stored tree
  EXPECT_TRUE(verify().ok()) << last_report;
  EXPECT_NE(last_report.find("41 leaves"), std::string::npos) << last_report;
}

TEST_F(VerifyTest, ChangedPayloadByteNamesTheEvent) {
  append_range(0, 20);
  ASSERT_TRUE(checkpoint()->has_value());
  sql("UPDATE ledger_events SET payload = '{\"n\":13,\"text\":\"罚没\"}' WHERE idx = 13");
  Status st = verify();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "event:13") << st.error().message;
}

TEST_F(VerifyTest, ChangedEventWithRecomputedLeafNamesItsSubtree) {
  append_range(0, 20);
  ASSERT_TRUE(checkpoint()->has_value());
  Event forged = *read_event_for_test(13);
  forged.payload = "{\"n\":0}";
  sql("UPDATE ledger_events SET payload = ?, leaf_hash = ? WHERE idx = 13",
      {forged.payload, store::Blob{std::string(as_bytes(leaf_hash(event_bytes(forged))))}});
  Status st = verify();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "events:12-14") << st.error().message;
}

TEST_F(VerifyTest, DeletedEventIsNamed) {
  append_range(0, 10);
  sql("DELETE FROM ledger_events WHERE idx = 4");
  Status st = verify();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "event:4") << st.error().message;
}

TEST_F(VerifyTest, TruncatedLogIsDetectedByTheCheckpoint) {
  append_range(0, 10);
  ASSERT_TRUE(checkpoint()->has_value());
  // Remove the last events and every trace of them except the signed checkpoint.
  sql("DELETE FROM ledger_events WHERE idx >= 8");
  sql("DELETE FROM ledger_nodes WHERE level = 1 AND idx >= 4");
  sql("UPDATE ledger_head SET size = 8");
  Status st = verify();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "checkpoint:10") << st.error().message;
}

TEST_F(VerifyTest, SwappedEventsAreDetectedAtTheFirst) {
  append_range(0, 10);
  sql("UPDATE ledger_events SET idx = 100 WHERE idx = 3");
  sql("UPDATE ledger_events SET idx = 3 WHERE idx = 4");
  sql("UPDATE ledger_events SET idx = 4 WHERE idx = 100");
  Status st = verify();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "event:3") << st.error().message;
}

TEST_F(VerifyTest, ForgedCheckpointSignatureIsDetected) {
  append_range(0, 4);
  ASSERT_TRUE(checkpoint()->has_value());
  auto other = *generate_key("zhifa.test/ledger");
  std::string note = *sign_checkpoint(Checkpoint{"zhifa.test/ledger", 4, sha256("x")}, other);
  sql("UPDATE ledger_checkpoints SET note = ? WHERE size = 4", {note});
  Status st = verify();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "checkpoint:4") << st.error().message;
}

TEST_F(VerifyTest, EvidenceCallbackFailureNamesTheFile) {
  append_range(0, 4);
  VerifyOptions o{{vkey}, [](std::uint64_t, std::string_view) -> Status { return Error::not_found("missing"); }};
  std::ostringstream report;
  Status st = verify_database(*db, o, report);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "evidence:" + std::string(64, 'b'));
}

TEST_F(VerifyTest, BundleVerifiesAloneAndRejectsChanges) {
  append_range(0, 11);
  ASSERT_TRUE(checkpoint()->has_value());
  auto bundle = make_bundle(*db, 7, vkey);
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  std::ostringstream report;
  std::vector<std::string> trusted = {vkey};
  EXPECT_TRUE(verify_bundle(*bundle, trusted, report).ok()) << report.str();
  EXPECT_TRUE(verify_bundle(*bundle, {}, report).ok()) << report.str();
  // Another key is not trusted.
  std::vector<std::string> wrong = {encode_verifier_key(generate_key("zhifa.test/ledger")->verifier)};
  EXPECT_FALSE(verify_bundle(*bundle, wrong, report).ok());
  // A changed entry fails (it is base64 in the bundle: swap in another event's bytes).
  std::string other_entry;
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
                  other_entry = *read_entry(tx, 8);
                  return {};
                }).ok());
  auto j = *bundle;
  auto at = j.find("\"entry\"");
  ASSERT_NE(at, std::string::npos);
  auto start = j.find('"', at + 7) + 1, end = j.find('"', start);
  j.replace(start, end - start, base64_encode(other_entry));
  EXPECT_FALSE(verify_bundle(j, trusted, report).ok());
  // Found by fuzz/ledger_fuzz.cc: an index or size that is not a whole number (7.5 was read as
  // 7; 1e300 was undefined behaviour) is refused.
  for (auto [index, size] : {std::pair<nlohmann::json, nlohmann::json>{7.5, 11}, {1e300, 11}, {7, 11.0}, {7, "11"}}) {
    auto b = nlohmann::json::parse(*bundle);
    b["index"] = index;
    b["proof"]["index"] = index;
    b["proof"]["size"] = size;
    EXPECT_FALSE(verify_bundle(b.dump(), trusted, report).ok()) << b["proof"].dump();
  }
  // Not yet checkpointed.
  append_range(11, 12);
  EXPECT_EQ(make_bundle(*db, 11, vkey).error().kind, ErrorKind::kConflict);
}

}  // namespace
}  // namespace zhifa::ledger
