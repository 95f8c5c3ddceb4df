// Issue 14 through the API, on the demo data (both backends: ZHIFA_TEST_PG selects PostgreSQL):
// one 目录清单 (the published list and the gate's rules are equal after every edit), every catalog
// rule fires from a case that has its fact and only then, the gate names what changed since the
// review (不予行政处罚 after a fined review; a licence refusal), discretion bands (a fine outside
// its band refused, then allowed with a reason after review, stated in the decision), and the
// time limits of 行政强制 (查封、扣押 30 + 30 calendar days; 先行登记保存 7 working days).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "demo/org.h"
#include "harness.h"
#include "law/calendar.h"
#include "law/deadline.h"
#include "law/identifiers.h"
#include "platform/core/clock.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;
const std::string kPw = org::kDemoPassword;

std::string rid(const std::string& first17 = "37080219900101123") { return first17 + law::resident_id_check_char(first17); }
std::string uscc(const std::string& first17 = "91370811MA3D8QWL7") { return first17 + law::uscc_check_char(first17); }
bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }
json body_of(const HttpResult& r) { return json::parse(r.body, nullptr, false); }

struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, kPw), 303) << login; }
  std::map<std::string, std::string> headers() const { return {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}}; }
  HttpResult post(const std::string& path, const json& body) { return c.send("POST", path, body.dump(), headers()); }
  json get(const std::string& path) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 500);
    return json::parse(r.body, nullptr, false);
  }
};

