// The public ledger's privacy rule (org/ledger_privacy.h), and the privacy and security findings
// of issue 12 that live in case handling and legal review:
//   - no text a person typed — a party's name, ID number, phone, address, a case's facts, notes,
//     drafts, review opinions, reasons — ever appears in any ledger entry, as the public reads it
//     (GET /ledger/entries/{i}.json), after the demo and a penalty case driven end to end over
//     the API for a natural person with unusual personal data;
//   - the private content is bound by salted commitments the agency can open;
//   - a case's default title names the matter, never the party;
//   - a review submission can only be made for a case of one's own agency (another agency's case
//     answers 404, and cannot be blocked from review);
//   - a case over the API comes only from a matter of the agency's published list;
//   - amounts are bounded (a fine of 2^63−1 fen is refused with a field error).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "harness.h"
#include "law/identifiers.h"
#include "demo/org.h"
#include "org/ledger_privacy.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;
const std::string kPw = org::kDemoPassword;

json body_of(const HttpResult& r) { return json::parse(r.body, nullptr, false); }
bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, kPw), 303) << login; }
  std::map<std::string, std::string> headers() const { return {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}}; }
  HttpResult post(const std::string& path, const json& body) { return c.send("POST", path, body.dump(), headers()); }
  HttpResult put(const std::string& path, const json& body) { return c.send("PUT", path, body.dump(), headers()); }
};

// The unusual person: every string is one no code, date or digest could contain by chance.
const std::string kName = "欧阳真名";
const std::string kPhone = "13987654321";
const std::string kAddress = "北京市东城区隐秘胡同甲7号院";
const std::string kFacts = "当事人欧阳真名于某日擅自邀请外籍人员来华工作，事实特征词甲乙丙";
const std::string kNote = "提请备注特征词丁戊己";
const std::string kPlace = "隐秘胡同现场特征词庚辛";
const std::string kDraft = "当事人：欧阳真名\n决定书草稿特征词壬癸。";
const std::string kOpinion = "审核意见特征词子丑寅";
std::string id_number() {
  std::string first17 = "11010119850307421";
  return first17 + law::resident_id_check_char(first17);
}

class LedgerPrivacy : public ::testing::Test {
 protected:
  TestServer server;
  User wang{server.port(), "wangqiang"};
  User head{server.port(), "lili"};

