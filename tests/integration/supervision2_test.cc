// 执法监督 (2), issue 21, over HTTP on the backend under test, against the demo
// (src/demo/supervision2.cc): automatic 评查 items against hand-checked cases; grading and the
// 整改 request the agency sees; a standard not summing to 100 and a score outside an item's
// points refused with nothing saved; 同案同罚 flags the outlier and not a fine inside the
// range; a notice's replies and lateness on the official calendar; bad notices refused;
// filings acknowledged and returned, an unpublished list refused; jurisdiction (404 outside).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"
#include "law/calendar.h"
#include "org/auth.h"
#include "platform/core/clock.h"
#include "supervision/consistency.h"
#include "supervision/evaluation.h"
#include "supervision/scope.h"

namespace zhifa::testing {
namespace {

using json = nlohmann::json;
const char* kPw = "zhifa-demo-2025";

org::Principal who(store::Database& db, const std::string& login) {
  org::Principal p;
  EXPECT_TRUE(db.read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT id FROM people WHERE login = ?", {login});
                if (!r || !*r) return Error::internal("no " + login);
                auto x = org::load_principal(tx, (*r)->integer(0));
                if (!x) return x.error();
                p = *x;
                return {};
              }).ok());
  return p;
}

std::int64_t scalar(store::Database& db, const std::string& sql, const store::Params& params = {}) {
  std::int64_t v = -1;
  EXPECT_TRUE(db.read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one(sql, params);
                if (!r) return r.error();
                if (*r) v = (*r)->integer(0);
                return {};
              }).ok());
  return v;
}

std::string last_year() { return std::to_string(std::stoi(clock::today_beijing().substr(0, 4)) - 1); }

// The automatic checks of a case, as check → total points.
std::map<std::string, int> checks_of(store::Database& db, std::int64_t case_id, std::map<std::string, std::string>* reasons = nullptr) {
  std::map<std::string, int> out;
  auto sup = who(db, "zhoujian");
  EXPECT_TRUE(db.read([&](store::Tx& tx) -> Status {
                auto s = supervision::supervised(tx, sup);
                if (!s) return s.error();
                auto c = supervision::automatic_checks(tx, sup, *s, case_id, clock::today_beijing());
                if (!c) return c.error();
                for (auto& [k, ds] : *c)
                  for (auto& d : ds) {
                    out[k] += d.points;
                    if (reasons) (*reasons)[k] += d.reason;
                  }
                return {};
              }).ok());
  return out;
}

std::int64_t case_by_no(store::Database& db, const std::string& no) { return scalar(db, "SELECT id FROM rec_cases WHERE case_no = ?", {no}); }

TEST(SupervisionEvaluation, AutomaticItemsMatchHandCheckedCases) {
  TestServer server;
  auto& db = server.db();
  std::string y = last_year();
  // 任城区 1: 张伟 alone (行政处罚法第四十二条: two officers) — 5 points, nothing else.
  EXPECT_EQ(checks_of(db, case_by_no(db, "任外侨罚〔" + y + "〕1号")), (std::map<std::string, int>{{"officers", 5}}));
  // 任城区 2: one officer, and an unsigned draft (结案报告) — 5 + 2.
  EXPECT_EQ(checks_of(db, case_by_no(db, "任外侨罚〔" + y + "〕2号")), (std::map<std::string, int>{{"officers", 5}, {"signed", 2}}));
  // 任城区 3: one officer, published a day after its 7-working-day due date — 5 + 5.
  std::map<std::string, std::string> why;
  EXPECT_EQ(checks_of(db, case_by_no(db, "任外侨罚〔" + y + "〕3号"), &why), (std::map<std::string, int>{{"officers", 5}, {"publication", 5}}));
  EXPECT_NE(why["publication"].find("国办发〔2018〕118号"), std::string::npos) << why["publication"];
  // 兖州区 4: 周敏's certificate lapsed in 2020 — 5, naming her.
  why.clear();
  EXPECT_EQ(checks_of(db, case_by_no(db, "兖外侨罚〔" + y + "〕4号"), &why), (std::map<std::string, int>{{"officers", 5}}));
  EXPECT_NE(why["officers"].find("周敏"), std::string::npos) << why["officers"];
  // The city's on-the-spot fines: two certified officers, documents signed, published on time — nothing.
  std::int64_t city_fine = scalar(db, "SELECT c.id FROM rec_cases c JOIN agencies a ON a.id = c.agency_id WHERE a.code = 'jnwqb' AND c.procedure_id = "
                                      "'simplified_penalty' AND c.opened_on = ? ORDER BY c.id", {y + "-06-16"});
  ASSERT_GT(city_fine, 0);
  EXPECT_TRUE(checks_of(db, city_fine).empty());
}

