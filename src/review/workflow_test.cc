// The review workflow and the gate, on the backend under test: agree; return → resubmit →
// agree; disagree → escalate → decide; the refusals (nothing changes); the gate (APL art. 58).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "review/gate.h"
#include "review/service.h"
#include "review/test_support.h"

namespace zhifa::review {
namespace {

using nlohmann::json;
using testing::World;

constexpr std::int64_t kCase = 4101;

Status run(World& w, const std::function<Status(store::Tx&)>& fn) { return w.db->write(fn); }

std::int64_t submit(World& w, std::int64_t case_id = kCase, std::int64_t fine = 2'000'000) {
  std::int64_t id = 0;
  auto st = run(w, [&](store::Tx& tx) -> Status {
    SubmissionInput in;
    in.case_id = case_id;
    in.case_title = "张某某非法聘用外国人案";
    in.draft = "行政处罚决定书\n当事人：张某某\n决定：罚款人民币贰万元。";
    in.facts = testing::fine_for_person(w.agency, case_id, fine);
    in.materials = {{"询问笔录", ""}, {"现场检查笔录", ""}};
    in.handlers = {w.officer.person_id, w.officer2.person_id};
    auto r = submit_for_review(tx, w.officer, in);
    if (!r) return r.error();
    id = *r;
    return {};
  });
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  return id;
}

std::vector<ElementAnswer> all(const std::string& answer, int problem_at = 0) {
  std::vector<ElementAnswer> out;
  for (int e = 1; e <= kElementCount; ++e) {
    if (e == problem_at)
      out.push_back({e, "problem", "罚款数额超出裁量基准的幅度，未说明理由"});
    else
      out.push_back({e, e == 10 ? "na" : answer, ""});
  }
  return out;
}

json view(World& w, std::int64_t id) {
  json out;
  EXPECT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto j = submission_json(tx, id);
                   if (!j) return j.error();
                   out = *j;
                   return {};
                 }).ok());
  return out;
}

std::int64_t ledger_size(World& w) {
  std::int64_t n = 0;
  EXPECT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto r = tx.query_one("SELECT COUNT(*) FROM ledger_events");
                   if (!r) return r.error();
                   n = (*r)->integer(0);
                   return {};
                 }).ok());
  return n;
}

GateDecision gate(World& w, const DecisionFacts& f) {
  GateDecision g;
  EXPECT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto r = check_decision_gate(tx, f);
                   if (!r) return r.error();
                   g = *r;
                   return {};
                 }).ok());
  return g;
}

TEST(Workflow, AgreePathOpensTheGate) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  auto facts = testing::fine_for_person(w.agency, kCase, 2'000'000);
  // No review yet: the gate refuses a major decision and cites APL art. 58.
  auto g0 = gate(w, facts);
  EXPECT_TRUE(g0.major);
  EXPECT_FALSE(g0.allowed());
  EXPECT_NE(g0.refusal().find("第五十八条"), std::string::npos);
  EXPECT_NE(g0.refusal().find("R01"), std::string::npos);

  auto id = submit(w);
  EXPECT_EQ(view(w, id)["state"], "waiting");
  EXPECT_FALSE(gate(w, facts).allowed());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return take(tx, w.reviewer, id); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return answer_elements(tx, w.reviewer, id, all("pass")); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "agree", ""); }).ok());
  auto v = view(w, id);
  EXPECT_EQ(v["state"], "passed");
  EXPECT_NE(v["opinion_number"].get<std::string>().find("济外侨法审〔"), std::string::npos);
  EXPECT_EQ(v["rounds"][0]["answered"], kElementCount);
  auto g = gate(w, facts);
  EXPECT_TRUE(g.allowed());
  EXPECT_EQ(g.review_id, id);
  // A decision that differs from what was reviewed is not covered.
  auto more = facts;
  more.fine_fen = 3'000'000;
  auto gm = gate(w, more);
  EXPECT_FALSE(gm.allowed());
  EXPECT_NE(gm.refusal().find("不一致"), std::string::npos);
  // Every act is a ledger event with the review as subject.
  EXPECT_EQ(v["events"].size(), 4u);  // submitted, taken, elements answered, agreed
}

