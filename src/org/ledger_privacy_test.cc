// The ledger's payload whitelist: what it lets through and what it refuses.
#include "org/ledger_privacy.h"
#include "org/event_labels.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace zhifa::org {
namespace {
using nlohmann::json;
const std::string kSha(64, 'a');

TEST(LedgerPrivacy, AcceptsIdsCodesDatesDocumentNumbersAndDigests) {
  EXPECT_TRUE(check_event_payload("recording.case.opened", "case:1",
                                  {{"case_no", "济外侨案〔2026〕8号"}, {"procedure", "penalty"}, {"matter_code", "JNWQB-CF-001"},
                                   {"category", "行政处罚"}, {"party_kind", "person"}, {"step", "filing"}, {"date", "2026-12-03"},
                                   {"party_commitment", kSha}, {"location_commitment", kSha}})
                  .ok());
  EXPECT_TRUE(check_event_payload("review.submitted", "review:3",
                                  {{"case", 1}, {"review", 3}, {"round", 1}, {"handlers", {4, 5}}, {"major", {{{"rule", "APL58-1"}}}},
                                   {"facts", {{"category", "行政处罚"}, {"fine_fen", 100}, {"measures", {"revoke_licence"}}}},
                                   {"materials", {kSha}}, {"draft_commitment", kSha}})
                  .ok());
}

TEST(LedgerPrivacy, RefusesTextAPersonTyped) {
  // The finding: a case title carrying the party's name.
  auto st = check_event_payload("review.submitted", "review:3", {{"case_title", "济外侨案〔2026〕8号 欧阳真名 · 处罚"}});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("case_title"), std::string::npos);
  EXPECT_EQ(st.error().message.find("欧阳"), std::string::npos);  // the error never repeats the value
  // A name where a code, a document number, a category or a digest belongs.
  EXPECT_FALSE(check_event_payload("recording.case.opened", "case:1", {{"matter_code", "张三"}}).ok());
  EXPECT_FALSE(check_event_payload("recording.case.opened", "case:1", {{"case_no", "济外侨案〔2026〕8号 欧阳真名"}}).ok());
  EXPECT_FALSE(check_event_payload("recording.case.opened", "case:1", {{"case_no", "欧阳真名 · 〔2026〕8号"}}).ok());
  EXPECT_FALSE(check_event_payload("recording.case.opened", "case:1", {{"category", "欧阳真名"}}).ok());
  EXPECT_FALSE(check_event_payload("recording.case.opened", "case:1", {{"party_commitment", "欧阳真名"}}).ok());
  EXPECT_FALSE(check_event_payload("recording.case.act", "case:1", {{"note", "备注"}}).ok());
  EXPECT_FALSE(check_event_payload("recording.case.act", "case:1", {{"co_officers", {"王强"}}}).ok());
  // Nested objects are whitelisted too.
  EXPECT_FALSE(check_event_payload("review.submitted", "review:3", {{"facts", {{"party_name", "张三"}}}}).ok());
  EXPECT_FALSE(check_event_payload("review.submitted", "review:3", {{"major", {{{"rule", "R01"}, {"name", "罚款较大"}}}}}).ok());
  // A subject is a code: "case:1", never a name.
  EXPECT_FALSE(check_event_payload("recording.case.act", "case:张三", json::object()).ok());
}

TEST(LedgerPrivacy, AKindWithoutAWhitelistCannotBeAppended) {
  auto st = check_event_payload("recording.case.brand_new", "case:1", json::object());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("whitelist"), std::string::npos);
  // Every listed kind accepts an empty payload (the whitelist parses).
  for (auto& kind : event_kinds()) EXPECT_TRUE(check_event_payload(kind, "x:1", json::object()).ok()) << kind;
  EXPECT_GT(event_kinds().size(), 40u);
}

TEST(LedgerPrivacy, CommitmentsAreSaltedDigests) {
  std::string salt(64, '0'), other(63, '0');
  other += '1';
  EXPECT_EQ(commitment_of(salt, "欧阳真名").size(), 64u);
  EXPECT_EQ(commitment_of(salt, "欧阳真名"), commitment_of(salt, "欧阳真名"));
  EXPECT_NE(commitment_of(salt, "欧阳真名"), commitment_of(other, "欧阳真名"));
  EXPECT_NE(commitment_of(salt, "欧阳真名"), commitment_of(salt, "欧阳假名"));
}

}  // namespace
}  // namespace zhifa::org

namespace zhifa::org {
namespace {

// Every 执法监督 event the ledger admits has a Chinese label (issue 20), and so do its subjects.
TEST(EventLabels, EverySupervisionEventHasAChineseLabel) {
  int n = 0;
  for (const auto& kind : event_kinds()) {
    if (kind.rfind("supervision.", 0) != 0) continue;
    ++n;
    EXPECT_NE(event_kind_label(kind), "其他记录") << kind;
    EXPECT_NE(event_kind_label(kind, true), "Other record") << kind;
  }
  EXPECT_GE(n, 9);
  for (const char* s : {"urge:1", "report:1", "evaluation:1", "eval_file:1", "notice:1", "filing:1"})
    EXPECT_EQ(event_subject_label(s).find(':'), std::string::npos) << s;
}

}  // namespace
}  // namespace zhifa::org