// 行政处罚法第三十四条 in 评查: the demo decision that adds a measure outside its band carries its
// reason (no deduction); without the reason the measure itself is named — the same rule as the
// case's own gate (recording::Case::outside_band), not a second copy that sees only the fine.
TEST(SupervisionEvaluation, AMeasureOutsideItsBandWithoutAReasonIsDeducted) {
  TestServer server;
  auto& db = server.db();
  std::int64_t id = scalar(db, "SELECT id FROM rec_cases WHERE matter_code = 'JNWQB-CF-002' AND outside_band_reason <> '' ORDER BY id");
  ASSERT_GT(id, 0);
  EXPECT_EQ(checks_of(db, id).count("band"), 0u);
  ASSERT_TRUE(db.write([&](store::Tx& tx) -> Status {
                auto u = tx.exec("UPDATE rec_cases SET outside_band_reason = '' WHERE id = ?", {id});
                return u ? Status{} : Status(u.error());
              }).ok());
  std::map<std::string, std::string> why;
  auto checks = checks_of(db, id, &why);
  EXPECT_GE(checks["band"], 5);
  EXPECT_NE(why["band"].find("处罚种类"), std::string::npos) << why["band"];
  EXPECT_NE(why["band"].find("第三十四条"), std::string::npos) << why["band"];
}