TEST(Workflow, ReturnResubmitAgreeKeepsEveryRound) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  auto id = submit(w);
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return take(tx, w.reviewer, id); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return answer_elements(tx, w.reviewer, id, all("pass", 6)); }).ok());
  // Agree while an element has a problem: refused.
  auto bad = run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "agree", ""); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "opinion");
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "problems", "罚款数额偏高，请依裁量基准重新确定。"); }).ok());
  EXPECT_EQ(view(w, id)["state"], "returned");
  EXPECT_FALSE(gate(w, testing::fine_for_person(w.agency, kCase, 2'000'000)).allowed());

  // Resubmission without any change: refused, nothing changes.
  auto before = ledger_size(w);
  auto same = run(w, [&](store::Tx& tx) {
    Resubmission r{"行政处罚决定书\n当事人：张某某\n决定：罚款人民币贰万元。", testing::fine_for_person(w.agency, kCase, 2'000'000),
                   {{"询问笔录", ""}, {"现场检查笔录", ""}}, "已整改"};
    return resubmit(tx, w.officer, id, r);
  });
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.error().message.find("相同"), std::string::npos);
  EXPECT_EQ(ledger_size(w), before);
  EXPECT_EQ(view(w, id)["round"], 1);

  // A reviewer may not resubmit for the handling unit.
  auto not_handler = run(w, [&](store::Tx& tx) {
    Resubmission r{"x", testing::fine_for_person(w.agency, kCase, 1'500'000), {}, "改"};
    return resubmit(tx, w.reviewer, id, r);
  });
  EXPECT_EQ(not_handler.error().kind, ErrorKind::kForbidden);

  ASSERT_TRUE(run(w, [&](store::Tx& tx) {
                Resubmission r{"行政处罚决定书\n当事人：张某某\n决定：罚款人民币壹万伍仟元。", testing::fine_for_person(w.agency, kCase, 1'500'000),
                               {{"询问笔录", ""}, {"现场检查笔录", ""}, {"裁量基准适用说明", ""}}, "依裁量基准将罚款调整为一万五千元，补充说明"};
                return resubmit(tx, w.officer2, id, r);
              }).ok());
  auto v = view(w, id);
  EXPECT_EQ(v["state"], "in_review");  // back to the same reviewer
  EXPECT_EQ(v["round"], 2);
  ASSERT_EQ(v["rounds"].size(), 2u);
  auto changes = v["rounds"][0]["changes"];
  std::string dump = changes.dump();
  EXPECT_NE(dump.find("罚款（元）"), std::string::npos);
  EXPECT_NE(dump.find("15000"), std::string::npos);
  EXPECT_NE(dump.find("裁量基准适用说明"), std::string::npos);
  EXPECT_NE(dump.find("壹万伍仟"), std::string::npos);
  // The new round's checklist starts empty: an opinion now is refused.
  auto unanswered = run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "agree", ""); });
  ASSERT_FALSE(unanswered.ok());
  EXPECT_NE(unanswered.error().message.find("未填写"), std::string::npos);
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return answer_elements(tx, w.reviewer, id, all("pass")); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "agree", "同意。"); }).ok());
  EXPECT_TRUE(gate(w, testing::fine_for_person(w.agency, kCase, 1'500'000)).allowed());
  // Round 1 and its opinion are still there.
  v = view(w, id);
  EXPECT_EQ(v["rounds"][1]["opinion"], "problems");
  EXPECT_EQ(v["rounds"][1]["problems"], 1);
}

