// Case handling over HTTP: an officer opens a licence case from the phone-friendly forms, is
// refused with reasons (bad ID, missing document, officer alone on an on-site step), drafts and
// signs documents, and the signed PDF is served by its SHA-256; the head decides; the JSON API
// does the same for other systems.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"
#include "app/commands.h"
#include "platform/store/testing.h"
#include <zip.h>
#include <fstream>
#include <sstream>
#include "law/identifiers.h"
#include "platform/blob/blob_store.h"

namespace zhifa::testing {
namespace {

const char* kPw = "zhifa-demo-2025";

std::string rid() {
  std::string first = "37080219900101123";
  return first + law::resident_id_check_char(first);
}

std::string location_of(const HttpResult& r) { return r.header("location"); }

TEST(RecordingHttp, OfficerHandlesALicenceApplication) {
  TestServer server;
  Client c(server.port());
  ASSERT_EQ(c.login("wangqiang", kPw), 303);
  auto page = c.get("/workspace/cases/new");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("立案 / 受理"), std::string::npos);
  EXPECT_NE(page.body.find("/static/recording.js"), std::string::npos);

  std::map<std::string, std::string> f{{"_csrf", c.csrf()}, {"matter_code", "JNWQB-XK-001"}, {"matter_name", "华侨回国定居审批"},
                                       {"category", "行政许可"}, {"procedure_id", "licence"}, {"party_kind", "person"},
                                       {"party_name", "张华"}, {"party_id_number", rid().substr(0, 17) + (rid().back() == '1' ? "2" : "1")},
                                       {"facts", "申请回国定居"}, {"latitude", "35.414"}, {"longitude", "116.587"}, {"accuracy_m", "15"}};
  // A matter from the published list when there is one.
  auto api_matters = page.body.find("name=\"matter_id\"");
  (void)api_matters;
  auto bad = c.post("/workspace/cases", form_encode(f));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("公民身份号码不正确"), std::string::npos);
  f["party_id_number"] = rid();
  f.erase("matter_id");
  auto ok = c.post("/workspace/cases", form_encode(f));
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  std::string case_url = location_of(ok);
  ASSERT_EQ(case_url.rfind("/workspace/cases/", 0), 0u);

  auto cp = c.get(case_url);
  ASSERT_EQ(cp.status, 200);
  EXPECT_NE(cp.body.find("当前环节"), std::string::npos);
  EXPECT_NE(cp.body.find("35.414"), std::string::npos);  // where: the device location was recorded

  // Refused: accept before the acceptance notice is signed; the reason is shown.
  auto refused = c.post(case_url + "/act", form_encode({{"_csrf", c.csrf()}, {"transition", "accept"}}));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("行政许可受理通知书"), std::string::npos);

  // Draft, edit, sign the acceptance notice.
  auto d = c.post(case_url + "/documents", form_encode({{"_csrf", c.csrf()}, {"kind", "licence_acceptance"}}));
  ASSERT_EQ(d.status, 303);
  std::string doc_url = location_of(d);
  auto dp = c.get(doc_url);
  ASSERT_EQ(dp.status, 200);
  EXPECT_NE(dp.body.find("张华"), std::string::npos);
  ASSERT_EQ(c.post(doc_url, form_encode({{"_csrf", c.csrf()}, {"body", "张华：\n\n你的申请材料齐全，决定予以受理。"}})).status, 303);
  ASSERT_EQ(c.post(doc_url + "/sign", form_encode({{"_csrf", c.csrf()}})).status, 303);
  // Signed: immutable.
  EXPECT_EQ(c.post(doc_url, form_encode({{"_csrf", c.csrf()}, {"body", "改"}})).status, 409);
  auto pdf = c.get(doc_url + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf.header("x-content-sha256"), blob::sha256_hex(pdf.body));
  // The sign event carries the PDF's hash as evidence.
  bool found = false;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.document.signed' AND evidence_sha256 LIKE ?",
                                      {"%" + blob::sha256_hex(pdf.body) + "%"});
                found = r && *r && (*r)->integer(0) == 1;
                return {};
              }).ok());
  EXPECT_TRUE(found);

  ASSERT_EQ(c.post(case_url + "/act", form_encode({{"_csrf", c.csrf()}, {"transition", "accept"}, {"place", "外侨窗口"}})).status, 303);
  cp = c.get(case_url);
  EXPECT_NE(cp.body.find("审查"), std::string::npos);
  EXPECT_NE(cp.body.find("作出行政许可决定"), std::string::npos);  // the 20-working-day clock runs

  // The dashboard lists the case with its next action.
  auto dash = c.get("/workspace");
  EXPECT_NE(dash.body.find("下一步：审查"), std::string::npos);
  // No CSRF token: refused.
  EXPECT_EQ(c.post(case_url + "/act", form_encode({{"transition", "withdraw"}})).status, 403);
}

