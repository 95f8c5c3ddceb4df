// Every procedure end to end through the JSON API (/api/v1/cases…, /api/v1/documents…), as the
// phone and other government systems use it: 行政处罚 general procedure with the legal review of a
// major decision (APL art. 58), 简易程序 (APL art. 51 limits), 行政检查, 行政确认; the extension
// of a licence decision deadline (ALL art. 42) from the case page and the API; and every refusal
// of issue 6's "bad input" list — each answered with the reason, and nothing changed (the case's
// step, acts and documents, the number of cases, the ledger's size).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"
#include "law/identifiers.h"
#include "demo/org.h"
#include "platform/core/clock.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;
const std::string kPw = org::kDemoPassword;

std::string rid(const std::string& first17 = "37080219900101123") { return first17 + law::resident_id_check_char(first17); }
std::string uscc(const std::string& first17 = "91370811MA3D8QWL7") { return first17 + law::uscc_check_char(first17); }
bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

// A logged-in user speaking JSON with the session cookie and its CSRF token.
struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, kPw), 303) << login; }
  std::map<std::string, std::string> headers() const { return {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}}; }
  HttpResult post(const std::string& path, const json& body) { return c.send("POST", path, body.dump(), headers()); }
  HttpResult put(const std::string& path, const json& body) { return c.send("PUT", path, body.dump(), headers()); }
  json get(const std::string& path) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 500);
    return json::parse(r.body, nullptr, false);
  }
};

json body_of(const HttpResult& r) { return json::parse(r.body, nullptr, false); }

class Procedures : public ::testing::Test {
 protected:
  TestServer server;
  User wang{server.port(), "wangqiang"};  // 执法人员, lead officer
  User head{server.port(), "lili"};       // 机关负责人
  std::int64_t liu = person("liuyang"), wang_id = person("wangqiang");

  std::int64_t person(const std::string& login) {
    std::int64_t id = 0;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query_one("SELECT id FROM people WHERE login = ?", {login});
                  if (!r || !*r) return Error::not_found(login);
                  id = (*r)->integer(0);
                  return {};
                }).ok());
    return id;
  }
  std::int64_t count(const std::string& sql, store::Params params = {}) {
    std::int64_t n = -1;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query_one(sql, params);
                  if (!r) return r.error();
                  n = (*r)->integer(0);
                  return {};
                }).ok());
    return n;
  }
  std::int64_t ledger_size() { return count("SELECT COUNT(*) FROM ledger_events"); }

  std::int64_t open(json body) {
    auto r = wang.post("/api/v1/cases", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("id", std::int64_t{0});
  }
  std::string base(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }
  json show(std::int64_t id) { return wang.get(base(id)); }
  // Drafts a document of the case (the officer) and has `signer` sign it.
  std::int64_t sign(std::int64_t id, const std::string& kind, User& signer) {
    auto d = wang.post(base(id) + "/documents", {{"kind", kind}});
    EXPECT_EQ(d.status, 201) << kind << ": " << d.body;
    auto doc = body_of(d).value("id", std::int64_t{0});
    auto s = signer.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object());
    EXPECT_EQ(s.status, 200) << kind << ": " << s.body;
    EXPECT_EQ(body_of(s)["status"], "signed") << kind;
    return doc;
  }
  // Takes a transition and expects the new step.
  json go(std::int64_t id, const std::string& t, const std::string& to, User& by, std::vector<std::int64_t> co = {}) {
    // The party waives the hearing on being told (APL art. 64), so the decision may follow at once.
    auto r = by.post(base(id) + "/acts", {{"transition", t}, {"co_officers", co}, {"location", {{"place", "济宁市"}}}, {"waive_hearing", t == "notify"},
                                          {"execution_evidence", t == "executed" ? "非税收入缴款书 3708002026000123" : ""}});
    EXPECT_EQ(r.status, 200) << t << ": " << r.body;
    auto j = body_of(r);
    EXPECT_EQ(j["step"], to) << t;
    return j;
  }

  // What "nothing changes" means: the case as the API shows it, every table the change would
  // touch, and the ledger.
  struct Snapshot {
    std::string step, status;
    std::size_t acts = 0, documents = 0;
    std::int64_t cases = 0, ledger = 0, reviews = 0, deadlines = 0;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot(std::int64_t id) {
    Snapshot s;
    if (id) {
      auto j = show(id);
      s.step = j["step"];
      s.status = j["status"];
      s.acts = j["acts"].size();
      s.documents = j["documents"].size();
      s.deadlines = count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND deadline LIKE '%extensions%'", {id}) +
                    1000 * count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ?", {id});
    }
    s.cases = count("SELECT COUNT(*) FROM rec_cases");
    s.ledger = ledger_size();
    s.reviews = count("SELECT COUNT(*) FROM review_submissions");
    return s;
  }
  // A refused act: the status, the failing condition, words of the reason; nothing changed.
  void refused_act(std::int64_t id, User& by, const json& body, int status, const std::string& field, const std::string& words) {
    auto before = snapshot(id);
    auto r = by.post(base(id) + "/acts", body);
    EXPECT_EQ(r.status, status) << body.dump() << ": " << r.body;
    auto j = body_of(r);
    EXPECT_EQ(j.value("field", std::string()), field) << r.body;
    EXPECT_TRUE(has(j.value("error", std::string()), words)) << r.body;
    EXPECT_EQ(snapshot(id), before) << body.dump();
  }
};

