// Publicity over HTTP: an editor changes a list, it goes through review, appears on the portal
// with its history and difference; bad input and concurrent edits; open data, feed, search;
// the service-guide and badge PDFs round-trip through pdftotext with embedded fonts.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "harness.h"

namespace zhifa::testing {
namespace {

const char* kPw = "zhifa-demo-2025";

std::string revision_of(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"revision\" value=\"(\\d+)\""))) return m[1];
  return "";
}

// Runs a poppler tool over bytes; returns its stdout.
std::string poppler(const std::string& tool, const std::string& pdf) {
  std::string path = "/tmp/zhifa-pub-" + std::to_string(::getpid()) + ".pdf";
  { std::ofstream(path, std::ios::binary) << pdf; }
  std::string cmd = tool + " " + path + (tool == "pdftotext" ? " -" : "") + " 2>&1";
  std::string out;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (auto n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    ::pclose(f);
  }
  std::remove(path.c_str());
  return out;
}

void expect_fonts_embedded(const std::string& pdf) {
  std::string fonts = poppler("pdffonts", pdf);
  EXPECT_NE(fonts.find("CJK"), std::string::npos) << fonts;
  std::istringstream lines(fonts);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    if (++n <= 2) continue;  // header
    EXPECT_NE(line.find(" yes "), std::string::npos) << "font not embedded: " << line;
  }
}

TEST(Publicity, EditorPublishesAListAndThePortalShowsItsHistory) {
  TestServer s;
  Client editor(s.port()), head(s.port()), anon(s.port());
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  ASSERT_EQ(head.login("lili", kPw), 303);
  auto page = editor.get("/workspace/publicity/jnwqb/av");
  ASSERT_EQ(page.status, 200);
  std::string rev = revision_of(page.body);
  ASSERT_FALSE(rev.empty());

  // Missing fields: per-field errors, nothing saved.
  auto bad = editor.post("/workspace/publicity/jnwqb/av/rows", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"row", "0"},
                                                                           {"code", "AV-01"}, {"name", ""}, {"requirement", "全程"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("请填写执法环节"), std::string::npos);
  EXPECT_NE(bad.body.find("记录要求应为以下之一"), std::string::npos);
  EXPECT_NE(bad.body.find("与第1行重复"), std::string::npos);

  // A good row.
  auto good = editor.post("/workspace/publicity/jnwqb/av/rows",
                          form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"row", "0"}, {"code", "AV-05"}, {"name", "查封扣押"},
                                       {"requirement", "全过程音像记录"}, {"basis", "国办发〔2018〕118号"}, {"equipment", "执法记录仪"}}));
  ASSERT_EQ(good.status, 303) << good.body;
  // A second save on the old revision (someone else's stale form) is told the list changed.
  auto conflict = editor.post("/workspace/publicity/jnwqb/av/rows",
                              form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"row", "0"}, {"code", "AV-05"}, {"name", "强制拆除"},
                                           {"requirement", "全过程音像记录"}, {"basis", "118"}, {"equipment", "执法记录仪"}}));
  EXPECT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.body.find("清单已被他人修改"), std::string::npos);
  EXPECT_NE(conflict.body.find("强制拆除"), std::string::npos);  // the input is kept
  auto conflict2 = editor.post("/workspace/publicity/jnwqb/av/rows",
                               form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"row", "1"}, {"code", "AV-01"}, {"name", "现场检查（修改）"},
                                            {"requirement", "全过程音像记录"}, {"basis", "118"}, {"equipment", "执法记录仪"}}));
  EXPECT_EQ(conflict2.status, 409);
  EXPECT_NE(conflict2.body.find("最新内容 → 您填写的内容"), std::string::npos);
  EXPECT_NE(conflict2.body.find("<ins>现场检查（修改）</ins>"), std::string::npos);

  page = editor.get("/workspace/publicity/jnwqb/av");
  rev = revision_of(page.body);
  EXPECT_NE(page.body.find("查封扣押"), std::string::npos);
  EXPECT_EQ(editor.post("/workspace/publicity/jnwqb/av/submit", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}})).status, 303);
  // Not approved yet: publishing is refused.
  EXPECT_EQ(editor.post("/workspace/publicity/jnwqb/av/publish", form_encode({{"_csrf", editor.csrf()}, {"note", "x"}})).status, 409);
  // An officer may not approve.
  Client officer(s.port());
  ASSERT_EQ(officer.login("wangqiang", kPw), 303);
  officer.get("/workspace");
  EXPECT_EQ(officer.post("/workspace/publicity/jnwqb/av/approve", form_encode({{"_csrf", officer.csrf()}})).status, 403);
  head.get("/workspace/publicity/jnwqb/av");
  EXPECT_EQ(head.post("/workspace/publicity/jnwqb/av/approve", form_encode({{"_csrf", head.csrf()}})).status, 303);
  editor.get("/workspace/publicity/jnwqb/av");
  EXPECT_EQ(editor.post("/workspace/publicity/jnwqb/av/publish", form_encode({{"_csrf", editor.csrf()}, {"note", "新增查封扣押"}})).status, 303);

  auto portal = anon.get("/agencies/jnwqb/publicity/av");
  ASSERT_EQ(portal.status, 200);
  EXPECT_NE(portal.body.find("查封扣押"), std::string::npos);
  EXPECT_NE(portal.body.find("第2版"), std::string::npos);
  auto history = anon.get("/agencies/jnwqb/publicity/av/history");
  EXPECT_NE(history.body.find("新增查封扣押"), std::string::npos);
  EXPECT_NE(history.body.find("diff added"), std::string::npos);
  auto old = anon.get("/agencies/jnwqb/publicity/av?version=1");
  EXPECT_EQ(old.body.find("查封扣押"), std::string::npos);
  EXPECT_NE(old.body.find("历史版本"), std::string::npos);
  auto en = anon.get("/agencies/jnwqb/publicity/av?lang=en");
  EXPECT_NE(en.body.find("Audio/video recording matters"), std::string::npos);
}

