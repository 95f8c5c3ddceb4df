#include "law/procedure.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "platform/core/assets.h"

namespace zhifa::law {
namespace {

Actor officer(std::int64_t id, bool certified = true) { return {id, "执法人员" + std::to_string(id), {"officer"}, certified}; }
Actor head(std::int64_t id) { return {id, "负责人", {"agency_head"}, false}; }

TEST(Procedure, EveryShippedDefinitionLoadsAndValidates) {
  auto all = load_procedures();
  ASSERT_TRUE(all.ok()) << all.error().message;
  std::set<std::string> ids;
  for (const auto& p : **all) ids.insert(p.id);
  for (const char* id : {"licence", "penalty", "simplified_penalty", "inspection", "confirmation"})
    EXPECT_TRUE(ids.count(id)) << id;
  const Procedure* lic = find_procedure("licence");
  ASSERT_NE(lic, nullptr);
  EXPECT_EQ(lic->category, "行政许可");
  EXPECT_EQ(lic->start, "application");
  ASSERT_NE(lic->step("hearing"), nullptr);
  EXPECT_TRUE(lic->step("hearing")->time_not_counted);  // ALL art. 45
  EXPECT_EQ(lic->step("review")->deadline, "licence.decision");
  // Return for correction and withdrawal are transitions like any other.
  EXPECT_EQ(lic->step("application")->transition("request_correction")->kind, "return");
  EXPECT_EQ(lic->step("application")->transition("withdraw")->kind, "withdraw");
  // On-site steps need two certified officers (APL art. 42).
  const Procedure* pen = find_procedure("penalty");
  ASSERT_NE(pen, nullptr);
  EXPECT_EQ(pen->step("investigation")->actors.min_people, 2);
  EXPECT_TRUE(pen->step("investigation")->actors.on_site);
  EXPECT_EQ(pen->document("penalty_decision")->number_kind, "罚");
}

std::string minimal(const std::string& patch_steps) {
  return R"({"name":"测试","category":"行政检查","start":"a","documents":[{"kind":"rec","name":"笔录","signer_roles":["officer"]}],)" +
         patch_steps + "}";
}

TEST(Procedure, ValidationNamesTheProblem) {
  auto ok = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"]},"transitions":[{"id":"go","label":"走","to":"b"}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_TRUE(ok.ok()) << ok.error().message << " " << ok.error().field;

  auto unknown_step = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"]},"transitions":[{"id":"go","label":"走","to":"zz"}]}])"));
  ASSERT_FALSE(unknown_step.ok());
  EXPECT_EQ(unknown_step.error().field, "steps[0].transitions[0].to");

  auto unknown_doc = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"]},"transitions":[{"id":"go","label":"走","to":"b","requires_documents":["nope"]}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(unknown_doc.ok());
  EXPECT_NE(unknown_doc.error().message.find("nope"), std::string::npos);

  auto lone = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"],"certified":true,"on_site":true},"transitions":[{"id":"go","label":"走","to":"b"}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(lone.ok());
  EXPECT_NE(lone.error().message.find("APL art. 42"), std::string::npos);

  // The term guard reads the step's deadline (行政强制法 arts. 25, 27, 28): a step without one is refused.
  auto no_term = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"]},"transitions":[{"id":"go","label":"走","to":"b","guards":["period_passed"]}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(no_term.ok());
  EXPECT_EQ(no_term.error().field, "steps[0].transitions[0].guards");

  auto dead_end = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(dead_end.ok());
  EXPECT_EQ(dead_end.error().field, "steps[0].transitions");