TEST(Workflow, DisagreeEscalateDecide) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  auto id = submit(w);
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return take(tx, w.reviewer, id); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return answer_elements(tx, w.reviewer, id, all("pass", 3)); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "problems", "主要事实不清。"); }).ok());
  auto no_reason = run(w, [&](store::Tx& tx) { return disagree(tx, w.officer, id, "  "); });
  EXPECT_EQ(no_reason.error().field, "reason");
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return disagree(tx, w.officer, id, "询问笔录和现场照片已证明事实，审核意见不成立。"); }).ok());
  EXPECT_EQ(view(w, id)["state"], "escalated");

  // Escalation without an outcome: refused, nothing changes.
  auto before = ledger_size(w);
  auto no_outcome = run(w, [&](store::Tx& tx) { return decide_escalation(tx, w.head, id, {"collective", "", "讨论", {"李丽", "赵敏", "王强"}}); });
  ASSERT_FALSE(no_outcome.ok());
  EXPECT_EQ(no_outcome.error().field, "outcome");
  auto few = run(w, [&](store::Tx& tx) { return decide_escalation(tx, w.head, id, {"collective", "accept", "讨论", {"李丽"}}); });
  EXPECT_EQ(few.error().field, "participants");
  EXPECT_EQ(ledger_size(w), before);
  // Only the head decides.
  auto officer_decides = run(w, [&](store::Tx& tx) { return decide_escalation(tx, w.officer, id, {"head", "accept", "我决定", {}}); });
  EXPECT_EQ(officer_decides.error().kind, ErrorKind::kForbidden);

  ASSERT_TRUE(run(w, [&](store::Tx& tx) {
                return decide_escalation(tx, w.head, id, {"collective", "accept", "经2025年第3次主任办公会集体讨论，事实清楚，采纳承办机构意见。",
                                                          {"李丽", "赵敏", "王强", "刘洋"}});
              }).ok());
  auto v = view(w, id);
  EXPECT_EQ(v["state"], "decided");
  EXPECT_EQ(v["escalations"][0]["participants"].size(), 4u);
  EXPECT_TRUE(gate(w, testing::fine_for_person(w.agency, kCase, 2'000'000)).allowed());
}

TEST(Workflow, EscalationUpheldGoesBackToTheHandlingUnit) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  auto id = submit(w);
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return take(tx, w.reviewer, id); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return answer_elements(tx, w.reviewer, id, all("pass", 7)); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return give_opinion(tx, w.reviewer, id, "problems", "未告知听证权利。"); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return disagree(tx, w.officer, id, "已口头告知。"); }).ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return decide_escalation(tx, w.head, id, {"head", "uphold", "审核意见成立，应书面告知。", {}}); }).ok());
  auto v = view(w, id);
  EXPECT_EQ(v["state"], "returned");
  EXPECT_EQ(v["escalations"][0]["participants"][0], "李丽");
  EXPECT_FALSE(gate(w, testing::fine_for_person(w.agency, kCase, 2'000'000)).allowed());
}

TEST(Workflow, ReviewerMustNotReviewOwnCase) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  std::int64_t id = 0;
  // The reviewer took part in handling the case (listed in the handling unit).
  ASSERT_TRUE(run(w, [&](store::Tx& tx) -> Status {
                SubmissionInput in;
                in.case_id = 77;
                in.case_title = "某公司案";
                in.draft = "决定书";
                in.facts = testing::fine_for_person(w.agency, 77, 2'000'000);
                in.handlers = {w.reviewer.person_id};
                auto r = submit_for_review(tx, w.officer, in);
                if (!r) return r.error();
                id = *r;
                return {};
              }).ok());
  auto before = ledger_size(w);
  auto own = run(w, [&](store::Tx& tx) { return take(tx, w.reviewer, id); });
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  EXPECT_NE(own.error().message.find("本人承办"), std::string::npos);
  EXPECT_EQ(ledger_size(w), before);
  EXPECT_EQ(view(w, id)["state"], "waiting");
  // Another reviewer may; then the first cannot act on it.
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return take(tx, w.reviewer2, id); }).ok());
  auto other = run(w, [&](store::Tx& tx) { return answer_elements(tx, w.reviewer, id, all("pass")); });
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  // An officer is not a reviewer at all.
  auto officer = run(w, [&](store::Tx& tx) { return give_opinion(tx, w.officer, id, "agree", ""); });
  EXPECT_EQ(officer.error().kind, ErrorKind::kForbidden);
}

