#include "law/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "law/identifiers.h"
#include "platform/store/testing.h"

namespace zhifa::law {
namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& input = "", store::Database* db = nullptr) {
  std::istringstream in(input);
  std::ostringstream out, err;
  int code = run_law_cli(args, in, out, err, db);
  return {code, out.str(), err.str()};
}

TEST(LawCli, ExactForms) {
  auto add = run({"workday", "add", "2025-09-26", "7"});
  EXPECT_EQ(add.code, 0);
  EXPECT_EQ(add.out, "2025-10-13\n");
  EXPECT_EQ(add.err, "");
  EXPECT_EQ(run({"workday", "between", "2025-09-26", "2025-10-13"}).out, "7\n");
  auto cal = run({"calendar", "2025-09-01", "2025-10-31"});
  EXPECT_EQ(cal.code, 0);
  EXPECT_NE(cal.out.find("2025-09-28 workday\n"), std::string::npos);
  EXPECT_NE(cal.out.find("2025-10-01 restday\n"), std::string::npos);
  EXPECT_NE(cal.out.find("2025-10-11 workday\n"), std::string::npos);
  EXPECT_EQ(std::count(cal.out.begin(), cal.out.end(), '\n'), 61);
  EXPECT_EQ(cal.out.substr(0, 19), "2025-09-01 workday\n");
}

TEST(LawCli, Check) {
  auto ok = run({"check", "uscc", "91350100M000100Y43"});
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.out, "valid\n");
  auto bad = run({"check", "id", "110105194912310021"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.out, "invalid: resident ID check character should be X, got 1\n");
  EXPECT_EQ(run({"check", "id", "11010519491231002X"}).out, "valid\n");
  EXPECT_EQ(run({"check", "passport", "x"}).code, 2);
}

TEST(LawCli, Mask) {
  auto r = run({"mask", "--name", "张三"}, "当事人张三，电话13812345678。");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "当事人张某，电话***********。");
  auto s = run({"mask", "--spans", "--name", "张三"}, "张三 13812345678");
  EXPECT_EQ(s.code, 0);
  EXPECT_NE(s.out.find("\"kind\": \"name\""), std::string::npos);
  EXPECT_NE(s.out.find("\"kind\": \"mobile\""), std::string::npos);
  EXPECT_NE(s.out.find("\"start\": 7"), std::string::npos);
  auto bad = run({"mask"}, "abc\xff");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("not valid UTF-8"), std::string::npos);
}

TEST(LawCli, BadInput) {
  auto r = run({"workday", "add", "2025-9-26", "7"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("invalid date"), std::string::npos);
  EXPECT_EQ(run({"workday", "add", "2025-09-26", "3651"}).code, 1);
  EXPECT_EQ(run({"workday", "add", "2025-09-26", "-1"}).code, 1);
  EXPECT_EQ(run({"workday", "add", "2025-09-26", "7x"}).code, 1);
  auto early = run({"workday", "add", "2006-12-31", "1"});
  EXPECT_EQ(early.code, 1);
  EXPECT_NE(early.err.find("before the first notice"), std::string::npos);
  EXPECT_EQ(run({"workday", "add", "2025-09-26"}).code, 2);
  EXPECT_EQ(run({}).code, 2);
  EXPECT_EQ(run({"frobnicate"}).code, 2);
  EXPECT_EQ(run({"calendar", "2025-10-31", "2025-09-01"}).code, 1);
  EXPECT_EQ(run({"calendar", "2006-12-01", "2007-01-31"}).code, 1);
  EXPECT_EQ(run({"calendar", "2007-01-01", "2020-01-31"}).code, 1);  // too long
  EXPECT_EQ(run({"calendar", "import", "/nonexistent.json"}).code, 1);  // no database
}

TEST(LawCli, ProvisionalMarkerOnStderr) {
  auto r = run({"workday", "add", "2026-12-30", "3"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "2027-01-04\n");
  EXPECT_NE(r.err.find("provisional"), std::string::npos);
}

TEST(LawCli, CalendarImportIntoTheDatabase) {
  auto db = store::testing::fresh_database();
  const std::string dir = store::testing::temp_dir();
  const std::string file = dir + "/2027.json";
  std::ofstream(file) << R"({"year": 2027, "papers": ["https://www.gov.cn/zhengce/2027.htm"],
    "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
             {"name": "春节", "date": "2027-02-06", "isOffDay": false}]})";
  EXPECT_EQ(run({"workday", "is", "2027-01-01"}, "", db.get()).out, "workday\n");
  auto imp = run({"calendar", "import", file}, "", db.get());
  EXPECT_EQ(imp.code, 0) << imp.err;
  EXPECT_NE(imp.out.find("imported notice 2027: 2 days"), std::string::npos);
  auto is = run({"workday", "is", "2027-01-01"}, "", db.get());
  EXPECT_EQ(is.out, "restday\n");
  EXPECT_EQ(is.err, "");  // 2027 is covered now
  EXPECT_EQ(run({"workday", "is", "2027-02-06"}, "", db.get()).out, "workday\n");  // a Saturday made a working day
  // Without the database nothing changed.
  EXPECT_EQ(run({"workday", "is", "2027-01-01"}).out, "workday\n");
  std::ofstream(file) << "{not json";
  EXPECT_EQ(run({"calendar", "import", file}, "", db.get()).code, 1);
}

