// 双随机、一公开 (issue 18) over HTTP: the demo's draw is public and re-runs (in C++ and with the
// `zhifa draw` CLI, from a file and from its URL); a full plan → freeze → randomness → draw →
// result → publication by the people the rules require; the bad input of the issue refused
// with nothing saved; and a property test that every draw the product makes verifies and any
// changed list, key or result does not.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "demo/org.h"
#include "harness.h"
#include "inspection/draw_record.h"
#include "law/identifiers.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;

json body_of(const HttpResult& r) { return json::parse(r.body, nullptr, false); }
bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, org::kDemoPassword), 303) << login; }
  HttpResult post(const std::string& path, const json& body) {
    return c.send("POST", path, body.dump(), {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}});
  }
  HttpResult get(const std::string& path) { return c.get(path); }
};

// A valid USCC of a company in 济宁 (370800), unique per n.
std::string uscc(int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "91370800MA%07d", n);
  std::string s(buf);
  return s + law::uscc_check_char(s);
}

std::string csv_of(int from, int count, const std::string& type) {
  std::string csv = "统一社会信用代码,名称,对象类型,所在区域,风险等级,标签\n";
  for (int i = from; i < from + count; ++i) csv += uscc(i) + ",济宁测试" + std::to_string(i) + "有限公司," + type + ",任城区,低,\n";
  return csv;
}

// Runs the zhifa binary; returns its exit code and what it printed on stdout.
int run_cli(const std::string& args, std::string* out = nullptr) {
  std::string cmd = std::string(ZHIFA_BIN) + " " + args + " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  std::string text;
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  int st = pclose(f);
  if (out) *out = text;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string write_temp(const json& j) {
  char path[] = "/tmp/zhifa-draw-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << j.dump();
  return path;
}

// Changes one thing of a record at random: a candidate, the key, a pick, an assignment.
json mutate(json rec, std::mt19937& rng, std::string& what) {
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  switch (pick(5)) {
    case 0: {
      auto& c = rec["objects"]["candidates"][pick(rec["objects"]["candidates"].size())];
      c["code"] = c["code"].get<std::string>() + "X";
      what = "object list";
      break;
    }
    case 1: {
      auto& c = rec["inspectors"]["candidates"][pick(rec["inspectors"]["candidates"].size())];
      c["certificate"] = c["certificate"].get<std::string>() + "9";
      what = "inspector list";
      break;
    }
    case 2: {
      std::string k = rec["key"];
      rec["key"] = "1" + k;
      what = "key";
      break;
    }
    case 3: {
      auto n = rec["objects"]["candidates"].size();
      auto& s = rec["selected_positions"][pick(rec["selected_positions"].size())];
      s = s.get<std::int64_t>() % static_cast<std::int64_t>(n) + 1;
      what = "object result";
      break;
    }
    default: {
      auto& ins = rec["inspections"][pick(rec["inspections"].size())];
      auto n = static_cast<std::int64_t>(rec["inspectors"]["candidates"].size());
      auto& a = ins["assigned"][pick(ins["assigned"].size())];
      a = a.get<std::int64_t>() % n + 1;
      what = "inspector result";
    }
  }
  return rec;
}

TEST(Inspection, DemoDrawIsPublicAndReRunsWithTheCli) {
  TestServer server;
  Client anyone(server.port());
  auto list = anyone.get("/inspections/draws.json");
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = body_of(list)["items"];
  ASSERT_GE(items.size(), 1u);
  EXPECT_EQ(items[0]["agency"], "jnwqb");
  auto id = std::to_string(items[0]["id"].get<std::int64_t>());
  auto rec_r = anyone.get("/inspections/draws/" + id + ".json");
  ASSERT_EQ(rec_r.status, 200);
  auto rec = body_of(rec_r);
  for (auto* k : {"key", "objects", "inspectors", "selected_positions", "inspections", "randomness"}) EXPECT_TRUE(rec.contains(k)) << k;
  EXPECT_EQ(inspection::verify_draw_record(rec).code, 0) << inspection::verify_draw_record(rec).message;
  for (auto& ins : rec["inspections"]) EXPECT_EQ(ins["assigned"].size(), 2u);
  // The record names no inspector, only certificate numbers; no party's name unmasked beyond the
  // directory's public name.
  EXPECT_FALSE(has(rec_r.body, "王强"));
  EXPECT_FALSE(has(rec_r.body, "刘洋"));

  // The CLI: from a file, from the URL, a changed record, an unreadable one.
  std::string file = write_temp(rec);
  EXPECT_EQ(run_cli("draw verify " + file), 0);
  EXPECT_EQ(run_cli("draw verify http://127.0.0.1:" + std::to_string(server.port()) + "/inspections/draws/" + id + ".json"), 0);
  auto changed = rec;
  changed["selected_positions"][0] = changed["selected_positions"][0].get<std::int64_t>() % changed["objects"]["candidates"].size() + 1;
  std::string bad = write_temp(changed);
  EXPECT_EQ(run_cli("draw verify " + bad), 1);
  EXPECT_EQ(run_cli("draw verify /nonexistent/draw.json"), 2);
  EXPECT_EQ(run_cli("draw verify http://127.0.0.1:" + std::to_string(server.port()) + "/inspections/draws/999.json"), 2);
  std::remove(file.c_str());
  std::remove(bad.c_str());
  std::string out;
  EXPECT_EQ(run_cli("draw rfc3797 --key 9319./2.5.8.10.12./9.18.26.34.41.45./ --pool 25 --select 10", &out), 0);
  EXPECT_EQ(out, "17\n7\n2\n16\n25\n23\n8\n24\n19\n13\n");
  EXPECT_EQ(run_cli("draw rfc3797 --key 1./ --pool 100000 --select 70000"), 1);
  EXPECT_EQ(run_cli("draw rfc3797 --pool 3"), 2);

  // The portal: the agency's column, the draw's page, the published results.
  auto page = anyone.get("/agencies/jnwqb/inspections");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "抽查计划公告"));
  EXPECT_TRUE(has(page.body, rec["plan"]["number"].get<std::string>()));
  auto draw_page = anyone.get("/inspections/draws/" + id);
  ASSERT_EQ(draw_page.status, 200);
  EXPECT_TRUE(has(draw_page.body, rec["objects"]["sha256"].get<std::string>()));
  EXPECT_TRUE(has(draw_page.body, "/static/draw_verify.js"));
  auto results = body_of(anyone.get("/inspections/results.json"));
  ASSERT_GE(results["total"].get<int>(), 1);
  bool finding = false;
  for (auto& r : results["items"]) finding = finding || r["result"] == "case_opened";
  EXPECT_TRUE(finding);
}