TEST(SupervisionEvaluation, GradingScoresGradesAndTheAgencySeesTheRectification) {
  TestServer server;
  auto& db = server.db();
  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  // The demo's graded files, in the JSON of the city (and every county below).
  auto api = city.get("/api/v1/supervision/evaluations?agency=jnwqb");
  ASSERT_EQ(api.status, 200) << api.body;
  json files = json::parse(api.body)["files"];
  ASSERT_GE(files.size(), 6u);
  bool county = false;
  for (auto& f : files) {
    int s = f["score"];
    std::string g = f["grade"];
    EXPECT_EQ(g, s >= 90 ? "优秀" : s >= 80 ? "良好" : s >= 60 ? "合格" : "不合格");
    int lost = 0;
    for (auto& d : f["deductions"]) lost += d["points"].get<int>();
    EXPECT_EQ(s + lost, 100) << f.dump();
    county = county || f["agency"] == "rencheng";
  }
  EXPECT_TRUE(county);
  // 任城区 alone; another agency (济宁市司法局's head is not above the city) answers 404.
  auto rc = city.get("/api/v1/supervision/evaluations?agency=rencheng");
  ASSERT_EQ(rc.status, 200);
  for (auto& f : json::parse(rc.body)["files"]) EXPECT_EQ(f["agency"], "rencheng");
  EXPECT_EQ(city.get("/api/v1/supervision/evaluations?agency=jnsfj").status, 404);
  Client outsider(server.port());
  ASSERT_EQ(outsider.login("songtao", kPw), 303);
  EXPECT_EQ(outsider.get("/api/v1/supervision/evaluations?agency=jnwqb").status, 404);

  // Grade a pending file (a new special 评查 of 兖州区): a score outside the item's points is refused, nothing saved.
  auto form = city.post("/workspace/supervision/evaluations",
                        form_encode({{"_csrf", city.csrf()}, {"agency", "yanzhou"}, {"kind", "special"}, {"title", "专项评查"}, {"year", last_year()},
                                     {"per_agency", "1"}, {"sources", "5 17 23"}}));
  ASSERT_EQ(form.status, 303) << form.body;
  std::int64_t file = scalar(db, "SELECT MAX(id) FROM sup_eval_files");
  std::string path = "/workspace/supervision/evaluations/files/" + std::to_string(file);
  auto bad = city.post(path, form_encode({{"_csrf", city.csrf()}, {"score_facts", "26"}, {"score_law", "15"}, {"score_discretion", "10"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("“事实清楚证据确凿”的得分须为 0 至 25 的整数"), std::string::npos);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_eval_files WHERE id = ? AND state = 'pending'", {file}), 1);
  auto none = city.post(path, form_encode({{"_csrf", city.csrf()}, {"score_facts", "20"}, {"score_law", "15"}, {"score_discretion", "10"}}));
  EXPECT_EQ(none.status, 400);  // a deduction without its reason
  EXPECT_NE(none.body.find("扣分时须写明扣分理由"), std::string::npos);
  auto ok = city.post(path, form_encode({{"_csrf", city.csrf()}, {"score_facts", "20"}, {"note_facts", "缺少书证"}, {"score_law", "15"},
                                         {"score_discretion", "5"}, {"note_discretion", "未说明裁量理由"}, {"rectify_note", "补正询问笔录（专项评查）"},
                                         {"rectify_due_on", "2099-12-31"}}));
  ASSERT_EQ(ok.status, 303) << ok.body;
  // 周敏's lapsed certificate (−5 of 主体合法), 20 + 15 + 5 of the evaluator: 100 − 5 − 5 − 5 = 85.
  EXPECT_EQ(scalar(db, "SELECT score FROM sup_eval_files WHERE id = ?", {file}), 85);
  auto page = city.get(path);
  EXPECT_NE(page.body.find("良好"), std::string::npos);
  // 兖州区's head sees the 整改 request; 任城区's does not see 兖州区's.
  Client yz(server.port());
  ASSERT_EQ(yz.login("yz_head", kPw), 303);
  auto mine = yz.get("/workspace/supervision/rectifications");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("补正询问笔录（专项评查）"), std::string::npos);
  Client rch(server.port());
  ASSERT_EQ(rch.login("rc_head", kPw), 303);
  EXPECT_EQ(rch.get("/workspace/supervision/rectifications").body.find("补正询问笔录（专项评查）"), std::string::npos);
  EXPECT_EQ(rch.post("/workspace/supervision/rectifications/" + std::to_string(file), form_encode({{"_csrf", rch.csrf()}, {"reply", "x"}})).status, 404);
  auto replied = yz.post("/workspace/supervision/rectifications/" + std::to_string(file), form_encode({{"_csrf", yz.csrf()}, {"reply", "已补充书证并重新归档"}}));
  EXPECT_EQ(replied.status, 303) << replied.body;
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_eval_files WHERE id = ? AND state = 'rectified'", {file}), 1);
}

TEST(SupervisionEvaluation, StandardMustSumToOneHundred) {
  TestServer server;
  auto& db = server.db();
  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"X-CSRF-Token", city.csrf()}};
  json items = supervision::standard_to_json(supervision::default_standard());
  items[1]["points"] = 20;  // 95 in all
  auto bad = city.send("POST", "/workspace/supervision/standard", json{{"items", items}}.dump(), h);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("各项分值之和须为 100 分，现为 95 分"), std::string::npos);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_eval_standards"), 0);
  items[2]["points"] = 20;  // 100 again
  auto good = city.send("POST", "/workspace/supervision/standard", json{{"items", items}}.dump(), h);
  EXPECT_EQ(good.status, 303) << good.body;
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_eval_standards"), 1);
  auto page = city.get("/workspace/supervision/standard");
  EXPECT_NE(page.body.find("合计 100 分"), std::string::npos);
  // An officer may not change it.
  Client off(server.port());
  ASSERT_EQ(off.login("wangqiang", kPw), 303);
  EXPECT_EQ(off.send("POST", "/workspace/supervision/standard", json{{"items", items}}.dump(),
                     {{"Content-Type", "application/json"}, {"X-CSRF-Token", off.csrf()}}).status, 403);
}