class LegalCatalog : public ::testing::Test {
 protected:
  TestServer server;
  User wang{server.port(), "wangqiang"};  // 执法人员
  User head{server.port(), "lili"};       // 机关负责人
  User reviewer{server.port(), "zhaomin"};
  std::int64_t liu = person("liuyang");

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
  std::string base(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }
  std::int64_t open(const std::string& matter, const std::string& kind, json extra = json::object()) {
    json b{{"matter_code", matter},
           {"party", kind == "person" ? json{{"kind", "person"}, {"name", "张伟"}, {"id_number", rid()}}
                                      : json{{"kind", "organisation"}, {"name", "济宁远航国际交流有限公司"}, {"id_number", uscc()}}},
           {"facts", "经查"},
           {"co_officer_id", liu}};
    b.update(extra);
    auto r = wang.post("/api/v1/cases", b);
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("id", std::int64_t{0});
  }
  HttpResult facts(std::int64_t id, json f) {
    if (!f.contains("facts")) f["facts"] = "经查";
    return wang.post(base(id) + "/facts", f);
  }
  // The codes of the rules that make the case's decision major.
  std::set<std::string> fired(std::int64_t id, const std::string& decision = "") {
    auto g = wang.get(base(id) + "/gate" + (decision.empty() ? "" : "?decision=" + decision));
    std::set<std::string> out;
    for (auto& r : g["reasons"]) out.insert(r["rule"].get<std::string>());
    return out;
  }
  void sign(std::int64_t id, const std::string& kind, User& signer) {
    auto d = wang.post(base(id) + "/documents", {{"kind", kind}});
    ASSERT_EQ(d.status, 201) << kind << ": " << d.body;
    auto s = signer.post("/api/v1/documents/" + std::to_string(body_of(d)["id"].get<std::int64_t>()) + "/sign", json::object());
    ASSERT_EQ(s.status, 200) << kind << ": " << s.body;
  }
  HttpResult act(std::int64_t id, const std::string& t, User& by, std::vector<std::int64_t> co = {}) {
    // The party waives the hearing on being told (APL art. 64), so the decision may follow at once.
    return by.post(base(id) + "/acts", {{"transition", t}, {"co_officers", co}, {"location", {{"place", "济宁市"}}}, {"waive_hearing", t == "notify"}});
  }
  void go(std::int64_t id, const std::string& t, const std::string& to, User& by, std::vector<std::int64_t> co = {}) {
    auto r = act(id, t, by, co);
    ASSERT_EQ(r.status, 200) << t << ": " << r.body;
    EXPECT_EQ(body_of(r)["step"], to) << t;
  }
  // The reviewer takes the case's latest review, answers the 11 elements and agrees.
  void pass_review(std::int64_t id) {
    auto review = wang.get(base(id))["review"];
    ASSERT_TRUE(review.is_object() && review["href"].is_string()) << review.dump();
    std::string url = review["href"];
    reviewer.c.get(url);
    ASSERT_EQ(reviewer.c.post(url + "/take", form_encode({{"_csrf", reviewer.c.csrf()}})).status, 303);
    std::map<std::string, std::string> answers{{"_csrf", reviewer.c.csrf()}};
    for (int e = 1; e <= 11; ++e) answers["answer_" + std::to_string(e)] = "pass";
    ASSERT_EQ(reviewer.c.post(url + "/elements", form_encode(answers)).status, 303);
    ASSERT_EQ(reviewer.c.post(url + "/opinion", form_encode({{"_csrf", reviewer.c.csrf()}, {"opinion", "agree"}, {"text", "事实清楚，同意"}})).status,
              303);
  }
  // A penalty case up to 提请法制审核 → 决定 (the decision document signed).
  void to_decision(std::int64_t id, const std::string& decision_doc = "penalty_decision") {
    sign(id, "case_filing", head);
    go(id, "file", "investigation", wang);
    sign(id, "investigation_report", wang);
    sign(id, "penalty_notice", head);
    go(id, "notify", "statement", wang);
    go(id, "submit_review", "legal_review", wang);
    pass_review(id);
    go(id, "to_decision", "decision", wang);
    sign(id, decision_doc, head);
  }
  std::set<std::string> list_codes() {
    Client anon(server.port());
    auto list = body_of(anon.get("/agencies/jnwqb/publicity/review_catalog/data/list.json"));
    std::set<std::string> out;
    for (auto& r : list["rows"]) out.insert(r["code"].get<std::string>());
    return out;
  }
  std::set<std::string> gate_codes() {
    Client anon(server.port());
    auto doc = body_of(anon.get("/api/v1/review/catalog/jnwqb"));
    std::set<std::string> out;
    for (auto& r : doc["rules"]) out.insert(r["code"].get<std::string>());
    return out;
  }
  std::string today() { return clock::today_beijing(); }
  // A seizure carried out today: reviewed (R10), two officers on the spot, the scene filmed (118).
  std::int64_t seized_case() {
    auto id = open("JNWQB-QZ-001", "organisation");
    sign(id, "seizure_approval", head);
    sign(id, "seizure_decision", head);
    go(id, "submit_review", "legal_review", wang);
    pass_review(id);
    go(id, "to_scene", "scene", wang);
    sign(id, "seizure_list", wang);
    sign(id, "scene_record", wang);
    EXPECT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
      auto r = tx.exec("INSERT INTO av_items(agency_id, case_id, step, kind, filename, sha256, size_bytes, recorder_id, uploaded_at) "
                       "SELECT agency_id, id, 'scene', 'video', 'scene.mp4', ?, 1, lead_officer_id, ? FROM rec_cases WHERE id = ?",
                       {std::string(64, 'a'), clock::now_iso(), id});
      return r ? Status{} : Status(r.error());
    }).ok());
    go(id, "seize", "holding", wang, {liu});
    return id;
  }
  // As if the seizure had been carried out `days_ago` (and extended once by the head when `extended`).
  void seized_days_ago(std::int64_t id, int days_ago, bool extended) {
    auto t = *law::Date::parse(today());
    law::Deadline d(*law::find_deadline_rule("compulsion.seizure"));
    ASSERT_TRUE(d.start(t.plus_days(-days_ago)).ok());
    if (extended) {
      ASSERT_TRUE(d.extend(t.plus_days(-days_ago + 20), "机关负责人批准").ok());
    }
    ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
      auto r = tx.exec("UPDATE rec_deadlines SET deadline = ? WHERE case_id = ? AND rule_id = 'compulsion.seizure'", {d.to_json(), id});
      return r ? Status{} : Status(r.error());
    }).ok());
  }
};