TEST(Inspection, PlanFreezeRandomnessDrawResultAndBadInput) {
  TestServer server;
  User wang(server.port(), "wangqiang"), head(server.port(), "lili"), editor(server.port(), "chenjing");
  const std::string base = "/api/v1/inspection/jnwqb";
  auto total = [&] { return body_of(wang.get(base + "/objects?per_page=1"))["total"].get<int>(); };
  int before = total();

  // An import with one bad USCC: refused with the row named, nothing saved.
  std::string bad_csv = csv_of(1, 5, "测试对象");
  bad_csv += "91370800MA00000000,坏代码公司,测试对象,任城区,低,\n";
  auto r = wang.post(base + "/objects", {{"csv", bad_csv}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has(r.body, "第7行")) << r.body;
  EXPECT_EQ(total(), before);
  r = wang.post(base + "/objects", {{"csv", csv_of(1, 40, "测试对象")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["added"], 40);
  r = wang.post(base + "/objects", {{"csv", csv_of(100, 4, "回避对象")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(wang.post(base + "/objects", {{"code", "123"}, {"name", "x"}, {"object_type", "测试对象"}}).status, 400);

  // A plan from a row that is not in the published list: refused.
  json plan{{"matter_code", "JNWQB-CC-999"}, {"object_type", "测试对象"}, {"period_from", "2026-01-01"}, {"period_to", "2026-12-31"},
            {"inspection_date", "2026-03-02"}};
  r = wang.post(base + "/plans", plan);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has(r.body, "未公布")) << r.body;
  plan["matter_code"] = "JNWQB-CC-002";  // 20 %
  r = wang.post(base + "/plans", plan);
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = body_of(r);
  EXPECT_TRUE(has(p["number"].get<std::string>(), "抽查〔2026〕")) << p;
  std::string pbase = base + "/plans/" + std::to_string(p["id"].get<std::int64_t>());

  // Randomness before the lists are frozen: refused; the freezer cannot enter it.
  json values{{"values", {"05 11 17 22 28 33", "12"}}};
  r = head.post(pbase + "/randomness", values);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(wang.post(pbase + "/freeze", json::object()).status, 400);
  r = wang.post(pbase + "/freeze", {{"source", "中国福利彩票双色球第2026030期开奖号码"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["select"], 8);  // 20 % of 40
  EXPECT_EQ(wang.post(pbase + "/freeze", {{"source", "again"}}).status, 409);
  r = wang.post(pbase + "/randomness", values);
  EXPECT_EQ(r.status, 403) << r.body;
  r = head.post(pbase + "/randomness", values);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string rec_url = body_of(r)["record"];
  auto rec = body_of(wang.get(rec_url));
  EXPECT_EQ(inspection::verify_draw_record(rec).code, 0) << inspection::verify_draw_record(rec).message;
  EXPECT_EQ(rec["selected_positions"].size(), 8u);

  // Results: one of the object's inspectors records it; the editor publishes it.
  auto detail = body_of(wang.get(pbase));
  ASSERT_EQ(detail["inspections"].size(), 8u);
  auto ins = std::to_string(detail["inspections"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(wang.post(base + "/inspections/" + ins + "/result", {{"result", "rectification"}, {"inspected_on", "2026-03-02"}}).status, 400);
  r = wang.post(base + "/inspections/" + ins + "/result",
                {{"result", "rectification"}, {"findings", "邀请函件备案不全，已责令十日内整改"}, {"inspected_on", "2026-03-02"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(body_of(r)["due_on"].get<std::string>().empty());
  EXPECT_EQ(wang.post(base + "/inspections/" + ins + "/publish", json::object()).status, 403);
  r = editor.post(base + "/inspections/" + ins + "/publish", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(editor.post(base + "/inspections/" + ins + "/publish", json::object()).status, 409);
  EXPECT_TRUE(has(Client(server.port()).get("/inspections/results.json").body, "邀请函件备案不全"));

  // Too few inspectors: 刘洋 must avoid every object of the second type, so only one is left.
  r = wang.post(base + "/plans", {{"matter_code", "JNWQB-CC-002"}, {"object_type", "回避对象"}, {"period_from", "2026-01-01"},
                                  {"period_to", "2026-12-31"}, {"inspection_date", "2026-03-02"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string p2 = base + "/plans/" + std::to_string(body_of(r)["id"].get<std::int64_t>());
  std::int64_t liu = 0;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto row = tx.query_one("SELECT id FROM people WHERE login = 'liuyang'");
                if (!row || !*row) return Error::internal("no liuyang");
                liu = (*row)->integer(0);
                return {};
              }).ok());
  for (int i = 100; i < 104; ++i) {
    r = wang.post(base + "/conflicts", {{"person_id", liu}, {"object_code", uscc(i)}, {"kind", "kinship"}, {"ground", "其妻为该单位法定代表人"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  ASSERT_EQ(wang.post(p2 + "/freeze", {{"source", "中国福利彩票双色球第2026031期开奖号码"}}).status, 200);
  r = head.post(p2 + "/randomness", values);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has(r.body, "还缺 1 名")) << r.body;
  EXPECT_EQ(body_of(wang.get(p2))["status"], "frozen");
  EXPECT_EQ(body_of(wang.get(p2))["inspections"].size(), 0u);
  // The kinship stays in the workspace: no ledger entry, no public record carries it.
  EXPECT_FALSE(has(Client(server.port()).get("/inspections/draws.json").body, "其妻"));
}

TEST(Inspection, EveryDrawVerifiesAndAnyChangeIsCaught) {
  TestServer server;
  User wang(server.port(), "wangqiang"), head(server.port(), "lili");
  const std::string base = "/api/v1/inspection/jnwqb";
  std::mt19937 rng(3797);
  for (int round = 0; round < 6; ++round) {
    // Objects of their own type each round: an object inspected lately is avoided by its inspectors.
    std::string type = "性质测试" + std::to_string(round);
    ASSERT_EQ(wang.post(base + "/objects", {{"csv", csv_of(1000 + round * 100, 60, type)}}).status, 200);
    auto r = wang.post(base + "/plans", {{"matter_code", round % 2 ? "JNWQB-CC-001" : "JNWQB-CC-002"}, {"object_type", type},
                                         {"period_from", "2026-01-01"}, {"period_to", "2026-12-31"}, {"inspection_date", "2026-05-0" + std::to_string(round + 1)}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string pb = base + "/plans/" + std::to_string(body_of(r)["id"].get<std::int64_t>());
    ASSERT_EQ(wang.post(pb + "/freeze", {{"source", "测试来源 " + std::to_string(round)}}).status, 200);
    std::string balls;
    for (int b = 0; b < 6; ++b) balls += std::to_string(std::uniform_int_distribution<int>(1, 33)(rng)) + " ";
    r = head.post(pb + "/randomness", {{"values", {balls, std::to_string(round + 1)}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto draws = body_of(Client(server.port()).get("/inspections/draws.json?per_page=100"));
  ASSERT_GE(draws["total"].get<int>(), 7);
  for (auto& d : draws["items"]) {
    auto rec = body_of(Client(server.port()).get(d["url"].get<std::string>()));
    ASSERT_EQ(inspection::verify_draw_record(rec).code, 0) << d["url"] << ": " << inspection::verify_draw_record(rec).message;
    for (int m = 0; m < 40; ++m) {
      std::string what;
      auto changed = mutate(rec, rng, what);
      if (changed == rec) continue;
      EXPECT_EQ(inspection::verify_draw_record(changed).code, 1) << "a changed " << what << " was accepted";
    }
  }
}

}  // namespace
}  // namespace zhifa::testing