// 行政处罚（普通程序）: 立案 → 调查 → 告知 → 法制审核 (the catalog says major: a company fined
// 150,000 yuan, rule R02) → the gate refuses the decision until the reviewer passes it → 决定 →
// 送达 → 执行 → 结案.
TEST_F(Procedures, PenaltyGeneralProcedureWithLegalReviewOfAMajorDecision) {
  auto id = open({{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"}, {"category", "行政处罚"},
                  {"procedure_id", "penalty"}, {"party", {{"kind", "organisation"}, {"name", "济宁远航国际交流有限公司"}, {"id_number", uscc()}}},
                  {"facts", "未经批准以本单位名义邀请外国人来华"}, {"fine_fen", 15'000'000}, {"co_officer_id", liu}});
  ASSERT_GT(id, 0);
  auto c = show(id);
  EXPECT_EQ(c["step"], "filing");
  EXPECT_EQ(c["procedure_id"], "penalty");

  // Bad input: a transition of another step; a transition before its document is signed.
  refused_act(id, head, {{"transition", "impose"}}, 400, "transition", "不允许");
  refused_act(id, wang, {{"transition", "file"}}, 400, "documents.case_filing", "立案审批表");

  sign(id, "case_filing", head);  // 立案审批表: approved by the head (APL art. 54)
  go(id, "file", "investigation", wang);
  EXPECT_TRUE(has(show(id)["deadlines"].dump(), "penalty.decision"));  // APL art. 60: 90 days run
  sign(id, "inspection_record", wang);
  sign(id, "investigation_report", wang);
  sign(id, "penalty_notice", head);
  go(id, "notify", "statement", wang);
  // The decision draft, written once in the case.
  auto d = wang.post(base(id) + "/documents", {{"kind", "penalty_decision"}});
  ASSERT_EQ(d.status, 201);
  auto decision_doc = body_of(d)["id"].get<std::int64_t>();
  ASSERT_EQ(wang.put("/api/v1/documents/" + std::to_string(decision_doc),
                     {{"body", "当事人：济宁远航国际交流有限公司\n决定处以罚款人民币壹拾伍万元。"}}).status, 200);

  // 提请法制审核: the review is in the reviewers' queue without re-typing anything.
  auto reviews = count("SELECT COUNT(*) FROM review_submissions");
  auto in_review = go(id, "submit_review", "legal_review", wang);
  EXPECT_EQ(count("SELECT COUNT(*) FROM review_submissions"), reviews + 1);
  ASSERT_TRUE(in_review["review"].is_object()) << in_review.dump();
  auto rid_ = in_review["review"]["id"].get<std::int64_t>();
  EXPECT_EQ(in_review["review"]["state"], "waiting");
  std::string review_url = "/workspace/review/" + std::to_string(rid_);
  EXPECT_EQ(in_review["review"]["href"], review_url);
  // The case page links to it; the reviewer's queue lists it; the review carries the draft.
  EXPECT_TRUE(has(wang.c.get("/workspace/cases/" + std::to_string(id)).body, "href=\"" + review_url + "\""));
  User reviewer{server.port(), "zhaomin"};
  EXPECT_TRUE(has(reviewer.c.get("/workspace/review").body, show(id)["case_no"].get<std::string>()));
  auto rj = reviewer.get("/api/v1/review/" + std::to_string(rid_));
  EXPECT_EQ(rj["case_id"], id);
  EXPECT_TRUE(has(rj.dump(), "壹拾伍万元"));
  EXPECT_TRUE(has(rj.dump(), "R02"));

  go(id, "to_decision", "decision", wang);
  auto s = head.post("/api/v1/documents/" + std::to_string(decision_doc) + "/sign", json::object());
  ASSERT_EQ(s.status, 200) << s.body;
  // APL art. 58: the gate refuses the decision while the review has not passed; nothing changes.
  refused_act(id, head, {{"transition", "impose"}}, 409, "guard.review_gate", "第五十八条");

  // The reviewer takes it, answers the 11 elements and agrees.
  reviewer.c.get(review_url);
  ASSERT_EQ(reviewer.c.post(review_url + "/take", form_encode({{"_csrf", reviewer.c.csrf()}})).status, 303);
  std::map<std::string, std::string> answers{{"_csrf", reviewer.c.csrf()}};
  for (int e = 1; e <= 11; ++e) answers["answer_" + std::to_string(e)] = "pass";
  ASSERT_EQ(reviewer.c.post(review_url + "/elements", form_encode(answers)).status, 303);
  ASSERT_EQ(reviewer.c.post(review_url + "/opinion", form_encode({{"_csrf", reviewer.c.csrf()}, {"opinion", "agree"}, {"text", "同意"}})).status,
            303);
  EXPECT_EQ(show(id)["review"]["state"], "passed");

  go(id, "impose", "service", head);
  sign(id, "service_receipt", wang);
  go(id, "served", "execution", wang);
  go(id, "executed", "closing", wang);
  sign(id, "closing_report", head);
  auto closed = go(id, "close", "closed", wang);
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_FALSE(closed["open"].get<bool>());
  // Every act is in the ledger, with the case as its subject.
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_events WHERE kind IN ('recording.case.opened', 'recording.case.act') AND subject = ?",
                  {"case:" + std::to_string(id)}),
            static_cast<std::int64_t>(closed["acts"].size()));
  // Closed: nothing more can be done.
  auto after = wang.post(base(id) + "/acts", {{"transition", "close"}});
  EXPECT_EQ(after.status, 409);
}

