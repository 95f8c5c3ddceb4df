// Legal review over HTTP with the demo data: the reviewer completes the checklist and returns a
// case; the handling unit corrects and resubmits; a disagreement is escalated and decided; the
// gate answers through the API; opinion, staffing and accountability pages.
#include <gtest/gtest.h>

#include "harness.h"
#include "demo/org.h"

namespace zhifa::testing {
namespace {

const std::string kPw = org::kDemoPassword;
// The demo seeder's submissions, in a fresh database: 1 waiting (company, 150,000 yuan),
// 2 returned (张某某), 3 passed (licence refusal).
constexpr const char* kWaiting = "/workspace/review/1";
constexpr const char* kReturned = "/workspace/review/2";
constexpr const char* kPassed = "/workspace/review/3";

bool has(const HttpResult& r, const std::string& s) { return r.body.find(s) != std::string::npos; }

std::string elements(const std::string& csrf, int upto, int problem_at) {
  std::map<std::string, std::string> f{{"_csrf", csrf}};
  for (int e = 1; e <= upto; ++e) {
    f["answer_" + std::to_string(e)] = e == problem_at ? "problem" : "pass";
    if (e == problem_at) f["comment_" + std::to_string(e)] = "处罚决定书未载明陈述申辩情况";
  }
  return form_encode(f);
}

TEST(Review, DemoQueueCatalogAndTasks) {
  TestServer s;
  Client reviewer(s.port());
  ASSERT_EQ(reviewer.login("zhaomin", kPw), 303);
  auto dash = reviewer.get("/workspace");
  EXPECT_TRUE(has(dash, "待领取的法制审核")) << dash.body;
  auto list = reviewer.get("/workspace/review");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(has(list, "济宁某国际贸易有限公司"));
  EXPECT_TRUE(has(list, "已退回承办机构"));
  EXPECT_TRUE(has(list, "审核通过"));
  auto catalog = reviewer.get("/workspace/review/catalog");
  ASSERT_EQ(catalog.status, 200);
  EXPECT_TRUE(has(catalog, "对公民处以一万元以上罚款"));
  EXPECT_TRUE(has(catalog, "罚款 100000 元以上"));
  // Published list data, no login.
  Client anon(s.port());
  auto pub = anon.get("/api/v1/review/catalog/jnwqb");
  ASSERT_EQ(pub.status, 200);
  EXPECT_TRUE(has(pub, "R08"));
  EXPECT_TRUE(has(pub, "APL58-2"));
  // The legal office edits the catalog; a rule without conditions is refused with the reason.
  auto bad = reviewer.post("/workspace/review/catalog",
                           form_encode({{"_csrf", reviewer.csrf()}, {"action", "save"}, {"code", "R20"}, {"name", "空"}, {"legal_source", "x"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad, "至少设置一个条件"));
  auto good = reviewer.post("/workspace/review/catalog",
                            form_encode({{"_csrf", reviewer.csrf()}, {"action", "save"}, {"code", "R20"}, {"name", "责令关闭涉外中介机构"},
                                         {"measure", "stop_business"}, {"category", "行政处罚"}, {"legal_source", "目录清单"}}));
  EXPECT_EQ(good.status, 303);
  Client officer(s.port());
  officer.login("wangqiang", kPw);
  officer.get("/workspace/review/catalog");
  EXPECT_EQ(officer.post("/workspace/review/catalog", form_encode({{"_csrf", officer.csrf()}, {"action", "save"}})).status, 403);
}

TEST(Review, ReviewerCompletesTheChecklistAndReturnsTheCase) {
  TestServer s;
  Client reviewer(s.port());
  ASSERT_EQ(reviewer.login("zhaomin", kPw), 303);
  auto page = reviewer.get(kWaiting);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "领取审核"));
  ASSERT_EQ(reviewer.post(std::string(kWaiting) + "/take", form_encode({{"_csrf", reviewer.csrf()}})).status, 303);
  page = reviewer.get(kWaiting);
  EXPECT_TRUE(has(page, "answer_11"));
  // Ten of eleven answered: the opinion is refused and says which is missing.
  ASSERT_EQ(reviewer.post(std::string(kWaiting) + "/elements", elements(reviewer.csrf(), 10, 4)).status, 303);
  auto early = reviewer.post(std::string(kWaiting) + "/opinion",
                             form_encode({{"_csrf", reviewer.csrf()}, {"opinion", "problems"}, {"text", "证据不足"}}));
  EXPECT_EQ(early.status, 400);
  EXPECT_TRUE(has(early, "第 11 项"));
  // A problem without a comment is refused and the typed answers are shown again.
  auto no_comment = reviewer.post(std::string(kWaiting) + "/elements",
                                  form_encode({{"_csrf", reviewer.csrf()}, {"answer_11", "problem"}}));
  EXPECT_EQ(no_comment.status, 400);
  EXPECT_TRUE(has(no_comment, "须写明问题"));
  ASSERT_EQ(reviewer.post(std::string(kWaiting) + "/elements", elements(reviewer.csrf(), 11, 4)).status, 303);
  auto returned = reviewer.post(std::string(kWaiting) + "/opinion",
                                form_encode({{"_csrf", reviewer.csrf()}, {"opinion", "problems"}, {"text", "请补充陈述申辩笔录。"}}));
  EXPECT_EQ(returned.status, 303);
  page = reviewer.get(kWaiting);
  EXPECT_TRUE(has(page, "已退回承办机构"));

  // The handling unit sees it, cannot resubmit unchanged, then corrects and resubmits.
  Client officer(s.port());
  ASSERT_EQ(officer.login("wangqiang", kPw), 303);
  EXPECT_TRUE(has(officer.get("/workspace"), "法制审核退回"));
  auto mine = officer.get(kWaiting);
  EXPECT_TRUE(has(mine, "重新提交审核"));
  std::string draft =
      "行政处罚决定书\n当事人：济宁某国际贸易有限公司\n经查，当事人于2025年6月至8月间未按规定为外籍人员办理邀请手续……\n"
      "依据有关规定，决定对当事人处以罚款人民币壹拾伍万元。";
  std::map<std::string, std::string> same{{"_csrf", officer.csrf()}, {"draft", draft}, {"category", "行政处罚"}, {"party_kind", "organisation"},
                                          {"fine", "150000"}, {"note", "已整改"},
                                          {"materials", "立案审批表\n询问笔录（2025-09-02）\n现场检查笔录\n行政处罚事先告知书及送达回证"}};
  auto unchanged = officer.post(std::string(kWaiting) + "/resubmit", form_encode(same));
  EXPECT_EQ(unchanged.status, 400);
  EXPECT_TRUE(has(unchanged, "完全相同"));
  auto changed = same;
  changed["materials"] += "\n陈述申辩笔录";
  EXPECT_EQ(officer.post(std::string(kWaiting) + "/resubmit", form_encode(changed)).status, 303);
  page = reviewer.get(kWaiting);
  EXPECT_TRUE(has(page, "第 2 轮"));
  EXPECT_TRUE(has(page, "陈述申辩笔录"));
  EXPECT_TRUE(has(page, "与上一轮相比的修改"));
}

TEST(Review, DisagreementEscalatedAndDecidedThenGateOpens) {
  TestServer s;
  Client officer(s.port());
  ASSERT_EQ(officer.login("wangqiang", kPw), 303);
  officer.get(kReturned);
  ASSERT_EQ(officer.post(std::string(kReturned) + "/disagree",
                         form_encode({{"_csrf", officer.csrf()}, {"reason", "当事人有从重情节，已在案卷中说明。"}})).status,
            303);
  Client head(s.port());
  ASSERT_EQ(head.login("lili", kPw), 303);
  EXPECT_TRUE(has(head.get("/workspace"), "待协调决定"));
  head.get(kReturned);
  auto no_outcome = head.post(std::string(kReturned) + "/decide",
                              form_encode({{"_csrf", head.csrf()}, {"method", "collective"}, {"text", "讨论"}, {"participants", "李丽、赵敏、王强"}}));
  EXPECT_EQ(no_outcome.status, 400);
  EXPECT_TRUE(has(no_outcome, "请选择协调结果"));
  EXPECT_EQ(head.post(std::string(kReturned) + "/decide",
                      form_encode({{"_csrf", head.csrf()}, {"method", "collective"}, {"outcome", "accept"},
                                   {"text", "经主任办公会集体讨论，采纳承办机构意见。"}, {"participants", "李丽、赵敏、王强，刘洋"}}))
                .status,
            303);
  auto page = head.get(kReturned);
  EXPECT_TRUE(has(page, "经协调准予作出决定"));
  EXPECT_TRUE(has(page, "刘洋"));

  // The gate through the API (case handling calls check_decision_gate in-process).
  head.get("/workspace");
  std::string facts = R"({"case_id":900002,"category":"行政处罚","party_kind":"person","fine_fen":2000000,"outside_discretion_benchmark":true})";
  auto g = head.send("POST", "/api/v1/review/gate", facts, {{"Content-Type", "application/json"}, {"X-CSRF-Token", head.csrf()}});
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_TRUE(has(g, "\"allowed\":true"));
  std::string waiting = R"({"case_id":900001,"category":"行政处罚","party_kind":"organisation","fine_fen":15000000})";
  auto refused = head.send("POST", "/api/v1/review/gate", waiting, {{"Content-Type", "application/json"}, {"X-CSRF-Token", head.csrf()}});
  EXPECT_TRUE(has(refused, "\"allowed\":false"));
  EXPECT_TRUE(has(refused, "第五十八条"));
  EXPECT_TRUE(has(refused, "R02"));
}

TEST(Review, OpinionStaffingAndAccountability) {
  TestServer s;
  Client sup(s.port());
  ASSERT_EQ(sup.login("zhoujian", kPw), 303);
  auto staffing = sup.get("/workspace/review/staffing");
  ASSERT_EQ(staffing.status, 200);
  EXPECT_TRUE(has(staffing, "5%"));
  EXPECT_TRUE(has(staffing, "任城区人民政府外事侨务办公室"));  // below the city office
  EXPECT_TRUE(has(staffing, "不足"));                           // 任城区: an officer, no reviewer
  Client officer(s.port());
  officer.login("wangqiang", kPw);
  EXPECT_EQ(officer.get("/workspace/review/staffing").status, 403);

  auto opinion = officer.get(std::string(kPassed) + "/opinion");
  ASSERT_EQ(opinion.status, 200);
  EXPECT_TRUE(has(opinion, "重大行政执法决定法制审核意见书"));
  EXPECT_TRUE(has(opinion, "济外侨法审〔"));
  auto pdf = officer.get(std::string(kPassed) + "/opinion.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(officer.get(std::string(kWaiting) + "/opinion").status, 409);

  auto acc = officer.get("/workspace/review/cases/900002");
  ASSERT_EQ(acc.status, 200);
  EXPECT_TRUE(has(acc, "赵敏"));
  EXPECT_TRUE(has(acc, "存在问题，退回"));
  EXPECT_TRUE(has(acc, "review.returned"));
  // The county officer (任城区) has no jurisdiction over the city office's reviews.
  Client county(s.port());
  county.login("zhangwei", kPw);
  EXPECT_EQ(county.get(kPassed).status, 404);
}

}  // namespace
}  // namespace zhifa::testing