TEST(Workflow, SubmissionValidationAndOneOpenReviewPerCase) {
  World w = testing::make_world();
  submit(w);
  auto twice = run(w, [&](store::Tx& tx) -> Status {
    SubmissionInput in;
    in.case_id = kCase;
    in.case_title = "again";
    in.draft = "x";
    in.facts = testing::fine_for_person(w.agency, kCase, 1);
    auto r = submit_for_review(tx, w.officer, in);
    return r ? Status{} : Status(r.error());
  });
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  auto empty_draft = run(w, [&](store::Tx& tx) -> Status {
    SubmissionInput in;
    in.case_id = 9;
    in.case_title = "t";
    in.facts = testing::fine_for_person(w.agency, 9, 1);
    auto r = submit_for_review(tx, w.officer, in);
    return r ? Status{} : Status(r.error());
  });
  EXPECT_EQ(empty_draft.error().field, "draft");
  auto reviewer_submits = run(w, [&](store::Tx& tx) -> Status {
    SubmissionInput in;
    in.case_id = 10;
    in.case_title = "t";
    in.draft = "d";
    in.facts = testing::fine_for_person(w.agency, 10, 1);
    auto r = submit_for_review(tx, w.reviewer, in);
    return r ? Status{} : Status(r.error());
  });
  EXPECT_EQ(reviewer_submits.error().kind, ErrorKind::kForbidden);
}

TEST(Workflow, AdviserExtensionTasksAndStaffing) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  auto id = submit(w);
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return take(tx, w.reviewer, id); }).ok());
  std::int64_t req = 0;
  ASSERT_TRUE(run(w, [&](store::Tx& tx) -> Status {
                auto r = request_adviser_opinion(tx, w.reviewer, id, w.adviser.person_id, "本案是否适用《出境入境管理法》第八十条？");
                if (!r) return r.error();
                req = *r;
                return {};
              }).ok());
  json tasks = json::array();
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) { return review_tasks(tx, w.adviser, tasks); }).ok());
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks[0]["text"].get<std::string>().find("法律顾问意见"), std::string::npos);
  auto wrong = run(w, [&](store::Tx& tx) { return answer_adviser_request(tx, w.head, req, "意见"); });
  EXPECT_FALSE(wrong.ok());
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return answer_adviser_request(tx, w.adviser, req, "适用第八十条第二款。"); }).ok());
  EXPECT_EQ(view(w, id)["adviser_requests"][0]["answered"], true);

  auto due_before = view(w, id)["rounds"][0]["due_on"].get<std::string>();
  ASSERT_TRUE(run(w, [&](store::Tx& tx) { return extend_time_limit(tx, w.head, id, "案情复杂，需补充调查"); }).ok());
  auto due_after = view(w, id)["rounds"][0]["due_on"].get<std::string>();
  EXPECT_GT(due_after, due_before);
  EXPECT_FALSE(run(w, [&](store::Tx& tx) { return extend_time_limit(tx, w.head, id, "再次"); }).ok());

  tasks = json::array();
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) { return review_tasks(tx, w.reviewer, tasks); }).ok());
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["href"], "/workspace/review/" + std::to_string(id));

  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                   auto s = staffing(tx, {w.agency});
                   if (!s) return s.error();
                   EXPECT_EQ((*s)[0].officers, 2);
                   EXPECT_EQ((*s)[0].reviewers, 2);
                   EXPECT_EQ((*s)[0].required, 1);
                   EXPECT_TRUE((*s)[0].meets());
                   auto acc = case_accountability(tx, kCase);
                   if (!acc) return acc.error();
                   EXPECT_EQ((*acc)["submissions"].size(), 1u);
                   return {};
                 }).ok());
}

TEST(Gate, NonMajorDecisionNeedsNoReview) {
  World w = testing::make_world();
  testing::install_demo_rules(w);
  auto g = gate(w, testing::fine_for_person(w.agency, 5, 50'000));
  EXPECT_FALSE(g.major);
  EXPECT_TRUE(g.allowed());
  EXPECT_TRUE(g.refusal().empty());
}

TEST(Gate, HearingHeldIsMajorWithoutAnyCatalog) {
  World w = testing::make_world();
  auto f = testing::fine_for_person(w.agency, 6, 100);
  f.hearing_held = true;
  auto g = gate(w, f);
  EXPECT_TRUE(g.major);
  EXPECT_FALSE(g.allowed());
  EXPECT_NE(g.refusal().find("APL58-2"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::review