// 简易程序 (APL art. 51): a warning or a fine up to 200 yuan (person) / 3,000 yuan (organisation),
// decided on the spot by two officers (APL art. 42).
TEST_F(Procedures, SimplifiedPenaltyWithinAndAboveTheArticle51Limits) {
  auto on_site = [&](const std::string& kind, const std::string& name, const std::string& number, std::int64_t fen) {
    auto id = open({{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"}, {"category", "行政处罚"},
                    {"procedure_id", "simplified_penalty"}, {"party", {{"kind", kind}, {"name", name}, {"id_number", number}}},
                    {"facts", "未按规定报告外国人行程变更"}, {"fine_fen", fen}, {"co_officer_id", liu}});
    EXPECT_EQ(show(id)["step"], "on_site");
    sign(id, "on_site_decision", wang);
    sign(id, "service_receipt", wang);
    return id;
  };
  // Above the limit: 200.01 yuan for a person, 3,000.01 yuan for an organisation — refused.
  auto person_over = on_site("person", "孙强", rid("37088119800101555"), 20'001);
  refused_act(person_over, wang, {{"transition", "decide"}, {"co_officers", {liu}}}, 400, "guard.art51_limits", "第五十一条");
  auto org_over = on_site("organisation", "济宁某旅行社有限公司", uscc("91370800MA3C5NXK0"), 300'001);
  refused_act(org_over, wang, {{"transition", "decide"}, {"co_officers", {liu}}}, 400, "guard.art51_limits", "第五十一条");

  // Within the limit (200 yuan, a person), but one officer alone on the spot: refused (APL art. 42).
  auto id = on_site("person", "赵磊", rid("37083019850211301"), 20'000);
  refused_act(id, wang, {{"transition", "decide"}}, 400, "actors.count", "不少于2名");
  go(id, "decide", "execution", wang, {liu});
  EXPECT_TRUE(has(show(id)["deadlines"].dump(), "penalty.fine_payment"));  // APL art. 67: 15 days
  go(id, "executed", "filing", wang);
  sign(id, "filing_report", wang);
  EXPECT_EQ(go(id, "filed", "closed", wang)["status"], "closed");
  // The organisation's limit is 3,000 yuan: exactly 3,000 is allowed.
  auto org_ok = on_site("organisation", "济宁某旅行社有限公司", uscc("91370800MA3C5NXK0"), 300'000);
  go(org_ok, "decide", "execution", wang, {liu});
}

// 行政检查: preparation → on-site inspection (two certified officers) → result → closed; an
// expired certificate and one officer alone are refused.
TEST_F(Procedures, InspectionWithTwoCertifiedOfficers) {
  // The 现场检查笔录 names both officers (APL art. 42): the co-officer is named on the case.
  auto id = open({{"matter_code", "JNWQB-JC-001"}, {"matter_name", "外国人来华邀请单位检查"}, {"category", "行政检查"},
                  {"party", {{"kind", "organisation"}, {"name", "济宁某国际经贸有限公司"}, {"id_number", uscc("91370800MA3C5NXK0")}}},
                  {"co_officer_id", liu}});
  ASSERT_GT(id, 0);
  EXPECT_EQ(show(id)["procedure_id"], "inspection");
  go(id, "start", "inspection", wang);
  sign(id, "inspection_record", wang);
  refused_act(id, wang, {{"transition", "finish"}}, 400, "actors.count", "不少于2名");

  // 刘洋's 执法证 expired yesterday: he cannot take part, nor open a case (118; APL art. 42).
  std::string cert_to;
  ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT valid_to FROM certificates WHERE person_id = ? AND revoked = 0 ORDER BY valid_to DESC LIMIT 1", {liu});
                if (!r || !*r) return Error::not_found("certificate");
                cert_to = (*r)->text(0);
                auto u = tx.exec("UPDATE certificates SET valid_to = '2020-12-31' WHERE person_id = ?", {liu});
                return u ? Status{} : Status(u.error());
              }).ok());
  refused_act(id, wang, {{"transition", "finish"}, {"co_officers", {liu}}}, 400, "actors.certified", "执法证件");
  User liuyang{server.port(), "liuyang"};
  auto cases = count("SELECT COUNT(*) FROM rec_cases");
  auto ledger = ledger_size();
  auto opened = liuyang.post("/api/v1/cases", {{"matter_code", "JNWQB-JC-001"}, {"matter_name", "外国人来华邀请单位检查"}, {"category", "行政检查"},
                                               {"party", {{"kind", "person"}, {"name", "张华"}, {"id_number", rid()}}}});
  EXPECT_EQ(opened.status, 400) << opened.body;
  EXPECT_EQ(body_of(opened)["field"], "actors.certified");
  EXPECT_EQ(count("SELECT COUNT(*) FROM rec_cases"), cases);
  EXPECT_EQ(ledger_size(), ledger);
  ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
                auto u = tx.exec("UPDATE certificates SET valid_to = ? WHERE person_id = ?", {cert_to, liu});
                return u ? Status{} : Status(u.error());
              }).ok());

  // 音像记录事项清单 AV-01 names 现场检查: the head's exemption stands in for the recording here
  // (av_requirement_test covers the upload).
  EXPECT_EQ(head.post(base(id) + "/av-exemption", {{"reason", "device_failure"}, {"note", "执法记录仪故障"}}).status, 200);
  auto j = go(id, "finish", "result", wang, {liu});
  EXPECT_TRUE(has(j["acts"].dump(), "刘洋"));  // the co-officer is recorded with the act
  sign(id, "inspection_result", head);
  EXPECT_EQ(go(id, "close", "closed", wang)["status"], "closed");
}