// One source: the published list's rows are the gate's rules, version after version.
TEST_F(LegalCatalog, PublishedListEqualsTheGateRulesAfterEveryEdit) {
  auto codes = list_codes();
  EXPECT_EQ(codes, gate_codes());
  for (const char* c : {"R01", "R02", "R07", "R08", "R10", "APL58-1", "APL58-2", "APL58-3"}) EXPECT_TRUE(codes.count(c)) << c;
  EXPECT_FALSE(codes.count("RC-01"));  // the hand-edited demo rows are gone
  Client anon(server.port());
  auto v0 = body_of(anon.get("/agencies/jnwqb/publicity/review_catalog/data/list.json"))["version"].get<std::int64_t>();

  // A new rule: published at once, as a new version.
  reviewer.c.get("/workspace/review/catalog");
  auto save = [&](std::map<std::string, std::string> f) {
    f["_csrf"] = reviewer.c.csrf();
    f["action"] = "save";
    return reviewer.c.post("/workspace/review/catalog", form_encode(f));
  };
  ASSERT_EQ(save({{"code", "R20"}, {"name", "责令关闭涉外中介机构"}, {"measure", "stop_business"}, {"category", "行政处罚"}, {"legal_source", "目录清单"}}).status,
            303);
  EXPECT_TRUE(list_codes().count("R20"));
  EXPECT_EQ(list_codes(), gate_codes());
  auto v1 = body_of(anon.get("/agencies/jnwqb/publicity/review_catalog/data/list.json"))["version"].get<std::int64_t>();
  EXPECT_EQ(v1, v0 + 1);

  // A rule no procedure can make fire is refused when saved (a licence has no 责令停产停业; no
  // procedure decides 行政征收), and nothing is published.
  auto bad = save({{"code", "R21"}, {"name", "不予许可并责令停业"}, {"measure", "stop_business"}, {"category", "行政许可"}, {"legal_source", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "永远不会适用")) << bad.body;
  auto bad2 = save({{"code", "R22"}, {"name", "征收"}, {"category", "行政征收"}, {"legal_source", "x"}});
  EXPECT_EQ(bad2.status, 400);
  EXPECT_TRUE(has(bad2.body, "行政征收")) << bad2.body;
  EXPECT_FALSE(gate_codes().count("R21"));
  EXPECT_EQ(body_of(anon.get("/agencies/jnwqb/publicity/review_catalog/data/list.json"))["version"].get<std::int64_t>(), v1);

  // Deactivating a rule publishes a version without it.
  std::int64_t r20 = 0;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT id FROM review_catalog_rules WHERE code = 'R20'");
                if (!r || !*r) return Error::not_found("R20");
                r20 = (*r)->integer(0);
                return {};
              }).ok());
  ASSERT_EQ(reviewer.c.post("/workspace/review/catalog",
                            form_encode({{"_csrf", reviewer.c.csrf()}, {"action", "deactivate"}, {"rule_id", std::to_string(r20)}})).status,
            303);
  EXPECT_FALSE(list_codes().count("R20"));
  EXPECT_EQ(list_codes(), gate_codes());

  // The list is not edited as a list: the publicity editor's draft is refused (409).
  User editor{server.port(), "chenjing"};
  auto draft = editor.c.post("/workspace/publicity/jnwqb/review_catalog/rows",
                             form_encode({{"_csrf", editor.c.csrf()}, {"revision", "0"}, {"code", "X"}, {"name", "x"}}));
  EXPECT_EQ(draft.status, 409) << draft.body.substr(0, 300);
  EXPECT_EQ(list_codes(), gate_codes());
}

