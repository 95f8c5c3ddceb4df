// Issue 15 (documents an agency could sign, publications a citizen can trust), through the JSON
// API on the backend under test: 发文字号 continuing after numbers recorded from paper, the
// hearing-request period that only the calendar or the party's waiver ends (APL art. 64), and
// the document text filled from the case's structured data.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "demo/org.h"
#include "harness.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "platform/core/clock.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;
const std::string kPw = org::kDemoPassword;

std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }
std::string rid(const std::string& first17) { return first17 + law::resident_id_check_char(first17); }
bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }
json body_of(const HttpResult& r) { return json::parse(r.body, nullptr, false); }

struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, kPw), 303) << login; }
  std::map<std::string, std::string> headers() const { return {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}}; }
  HttpResult post(const std::string& path, const json& body) { return c.send("POST", path, body.dump(), headers()); }
  HttpResult put(const std::string& path, const json& body) { return c.send("PUT", path, body.dump(), headers()); }
  json get(const std::string& path) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
    return json::parse(r.body, nullptr, false);
  }
};

class Trust : public ::testing::Test {
 protected:
  TestServer server;
  User wang{server.port(), "wangqiang"};
  User head{server.port(), "lili"};
  std::int64_t liu = scalar("SELECT id FROM people WHERE login = 'liuyang'");

  std::int64_t scalar(const std::string& sql, store::Params params = {}) {
    std::int64_t n = -1;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query_one(sql, params);
                  if (!r) return r.error();
                  n = *r ? (*r)->integer(0) : -1;
                  return {};
                }).ok());
    return n;
  }
  std::vector<std::string> texts(const std::string& sql, store::Params params = {}) {
    std::vector<std::string> out;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query(sql, params);
                  if (!r) return r.error();
                  for (auto& row : *r) out.push_back(row.text(0));
                  return {};
                }).ok());
    return out;
  }
  std::string base(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }
  std::int64_t open_penalty(const std::string& kind, const std::string& name, const std::string& number, const std::string& facts) {
    auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"},
                                         {"category", "行政处罚"}, {"procedure_id", "penalty"},
                                         {"party", {{"kind", kind}, {"name", name}, {"id_number", number}}},
                                         {"facts", facts}, {"fine_fen", 500'000}, {"co_officer_id", liu}});
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("id", std::int64_t{0});
  }
  std::int64_t draft(std::int64_t id, const std::string& kind) {
    auto d = wang.post(base(id) + "/documents", {{"kind", kind}});
    EXPECT_EQ(d.status, 201) << kind << ": " << d.body;
    return body_of(d).value("id", std::int64_t{0});
  }
  json sign_doc(std::int64_t doc, User& signer) {
    auto s = signer.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object());
    EXPECT_EQ(s.status, 200) << s.body;
    return body_of(s);
  }
  std::int64_t sign(std::int64_t id, const std::string& kind, User& signer) {
    auto doc = draft(id, kind);
    sign_doc(doc, signer);
    return doc;
  }
  HttpResult act(std::int64_t id, const json& body, User& by) { return by.post(base(id) + "/acts", body); }
  void go(std::int64_t id, const std::string& t, const std::string& to, User& by, bool waive = false) {
    auto r = act(id, {{"transition", t}, {"co_officers", {liu}}, {"location", {{"place", "济宁市"}}}, {"waive_hearing", waive}}, by);
    ASSERT_EQ(r.status, 200) << t << ": " << r.body;
    EXPECT_EQ(body_of(r)["step"], to) << t;
  }
  // 立案 → 调查 → 事先告知: the party is told of its right to a hearing today.
  void to_statement(std::int64_t id) {
    sign(id, "case_filing", head);
    go(id, "file", "investigation", wang);
    sign(id, "inspection_record", wang);
    sign(id, "investigation_report", wang);
    sign(id, "penalty_notice", head);
    go(id, "notify", "statement", wang);
  }
  json hearing_period(std::int64_t id) {
    for (auto& d : wang.get(base(id))["deadlines"])
      if (d["rule"] == "penalty.hearing_request") return d;
    return json();
  }
};