TEST(RecordingHttp, JsonApiAndPermissions) {
  TestServer server;
  Client c(server.port());
  ASSERT_EQ(c.login("liuyang", kPw), 303);
  std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}};
  auto procs = c.get("/api/v1/procedures");
  ASSERT_EQ(procs.status, 200);
  auto pj = nlohmann::json::parse(procs.body);
  EXPECT_GE(pj["procedures"].size(), 4u);
  nlohmann::json body{{"matter_code", "JNWQB-JC-001"}, {"matter_name", "外国人来华邀请单位检查"}, {"category", "行政检查"},
                      {"party", {{"kind", "person"}, {"name", "张华"}, {"id_number", rid()}}}};
  auto created = c.send("POST", "/api/v1/cases", body.dump(), h);
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = nlohmann::json::parse(created.body)["id"].get<std::int64_t>();
  std::string base = "/api/v1/cases/" + std::to_string(id);
  ASSERT_EQ(c.send("POST", base + "/acts", R"({"transition":"start"})", h).status, 200);
  // The 现场检查笔录 names both officers present (APL art. 42): the co-officer is set on the case first.
  std::int64_t co = 0;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT id FROM people WHERE login = 'wangqiang'");
                co = (*r)->integer(0);
                return {};
              }).ok());
  auto set_co = c.send("POST", base + "/co_officer", nlohmann::json{{"co_officer_id", co}}.dump(), h);
  ASSERT_LT(set_co.status, 300) << set_co.body;
  auto rec = c.send("POST", base + "/documents", R"({"kind":"inspection_record"})", h);
  ASSERT_EQ(rec.status, 201);
  auto doc = nlohmann::json::parse(rec.body)["id"].get<std::int64_t>();
  ASSERT_EQ(c.send("POST", "/api/v1/documents/" + std::to_string(doc) + "/sign", "{}", h).status, 200);
  // One officer alone on an on-site inspection: refused with the condition.
  auto alone = c.send("POST", base + "/acts", R"({"transition":"finish"})", h);
  EXPECT_EQ(alone.status, 400);
  EXPECT_EQ(nlohmann::json::parse(alone.body)["field"], "actors.count");
  std::int64_t wang = 0;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT id FROM people WHERE login = 'wangqiang'");
                wang = (*r)->integer(0);
                return {};
              }).ok());
  // 音像记录事项清单 AV-01 names 现场检查: the head's exemption stands in for the recording here.
  Client lili(server.port());
  ASSERT_EQ(lili.login("lili", kPw), 303);
  ASSERT_EQ(lili.send("POST", base + "/av-exemption", R"({"reason":"device_failure","note":"执法记录仪故障"})",
                      {{"Content-Type", "application/json"}, {"X-CSRF-Token", lili.csrf()}}).status, 200);
  auto pair = c.send("POST", base + "/acts", nlohmann::json{{"transition", "finish"}, {"co_officers", {wang}}}.dump(), h);
  ASSERT_EQ(pair.status, 200) << pair.body;
  EXPECT_EQ(nlohmann::json::parse(pair.body)["step"], "result");
  // The legal reviewer may read but not handle.
  Client r(server.port());
  ASSERT_EQ(r.login("zhaomin", kPw), 303);
  EXPECT_EQ(r.get(base).status, 200);
  EXPECT_EQ(r.send("POST", base + "/acts", R"({"transition":"return"})",
                   {{"Content-Type", "application/json"}, {"X-CSRF-Token", r.csrf()}}).status, 403);
  // Anonymous: nothing.
  Client anon(server.port());
  EXPECT_EQ(anon.get(base).status, 401);
}