  std::int64_t scalar(const std::string& sql, store::Params params = {}) {
    std::int64_t n = -1;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query_one(sql, params);
                  if (!r) return r.error();
                  n = (*r)->integer(0);
                  return {};
                }).ok());
    return n;
  }
  std::string base(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }
  void sign(std::int64_t id, const std::string& kind, User& signer) {
    auto d = wang.post(base(id) + "/documents", {{"kind", kind}});
    ASSERT_EQ(d.status, 201) << kind << ": " << d.body;
    auto doc = body_of(d).value("id", std::int64_t{0});
    ASSERT_EQ(signer.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object()).status, 200) << kind;
  }
  void go(std::int64_t id, const std::string& t, User& by, std::vector<std::int64_t> co = {}) {
    auto r = by.post(base(id) + "/acts", {{"transition", t}, {"co_officers", co}, {"note", kNote}, {"location", {{"place", kPlace}}}});
    ASSERT_EQ(r.status, 200) << t << ": " << r.body;
  }
  // 立案 → 调查 → 告知: the penalty procedure up to the party's statement, every document signed.
  void through_notice(std::int64_t id) {
    sign(id, "case_filing", head);
    go(id, "file", wang);
    sign(id, "inspection_record", wang);
    sign(id, "investigation_report", wang);
    sign(id, "penalty_notice", head);
    go(id, "notify", wang);
  }
  // Every ledger entry exactly as the public reads it.
  std::string public_ledger() {
    Client anon(server.port());
    std::string all;
    auto n = scalar("SELECT COUNT(*) FROM ledger_events");
    for (std::int64_t i = 0; i < n; ++i) {
      auto r = anon.get("/ledger/entries/" + std::to_string(i) + ".json");
      EXPECT_EQ(r.status, 200) << i;
      all += r.body;
      all += '\n';
    }
    return all;
  }
  // Every text the private tables hold that a person typed or that names a person.
  std::vector<std::string> private_texts() {
    static const char* const kColumns[] = {
        "SELECT title FROM rec_cases", "SELECT party_name FROM rec_cases", "SELECT party_id_number FROM rec_cases",
        "SELECT party_address FROM rec_cases", "SELECT party_phone FROM rec_cases", "SELECT facts FROM rec_cases",
        "SELECT note FROM rec_acts", "SELECT place FROM rec_acts", "SELECT body FROM rec_documents",
        "SELECT case_title FROM review_submissions", "SELECT draft FROM review_rounds", "SELECT note FROM review_rounds",
        "SELECT opinion_text FROM review_rounds", "SELECT comment FROM review_checklist", "SELECT question FROM review_adviser_requests",
        "SELECT answer FROM review_adviser_requests", "SELECT reason FROM review_escalations", "SELECT outcome_text FROM review_escalations",
        "SELECT party_name FROM pub_decisions", "SELECT party_code FROM pub_decisions", "SELECT body FROM pub_decisions",
        "SELECT withdraw_reason FROM pub_decisions", "SELECT fulfilment_note FROM pub_decisions", "SELECT name FROM people",
        "SELECT login FROM people", "SELECT address FROM agencies", "SELECT phone FROM agencies",
        // 投诉举报: what the public wrote, who they are, and the handlers' reasons and replies.
        "SELECT what_happened FROM complaints", "SELECT request FROM complaints", "SELECT contact_name FROM complaints",
        "SELECT contact_phone FROM complaints", "SELECT contact_email FROM complaints", "SELECT info_request FROM complaints",
        "SELECT supplement FROM complaints", "SELECT refusal_reason FROM complaints", "SELECT refusal_basis FROM complaints",
        "SELECT reply FROM complaints", "SELECT filename FROM complaint_attachments",
        // 音像记录: file names, device labels, the exemption's note, download reasons.
        "SELECT filename FROM av_items", "SELECT device FROM av_items", "SELECT note FROM av_exemptions", "SELECT reason FROM av_custody"};
    std::vector<std::string> out;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  for (const char* sql : kColumns) {
                    auto rows = tx.query(sql);
                    if (!rows) return rows.error();
                    for (auto& r : *rows)
                      if (!r.is_null(0)) out.push_back(r.text(0));
                  }
                  return {};
                }).ok());
    return out;
  }
};