// Every rule of the demo catalog fires from a case that has its fact, and only then.
TEST_F(LegalCatalog, EachRuleFiresFromItsFactAndOnlyThen) {
  // 行政处罚 (general procedure), a company: nothing major before any fact.
  auto org_case = open("JNWQB-CF-001", "organisation");
  EXPECT_EQ(fired(org_case), std::set<std::string>{});
  auto only = [&](json f, std::set<std::string> want, const std::string& decision = "") {
    auto r = facts(org_case, f);
    ASSERT_EQ(r.status, 200) << f.dump() << ": " << r.body;
    EXPECT_EQ(fired(org_case, decision), want) << f.dump();
  };
  only({{"fine_yuan", "99999.99"}}, {});
  only({{"fine_yuan", "100000"}}, {"R02"});  // 法人或者其他组织 ≥ 100,000 yuan
  only({{"confiscation_yuan", "99999"}}, {});
  only({{"confiscation_yuan", "100000"}}, {"R03"});
  only({{"measures", {"revoke_licence"}}}, {"R04"});
  only({{"measures", {"stop_business"}}}, {"R05"});
  only({{"social_impact", true}}, {"R11"});
  only({{"complex", true}}, {"R12"});
  // 不予行政处罚: the penalty facts do not count, the circumstances do.
  only({{"fine_yuan", "200000"}, {"measures", {"stop_business"}}}, {}, "no_penalty");
  only({{"complex", true}, {"fine_yuan", "200000"}}, {"R12"}, "no_penalty");
  // A measure the procedure cannot supply is refused, naming the field.
  auto bad = facts(org_case, {{"measures", {"seize"}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body_of(bad)["field"], "measures");

  // A person: ≥ 10,000 yuan (R01), not below.
  auto person_case = open("JNWQB-CF-001", "person");
  ASSERT_EQ(facts(person_case, {{"fine_yuan", "9999"}}).status, 200);
  EXPECT_EQ(fired(person_case), std::set<std::string>{});
  ASSERT_EQ(facts(person_case, {{"fine_yuan", "10000"}}).status, 200);
  EXPECT_EQ(fired(person_case), std::set<std::string>{"R01"});

  // Hearing held (R06): only once the case went through the hearing.
  auto hearing_case = open("JNWQB-CF-001", "organisation");
  EXPECT_EQ(fired(hearing_case), std::set<std::string>{});
  sign(hearing_case, "case_filing", head);
  go(hearing_case, "file", "investigation", wang);
  sign(hearing_case, "investigation_report", wang);
  sign(hearing_case, "penalty_notice", head);
  go(hearing_case, "notify", "statement", wang);
  sign(hearing_case, "hearing_notice", head);
  go(hearing_case, "request_hearing", "hearing", wang);
  EXPECT_EQ(fired(hearing_case), std::set<std::string>{"R06"});

  // Outside the discretion benchmark (R07): a fine outside the band applied, with its reason.
  auto band_case = open("JNWQB-CF-002", "organisation");
  ASSERT_EQ(facts(band_case, {{"band", 0}, {"fine_yuan", "5000"}}).status, 200);
  EXPECT_EQ(fired(band_case), std::set<std::string>{});
  ASSERT_EQ(facts(band_case, {{"band", 0}, {"fine_yuan", "6000"}, {"outside_band_reason", "当事人拒不改正"}}).status, 200);
  EXPECT_EQ(fired(band_case), std::set<std::string>{"R07"});

  // 行政许可 (R08, 华侨回国定居): the refusal is major, the grant is not.
  auto licence = open("JNWQB-XK-001", "person");
  EXPECT_EQ(fired(licence, "grant"), std::set<std::string>{});
  EXPECT_EQ(fired(licence, "refuse"), std::set<std::string>{"R08"});
  // The same refusal for another matter: R08 names its matter.
  auto other_licence = open("JNWQB-XK-002", "organisation");
  EXPECT_EQ(fired(other_licence, "refuse"), std::set<std::string>{});

  // 行政强制 (R10): the seizure decision.
  auto seizure = open("JNWQB-QZ-001", "organisation");
  EXPECT_EQ(seizure > 0, true);
  EXPECT_EQ(fired(seizure, "seize"), std::set<std::string>{"R10"});
}

// The gate compares the decision about to issue with what was reviewed, and names the difference.
TEST_F(LegalCatalog, GateNamesWhatChangedSinceTheReview) {
  // A company fined 150,000 yuan (R02), reviewed and passed; then 不予行政处罚 instead.
  auto id = open("JNWQB-CF-001", "organisation");
  ASSERT_EQ(facts(id, {{"fine_yuan", "150000"}}).status, 200);
  to_decision(id, "no_penalty_decision");
  auto g = wang.get(base(id) + "/gate?decision=no_penalty");
  EXPECT_FALSE(g["major"].get<bool>());
  EXPECT_FALSE(g["allowed"].get<bool>());
  EXPECT_TRUE(has(g["mismatch"].get<std::string>(), "决定：作出行政处罚决定 → 不予行政处罚")) << g.dump();
  EXPECT_TRUE(has(g["mismatch"].get<std::string>(), "罚款金额：150000 元 → 0 元")) << g.dump();
  auto refused = act(id, "no_penalty", head);
  EXPECT_EQ(refused.status, 409);
  EXPECT_TRUE(has(body_of(refused)["error"].get<std::string>(), "不一致")) << refused.body;
  // The case page shows the review's outcome and opinion to its officers.
  auto page = wang.c.get("/workspace/cases/" + std::to_string(id));
  EXPECT_TRUE(has(page.body, "审核意见：<strong>同意</strong>")) << page.body.substr(0, 3000);
  EXPECT_TRUE(has(page.body, "事实清楚，同意"));
  auto shown = wang.get(base(id));
  EXPECT_EQ(shown["review"]["opinion"], "agree");
  // The reviewed decision issues.
  sign(id, "penalty_decision", head);
  go(id, "impose", "service", head);

  // A licence refusal (R08): refused until reviewed; a reviewed grant does not cover it.
  auto lic = open("JNWQB-XK-001", "person");
  sign(lic, "licence_acceptance", wang);
  go(lic, "accept", "review", wang);
  sign(lic, "licence_review_opinion", wang);
  go(lic, "propose", "decision", wang);
  sign(lic, "licence_refusal", head);
  auto r = act(lic, "refuse", head);
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(body_of(r)["error"].get<std::string>(), "尚未提交法制审核")) << r.body;
  go(lic, "return", "review", head);
  go(lic, "submit_review", "legal_review", wang);  // proposed: the first decision, 准予行政许可
  pass_review(lic);
  go(lic, "to_decision", "decision", wang);
  r = act(lic, "refuse", head);
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(body_of(r)["error"].get<std::string>(), "决定：准予行政许可 → 不予行政许可")) << r.body;
  // Proposed as a refusal and reviewed again: it issues.
  go(lic, "return", "review", head);
  ASSERT_EQ(facts(lic, {{"proposed_decision", "refuse"}}).status, 200);
  go(lic, "submit_review", "legal_review", wang);
  EXPECT_EQ(fired(lic), std::set<std::string>{"R08"});
  User reviewer2{server.port(), "zhaomin"};
  // The earlier review was passed: a resubmission starts a new one.
  auto review = wang.get(base(lic))["review"];
  if (review["state"] != "passed") pass_review(lic);
  go(lic, "to_decision", "decision", wang);
  go(lic, "refuse", "delivery", head);
}

