// The paged case list (issue 16) over HTTP: the JSON API's page / per_page / total / items with
// the older "cases" kept, filters and sorting, a refused filter naming its field, the XLSX
// export; and the confirmation page an irreversible action gets without JavaScript.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace zhifa::testing {
namespace {

const char* kPw = "zhifa-demo-2025";

TEST(CaseListHttp, PagesFiltersSortsAndExports) {
  TestServer server;
  Client c(server.port());
  ASSERT_EQ(c.login("lili", kPw), 303);
  auto all = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&per_page=100").body);
  const auto total = all["total"].get<std::int64_t>();
  ASSERT_GE(total, 5);
  EXPECT_EQ(all["items"].size(), static_cast<std::size_t>(total));
  EXPECT_EQ(all["cases"], all["items"]);  // the older field, kept for existing clients
  EXPECT_FALSE(all["total_capped"].get<bool>());

  // Two pages of two hold four different cases, newest opened first.
  auto p1 = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&per_page=2&page=1").body);
  auto p2 = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&per_page=2&page=2").body);
  ASSERT_EQ(p1["items"].size(), 2u);
  ASSERT_EQ(p2["items"].size(), 2u);
  EXPECT_EQ(p1["page"], 1);
  EXPECT_EQ(p2["page"], 2);
  EXPECT_EQ(p1["total"], total);
  EXPECT_NE(p1["items"][0]["id"], p2["items"][0]["id"]);
  EXPECT_NE(p1["items"][1]["id"], p2["items"][0]["id"]);

  // Filter by category: only that category.
  auto conf = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&category=%E8%A1%8C%E6%94%BF%E7%A1%AE%E8%AE%A4").body);
  ASSERT_FALSE(conf["items"].empty());
  EXPECT_LT(conf["total"].get<std::int64_t>(), total);
  for (auto& k : conf["items"]) EXPECT_EQ(k["category"], "行政确认");

  // Sort by case number both ways: one order is the other reversed.
  auto asc = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&sort=case_no&dir=asc&per_page=100").body);
  auto desc = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&sort=case_no&dir=desc&per_page=100").body);
  ASSERT_EQ(asc["items"].size(), desc["items"].size());
  for (std::size_t i = 0; i < asc["items"].size(); ++i)
    EXPECT_EQ(asc["items"][i]["id"], desc["items"][desc["items"].size() - 1 - i]["id"]);

  // A malformed date is refused, naming the field; nothing about it is guessed.
  auto bad = c.get("/api/v1/cases?from=2026-13-40");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["field"], "from");

  // A search that matches nothing: an empty page, total 0.
  auto none = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all&q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA").body);
  EXPECT_EQ(none["total"], 0);
  EXPECT_TRUE(none["items"].empty());

  // The workspace page: a table with sortable headers and the total; the export is an XLSX.
  auto page = c.get("/workspace/cases?scope=agency&status=all");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<table class=\"data\">"), std::string::npos);
  EXPECT_NE(page.body.find("共 " + std::to_string(total) + " 条"), std::string::npos);
  EXPECT_NE(page.body.find("sort=case_no"), std::string::npos);
  auto xlsx = c.get("/workspace/cases.xlsx?scope=agency&status=all");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_NE(xlsx.header("content-type").find("spreadsheetml"), std::string::npos);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST(CaseListHttp, IrreversibleFormActionIsConfirmedFirst) {
  TestServer server;
  Client c(server.port());
  ASSERT_EQ(c.login("wangqiang", kPw), 303);
  ASSERT_EQ(c.get("/workspace/cases").status, 200);
  // A form that says it is irreversible (_confirm) without _confirmed: the confirmation page,
  // which posts the same fields again with _confirmed=1; the action has not run.
  auto r = c.post("/workspace/documents/999999/sign", form_encode({{"_csrf", c.csrf()}, {"_confirm", "签发这份文书？"}}));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("请确认"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"_confirmed\" value=\"1\""), std::string::npos);
  EXPECT_NE(r.body.find("action=\"/workspace/documents/999999/sign\""), std::string::npos);
  // Confirmed, the action runs (here: the document does not exist).
  auto done = c.post("/workspace/documents/999999/sign",
                     form_encode({{"_csrf", c.csrf()}, {"_confirm", "签发这份文书？"}, {"_confirmed", "1"}}));
  EXPECT_EQ(done.status, 404);
}

}  // namespace
}  // namespace zhifa::testing