// 行政确认: application → acceptance → review → decision (head) → delivery → closed.
TEST_F(Procedures, ConfirmationFromApplicationToDelivery) {
  auto id = open({{"matter_code", "JNWQB-QR-001"}, {"matter_name", "归侨侨眷身份确认"}, {"category", "行政确认"},
                  {"party", {{"kind", "person"}, {"name", "王秀英"}, {"id_number", rid("37088119650708402")}}}, {"facts", "申请确认归侨身份"}});
  ASSERT_GT(id, 0);
  EXPECT_EQ(show(id)["procedure_id"], "confirmation");
  refused_act(id, wang, {{"transition", "accept"}}, 400, "documents.confirmation_acceptance", "行政确认受理通知书");
  sign(id, "confirmation_acceptance", wang);
  go(id, "accept", "review", wang);
  sign(id, "confirmation_review_opinion", wang);
  go(id, "propose", "decision", wang);
  // The decision is the head's (actors.role), not the officer's.
  sign(id, "confirmation_decision", head);
  refused_act(id, wang, {{"transition", "confirm"}}, 400, "actors.role", "机关负责人");
  go(id, "confirm", "delivery", head);
  sign(id, "service_receipt", wang);
  auto closed = go(id, "delivered", "closed", wang);
  EXPECT_EQ(closed["status"], "closed");
  // Numbered documents: 确受 and 确 numbers were allocated.
  int numbered = 0;
  for (auto& d : closed["documents"])
    if (!d["doc_number"].get<std::string>().empty()) ++numbered;
  EXPECT_EQ(numbered, 2);
}