// 发文字号 (GB/T 9704-2012 7.2.4): a new decision continues after the highest number of its
// sequence and year already used — here the numbers the demo recorded from paper decisions —
// and the next one after it; none is used twice.
TEST_F(Trust, DocumentNumbersContinueAfterNumbersRecordedFromPaper) {
  const std::string year = clock::today_beijing().substr(0, 4);
  const std::string prefix = "济外侨罚〔" + year + "〕";
  auto highest = [&] {
    std::int64_t top = 0;
    for (auto& table : {"SELECT decision_no FROM pub_decisions", "SELECT doc_number FROM rec_documents"})
      for (auto& n : texts(table))
        if (n.rfind(prefix, 0) == 0)
          if (auto p = law::parse_document_number(n)) top = std::max(top, p->sequence);
    return top;
  };
  auto before = highest();
  ASSERT_GT(before, 100) << "the demo records paper decisions numbered 10x号 for " << year;

  auto id = open_penalty("organisation", "济宁远航国际交流有限公司", uscc("91370811MA3D8QWL7"), "未经批准以本单位名义邀请外国人来华。");
  to_statement(id);
  go(id, "to_decision", "decision", wang, true);
  auto signed_doc = sign_doc(draft(id, "penalty_decision"), head);
  std::string number = signed_doc.value("doc_number", std::string());
  EXPECT_EQ(number, prefix + std::to_string(before + 1) + "号") << signed_doc.dump();
  // A second case's decision takes the next number; no number is used twice.
  auto id2 = open_penalty("organisation", "济宁远帆国际交流有限公司", uscc("91370811MA3D8QWL8"), "未经批准以本单位名义邀请外国人来华。");
  to_statement(id2);
  go(id2, "to_decision", "decision", wang, true);
  EXPECT_EQ(sign_doc(draft(id2, "penalty_decision"), head).value("doc_number", std::string()), prefix + std::to_string(before + 2) + "号");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rec_documents WHERE doc_number = ?", {number}), 1);
}

// APL art. 64: the party may ask for a hearing within 5 working days of the notice. Submitting
// the case to legal review on day 0 does not end that period; the decision waits until it ends
// or the party waives it, and the waiver is recorded (with the act, in the ledger).
TEST_F(Trust, HearingPeriodEndsOnlyOnItsLastDayOrByTheWaiver) {
  auto id = open_penalty("person", "张三", rid("37080219900101123"), "未按规定报告所邀请外国人的行程变更情况。");
  to_statement(id);
  go(id, "submit_review", "legal_review", wang);
  auto period = hearing_period(id);
  ASSERT_TRUE(period.is_object()) << wang.get(base(id)).dump();
  EXPECT_EQ(period["state"], "running") << period.dump();
  EXPECT_FALSE(period["overdue"].get<bool>());
  EXPECT_FALSE(has(wang.c.get("/workspace/cases/" + std::to_string(id)).body, "提出听证要求（《中华人民共和国行政处罚法》第六十四条、第八十五条）：已完成"));
  go(id, "to_decision", "decision", wang);
  EXPECT_EQ(hearing_period(id)["state"], "running");

  // The decision is refused while the period runs, naming its last day; nothing changes.
  auto ledger = scalar("SELECT COUNT(*) FROM ledger_events");
  auto refused = act(id, {{"transition", "impose"}}, head);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(body_of(refused).value("field", std::string()), "guard.hearing_period") << refused.body;
  EXPECT_TRUE(has(refused.body, "第六十四条")) << refused.body;
  EXPECT_TRUE(has(refused.body, clock::chinese_date(period["due"].get<std::string>()))) << refused.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events"), ledger);
  EXPECT_EQ(wang.get(base(id))["step"], "decision");

  // The party waives the hearing in writing: recorded with the decision act.
  sign(id, "penalty_decision", head);
  auto ok = act(id, {{"transition", "impose"}, {"waive_hearing", true}}, head);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(hearing_period(id)["state"], "waived");
  EXPECT_TRUE(has(wang.c.get("/workspace/cases/" + std::to_string(id)).body, "当事人已书面放弃"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.case.act' AND payload LIKE '%hearing_waived%'"), 1);
}

}  // namespace
}  // namespace zhifa::testing