TEST(SupervisionConsistency, TheOutlierIsFlaggedAndAFineInsideTheRangeIsNot) {
  TestServer server;
  auto& db = server.db();
  std::string y = last_year();
  auto sup = who(db, "zhoujian");
  json out;
  ASSERT_TRUE(db.read([&](store::Tx& tx) -> Status {
                auto r = supervision::consistency(tx, sup, "", clock::today_beijing());
                if (!r) return r.error();
                out = *r;
                return {};
              }).ok());
  std::map<std::string, bool> flagged;
  for (auto& g : out["groups"])
    for (auto& d : g["decisions"]) flagged[d["case_no"]] = d["flagged"];
  EXPECT_TRUE(flagged.at("兖外侨罚〔" + y + "〕7号"));   // 3000 yuan among 100 … 1000
  EXPECT_FALSE(flagged.at("兖外侨罚〔" + y + "〕6号"));  // 1000 yuan
  EXPECT_FALSE(flagged.at("任外侨罚〔" + y + "〕1号"));  // 300 yuan
  EXPECT_EQ(out["flagged"], 1);
  // The statistic is stated on the page; only the supervisor and the head see it.
  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  auto page = city.get("/workspace/supervision/consistency");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Q3 + 1.5 × IQR"), std::string::npos);
  EXPECT_NE(page.body.find("明显偏高，请复核"), std::string::npos);
  Client off(server.port());
  ASSERT_EQ(off.login("wangqiang", kPw), 303);
  EXPECT_EQ(off.get("/workspace/supervision/consistency").status, 403);
  // Quartiles by linear interpolation.
  EXPECT_DOUBLE_EQ(supervision::quantile({1, 2, 3, 4, 5}, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(supervision::quantile({300, 500, 500, 800, 1000, 1000}, 0.75), 950.0);
}

TEST(SupervisionNotices, RepliesAndLatenessOnTheOfficialCalendar) {
  TestServer server;
  auto& db = server.db();
  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  auto r = city.get("/api/v1/supervision/notices?agency=jnwqb");
  ASSERT_EQ(r.status, 200) << r.body;
  json notices = json::parse(r.body)["notices"];
  ASSERT_EQ(notices.size(), 2u);
  json first = notices[1];  // newest first: the older one has the replies
  std::string due = first["due_on"];
  std::string issued = first["issued_on"];
  // Due 10 working days after the issue on the official calendar (law::working_days_after).
  ASSERT_TRUE(db.read([&](store::Tx& tx) -> Status {
                auto d = law::working_days_after(tx, issued, 10);
                if (!d) return d.error();
                EXPECT_EQ(*d, due);
                auto cal = law::load_calendar(tx);
                if (!cal) return cal.error();
                for (auto& x : first["replies"]) {
                  if (x["agency"] == "rencheng") {
                    EXPECT_EQ(x["state"], "on_time");
                    EXPECT_EQ(x["attachments"].size(), 1u);
                  } else if (x["agency"] == "yanzhou") {
                    EXPECT_EQ(x["state"], "late");
                    auto n = cal->working_days_between(*law::Date::parse(due), *law::Date::parse(x["replied_on"].get<std::string>()));
                    EXPECT_EQ(x["late_days"], n->days);
                    EXPECT_GT(n->days, 0);
                  } else {
                    EXPECT_EQ(x["state"], "overdue");
                  }
                }
                return {};
              }).ok());
  EXPECT_EQ(first["counts"]["replied"], 2);
  EXPECT_EQ(first["counts"]["late"], 1);
  EXPECT_EQ(first["counts"]["overdue"].get<int>(), first["counts"]["recipients"].get<int>() - 2);
  // A county's code: the notices it sent (none); outside the jurisdiction: 404.
  EXPECT_EQ(json::parse(city.get("/api/v1/supervision/notices?agency=rencheng").body)["notices"].size(), 0u);
  Client yz(server.port());
  ASSERT_EQ(yz.login("yz_head", kPw), 303);
  EXPECT_EQ(yz.get("/api/v1/supervision/notices?agency=jnwqb").status, 404);

  // Bad notices: nothing saved.
  std::int64_t before = scalar(db, "SELECT COUNT(*) FROM sup_notices");
  auto none = city.post("/workspace/supervision/notices", form_encode({{"_csrf", city.csrf()}, {"title", "通报"}, {"body", "内容"}, {"reply_days", "5"}}));
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("请选择至少一个接收通报的下级执法主体"), std::string::npos);
  auto past = city.post("/workspace/supervision/notices",
                        form_encode({{"_csrf", city.csrf()}, {"title", "通报"}, {"body", "内容"}, {"all", "1"}, {"due_on", "2020-01-06"}}));
  EXPECT_EQ(past.status, 400);
  EXPECT_NE(past.body.find("已经过去"), std::string::npos);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_notices"), before);

  // The open notice: 任城区 replies with an attachment, on time; the city may not reply.
  std::int64_t open = notices[0]["id"];
  std::string pdf = "%PDF-1.4\n%%EOF\n";
  std::string boundary = "zhifaBoundary7";
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n";
  Client rc(server.port());
  ASSERT_EQ(rc.login("rc_head", kPw), 303);
  body += rc.csrf() + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"reply\"\r\n\r\n已按时公示。\r\n--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"report.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" + pdf +
          "\r\n--" + boundary + "--\r\n";
  auto rep = rc.send("POST", "/workspace/supervision/notices/" + std::to_string(open) + "/reply", body,
                     {{"Content-Type", "multipart/form-data; boundary=" + boundary}, {"X-CSRF-Token", rc.csrf()}});
  EXPECT_EQ(rep.status, 303) << rep.body;
  EXPECT_EQ(city.post("/workspace/supervision/notices/" + std::to_string(open) + "/reply", form_encode({{"_csrf", city.csrf()}, {"reply", "x"}})).status, 403);
  json now = json::parse(city.get("/api/v1/supervision/notices?agency=jnwqb").body)["notices"][0];
  for (auto& x : now["replies"])
    if (x["agency"] == "rencheng") {
      EXPECT_EQ(x["state"], "on_time");
      ASSERT_EQ(x["attachments"].size(), 1u);
      auto file = city.get(x["attachments"][0]["href"]);
      EXPECT_EQ(file.status, 200);
      EXPECT_EQ(file.body, pdf);
    }
  // Ledger: ids, codes and dates only.
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM ledger_events WHERE kind = 'supervision.notice.replied'"), 3);
}

TEST(SupervisionFilings, AcknowledgedReturnedAndUnpublishedRefused) {
  TestServer server;
  auto& db = server.db();
  // The demo: the city's lists and report filed with 济宁市司法局, all but the last acknowledged.
  EXPECT_GE(scalar(db, "SELECT COUNT(*) FROM sup_filings WHERE state = 'acknowledged' AND kind = 'list'"), 1);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_filings WHERE state = 'acknowledged' AND kind = 'report'"), 1);
  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  // A list never published (任城区 has none yet) is refused, nothing saved.
  std::int64_t before = scalar(db, "SELECT COUNT(*) FROM sup_filings");
  Client rc(server.port());
  ASSERT_EQ(rc.login("rc_head", kPw), 303);
  auto bad = rc.post("/workspace/supervision/filings", form_encode({{"_csrf", rc.csrf()}, {"kind", "list"}, {"ref", "matters"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("尚未公开发布，不能备案"), std::string::npos) << bad.body.substr(0, 400);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_filings"), before);
  // 马文 returns the pending one (a reason is required), and acknowledges nothing twice.
  std::int64_t pending = scalar(db, "SELECT id FROM sup_filings WHERE state = 'filed' ORDER BY id");
  ASSERT_GT(pending, 0);
  Client sfj(server.port());
  ASSERT_EQ(sfj.login("mawen", kPw), 303);
  std::string path = "/workspace/supervision/filings/" + std::to_string(pending);
  EXPECT_EQ(sfj.post(path, form_encode({{"_csrf", sfj.csrf()}, {"decision", "return"}})).status, 400);
  EXPECT_EQ(sfj.post(path, form_encode({{"_csrf", sfj.csrf()}, {"decision", "return"}, {"reason", "缺少调整说明"}})).status, 303);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM sup_filings WHERE id = ? AND state = 'returned'", {pending}), 1);
  EXPECT_EQ(sfj.post(path, form_encode({{"_csrf", sfj.csrf()}, {"decision", "acknowledge"}})).status, 409);
  // The filer may not decide its own filing; the filer sees the reason.
  EXPECT_EQ(city.post(path, form_encode({{"_csrf", city.csrf()}, {"decision", "acknowledge"}})).status, 403);
  EXPECT_NE(city.get("/workspace/supervision/filings").body.find("缺少调整说明"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::testing