// 裁量基准: the band is chosen; a fine outside it is refused, then allowed with a reason after
// legal review; the decision states the band; the supervisor lists it.
TEST_F(LegalCatalog, FineOutsideItsBandNeedsAReasonAndReview) {
  auto id = open("JNWQB-CF-002", "organisation");
  // A band that does not exist; a fine outside the chosen band without a reason.
  auto r = facts(id, {{"band", 7}, {"fine_yuan", "3000"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["field"], "band");
  r = facts(id, {{"band", 1}, {"fine_yuan", "30000"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["field"], "fine_yuan");
  EXPECT_TRUE(has(body_of(r).value("error", std::string()), "20000")) << r.body;
  EXPECT_FALSE(wang.get(base(id))["outside_band"].get<bool>());
  // No band chosen: the decision is refused (the document must state it).
  ASSERT_EQ(facts(id, {{"fine_yuan", "8000"}}).status, 200);
  sign(id, "case_filing", head);
  go(id, "file", "investigation", wang);
  sign(id, "investigation_report", wang);
  sign(id, "penalty_notice", head);
  go(id, "notify", "statement", wang);
  go(id, "to_decision", "decision", wang);
  sign(id, "penalty_decision", head);
  auto no_band = act(id, "impose", head);
  EXPECT_EQ(no_band.status, 400);
  EXPECT_EQ(body_of(no_band)["field"], "band");
  // With a reason: outside the benchmark, so major (R07) and refused until reviewed.
  go(id, "return", "investigation", head);
  ASSERT_EQ(facts(id, {{"band", 1}, {"fine_yuan", "30000"}, {"outside_band_reason", "违法邀请人数多，拒不改正"}}).status, 200);
  EXPECT_TRUE(wang.get(base(id))["outside_band"].get<bool>());
  sign(id, "penalty_notice", head);
  go(id, "notify", "statement", wang);
  go(id, "to_decision", "decision", wang);
  auto major = act(id, "impose", head);
  EXPECT_EQ(major.status, 409);
  EXPECT_TRUE(has(body_of(major).value("error", std::string()), "R07")) << major.body;
  go(id, "return", "investigation", head);
  sign(id, "penalty_notice", head);
  go(id, "notify", "statement", wang);
  go(id, "submit_review", "legal_review", wang);
  pass_review(id);
  go(id, "to_decision", "decision", wang);
  // The decision document (drafted now) states the band and the reason.
  auto d = wang.post(base(id) + "/documents", {{"kind", "penalty_decision"}});
  ASSERT_EQ(d.status, 201) << d.body;
  auto doc = wang.get("/api/v1/documents/" + std::to_string(body_of(d)["id"].get<std::int64_t>()));
  ASSERT_TRUE(doc["body"].is_string()) << doc.dump();
  EXPECT_TRUE(has(doc["body"].get<std::string>(), "情节一般：邀请人数3人以下")) << doc.dump();
  EXPECT_TRUE(has(doc["body"].get<std::string>(), "违法邀请人数多，拒不改正"));
  ASSERT_EQ(head.post("/api/v1/documents/" + std::to_string(doc["id"].get<std::int64_t>()) + "/sign", json::object()).status, 200);
  go(id, "impose", "service", head);
  // The supervisor's list.
  User supervisor{server.port(), "zhoujian"};
  auto list = supervisor.get("/api/v1/discretion/outside");
  bool found = false;
  for (auto& it : list["items"]) found = found || (it["case_id"] == id && it["reason"] == "违法邀请人数多，拒不改正");
  EXPECT_TRUE(found) << list.dump();
  EXPECT_EQ(wang.c.get("/api/v1/discretion/outside").status, 403);
}

// 裁量基准: a band names the kinds of penalty it allows (law/measures.h; 行政处罚法 第九条); a
// decision with another kind is outside the benchmark — refused without a reason, major (R07)
// with one, decided after review, listed for the supervisor.
TEST_F(LegalCatalog, MeasureOutsideItsBandNeedsAReason) {
  auto id = open("JNWQB-CF-002", "organisation");
  // Band 1 ("情节一般"): 罚款 only, 5000–20000 yuan.
  auto r = facts(id, {{"band", 1}, {"fine_yuan", "8000"}, {"warning", true}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(body_of(r)["field"], "measures");
  EXPECT_TRUE(has(body_of(r).value("error", std::string()), "警告")) << r.body;
  r = facts(id, {{"band", 1}, {"fine_yuan", "8000"}, {"measures", {"stop_business"}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has(body_of(r).value("error", std::string()), "责令停产停业")) << r.body;
  EXPECT_FALSE(wang.get(base(id))["outside_band"].get<bool>());
  // Inside: the fine alone; and band 2 allows 责令停产停业 (no reason needed, not R07).
  ASSERT_EQ(facts(id, {{"band", 1}, {"fine_yuan", "8000"}}).status, 200);
  EXPECT_FALSE(wang.get(base(id))["outside_band"].get<bool>());
  ASSERT_EQ(facts(id, {{"band", 2}, {"fine_yuan", "30000"}, {"measures", {"stop_business"}}}).status, 200);
  EXPECT_FALSE(wang.get(base(id))["outside_band"].get<bool>());
  EXPECT_EQ(fired(id).count("R07"), 0u);
  // With a reason: outside the benchmark (the kind, not the amount), so major.
  ASSERT_EQ(facts(id, {{"band", 1}, {"fine_yuan", "8000"}, {"measures", {"stop_business"}}, {"outside_band_reason", "逾期拒不改正，继续违法邀请"}})
                .status,
            200);
  auto shown = wang.get(base(id));
  EXPECT_TRUE(shown["outside_band"].get<bool>());
  EXPECT_EQ(shown["measures_outside_band"], json::array({"stop_business"})) << shown.dump();
  EXPECT_EQ(shown["band"]["measures"], json::array({"fine"}));
  auto why = fired(id);
  EXPECT_TRUE(why.count("R07") && why.count("R05")) << json(why).dump();
  // Decided only after review.
  sign(id, "case_filing", head);
  go(id, "file", "investigation", wang);
  sign(id, "investigation_report", wang);
  sign(id, "penalty_notice", head);
  go(id, "notify", "statement", wang);
  go(id, "to_decision", "decision", wang);
  sign(id, "penalty_decision", head);
  auto major = act(id, "impose", head);
  EXPECT_EQ(major.status, 409);
  EXPECT_TRUE(has(body_of(major).value("error", std::string()), "R07")) << major.body;
  go(id, "return", "investigation", head);
  sign(id, "penalty_notice", head);
  go(id, "notify", "statement", wang);
  go(id, "submit_review", "legal_review", wang);
  pass_review(id);
  go(id, "to_decision", "decision", wang);
  sign(id, "penalty_decision", head);
  go(id, "impose", "service", head);
  User supervisor{server.port(), "zhoujian"};
  bool found = false;
  auto outside = supervisor.get("/api/v1/discretion/outside");  // kept: a range-for over a temporary's member dangles
  for (auto& it : outside["items"]) found = found || (it["case_id"] == id && it["reason"] == "逾期拒不改正，继续违法邀请");
  EXPECT_TRUE(found) << outside.dump();

  // 裁量基准执行: by matter and band, the decision counted outside with its reason; page, export.
  auto exec = supervisor.get("/api/v1/discretion?sort=outside&dir=desc");
  bool counted = false;
  for (auto& it : exec["items"])
    counted = counted || (it["matter_code"] == "JNWQB-CF-002" && it["band"].get<std::string>().starts_with("情节一般") &&
                          it["outside_reasoned"].get<std::int64_t>() >= 1);
  EXPECT_TRUE(counted) << exec.dump();
  EXPECT_GE(exec["totals"]["decided"].get<std::int64_t>(), 1);
  EXPECT_EQ(supervisor.c.get("/api/v1/discretion?from=2025-13-01").status, 400);
  auto page = head.c.get("/workspace/discretion?sort=share&dir=desc&per_page=10");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "裁量基准执行") && has(page.body, "情节一般") && has(page.body, "href=\"/workspace/discretion\""));
  auto xlsx = head.c.get("/workspace/discretion.xlsx?sort=decided");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_TRUE(has(xlsx.header("content-type"), "spreadsheetml"));
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(wang.c.get("/workspace/discretion").status, 403);
  EXPECT_FALSE(has(wang.c.get("/workspace").body, "裁量基准执行"));  // not in an officer's sidebar
}

// 行政强制: 查封、扣押 at most 30 days, +30 with the head's approval (calendar days); 先行登记保存
// decided within 7 working days (official calendar).
TEST_F(LegalCatalog, CompulsionTimeLimitsOnTheOfficialCalendar) {
  auto cal = [&] {
    std::optional<law::Calendar> c;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = law::load_calendar(tx);
                  if (!r) return r.error();
                  c.emplace(std::move(*r));
                  return {};
                }).ok());
    return *c;
  }();
  auto t = *law::Date::parse(today());
  auto seizure = open("JNWQB-QZ-001", "organisation");
  auto proc = wang.get("/api/v1/procedures/seizure");
  EXPECT_TRUE(has(proc.dump(), "whole_process"));  // A/V recording required (marked in the data)
  sign(seizure, "seizure_approval", head);
  sign(seizure, "seizure_decision", head);
  // The seizure is major (R10): straight to the scene, the decision is refused until reviewed.
  go(seizure, "to_scene", "scene", wang);
  sign(seizure, "seizure_list", wang);
  sign(seizure, "scene_record", wang);
  auto alone = act(seizure, "seize", wang);  // 行政强制法 第十八条: two officers on the spot
  EXPECT_EQ(alone.status, 400);
  EXPECT_EQ(body_of(alone)["field"], "actors.count");
  auto unreviewed = act(seizure, "seize", wang, {liu});
  EXPECT_EQ(unreviewed.status, 409);
  EXPECT_TRUE(has(body_of(unreviewed).value("error", std::string()), "R10")) << unreviewed.body;
  ASSERT_EQ(wang.post(base(seizure) + "/acts", {{"transition", "abandon"}}).status, 200);  // start again, through review
  seizure = open("JNWQB-QZ-001", "organisation");
  sign(seizure, "seizure_approval", head);
  sign(seizure, "seizure_decision", head);
  go(seizure, "submit_review", "legal_review", wang);
  pass_review(seizure);
  go(seizure, "to_scene", "scene", wang);
  sign(seizure, "seizure_list", wang);
  sign(seizure, "scene_record", wang);
  // 国办发〔2018〕118号: the scene is recorded on video before the step completes (recording/av/requirement.h).
  auto film = [&](std::int64_t id, const std::string& step) {
    ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
      auto r = tx.exec("INSERT INTO av_items(agency_id, case_id, step, kind, filename, sha256, size_bytes, recorder_id, uploaded_at) "
                       "SELECT agency_id, id, ?, 'video', 'scene.mp4', ?, 1, lead_officer_id, ? FROM rec_cases WHERE id = ?",
                       {step, std::string(64, 'a'), clock::now_iso(), id});
      return r ? Status{} : Status(r.error());
    }).ok());
  };
  auto unfilmed = act(seizure, "seize", wang, {liu});
  EXPECT_EQ(unfilmed.status, 409) << unfilmed.body;
  EXPECT_TRUE(has(unfilmed.body, "118")) << unfilmed.body;
  film(seizure, "scene");
  go(seizure, "seize", "holding", wang, {liu});
  auto due_of = [&](std::int64_t id, const std::string& rule) {
    auto shown = wang.get(base(id));
    for (auto& d : shown["deadlines"])
      if (d["rule"] == rule && d["due"].is_string()) return d["due"].get<std::string>();
    ADD_FAILURE() << "no due date for " << rule << " in " << shown["deadlines"].dump();
    return std::string();
  };
  // 行政强制法 第二十五条: 30 calendar days (never moved to a later working day).
  EXPECT_EQ(due_of(seizure, "compulsion.seizure"), t.plus_days(30).str());
  // Published as a decision (20 working days for decisions other than licences and penalties).
  std::int64_t published = 0;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT COUNT(*) FROM pub_decisions WHERE source = ?", {"case:" + std::to_string(seizure)});
                if (!r) return r.error();
                published = (*r)->integer(0);
                return {};
              }).ok());
  EXPECT_EQ(published, 1);
  // The officer cannot extend it; the head can, once, by 30 days (with a reason).
  EXPECT_EQ(wang.post(base(seizure) + "/deadlines/extend", {{"rule", "compulsion.seizure"}, {"reason", "情况复杂"}}).status, 403);
  auto no_reason = head.post(base(seizure) + "/deadlines/extend", {{"rule", "compulsion.seizure"}, {"reason", " "}});
  EXPECT_EQ(no_reason.status, 400);
  auto ext = head.post(base(seizure) + "/deadlines/extend", {{"rule", "compulsion.seizure"}, {"reason", "涉案函件需送鉴定，情况复杂"}});
  ASSERT_EQ(ext.status, 200) << ext.body;
  EXPECT_EQ(due_of(seizure, "compulsion.seizure"), t.plus_days(60).str());
  auto again = head.post(base(seizure) + "/deadlines/extend", {{"rule", "compulsion.seizure"}, {"reason", "再延长"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(has(body_of(again).value("error", std::string()), "只能延长一次"));
  sign(seizure, "seizure_release", head);
  go(seizure, "release", "released", wang, {liu});

  // 先行登记保存 (APL art. 56): decided within 7 working days (art. 85) on the official calendar.
  auto pen = open("JNWQB-CF-001", "organisation");
  sign(pen, "case_filing", head);
  go(pen, "file", "investigation", wang);
  sign(pen, "preservation_notice", head);
  sign(pen, "preservation_list", wang);
  go(pen, "preserve", "preservation", wang, {liu});
  auto expected = cal.add_working_days(t, 7);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(due_of(pen, "penalty.preservation"), expected->date.str());
  EXPECT_TRUE(has(wang.get("/api/v1/procedures/penalty").dump(), "先行登记保存"));
  sign(pen, "preservation_decision", head);
  film(pen, "preservation");
  go(pen, "preservation_handled", "investigation", wang, {liu});
}

// 行政强制法 arts. 25, 27, 28: the property is decided on within the term (30 calendar days, +30
// once with the head's approval — the deadline engine's calendar-day rule, never moved to a later
// working day); once the term has passed, the seizure can only be released (409 otherwise).
TEST_F(LegalCatalog, CompulsionTimeLimitsPassedTermAllowsOnlyRelease) {
  auto id = seized_case();
  sign(id, "handling_record", wang);
  seized_days_ago(id, 31, false);  // day 31 of a 30-day term
  auto late = act(id, "handle", wang);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(body_of(late)["field"], "guard.period_passed");
  auto msg = body_of(late).value("error", std::string());
  EXPECT_TRUE(has(msg, "第二十五条") && has(msg, "第二十八条") && has(msg, "解除")) << msg;
  EXPECT_EQ(wang.get(base(id))["step"], "holding");  // nothing moved
  // Too late to extend as well (art. 25: the extension is approved within the term).
  EXPECT_EQ(head.post(base(id) + "/deadlines/extend", {{"rule", "compulsion.seizure"}, {"reason", "情况复杂"}}).status, 409);
  seized_days_ago(id, 61, true);  // day 61 of 30 + 30
  late = act(id, "handle", wang);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(body_of(late)["field"], "guard.period_passed");
  seized_days_ago(id, 60, true);  // the last day of 30 + 30: still in its term
  go(id, "handle", "handled", wang);
  auto deadlines = wang.get(base(id))["deadlines"];
  for (auto& d : deadlines)
    if (d["rule"] == "compulsion.seizure") {
      EXPECT_EQ(d["state"], "completed") << deadlines.dump();
    }

  // Past the term, the release is still done (and must be: art. 28).
  auto other = seized_case();
  seized_days_ago(other, 31, false);
  sign(other, "seizure_release", head);
  go(other, "release", "released", wang, {liu});
}

}  // namespace
}  // namespace zhifa::testing