TEST_F(LedgerPrivacy, NoTypedTextOrPersonalDataInAnyPublicEntry) {
  std::int64_t liu = scalar("SELECT id FROM people WHERE login = 'liuyang'");
  // A penalty case for a natural person, opened over the API with no title.
  auto opened = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"},
                                            {"procedure_id", "penalty"},
                                            {"party", {{"kind", "person"}, {"name", kName}, {"id_number", id_number()}, {"phone", kPhone}, {"address", kAddress}}},
                                            {"facts", kFacts},
                                            {"fine_fen", 15'000'000},
                                            {"co_officer_id", liu},
                                            {"location", {{"place", kPlace}, {"latitude", "35.41"}, {"longitude", "116.59"}}}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  auto id = body_of(opened)["id"].get<std::int64_t>();
  // The default title says what the case is about, never who.
  auto shown = body_of(wang.c.get(base(id)));
  EXPECT_FALSE(has(shown.value("title", std::string()), kName)) << shown.dump();
  EXPECT_TRUE(has(shown.value("title", std::string()), "处罚")) << shown.dump();

  through_notice(id);
  auto d = wang.post(base(id) + "/documents", {{"kind", "penalty_decision"}});
  ASSERT_EQ(d.status, 201) << d.body;
  auto doc = body_of(d)["id"].get<std::int64_t>();
  ASSERT_EQ(wang.put("/api/v1/documents/" + std::to_string(doc), {{"body", kDraft}}).status, 200);
  // Into legal review (the submission carries the draft and the note), then the reviewer's
  // element answers with a comment and an opinion.
  go(id, "submit_review", wang);
  auto rid = scalar("SELECT id FROM review_submissions WHERE case_id = ?", {id});
  ASSERT_GT(rid, 0);
  User reviewer{server.port(), "zhaomin"};
  std::string review_url = "/workspace/review/" + std::to_string(rid);
  reviewer.c.get(review_url);
  ASSERT_EQ(reviewer.c.post(review_url + "/take", form_encode({{"_csrf", reviewer.c.csrf()}})).status, 303);
  std::map<std::string, std::string> answers{{"_csrf", reviewer.c.csrf()}};
  for (int e = 1; e <= 11; ++e) {
    answers["answer_" + std::to_string(e)] = "pass";
    answers["comment_" + std::to_string(e)] = kOpinion + std::to_string(e);
  }
  ASSERT_EQ(reviewer.c.post(review_url + "/elements", form_encode(answers)).status, 303);
  ASSERT_EQ(reviewer.c.post(review_url + "/opinion", form_encode({{"_csrf", reviewer.c.csrf()}, {"opinion", "agree"}, {"text", kOpinion}})).status,
            303);
  go(id, "to_decision", wang);
  ASSERT_EQ(head.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object()).status, 200);
  go(id, "impose", head);

  // The public ledger, entry by entry, holds none of it.
  std::string ledger = public_ledger();
  ASSERT_FALSE(ledger.empty());
  for (const std::string& s : {kName, id_number(), kPhone, kAddress, kFacts, kNote, kPlace, kDraft, kOpinion, std::string("欧阳")})
    EXPECT_FALSE(has(ledger, s)) << "in the public ledger: " << s;
  // Nor any text of the private tables — the demo's cases, reviews, publications and people
  // included. (Two characters or more; the shortest Chinese names are two.)
  int checked = 0;
  for (const std::string& s : private_texts()) {
    if (s.size() < 4) continue;
    ++checked;
    EXPECT_FALSE(has(ledger, s)) << "in the public ledger: " << s;
  }
  EXPECT_GT(checked, 100);

  // The private content is bound: the agency can open the party's commitment, nobody else can
  // confirm a guess (the commitment is salted: the same party twice commits differently).
  auto opened_ev = body_of(Client(server.port()).get("/ledger/entries/" +
                                                     std::to_string(scalar("SELECT MIN(idx) FROM ledger_events WHERE kind = 'recording.case.opened' AND subject = ?",
                                                                           {"case:" + std::to_string(id)})) +
                                                     ".json"));
  std::string text = opened_ev.dump();
  auto at = text.find("party_commitment");
  ASSERT_NE(at, std::string::npos) << text;
  std::string commitment = text.substr(text.find(':', at) + 2, 64);
  json party{{"kind", "person"}, {"name", kName}, {"id_number", id_number()}, {"address", kAddress}, {"phone", kPhone}};
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto ok = org::open_commitment(tx, commitment, party.dump());
                EXPECT_TRUE(ok && *ok) << commitment;
                auto guess = org::open_commitment(tx, commitment, json{{"kind", "person"}, {"name", "张三"}}.dump());
                EXPECT_TRUE(guess && !*guess);
                return {};
              }).ok());
  EXPECT_FALSE(has(ledger, org::commitment_of(std::string(64, '0'), party.dump())));
}