  auto unreachable = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["officer"]},"transitions":[{"id":"go","label":"走","to":"b"}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}},{"id":"c","name":"C","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(unreachable.ok());
  EXPECT_NE(unreachable.error().message.find("cannot be reached"), std::string::npos);

  auto bad_rule = parse_procedure("t", minimal(R"("clocks":[{"rule":"no.such","start":["a"]}],"steps":[{"id":"a","name":"A","actors":{"roles":["officer"]},"transitions":[{"id":"go","label":"走","to":"b"}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(bad_rule.ok());
  EXPECT_EQ(bad_rule.error().field, "clocks[0].rule");

  auto bad_role = parse_procedure("t", minimal(R"("steps":[{"id":"a","name":"A","actors":{"roles":["janitor"]},"transitions":[{"id":"go","label":"走","to":"b"}]},{"id":"b","name":"B","terminal":true,"actors":{"roles":["officer"]}}])"));
  ASSERT_FALSE(bad_role.ok());
  EXPECT_EQ(bad_role.error().field, "steps[0].actors.roles");
  EXPECT_FALSE(parse_procedure("t", "not json").ok());
}

TEST(Procedure, RefusesTransitionsAndSaysWhichCondition) {
  const Procedure& lic = *find_procedure("licence");
  TransitionFacts f;
  f.actors = {officer(1)};
  auto s = check_transition(lic, "application", "grant", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "transition");

  s = check_transition(lic, "application", "accept", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "documents.licence_acceptance");
  EXPECT_NE(s.error().message.find("行政许可受理通知书"), std::string::npos);

  f.signed_documents.insert("licence_acceptance");
  EXPECT_TRUE(check_transition(lic, "application", "accept", f).ok());

  // Expired certificate: not certified on the day.
  f.actors = {officer(1, false)};
  s = check_transition(lic, "application", "accept", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.certified");

  // The decision is the head's, and the legal-review gate must have been evaluated.
  f.actors = {officer(1)};
  f.signed_documents = {"licence_grant"};
  s = check_transition(lic, "decision", "grant", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.role");
  f.actors = {head(9)};
  s = check_transition(lic, "decision", "grant", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "guard.review_gate");
  f.external["review_gate"] = Error::conflict("重大执法决定未经法制审核（行政处罚法第五十八条）");
  s = check_transition(lic, "decision", "grant", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "guard.review_gate");
  EXPECT_NE(s.error().message.find("第五十八条"), std::string::npos);
  f.external["review_gate"] = Status();
  EXPECT_TRUE(check_transition(lic, "decision", "grant", f).ok());
}

TEST(Procedure, OnSiteActsNeedTwoCertifiedOfficers) {
  const Procedure& ins = *find_procedure("inspection");
  TransitionFacts f;
  f.signed_documents = {"inspection_record"};
  f.actors = {officer(1)};
  auto s = check_transition(ins, "inspection", "finish", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.count");
  EXPECT_NE(s.error().message.find("第四十二条"), std::string::npos);
  f.actors = {officer(1), officer(1)};  // the same person twice is still one
  EXPECT_EQ(check_transition(ins, "inspection", "finish", f).error().field, "actors.count");
  f.actors = {officer(1), officer(2, false)};
  EXPECT_EQ(check_transition(ins, "inspection", "finish", f).error().field, "actors.certified");
  f.actors = {officer(1), officer(2)};
  EXPECT_TRUE(check_transition(ins, "inspection", "finish", f).ok());
}

TEST(Procedure, SimplifiedProcedureEnforcesArticle51) {
  EXPECT_TRUE(check_simplified_penalty("person", 20000, false).ok());
  EXPECT_FALSE(check_simplified_penalty("person", 20001, false).ok());
  EXPECT_TRUE(check_simplified_penalty("organisation", 300000, false).ok());
  EXPECT_FALSE(check_simplified_penalty("organisation", 300001, false).ok());
  EXPECT_TRUE(check_simplified_penalty("person", 0, true).ok());
  EXPECT_FALSE(check_simplified_penalty("person", 0, false).ok());

  const Procedure& sp = *find_procedure("simplified_penalty");
  TransitionFacts f;
  f.actors = {officer(1), officer(2)};
  f.signed_documents = {"on_site_decision", "service_receipt"};
  f.party_kind = "person";
  f.fine_fen = 50000;  // 500 yuan > 200
  f.external["review_gate"] = Status();
  auto s = check_transition(sp, "on_site", "decide", f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "guard.art51_limits");
  EXPECT_NE(s.error().message.find("二百元"), std::string::npos);
  f.fine_fen = 20000;
  EXPECT_TRUE(check_transition(sp, "on_site", "decide", f).ok());
}

TEST(Procedure, ClocksStartSuspendResumeAndComplete) {
  const Procedure& lic = *find_procedure("licence");
  auto c = clock_changes(lic, "application", "review");
  EXPECT_EQ(c.start, std::vector<std::string>{"licence.decision"});
  EXPECT_EQ(c.complete, std::vector<std::string>{"licence.materials_notice"});
  c = clock_changes(lic, "review", "hearing");
  EXPECT_EQ(c.suspend, std::vector<std::string>{"licence.decision"});  // ALL art. 45
  c = clock_changes(lic, "hearing", "review");
  EXPECT_EQ(c.resume, std::vector<std::string>{"licence.decision"});
  EXPECT_TRUE(c.start.empty());
  c = clock_changes(lic, "decision", "delivery");
  EXPECT_EQ(c.complete, std::vector<std::string>{"licence.decision"});
  EXPECT_EQ(c.start, std::vector<std::string>{"licence.certificate"});
}

}  // namespace
}  // namespace zhifa::law
