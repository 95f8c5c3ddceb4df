#include "platform/sheet/xlsx_reader.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace zhifa::sheet {
namespace {

using Grid = std::vector<std::vector<std::string>>;

// A ZIP archive of the given members, built with libzip (deflated, like Excel's files).
std::string make_zip(const std::map<std::string, std::string>& members, const char* password = nullptr) {
  char path[] = "/tmp/zhifa-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  ::close(fd);
  int err = 0;
  zip_t* z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (auto& [name, bytes] : members) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    zip_int64_t idx = zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(idx, 0);
    if (password) {
      EXPECT_EQ(zip_file_set_encryption(z, static_cast<zip_uint64_t>(idx), ZIP_EM_AES_256, password), 0);
    }
  }
  EXPECT_EQ(zip_close(z), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path);
  return ss.str();
}

const char* kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="清单" sheetId="7" r:id="rId3"/><sheet name="第二张" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";
const char* kShared =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>编号</t></si>
<si><r><rPr><b/></rPr><t>执法</t></r><r><t xml:space="preserve">环节 </t></r><rPh sb="0" eb="2"><t>しっこう</t></rPh></si>
<si><t>第一行_x000D_
第二行 a_x005F_b</t></si>
<si/>
</sst>)";

std::string sheet(const std::string& data) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D7"/><sheetData>)" +
         data + "</sheetData><mergeCells count=\"0\"/></worksheet>";
}

std::map<std::string, std::string> workbook(const std::string& sheet_data) {
  return {{"xl/workbook.xml", kWorkbook},
          {"xl/_rels/workbook.xml.rels", kRels},
          {"xl/sharedStrings.xml", kShared},
          {"xl/worksheets/sheet1.xml", sheet(sheet_data)},
          {"xl/worksheets/sheet2.xml", sheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>不是第一张</t></is></c></row>)")}};
}

std::string error_of(const std::string& bytes, const XlsxLimits& limits = {}) {
  auto r = read_xlsx(bytes, limits);
  EXPECT_FALSE(r) << "expected an error";
  return r ? std::string() : r.error().message;
}

TEST(Xlsx, SharedAndInlineStringsNumbersBooleansAndGaps) {
  std::string data =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><r><t>备</t></r><r><t>注</t></r></is></c></row>)"
      R"(<row r="2"><c r="A2"><v>1.0E+3</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="str"><f>A2*2</f><v>2000</v></c></row>)"
      R"(<row r="4" spans="1:4"><c r="A4" s="3"><v>0.30000000000000004</v></c><c t="inlineStr"><is><t>无引用</t></is></c><c r="C4" t="s"><v>3</v></c><c r="D4"/></row>)"
      R"(<row r="7"><c r="C7"><v>-42</v></c></row><row r="9"><c r="A9" t="s"/></row>)";
  auto grid = read_xlsx(make_zip(workbook(data)));
  ASSERT_TRUE(grid) << grid.error().message;
  Grid want = {{"编号", "执法环节 ", "", "备注"},
               {"1000", "第一行\r\n第二行 a_b", "TRUE", "2000"},
               {},
               {"0.3", "无引用"},
               {},
               {},
               {"", "", "-42"}};
  EXPECT_EQ(*grid, want);
}

// Found by fuzz/xlsx_fuzz.cc: an escaped UTF-16 surrogate (_xD800_) was written out as the
// 3 bytes of a surrogate, which is not UTF-8, and the import's JSON serialisation threw.
TEST(Xlsx, EscapedSurrogatesBecomeUtf8) {
  std::string data =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a_xD83D__xDE00_b</t></is></c><c r="B1" t="str"><v>_xD800_x_xDC00_</v></c></row>)";
  auto grid = read_xlsx(make_zip(workbook(data)));
  ASSERT_TRUE(grid) << grid.error().message;
  Grid want = {{"a\xF0\x9F\x98\x80" "b", "\xEF\xBF\xBDx\xEF\xBF\xBD"}};  // U+1F600; U+FFFD for each lone one
  EXPECT_EQ(*grid, want);
}

TEST(Xlsx, DateCellsAsDatesByTheirNumberFormat) {
  auto m = workbook(R"(<row><c r="A1" s="1"><v>45658</v></c><c r="B1" s="2"><v>45658.5</v></c><c r="C1" s="3"><v>3.5</v></c>)"
                    R"(<c r="D1" s="9"><v>7</v></c><c r="E1" s="4"><v>45931</v></c><c r="F1"><v>45658</v></c></row>)");
  m["xl/styles.xml"] = R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
                       R"(<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; hh:mm"/>)"
                       R"(<numFmt numFmtId="165" formatCode="&quot;day &quot;0.00"/><numFmt numFmtId="166" formatCode="[$-804]e/m/d"/></numFmts>)"
                       R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
                       R"(<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"><alignment wrapText="1"/></xf>)"
                       R"(<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>)";
  auto grid = read_xlsx(make_zip(m));
  ASSERT_TRUE(grid) << grid.error().message;
  EXPECT_EQ(*grid, (Grid{{"2025-01-01", "2025-01-01 12:00:00", "3.5", "7", "2025-10-01", "45658"}}));
  m["xl/workbook.xml"] = std::string(kWorkbook).replace(std::string(kWorkbook).find("<sheets>"), 8, "<workbookPr date1904=\"1\"/><sheets>");
  grid = read_xlsx(make_zip(m));
  ASSERT_TRUE(grid) << grid.error().message;
  EXPECT_EQ((*grid)[0][0], "2029-01-02");  // the same serial in the 1904 date system
}