// A party ID with a bad check character (GB 11643) or a bad USCC (GB 32100): no case, no event.
TEST_F(Procedures, PartyIdentifierWithABadCheckCharacterIsRefused) {
  std::string bad = rid();
  bad.back() = bad.back() == '1' ? '2' : '1';
  auto before = snapshot(0);
  auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-XK-001"}, {"matter_name", "华侨回国定居审批"}, {"category", "行政许可"},
                                       {"party", {{"kind", "person"}, {"name", "张华"}, {"id_number", bad}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["field"], "party_id_number");
  EXPECT_TRUE(has(r.body, "公民身份号码不正确"));
  std::string bad_uscc = uscc();
  bad_uscc.back() = bad_uscc.back() == 'A' ? 'B' : 'A';
  r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-JC-001"}, {"matter_name", "外国人来华邀请单位检查"}, {"category", "行政检查"},
                                  {"party", {{"kind", "organisation"}, {"name", "某公司"}, {"id_number", bad_uscc}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["field"], "party_id_number");
  EXPECT_TRUE(has(r.body, "统一社会信用代码不正确"));
  EXPECT_EQ(snapshot(0), before);
}

// ALL art. 42: the head extends the licence decision deadline by 10 working days, once, from
// the case page (form + CSRF) or the API; the case's deadline shows the new due date and why.
TEST_F(Procedures, LicenceDeadlineExtendedByTheHead) {
  auto id = open({{"matter_code", "JNWQB-XK-001"}, {"matter_name", "华侨回国定居审批"}, {"category", "行政许可"},
                  {"party", {{"kind", "person"}, {"name", "张华"}, {"id_number", rid()}}}});
  ASSERT_GT(id, 0);
  std::string page = "/workspace/cases/" + std::to_string(id);
  // Before acceptance no decision deadline runs: refused.
  auto early = head.post(base(id) + "/deadlines/extend", {{"reason", "材料需核实"}});
  EXPECT_EQ(early.status, 409) << early.body;
  sign(id, "licence_acceptance", wang);
  auto accepted = go(id, "accept", "review", wang);
  std::string opened = accepted["opened_on"];
  auto due_after = [&](int n) {
    Client anon(server.port());
    auto r = anon.get("/api/v1/law/workday/add?date=" + opened + "&n=" + std::to_string(n));
    EXPECT_EQ(r.status, 200) << r.body;
    return body_of(r)["date"].get<std::string>();
  };
  auto decision_deadline = [&](const json& c) {
    for (auto& d : c["deadlines"])
      if (d["rule"] == "licence.decision") return d;
    return json();
  };
  EXPECT_EQ(decision_deadline(show(id))["due"], due_after(20));

  // The officer sees no extension form and may not extend (the route needs recording.extend).
  EXPECT_FALSE(has(wang.c.get(page).body, "/deadlines/extend"));
  auto before = snapshot(id);
  auto officer = wang.post(base(id) + "/deadlines/extend", {{"reason", "材料需核实"}});
  EXPECT_EQ(officer.status, 403);
  EXPECT_TRUE(has(body_of(officer).value("error", std::string()), "recording.extend")) << officer.body;
  // The head: the form is on the case page; without a reason it is refused and says why.
  auto hp = head.c.get(page);
  ASSERT_TRUE(has(hp.body, "action=\"" + page + "/deadlines/extend\"")) << hp.body;
  auto no_reason = head.c.post(page + "/deadlines/extend", form_encode({{"_csrf", head.c.csrf()}, {"rule", "licence.decision"}, {"reason", ""}}));
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_TRUE(has(no_reason.body, "请填写延长期限的理由"));
  // Another deadline cannot be extended; without the CSRF token nothing happens either.
  auto other = head.post(base(id) + "/deadlines/extend", {{"rule", "licence.materials_notice"}, {"reason", "理由"}});
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(body_of(other)["field"], "rule");
  EXPECT_EQ(head.c.post(page + "/deadlines/extend", form_encode({{"reason", "理由"}})).status, 403);
  EXPECT_EQ(snapshot(id), before);

  auto ok = head.c.post(page + "/deadlines/extend",
                        form_encode({{"_csrf", head.c.csrf()}, {"rule", "licence.decision"}, {"reason", "申请人境外证明材料需经驻外使领馆核实"}}));
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 1000);
  auto c = show(id);
  auto d = decision_deadline(c);
  EXPECT_EQ(d["due"], due_after(30));
  EXPECT_TRUE(has(d["extension"].get<std::string>(), "李丽"));
  EXPECT_TRUE(has(d["explanation"].get<std::string>(), "Extended by 10 working days"));
  EXPECT_TRUE(has(c["acts"].dump(), "申请人境外证明材料需经驻外使领馆核实"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.deadline.extended' AND subject = ?", {"case:" + std::to_string(id)}), 1);
  auto shown = head.c.get(page).body;
  EXPECT_TRUE(has(shown, "已延长"));
  EXPECT_TRUE(has(shown, clock::chinese_date(due_after(30))));  // Beijing date in Chinese form
  EXPECT_FALSE(has(shown, "/deadlines/extend"));  // used: the form is gone

  // Only once (the API says so too); nothing changes.
  before = snapshot(id);
  auto again = head.post(base(id) + "/deadlines/extend", {{"reason", "再次延长"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(has(body_of(again).value("error", std::string()), "只能延长一次"));
  EXPECT_EQ(snapshot(id), before);
}

// The demo shows what issue 6 adds: an extended licence deadline; a major penalty case in legal
// review, linked to its review.
TEST_F(Procedures, DemoShowsTheExtensionAndAPenaltyCaseInReview) {
  auto cases = head.get("/api/v1/cases?scope=agency&status=all")["cases"];
  std::int64_t extended = 0, reviewed = 0;
  for (auto& c : cases) {
    auto full = head.get(base(c["id"].get<std::int64_t>()));
    for (auto& d : full["deadlines"])
      if (!d["extension"].get<std::string>().empty()) extended = full["id"];
    if (full["step"] == "legal_review" && full["review"].is_object()) reviewed = full["id"];
  }
  EXPECT_GT(extended, 0);
  ASSERT_GT(reviewed, 0);
  auto c = head.get(base(reviewed));
  auto page = head.c.get("/workspace/cases/" + std::to_string(reviewed));
  EXPECT_TRUE(has(page.body, c["review"]["href"].get<std::string>()));
  User reviewer{server.port(), "zhaomin"};
  auto r = reviewer.get("/api/v1/review/" + std::to_string(c["review"]["id"].get<std::int64_t>()));
  EXPECT_EQ(r["case_id"], reviewed);
  EXPECT_EQ(r["state"], "in_review");
}

}  // namespace
}  // namespace zhifa::testing