// Issue 12 item 3: a county officer cannot open a review for a city case (404, as a missing
// case), and the city's own officer still can.
TEST_F(LedgerPrivacy, AReviewCanOnlyBeSubmittedForACaseOfOnesOwnAgency) {
  auto opened = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"},
                                            {"procedure_id", "penalty"},
                                            {"party", {{"kind", "organisation"}, {"name", "济宁某科技有限公司"}, {"id_number", "91370811MA3D8QWL7" + std::string(1, law::uscc_check_char("91370811MA3D8QWL7"))}}},
                                            {"facts", "未经批准邀请外国人来华"},
                                            {"fine_fen", 15'000'000},
                                            {"co_officer_id", scalar("SELECT id FROM people WHERE login = 'liuyang'")}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  auto id = body_of(opened)["id"].get<std::int64_t>();
  auto reviews = scalar("SELECT COUNT(*) FROM review_submissions");
  User county{server.port(), "zhangwei"};
  county.c.get("/workspace/review/new");
  auto r = county.c.post("/workspace/review/new", form_encode({{"_csrf", county.c.csrf()},
                                                              {"case_id", std::to_string(id)},
                                                              {"case_title", "占位"},
                                                              {"draft", "决定书草稿"},
                                                              {"category", "行政处罚"},
                                                              {"party_kind", "organisation"},
                                                              {"fine", "150000"}}));
  EXPECT_EQ(r.status, 404) << r.body.substr(0, 400);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM review_submissions"), reviews);
  // The city case goes into review as usual.
  through_notice(id);
  ASSERT_EQ(wang.post(base(id) + "/documents", {{"kind", "penalty_decision"}}).status, 201);
  go(id, "submit_review", wang);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM review_submissions WHERE case_id = ?", {id}), 1);
}

// Issue 12 item 5: the API takes only matters of the published list, and bounded amounts.
TEST_F(LedgerPrivacy, TheApiTakesOnlyPublishedMattersAndBoundedAmounts) {
  json party{{"kind", "organisation"}, {"name", "济宁某科技有限公司"},
             {"id_number", "91370811MA3D8QWL7" + std::string(1, law::uscc_check_char("91370811MA3D8QWL7"))}};
  auto cases = scalar("SELECT COUNT(*) FROM rec_cases");
  auto ledger = scalar("SELECT COUNT(*) FROM ledger_events");
  auto free_matter = wang.post("/api/v1/cases", {{"matter_code", "X-NOT-PUBLISHED"}, {"matter_name", "自拟事项"}, {"category", "行政处罚"},
                                                 {"procedure_id", "penalty"}, {"party", party}});
  EXPECT_EQ(free_matter.status, 400) << free_matter.body;
  EXPECT_EQ(body_of(free_matter).value("field", std::string()), "matter_code");
  EXPECT_TRUE(has(body_of(free_matter).value("error", std::string()), "行政执法事项清单")) << free_matter.body;
  // Another agency's published matter is not this agency's either.
  auto other = wang.post("/api/v1/cases", {{"matter_code", "RCWQ-XK-001"}, {"category", "行政许可"}, {"party", party}});
  EXPECT_EQ(other.status, 400) << other.body;
  for (std::int64_t fen : {std::int64_t(9223372036854775807LL), std::int64_t(10'000'000'001LL), std::int64_t(-1)}) {
    auto big = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"procedure_id", "penalty"}, {"party", party}, {"fine_fen", fen}});
    EXPECT_EQ(big.status, 400) << fen << ": " << big.body;
    EXPECT_EQ(body_of(big).value("field", std::string()), "fine_yuan") << big.body;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rec_cases"), cases);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events"), ledger);
  // The name a client sends is not taken: the published matter's own name is.
  auto ok = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"matter_name", "随便写的名称"}, {"procedure_id", "penalty"},
                                        {"party", party}, {"fine_fen", 10'000'000'000LL}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto c = body_of(wang.c.get(base(body_of(ok)["id"].get<std::int64_t>())));
  EXPECT_NE(c.value("matter_name", std::string()), "随便写的名称");
}

}  // namespace
}  // namespace zhifa::testing