TEST(LawApi, Handlers) {
  auto add = law_api_workday_add({{"date", "2025-09-26"}, {"n", "7"}});
  EXPECT_EQ(add.status, 200);
  EXPECT_EQ(add.body, R"({"date":"2025-10-13","provisional":false})");
  EXPECT_EQ(law_api_workday_between({{"from", "2025-09-26"}, {"to", "2025-10-13"}}).body, R"({"days":7,"provisional":false})");
  EXPECT_EQ(law_api_workday_add({{"date", "2025-13-01"}, {"n", "7"}}).status, 400);
  EXPECT_EQ(law_api_workday_add({{"date", "2025-09-26"}}).status, 400);
  EXPECT_EQ(law_api_workday_add({{"date", "2000-01-01"}, {"n", "1"}}).status, 400);
  auto cal = law_api_calendar({{"from", "2025-10-01"}, {"to", "2025-10-02"}});
  EXPECT_EQ(cal.status, 200);
  EXPECT_NE(cal.body.find(R"({"date":"2025-10-01","name":"国庆节、中秋节","provisional":false,"working":false})"), std::string::npos);
  EXPECT_EQ(law_api_check({{"kind", "id"}, {"value", "11010519491231002X"}}).body, R"({"valid":true})");
  EXPECT_NE(law_api_check({{"kind", "uscc"}, {"value", "x"}}).body.find("\"valid\":false"), std::string::npos);
  EXPECT_EQ(law_api_check({{"kind", "nope"}, {"value", "x"}}).status, 400);
  auto m = law_api_mask(R"({"text":"张三 13812345678","names":["张三"]})");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find(R"("text":"张某 ***********")"), std::string::npos);
  EXPECT_EQ(law_api_mask(R"({"text":1})").status, 400);
  EXPECT_EQ(law_api_mask("{").status, 400);
  EXPECT_EQ(law_api_mask("{\"text\":\"\xff\"}").status, 400);
  auto applied = law_api_mask_apply(R"({"text":"张三与李四","spans":[{"kind":"name","start":0,"end":6,"original":"张三","replacement":"张某"}]})");
  EXPECT_EQ(applied.status, 200);
  EXPECT_EQ(applied.body, R"({"text":"张某与李四"})");
  EXPECT_EQ(law_api_mask_apply(R"({"text":"张三","spans":[{"start":1,"end":2,"replacement":"x"}]})").status, 400);
}

}  // namespace
}  // namespace zhifa::law