TEST(Publicity, RejectionNeedsAReasonAndTheSubjectListWaitsForTheSuperior) {
  TestServer s;
  Client editor(s.port()), head(s.port()), supervisor(s.port());
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  ASSERT_EQ(head.login("lili", kPw), 303);
  ASSERT_EQ(supervisor.login("zhoujian", kPw), 303);
  auto page = editor.get("/workspace/publicity/jnwqb/subjects");
  std::string rev = revision_of(page.body);
  ASSERT_EQ(editor.post("/workspace/publicity/jnwqb/subjects/rows",
                        form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"row", "1"}, {"name", "济宁市人民政府外事侨务办公室"},
                                     {"nature", "行政机关"}, {"funding", "财政全额拨款"}, {"staffing", "行政编制18名"}, {"subject_type", "法定行政机关"},
                                     {"duties", "外事侨务"}, {"legal_representative", "李丽"}, {"address", "圣贤路9号"}, {"complaint_phone", "0537-2967000"}}))
                .status,
            303);
  rev = revision_of(editor.get("/workspace/publicity/jnwqb/subjects").body);
  ASSERT_EQ(editor.post("/workspace/publicity/jnwqb/subjects/submit", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}})).status, 303);
  head.get("/workspace/publicity/jnwqb/subjects");
  auto no_reason = head.post("/workspace/publicity/jnwqb/subjects/reject", form_encode({{"_csrf", head.csrf()}, {"reason", ""}}));
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(head.post("/workspace/publicity/jnwqb/subjects/approve", form_encode({{"_csrf", head.csrf()}})).status, 303);
  // Approved by the agency, but the superior legal office has not reviewed it: no publishing.
  editor.get("/workspace/publicity/jnwqb/subjects");
  auto early = editor.post("/workspace/publicity/jnwqb/subjects/publish", form_encode({{"_csrf", editor.csrf()}}));
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("一.4"), std::string::npos);
  auto tasks = supervisor.get("/workspace");
  EXPECT_NE(tasks.body.find("待上级法制机构审核"), std::string::npos);
  supervisor.get("/workspace/publicity/jnwqb/subjects");
  EXPECT_EQ(supervisor.post("/workspace/publicity/jnwqb/subjects/superior-approve", form_encode({{"_csrf", supervisor.csrf()}})).status, 303);
  editor.get("/workspace/publicity/jnwqb/subjects");
  EXPECT_EQ(editor.post("/workspace/publicity/jnwqb/subjects/publish", form_encode({{"_csrf", editor.csrf()}})).status, 303);
  auto portal = Client(s.port()).get("/agencies/jnwqb/publicity/subjects");
  EXPECT_NE(portal.body.find("行政编制18名"), std::string::npos);
}

TEST(Publicity, OpenDataFeedAndTwoCharacterSearch) {
  TestServer s;
  Client c(s.port());
  auto j = c.get("/agencies/jnwqb/publicity/matters/data/list.json");
  ASSERT_EQ(j.status, 200);
  auto doc = nlohmann::json::parse(j.body);
  EXPECT_EQ(doc["version"], 2);
  EXPECT_EQ(doc["rows"].size(), 8u);  // issue 14 added JNWQB-CF-002 (fine bands) and JNWQB-QZ-001 (查封、扣押)
  EXPECT_EQ(c.get("/agencies/jnwqb/publicity/matters/data/list.json?version=1").body.find("JNWQB-XK-003"), std::string::npos);
  auto csv = c.get("/agencies/jnwqb/publicity/matters/data/list.csv");
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("华侨回国定居审批"), std::string::npos);
  auto feed = c.get("/agencies/jnwqb/feed.atom");
  EXPECT_NE(feed.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos);
  EXPECT_NE(feed.body.find("行政执法事项清单 第2版"), std::string::npos);
  auto search = c.get("/agencies/jnwqb/publicity?q=" + std::string("%E4%BE%A8%E7%9C%B7"));  // 侨眷
  EXPECT_NE(search.body.find("归侨侨眷身份确认"), std::string::npos);
  EXPECT_EQ(search.body.find("邀请外国人来华审批"), std::string::npos);
  auto filtered = c.get("/agencies/jnwqb/publicity/matters?category=%E8%A1%8C%E6%94%BF%E7%A1%AE%E8%AE%A4");  // 行政确认
  EXPECT_NE(filtered.body.find("归侨侨眷身份确认"), std::string::npos);
  EXPECT_EQ(filtered.body.find("华侨回国定居审批</h2>"), std::string::npos);
  EXPECT_EQ(c.get("/agencies/jnwqb/publicity/nothing").status, 404);
  auto flow = c.get("/flowcharts?id=licence");
  EXPECT_NE(flow.body.find("<svg"), std::string::npos);
  EXPECT_EQ(c.get("/flowcharts/licence/svg").header("content-type"), "image/svg+xml; charset=utf-8");
}

