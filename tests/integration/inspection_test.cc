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
#include <set>

#include <nlohmann/json.hpp>

#include "demo/org.h"
#include "harness.h"
#include "inspection/draw_record.h"
#include "inspection/rfc3797.h"
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

// Signs a document of the case: drafted by the officer, signed by `signer`.
void sign_doc(User& officer, User& signer, std::int64_t case_id, const std::string& kind) {
  auto d = officer.post("/api/v1/cases/" + std::to_string(case_id) + "/documents", {{"kind", kind}});
  ASSERT_EQ(d.status, 201) << kind << ": " << d.body;
  auto s = signer.post("/api/v1/documents/" + std::to_string(body_of(d)["id"].get<std::int64_t>()) + "/sign", json::object());
  ASSERT_EQ(s.status, 200) << kind << ": " << s.body;
}

// Starts the inspection's case (王强 lead, 刘洋 co-officer) and takes it to 结果处理 with the
// 现场检查笔录 and the 检查结果告知书 signed; returns the case id.
std::int64_t drive_case_to_result(User& wang, User& head, const std::string& base, const std::string& ins) {
  auto r = wang.post(base + "/inspections/" + ins + "/case", json::object());
  EXPECT_EQ(r.status, 201) << r.body;
  std::int64_t id = body_of(r).value("case_id", std::int64_t{0});
  std::string cb = "/api/v1/cases/" + std::to_string(id);
  auto c = body_of(wang.get(cb));
  EXPECT_EQ(c["procedure_id"], "inspection");
  std::int64_t co = c.value("co_officer_id", std::int64_t{0});
  EXPECT_NE(co, 0) << c;
  EXPECT_EQ(wang.post(cb + "/acts", {{"transition", "start"}, {"location", {{"place", "检查对象经营场所"}}}}).status, 200);
  sign_doc(wang, wang, id, "inspection_record");
  // The demo's 音像记录事项清单 (AV-01) names 现场检查: without its A/V record the step stays open.
  r = wang.post(cb + "/acts", {{"transition", "finish"}, {"co_officers", {co}}, {"location", {{"place", "检查对象经营场所"}}}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(has(r.body, "AV-01")) << r.body;
  EXPECT_EQ(head.post(cb + "/av-exemption", {{"reason", "device_failure"}, {"note", "执法记录仪故障"}}).status, 200);
  r = wang.post(cb + "/acts", {{"transition", "finish"}, {"co_officers", {co}}, {"location", {{"place", "检查对象经营场所"}}}});
  EXPECT_EQ(r.status, 200) << r.body;
  sign_doc(wang, head, id, "inspection_result");
  return id;
}

TEST(Inspection, DemoDrawIsPublicAndReRunsWithTheCli) {
  TestServer server;
  Client anyone(server.port());
  auto list = anyone.get("/inspections/draws.json");
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = body_of(list)["items"];
  ASSERT_GE(items.size(), 1u);
  json city;  // the city office's draw (the counties drew too)
  for (auto& it : items)
    if (it["agency"] == "jnwqb") city = it;
  ASSERT_FALSE(city.is_null()) << items.dump();
  auto id = std::to_string(city["id"].get<std::int64_t>());
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
  // Over 65,536 picks: drawn in sub-draws (SubDrawsOfSeventyThousandReRunWithTheCli), not refused.
  EXPECT_EQ(run_cli("draw rfc3797 --key 1./ --pool 100000 --select 70000"), 0);
  EXPECT_EQ(run_cli("draw rfc3797 --key 1./ --pool 100 --select 101"), 1);
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
  // The result ends the object's 行政检查 case: not before the case is started and at 结果处理.
  json rectify{{"result", "rectification"}, {"findings", "邀请函件备案不全，已责令十日内整改"}, {"inspected_on", "2026-03-02"}};
  EXPECT_EQ(wang.post(base + "/inspections/" + ins + "/result", rectify).status, 409);
  std::int64_t case_id = drive_case_to_result(wang, head, base, ins);
  EXPECT_EQ(wang.post(base + "/inspections/" + ins + "/case", json::object()).status, 409);  // started once
  EXPECT_EQ(wang.post(base + "/inspections/" + ins + "/result", {{"result", "rectification"}, {"inspected_on", "2026-03-02"}}).status, 400);
  // 责令改正 needs its 责令改正通知书: refused by the case, nothing recorded.
  r = wang.post(base + "/inspections/" + ins + "/result", rectify);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(body_of(wang.get(pbase))["inspections"][0]["result"], "");
  sign_doc(wang, head, case_id, "rectification_order");
  r = wang.post(base + "/inspections/" + ins + "/result", rectify);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(wang.get("/api/v1/cases/" + std::to_string(case_id)))["step"], "closed");
  // A violation can open a penalty case linked to the inspection.
  r = wang.post(base + "/inspections/" + ins + "/penalty", {{"matter_code", "JNWQB-CF-002"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body_of(wang.get(pbase))["inspections"][0]["penalty_case_id"], body_of(r)["case_id"]);
  EXPECT_EQ(wang.post(base + "/inspections/" + ins + "/penalty", {{"matter_code", "JNWQB-CF-002"}}).status, 409);
  EXPECT_FALSE(body_of(wang.get(pbase))["inspections"][0]["due_on"].get<std::string>().empty());
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

// Over RFC 3797's 65,536 picks per key: `zhifa draw rfc3797` draws 70,000 of 1,000,000 in two
// sub-draws (keys KEY/1 and KEY/2, said on stderr), and `zhifa draw verify` accepts the record of
// that draw and rejects it when a sub-draw's key is changed.
TEST(Inspection, SubDrawsOfSeventyThousandReRunWithTheCli) {
  const std::string key = "3.14.15./92.65./";
  std::string out;
  ASSERT_EQ(run_cli("draw rfc3797 --key " + key + " --pool 1000000 --select 70000", &out), 0);
  auto picks = *inspection::rfc3797::select_in_sub_draws(key, 1000000, 70000);
  std::string expect;
  for (auto p : picks) expect += std::to_string(p) + "\n";
  EXPECT_EQ(out, expect);
  json rec{{"key", key}, {"select", 70000}, {"selected_positions", picks}, {"sub_draws", inspection::sub_draws_of(key, 70000)}};
  json objs = json::array();
  for (int i = 1; i <= 1000000; ++i) objs.push_back({{"code", std::to_string(i)}});
  rec["objects"] = {{"candidates", std::move(objs)}};
  rec["objects"]["sha256"] = inspection::candidates_sha256(rec["objects"]["candidates"]);
  std::string good = write_temp(rec);
  EXPECT_EQ(run_cli("draw verify " + good, &out), 0);
  EXPECT_NE(out.find("2 sub-draws"), std::string::npos) << out;
  rec["sub_draws"][1]["key"] = key + "/1";
  std::string bad = write_temp(rec);
  EXPECT_EQ(run_cli("draw verify " + bad), 1);
  std::remove(good.c_str());
  std::remove(bad.c_str());
}

}  // namespace
}  // namespace zhifa::testing

namespace zhifa::testing {
namespace {

// The staff pages (issue 18, workspace): plan (draft → 公告) → freeze → randomness by a second
// person → draw → start the case → result → publish, through the HTML forms, as a browser
// without JavaScript sends them; refusals shown on the page with the reason.
TEST(Inspection, WorkspacePagesFromPlanToPublishedResult) {
  TestServer server;
  User wang(server.port(), "wangqiang"), head(server.port(), "lili"), editor(server.port(), "chenjing");
  auto form = [](User& u, const std::string& path, std::map<std::string, std::string> f) {
    f["_csrf"] = u.c.csrf();
    f["_confirmed"] = "1";
    return u.c.post(path, form_encode(f));
  };
  EXPECT_TRUE(has(wang.get("/workspace").body, "双随机抽查"));
  auto r = wang.get("/workspace/inspection");
  ASSERT_EQ(r.status, 303);
  const std::string ws = "/workspace/inspection/jnwqb";
  EXPECT_EQ(r.header("location"), ws);
  r = wang.get(ws);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(has(r.body, "抽查〔")) << r.body;
  // The directory: filters and paging; an import with a bad row names it and saves nothing.
  r = wang.get(ws + "/objects?object_type=" + std::string("%E6%97%85%E8%A1%8C%E7%A4%BE") + "&per_page=10");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(has(r.body, "国际旅行社有限公司"));
  EXPECT_FALSE(has(r.body, "<span>侨资企业</span>"));
  EXPECT_TRUE(has(r.body, "<span>旅行社</span>"));
  EXPECT_TRUE(has(r.body, "rel=\"next\""));
  std::string bad = csv_of(1, 2, "测试对象") + "91370800MA00000000,坏代码公司,测试对象,任城区,低,\n";
  r = form(wang, ws + "/objects/import", {{"csv", bad}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(has(r.body, "第4行")) << r.body;
  r = form(wang, ws + "/objects/import", {{"csv", csv_of(500, 30, "页面测试对象")}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_TRUE(has(wang.get(ws + "/objects?q=%E6%B5%8E%E5%AE%81%E6%B5%8B%E8%AF%95").body, "济宁测试500有限公司"));

  // A draft plan, not public; then its 抽查计划公告.
  EXPECT_TRUE(has(wang.get(ws + "/plans/new").body, "JNWQB-CC-001"));
  r = form(wang, ws + "/plans", {{"matter_code", "JNWQB-CC-002"}, {"object_type", "页面测试对象"}, {"period_from", "2026-01-01"},
                                 {"period_to", "2025-12-31"}, {"inspection_date", "2026-06-01"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(has(r.body, "结束日期")) << r.body;
  r = form(wang, ws + "/plans", {{"matter_code", "JNWQB-CC-002"}, {"object_type", "页面测试对象"}, {"period_from", "2026-01-01"},
                                 {"period_to", "2026-12-31"}, {"inspection_date", "2026-06-01"}});
  ASSERT_EQ(r.status, 303) << r.body;
  std::string plan = r.header("location");
  ASSERT_TRUE(plan.starts_with(ws + "/plans/")) << plan;
  EXPECT_TRUE(has(wang.get(plan).body, "发布公告"));
  auto pub_page = Client(server.port()).get("/agencies/jnwqb/inspections").body;
  EXPECT_FALSE(has(pub_page, "页面测试对象"));
  ASSERT_EQ(form(wang, plan + "/publish", {}).status, 303);
  EXPECT_EQ(form(wang, plan + "/publish", {}).status, 409);
  EXPECT_TRUE(has(Client(server.port()).get("/agencies/jnwqb/inspections").body, "页面测试对象"));
  // Freeze; the freezer may not enter the randomness; a second person draws.
  r = form(wang, plan + "/freeze", {{"source", ""}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(has(r.body, "随机数来源")) << r.body;
  ASSERT_EQ(form(wang, plan + "/freeze", {{"source", "中国福利彩票双色球第2026140期开奖号码"}}).status, 303);
  r = form(wang, plan + "/randomness", {{"values", "01 02 03 04 05 06\n07"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(has(r.body, "另一人")) << r.body;
  ASSERT_EQ(form(head, plan + "/randomness", {{"values", "01 02 03 04 05 06\n07"}}).status, 303);
  r = wang.get(plan);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(has(r.body, "抽取结果"));
  auto at = r.body.find(ws + "/inspections/");
  ASSERT_NE(at, std::string::npos);
  std::string ins = r.body.substr(at, r.body.find('"', at) - at);
  // The inspection: start its case, take the case to 结果处理, record, publish.
  EXPECT_TRUE(has(wang.get(ins).body, "开始检查"));
  r = form(wang, ins + "/result", {{"result", "no_problem"}, {"inspected_on", "2026-06-01"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r.body, "尚未开始检查")) << r.body;
  r = form(wang, ins + "/case", {});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_TRUE(r.header("location").starts_with("/workspace/cases/"));
  std::string case_api = "/api/v1/cases/" + r.header("location").substr(std::string("/workspace/cases/").size());
  std::int64_t case_id = std::stoll(case_api.substr(case_api.rfind('/') + 1));
  auto c = body_of(wang.get(case_api));
  ASSERT_EQ(wang.post(case_api + "/acts", {{"transition", "start"}, {"location", {{"place", "经营场所"}}}}).status, 200);
  sign_doc(wang, wang, case_id, "inspection_record");
  ASSERT_EQ(head.post(case_api + "/av-exemption", {{"reason", "device_failure"}, {"note", "执法记录仪故障"}}).status, 200);
  ASSERT_EQ(wang.post(case_api + "/acts", {{"transition", "finish"}, {"co_officers", {c["co_officer_id"]}}, {"location", {{"place", "经营场所"}}}}).status, 200);
  sign_doc(wang, head, case_id, "inspection_result");
  EXPECT_TRUE(has(wang.get(ins).body, "录入检查结果"));
  r = form(wang, ins + "/result", {{"result", "no_problem"}, {"inspected_on", "2026-06-01"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(body_of(wang.get(case_api))["step"], "closed");
  EXPECT_EQ(form(wang, ins + "/publish", {}).status, 403);
  ASSERT_EQ(form(editor, ins + "/publish", {}).status, 303);
  EXPECT_TRUE(has(editor.get(ins).body, "已于"));
}

}  // namespace
}  // namespace zhifa::testing

namespace zhifa::testing {
namespace {

// Results as open data (search page, JSON, CSV, Atom, one result), the counties' demo draws, and
// the certificate's scope: an officer whose certificate does not cover inspection is not a
// candidate, and the freeze says so when too few remain.
TEST(Inspection, ResultsOpenDataCountyDrawsAndCertificateScope) {
  TestServer server;
  Client anyone(server.port());
  auto json_r = anyone.get("/inspections/results.json?q=" + std::string("%E9%82%80%E8%AF%B7%E5%87%BD%E4%BB%B6"));  // 邀请函件
  ASSERT_EQ(json_r.status, 200);
  auto found = body_of(json_r);
  ASSERT_GE(found["total"].get<int>(), 1) << json_r.body;
  EXPECT_EQ(found["items"][0]["agency_name"], "济宁市人民政府外事侨务办公室");
  auto csv = anyone.get("/inspections/results.csv?agency=jnwqb");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF编号,执法机关,抽查计划")) << csv.body.substr(0, 200);
  EXPECT_TRUE(has(csv.body, "发现问题，已立案查处"));
  EXPECT_TRUE(has(csv.header("content-type"), "text/csv"));
  auto atom = anyone.get("/inspections/results.atom");
  ASSERT_EQ(atom.status, 200);
  EXPECT_TRUE(has(atom.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(has(atom.body, "<entry>"));
  auto page = anyone.get("/inspections/results?q=%E9%82%80%E8%AF%B7%E5%87%BD%E4%BB%B6");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "抽查结果公告"));
  auto one = anyone.get(found["items"][0]["url"].get<std::string>());
  ASSERT_EQ(one.status, 200);
  EXPECT_TRUE(has(one.body, "查看抽签过程并验证"));
  EXPECT_EQ(anyone.get("/inspections/results/987654").status, 404);
  EXPECT_EQ(anyone.get("/inspections/results.json?agency=nosuchagency").status, 404);
  EXPECT_TRUE(has(anyone.get("/decisions?q=%E7%BD%9A%E6%AC%BE").body, "/inspections/results?q="));

  // Two counties drew their plans; every draw re-runs.
  auto draws = body_of(anyone.get("/inspections/draws.json?per_page=100"));
  std::set<std::string> agencies;
  for (auto& d : draws["items"]) {
    agencies.insert(d["agency"].get<std::string>());
    auto rec = body_of(anyone.get(d["url"].get<std::string>()));
    EXPECT_EQ(inspection::verify_draw_record(rec).code, 0) << d["url"] << inspection::verify_draw_record(rec).message;
    if (d["agency"] != "yanzhou") continue;
    // 兖州's list row states 分级抽查比例: one documented draw per risk-grade pool, each with its key.
    ASSERT_TRUE(rec.contains("pools")) << rec.dump().substr(0, 400);
    EXPECT_EQ(rec["risk_proportions"], "高 30%；中 10%；低 5%");
    ASSERT_GE(rec["pools"].size(), 2u);
    EXPECT_EQ(rec["pools"][0]["grade"], "高");
    EXPECT_EQ(rec["pools"][0]["key"], rec["key"].get<std::string>() + "/H");
    EXPECT_EQ(rec["objects"]["candidates"][0].count("risk_grade"), 1u);
    auto bad = rec;
    bad["pools"][0]["key"] = rec["key"].get<std::string>() + "/M";
    EXPECT_EQ(inspection::verify_draw_record(bad).code, 1);
    // The public page shows each pool.
    auto page = anyone.get("/inspections/draws/" + std::to_string(d["id"].get<std::int64_t>()));
    EXPECT_TRUE(has(page.body, "分级抽取")) << page.body.substr(0, 300);
    EXPECT_TRUE(has(page.body, "高风险"));
  }
  EXPECT_TRUE(agencies.count("rencheng") && agencies.count("yanzhou") && agencies.count("jnwqb")) << draws.dump();
  EXPECT_TRUE(has(anyone.get("/agencies/rencheng/inspections").body, "任外侨抽查〔"));

  // 刘洋's certificate no longer covers inspection: only 王强 remains; the freeze says why.
  ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
                auto u = tx.exec("UPDATE certificates SET scope = '外事侨务行政许可' WHERE person_id = (SELECT id FROM people WHERE login = 'liuyang')");
                return u ? Status{} : Status(u.error());
              }).ok());
  User wang(server.port(), "wangqiang");
  const std::string base = "/api/v1/inspection/jnwqb";
  auto r = wang.post(base + "/plans", {{"matter_code", "JNWQB-CC-001"}, {"object_type", "旅行社"}, {"period_from", "2026-01-01"},
                                       {"period_to", "2026-12-31"}, {"inspection_date", "2026-07-01"}, {"draft", true}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body_of(r)["status"], "draft");
  EXPECT_EQ(body_of(r)["number"], "");
  std::string pb = base + "/plans/" + std::to_string(body_of(r)["id"].get<std::int64_t>());
  EXPECT_EQ(wang.post(pb + "/freeze", {{"source", "某期开奖号码"}}).status, 409);  // a draft is not frozen
  ASSERT_EQ(wang.post(pb + "/publish", json::object()).status, 200);
  r = wang.post(pb + "/freeze", {{"source", "中国福利彩票双色球第2026150期开奖号码"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has(r.body, "还缺 1 名")) << r.body;
  EXPECT_TRUE(has(r.body, "执法范围不包括行政检查")) << r.body;
  EXPECT_EQ(body_of(wang.get(pb))["status"], "published");
}

}  // namespace
}  // namespace zhifa::testing