TEST(RecordingHttp, DemoCasesAreVisibleToTheHead) {
  TestServer server;
  Client c(server.port());
  ASSERT_EQ(c.login("lili", kPw), 303);
  auto list = c.get("/workspace/cases");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("陈国华"), std::string::npos);
  auto api = c.get("/api/v1/cases?scope=agency&status=all");
  auto j = nlohmann::json::parse(api.body);
  EXPECT_GE(j["cases"].size(), 5u);
  // A demo signed document's PDF is in the blob store (moved there at start).
  auto id = j["cases"][0]["id"].get<std::int64_t>();
  auto file = c.get("/workspace/cases/" + std::to_string(id) + "/file.pdf");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body.substr(0, 5), "%PDF-");
}

TEST(RecordingHttp, CaseFileZipVerifiesOfflineAndTamperingIsNamed) {
  TestServer server;
  Client c(server.port());
  ASSERT_EQ(c.login("lili", kPw), 303);
  auto j = nlohmann::json::parse(c.get("/api/v1/cases?scope=agency&status=all").body);
  ASSERT_FALSE(j["cases"].empty());
  // The delivered licence case has signed documents.
  std::int64_t id = 0;
  for (auto& k : j["cases"])
    if (k["title"].get<std::string>().rfind("邀请外国人来华", 0) == 0) id = k["id"].get<std::int64_t>();  // not the inspections of 邀请单位
  ASSERT_GT(id, 0);
  auto zip = c.get("/workspace/cases/" + std::to_string(id) + "/file.zip");
  ASSERT_EQ(zip.status, 200) << zip.body;
  EXPECT_EQ(zip.header("content-type"), "application/zip");
  std::string dir = store::testing::temp_dir();
  std::string path = dir + "/case.zip";
  std::ofstream(path, std::ios::binary) << zip.body;
  auto vkey = c.get("/ledger/verifier-key").body;
  vkey = vkey.substr(0, vkey.find('\n'));
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(app::run_command({"verify", "--bundle", path, "--key", vkey}, in, out, err), 0) << err.str() << out.str();
  EXPECT_NE(out.str().find("every signed document"), std::string::npos) << out.str();

  // Replace one signed document inside the archive: verify fails and names it.
  int errcode = 0;
  zip_t* za = zip_open(path.c_str(), 0, &errcode);
  ASSERT_NE(za, nullptr);
  std::string victim;
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    std::string name = zip_get_name(za, static_cast<zip_uint64_t>(i), 0);
    if (name.rfind("documents/", 0) == 0) { victim = name; break; }
  }
  ASSERT_FALSE(victim.empty());
  static const char forged[] = "%PDF-1.5 forged";
  zip_source_t* s = zip_source_buffer(za, forged, sizeof forged - 1, 0);
  ASSERT_GE(zip_file_add(za, victim.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8), 0);
  ASSERT_EQ(zip_close(za), 0);
  std::ostringstream out2, err2;
  EXPECT_EQ(app::run_command({"verify", "--bundle", path, "--key", vkey}, in, out2, err2), 1);
  EXPECT_NE(err2.str().find(victim), std::string::npos) << err2.str();
  // A missing file is a usage error (exit 2), not a verification failure.
  std::ostringstream out3, err3;
  EXPECT_EQ(app::run_command({"verify", "--bundle", dir + "/missing.zip"}, in, out3, err3), 2);
}

}  // namespace
}  // namespace zhifa::testing