TEST(Publicity, GuideAndBadgePdfsRoundTripWithEmbeddedFonts) {
  TestServer s;
  Client c(s.port());
  auto guide = c.get("/agencies/jnwqb/guides/JNWQB-XK-001/pdf");
  ASSERT_EQ(guide.status, 200);
  EXPECT_EQ(guide.body.rfind("%PDF", 0), 0u);
  std::string text = poppler("pdftotext", guide.body);
  EXPECT_NE(text.find("行政执法服务指南"), std::string::npos) << text;
  EXPECT_NE(text.find("华侨回国定居审批"), std::string::npos);
  EXPECT_NE(text.find("侨务工作科"), std::string::npos);
  expect_fonts_embedded(guide.body);
  EXPECT_NE(c.get("/agencies/jnwqb/guides/JNWQB-XK-001").body.find("<svg"), std::string::npos);  // the QR code

  // Badges are printed by staff; the QR leads to the public certificate check.
  EXPECT_EQ(c.get("/workspace/publicity/badges/1").status, 303);
  Client editor(s.port());
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  auto index = editor.get("/workspace/publicity");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(index.body, m, std::regex("/workspace/publicity/badges/(\\d+)")));
  auto badge = editor.get(m[0]);
  ASSERT_EQ(badge.status, 200) << badge.body;
  std::string btext = poppler("pdftotext", badge.body);
  EXPECT_NE(btext.find("37080020170001"), std::string::npos) << btext;
  EXPECT_NE(btext.find("王强"), std::string::npos);
  expect_fonts_embedded(badge.body);
  auto check = c.get("/certificates/37080020170001");
  EXPECT_NE(check.body.find("此执法证有效"), std::string::npos);
  EXPECT_EQ(c.get("/certificates/NOPE").status, 404);
}

TEST(Publicity, ImportIsAllOrNothingAndAcceptsGbk) {
  TestServer s;
  Client editor(s.port());
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  auto page = editor.get("/workspace/publicity/jnwqb/av");
  std::string rev = revision_of(page.body);
  auto xlsx = editor.get("/workspace/publicity/jnwqb/av/export/list.xlsx");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  // Two bad rows: every error reported, nothing saved.
  std::string csv = "编号,执法环节,记录要求,依据,记录设备,说明\n9,查封扣押,全过程音像记录,118,执法记录仪,\n9,,全过程,118,执法记录仪,\n";
  auto bad = editor.post("/workspace/publicity/jnwqb/av/import", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"csv", csv}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("没有保存任何内容"), std::string::npos);
  EXPECT_NE(bad.body.find("第2行 · 执法环节"), std::string::npos);
  EXPECT_NE(bad.body.find("第2行 · 记录要求"), std::string::npos);
  EXPECT_NE(bad.body.find("第2行 · 编号"), std::string::npos);
  EXPECT_EQ(revision_of(editor.get("/workspace/publicity/jnwqb/av").body), rev);
  // A GBK file through the API (session cookie + X-CSRF-Token header): 编号,执法环节,记录要求,依据,记录设备
  std::string gbk = "\xB1\xE0\xBA\xC5,\xD6\xB4\xB7\xA8\xBB\xB7\xBD\xDA,\xBC\xC7\xC2\xBC\xD2\xAA\xC7\xF3,\xD2\xC0\xBE\xDD,"
                    "\xBC\xC7\xC2\xBC\xC9\xE8\xB1\xB8\r\n"
                    "A1,\xCC\xFD\xD6\xA4,\xB8\xF9\xBE\xDD\xC7\xE9\xBF\xF6\xD2\xF4\xCF\xF1\xBC\xC7\xC2\xBC,118,DV\r\n";
  auto ok = editor.send("POST", "/api/v1/publicity/jnwqb/av/import?revision=" + rev, gbk,
                        {{"Content-Type", "text/csv"}, {"X-CSRF-Token", editor.csrf()}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("\"imported\":1"), std::string::npos);
  auto after = editor.get("/workspace/publicity/jnwqb/av");
  EXPECT_NE(after.body.find("听证"), std::string::npos);
  // The same stale revision again: told the list changed.
  auto stale = editor.send("POST", "/api/v1/publicity/jnwqb/av/import?revision=" + rev, gbk,
                           {{"Content-Type", "text/csv"}, {"X-CSRF-Token", editor.csrf()}});
  EXPECT_EQ(stale.status, 409);
}

}  // namespace
}  // namespace zhifa::testing
