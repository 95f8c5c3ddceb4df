// Publicity over HTTP, continued: importing a list as a browser does (multipart/form-data file
// upload, CSV or XLSX, with the CSRF token as a form part); the API import of XLSX bytes.
#include <gtest/gtest.h>
#include <regex>
#include <tuple>
#include <vector>

#include "harness.h"
#include "demo/org.h"
#include "demo/publicity.h"

namespace zhifa::testing {
namespace {

const char* kPw = "zhifa-demo-2025";
const std::string kBoundary = "----zhifaTestBoundary7MA4YWxk";

std::string revision_of(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"revision\" value=\"(\\d+)\""))) return m[1];
  return "";
}

// A multipart/form-data body: (name, filename or "" for a plain field, bytes).
std::string multipart(const std::vector<std::tuple<std::string, std::string, std::string>>& parts) {
  std::string b;
  for (auto& [name, filename, bytes] : parts) {
    b += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!filename.empty()) b += "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream";
    b += "\r\n\r\n" + bytes + "\r\n";
  }
  return b + "--" + kBoundary + "--\r\n";
}

// Only the demo data these tests need: the organisation (logins) and the standing lists.
void seed_lists(store::Database& db) {
  auto org = org::ensure_demo_organisation(db);
  ASSERT_TRUE(org) << org.error().message;
  auto st = publicity::ensure_demo_publicity(db);
  ASSERT_TRUE(st) << st.error().message;
}

HttpResult upload(Client& c, const std::string& path, const std::string& body) {
  return c.send("POST", path, body, {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
}

TEST(PublicityImport, BrowserUploadOfCsvAndXlsxIsAllOrNothingAndNeedsTheCsrfPart) {
  TestServer s(false);
  ASSERT_NO_FATAL_FAILURE(seed_lists(s.db()));
  Client editor(s.port());
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  const std::string list = "/workspace/publicity/jnwqb/av";
  auto page = editor.get(list);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  EXPECT_NE(page.body.find("type=\"file\" name=\"file\""), std::string::npos);
  std::string rev = revision_of(page.body), csrf = editor.csrf();

  // Our own XLSX export, a row added in CSV, then the XLSX uploaded back: the draft is the export.
  auto xlsx = editor.get(list + "/export/list.xlsx");
  ASSERT_EQ(xlsx.body.substr(0, 2), "PK");
  std::string csv = "编号,执法环节,记录要求,依据,记录设备,说明\r\nAV-09,证据先行登记保存,全过程音像记录,118,执法记录仪,上传测试\r\n";
  auto ok = upload(editor, list + "/import", multipart({{"_csrf", "", csrf}, {"revision", "", rev}, {"file", "清单.csv", csv}}));
  ASSERT_EQ(ok.status, 303) << ok.body;
  page = editor.get(list);
  EXPECT_NE(page.body.find("证据先行登记保存"), std::string::npos);
  rev = revision_of(page.body);
  ok = upload(editor, list + "/import", multipart({{"_csrf", "", csrf}, {"revision", "", rev}, {"file", "清单.xlsx", xlsx.body}}));
  ASSERT_EQ(ok.status, 303) << ok.body;
  page = editor.get(list);
  EXPECT_EQ(page.body.find("证据先行登记保存"), std::string::npos);
  rev = revision_of(page.body);

  // Without the CSRF part (or with a wrong one): 403, nothing saved.
  std::string bad_rows = "编号,执法环节,记录要求,依据,记录设备\r\nAV-10,听证,全过程音像记录,118,执法记录仪\r\n";
  EXPECT_EQ(upload(editor, list + "/import", multipart({{"revision", "", rev}, {"file", "a.csv", bad_rows}})).status, 403);
  EXPECT_EQ(upload(editor, list + "/import", multipart({{"_csrf", "", "wrong"}, {"file", "a.csv", bad_rows}})).status, 403);
  EXPECT_EQ(revision_of(editor.get(list).body), rev);

  // A malformed body: 400 saying why.
  auto malformed = editor.send("POST", list + "/import", "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf,
                               {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("上传内容格式错误"), std::string::npos);
  auto no_boundary = editor.send("POST", list + "/import", multipart({{"_csrf", "", csrf}}), {{"Content-Type", "multipart/form-data"}});
  EXPECT_EQ(no_boundary.status, 400);
  EXPECT_NE(no_boundary.body.find("缺少 boundary"), std::string::npos);

  // Bad files: the per-row report, or what is wrong with the file; nothing saved.
  std::string two_bad = "编号,执法环节,记录要求,依据,记录设备\r\nAV-11,,全程,118,执法记录仪\r\nAV-11,听证,全过程音像记录,,执法记录仪\r\n";
  auto report = upload(editor, list + "/import", multipart({{"_csrf", "", csrf}, {"revision", "", rev}, {"file", "bad.csv", two_bad}}));
  EXPECT_EQ(report.status, 400);
  EXPECT_NE(report.body.find("没有保存任何内容"), std::string::npos);
  EXPECT_NE(report.body.find("第1行 · 执法环节"), std::string::npos) << report.body;
  EXPECT_NE(report.body.find("第1行 · 记录要求"), std::string::npos);
  EXPECT_NE(report.body.find("第2行 · 依据"), std::string::npos);
  auto xls = upload(editor, list + "/import", multipart({{"_csrf", "", csrf}, {"file", "old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, 'x')}}));
  EXPECT_EQ(xls.status, 400);
  EXPECT_NE(xls.body.find("旧版 Excel（.xls）"), std::string::npos);
  auto none = upload(editor, list + "/import", multipart({{"_csrf", "", csrf}, {"file", "", ""}}));
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("请选择要导入的文件"), std::string::npos);
  EXPECT_EQ(revision_of(editor.get(list).body), rev);

  // The API takes the bytes of an .xlsx as the body (session + X-CSRF-Token).
  auto api = editor.send("POST", "/api/v1/publicity/jnwqb/av/import?revision=" + rev, xlsx.body,
                         {{"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_NE(api.body.find("\"imported\":"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::testing
