#include "platform/render/pdf.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

#include <cstdlib>

namespace zhifa::render {
namespace {

std::string run(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) return out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p.get())) > 0) out.append(buf.data(), n);
  return out;
}

std::string temp_dir() {
  static std::string dir = [] {
    std::string t = "/tmp/zhifa-pdf-XXXXXX";
    return std::string(mkdtemp(t.data()));
  }();
  return dir;
}

std::string write_temp(const std::string& bytes, const std::string& name) {
  std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string without_spaces(std::string s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\f' && c != '\r') out.push_back(c);
  return out;
}

PdfDocument decision() {
  PdfDocument d;
  d.issuer = "济宁市人民政府外事侨务办公室";
  d.title = "行政处罚决定书";
  d.doc_number = "济外侨罚〔2025〕3号";
  d.blocks.push_back({PdfBlock::Kind::kParagraph, "当事人：济宁某某国际旅行社有限公司，统一社会信用代码91370800MA3C5XXX0K。", {}, {}, 0});
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "经查，当事人未按规定办理邀请外国人来华审批手续，违反了有关规定。";
  d.blocks.push_back({PdfBlock::Kind::kParagraph, long_text, {}, {}, 0});
  d.blocks.push_back({PdfBlock::Kind::kTable, "", {{"序号", "文书", "页码"}, {"1", "立案审批表", "1"}, {"2", "询问笔录", "2"}}, {}, 0});
  d.blocks.push_back({PdfBlock::Kind::kRight, "济宁市人民政府外事侨务办公室\n2025年10月13日", {}, {}, 0});
  d.blocks.push_back({PdfBlock::Kind::kQr, "", {}, "https://zhifa.example/ledger/entries/1", 20});
  d.footer = "本文书由 zhifa 生成 · SHA-256 见执法记录账本";
  return d;
}

TEST(Pdf, ChineseTextRoundTripsThroughPdftotext) {
  auto pdf = render_pdf(decision());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  std::string path = write_temp(*pdf, "decision.pdf");
  std::string text = without_spaces(run("pdftotext -enc UTF-8 " + path + " -"));
  for (const char* s : {"济宁市人民政府外事侨务办公室", "行政处罚决定书", "济外侨罚〔2025〕3号", "邀请外国人来华审批手续", "立案审批表",
                        "2025年10月13日", "—1—", "—2—"})
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text.substr(0, 600);
  // Several A4 pages (the long body breaks across pages).
  std::string info = run("pdfinfo " + path);
  EXPECT_EQ(info.find("Pages:          1\n"), std::string::npos) << info;
  EXPECT_NE(info.find("595.276 x 841.89"), std::string::npos) << info;  // A4 in points
}

TEST(Pdf, EmbedsNotoSerifCjkAndNeverNotoSansRegular) {
  auto pdf = render_pdf(decision());
  ASSERT_TRUE(pdf.ok());
  std::string fonts = run("pdffonts " + write_temp(*pdf, "fonts.pdf"));
  EXPECT_NE(fonts.find("NotoSerifCJK"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  // Every font line says emb=yes, sub=yes.
  std::size_t lines = 0;
  std::size_t pos = fonts.find("------");
  pos = fonts.find('\n', pos);
  while ((pos = fonts.find('\n', pos + 1)) != std::string::npos) {
    std::size_t prev = fonts.rfind('\n', pos - 1);
    std::string line = fonts.substr(prev + 1, pos - prev - 1);
    if (line.empty()) continue;
    ++lines;
    EXPECT_NE(line.find("yes yes"), std::string::npos) << line;
  }
  EXPECT_GE(lines, 1u);
}

TEST(Pdf, RendersNoBlankGlyphs) {
  // A page of many distinct characters: rasterise and check the ink covers a plausible area
  // (a broken subset renders blank boxes or nothing).
  PdfDocument d;
  d.title = "询问笔录";
  std::string s;
  const char* chars = "时间地点询问人记录人被询问人性别年龄身份证件号码工作单位联系电话住址问答我们是济宁市人民政府外事侨务办公室的执法人员这是我们的执法证件请过目你是否看清楚了";
  for (int i = 0; i < 8; ++i) s += chars;
  d.blocks.push_back({PdfBlock::Kind::kParagraph, s, {}, {}, 0});
  auto pdf = render_pdf(d);
  ASSERT_TRUE(pdf.ok());
  std::string path = write_temp(*pdf, "glyphs.pdf");
  std::string pgm = run("pdftoppm -r 50 -gray -f 1 -l 1 " + path);
  ASSERT_GT(pgm.size(), 1000u);
  std::size_t dark = 0;
  std::size_t header_end = 0;
  for (int nl = 0; nl < 3 && header_end < pgm.size(); ++header_end)
    if (pgm[header_end] == '\n') ++nl;
  for (std::size_t i = header_end; i < pgm.size(); ++i)
    if (static_cast<unsigned char>(pgm[i]) < 128) ++dark;
  EXPECT_GT(dark, 2000u);
  std::string text = without_spaces(run("pdftotext -enc UTF-8 " + path + " -"));
  EXPECT_NE(text.find("济宁市人民政府外事侨务办公室的执法人员"), std::string::npos);
}

TEST(Pdf, BadgesOnA6AndImages) {
  PdfDocument d;
  d.title = "工作人员信息";
  d.page_size = "A6";
  d.blocks.push_back({PdfBlock::Kind::kCentered, "王强 · 执法人员", {}, {}, 0});
  auto pdf = render_pdf(d);
  ASSERT_TRUE(pdf.ok());
  std::string info = run("pdfinfo " + write_temp(*pdf, "badge.pdf"));
  EXPECT_NE(info.find("297.638 x 419.528"), std::string::npos) << info;
  d.page_size = "A3";
  EXPECT_FALSE(render_pdf(d).ok());
}

}  // namespace
}  // namespace zhifa::render