TEST(Xlsx, WorkbookFoundThroughThePackageRelationships) {
  auto m = workbook(R"(<row><c t="inlineStr"><is><t>甲</t></is></c><c><v>7</v></c></row>)");
  m["_rels/.rels"] =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
  auto grid = read_xlsx(make_zip(m));
  ASSERT_TRUE(grid) << grid.error().message;
  EXPECT_EQ(*grid, (Grid{{"甲", "7"}}));
}

TEST(Xlsx, NumbersAsExcelShowsThem) {
  EXPECT_EQ(*number_text("1000"), "1000");
  EXPECT_EQ(*number_text("1.0E+3"), "1000");
  EXPECT_EQ(*number_text("2.5"), "2.5");
  EXPECT_EQ(*number_text("-0"), "0");
  EXPECT_EQ(*number_text("0.1"), "0.1");
  EXPECT_EQ(*number_text("45658"), "45658");
  EXPECT_EQ(*number_text("1.5E-7"), "1.5e-07");
  EXPECT_EQ(*number_text("370802199001011234"), "3.70802199001011e+17");  // beyond Excel's 15 digits
  EXPECT_FALSE(number_text("12abc"));
  EXPECT_FALSE(number_text(""));
  EXPECT_EQ(parse_cell_ref("C7")->column, 2u);
  EXPECT_EQ(parse_cell_ref("C7")->row, 7u);
  EXPECT_EQ(parse_cell_ref("AA10")->column, 26u);
  EXPECT_EQ(parse_cell_ref("XFD1048576")->column, 16383u);
  EXPECT_FALSE(parse_cell_ref("XFE1"));
  EXPECT_FALSE(parse_cell_ref("A0"));
  EXPECT_FALSE(parse_cell_ref("7C"));
  EXPECT_FALSE(parse_cell_ref("A1048577"));
}

TEST(Xlsx, WrongFilesAreNamed) {
  EXPECT_NE(error_of("编号,名称\n1,2\n").find("不是 ZIP 格式"), std::string::npos);
  EXPECT_NE(error_of(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')).find("旧版 Excel（.xls）"), std::string::npos);
  EXPECT_NE(error_of("PK\x03\x04 broken").find("已损坏"), std::string::npos);
  EXPECT_NE(error_of(make_zip({{"word/document.xml", "<w/>"}})).find("没有 Excel 工作簿"), std::string::npos);
  ASSERT_TRUE(zip_encryption_method_supported(ZIP_EM_AES_256, 1));
  EXPECT_NE(error_of(make_zip(workbook("<row/>"), "secret")).find("已加密"), std::string::npos);
  // A zip bomb: 60 MB of zeros deflate to some 60 KB.
  auto bomb = workbook("<row/>");
  bomb["xl/worksheets/sheet1.xml"] = std::string(60 * 1024 * 1024, ' ');
  std::string zipped = make_zip(bomb);
  EXPECT_LT(zipped.size(), 1024u * 1024u);
  EXPECT_NE(error_of(zipped).find("超过 50 MB"), std::string::npos);
  // Too many rows, too many cells (a far-away reference), per the limits.
  XlsxLimits small;
  small.max_rows = 3;
  small.max_cells = 100;
  EXPECT_NE(error_of(make_zip(workbook(R"(<row r="4"><c r="A4"><v>1</v></c></row>)")), small).find("超过 3 行"), std::string::npos);
  EXPECT_NE(error_of(make_zip(workbook(R"(<row r="1"><c r="XFD1"><v>1</v></c></row>)")), small).find("超过 100 个单元格"), std::string::npos);
  // Broken XML names the member; DTDs (entity expansion) are refused; a bad shared-string index.
  std::string broken = error_of(make_zip(workbook(R"(<row><c r="A1"><v>1</v></row>)")));
  EXPECT_NE(broken.find("xl/worksheets/sheet1.xml"), std::string::npos) << broken;
  auto dtd = workbook("<row/>");
  dtd["xl/worksheets/sheet1.xml"] = R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)";
  EXPECT_NE(error_of(make_zip(dtd)).find("DTD"), std::string::npos);
  EXPECT_NE(error_of(make_zip(workbook(R"(<row><c r="B2" t="s"><v>99</v></c></row>)"))).find("B2 引用了不存在的共享字符串"), std::string::npos);
  EXPECT_NE(error_of(make_zip(workbook(R"(<row><c r="B2"><v>abc</v></c></row>)"))).find("B2 的数值“abc”无效"), std::string::npos);
  EXPECT_NE(error_of(make_zip(workbook(R"(<row><c r="B0"><v>1</v></c></row>)"))).find("单元格引用“B0”无效"), std::string::npos);
  EXPECT_NE(error_of(make_zip(workbook(R"(<row><c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>)"))).find("C5 是 Excel 错误值 #DIV/0!"), std::string::npos);
  auto no_sheets = workbook("<row/>");
  no_sheets["xl/workbook.xml"] = R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>)";
  EXPECT_NE(error_of(make_zip(no_sheets)).find("没有工作表"), std::string::npos);
}

TEST(Xlsx, EmptySheetIsAnEmptyGrid) {
  auto grid = read_xlsx(make_zip(workbook(R"(<row r="1"/><row r="2"><c r="A2"/></row>)")));
  ASSERT_TRUE(grid) << grid.error().message;
  EXPECT_TRUE(grid->empty());
}

}  // namespace
}  // namespace zhifa::sheet
