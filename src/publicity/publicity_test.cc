// Publicity lists: the tokenizer, validation, diffs, the review workflow (approve, reject,
// superior approval), versions and in-database Chinese search — on the backend under test.
#include <gtest/gtest.h>
#include <zip.h>

#include "org/auth.h"
#include "demo/org.h"
#include "platform/render/flowchart.h"
#include "platform/render/qr.h"
#include "platform/store/testing.h"
#include "demo/publicity.h"
#include "publicity/exchange.h"
#include "publicity/matters.h"
#include "publicity/list_workflow.h"

namespace zhifa::publicity {
namespace {

TEST(Tokenizer, UnigramsAndBigramsOfCjkRunsAndWordsElsewhere) {
  auto t = cjk_tokens("华侨回国, ABC 2025");
  std::vector<std::string> want{"华", "华侨", "侨", "侨回", "回", "回国", "国", "abc", "2025"};
  EXPECT_EQ(t, want);
  EXPECT_EQ(query_terms("罚款"), std::vector<std::string>{"罚款"});
  EXPECT_EQ(query_terms("华侨回国"), (std::vector<std::string>{"华侨", "侨回", "回国"}));
  EXPECT_EQ(query_terms("侨"), std::vector<std::string>{"侨"});
  EXPECT_EQ(query_terms("，。 "), std::vector<std::string>{});
}

TEST(Lists, ValidationNamesRowAndFieldAndFindsDuplicates) {
  const ListDef* d = find_list("matters");
  ASSERT_TRUE(d);
  json rows = json::array({{{"code", "A-1"}, {"category", "行政许可"}, {"name", "甲"}, {"legal_basis", "某法"}, {"handling_unit", "科"}, {"time_limit", "20日"}},
                           {{"code", "A-1"}, {"category", "许可"}, {"name", ""}, {"legal_basis", "某法"}, {"handling_unit", "科"}, {"time_limit", "20日"}}});
  auto e = validate_rows(*d, rows);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].row, 2);
  EXPECT_EQ(e[0].field, "category");
  EXPECT_EQ(e[1].field, "name");
  EXPECT_EQ(e[2].field, "code");
  EXPECT_NE(e[2].message.find("与第1行重复"), std::string::npos);
  // A code goes into the ledger: letters, digits and - _ . only (a name typed as a code is refused).
  json named = json::array({{{"code", "张三事项"}, {"category", "行政许可"}, {"name", "甲"}, {"legal_basis", "某法"}, {"handling_unit", "科"},
                             {"time_limit", "20日"}}});
  auto ne = validate_rows(*d, named);
  ASSERT_EQ(ne.size(), 1u);
  EXPECT_EQ(ne[0].field, "code");
  EXPECT_NE(ne[0].message.find("只能由字母"), std::string::npos);
  std::set<std::string> known{"M-1"};
  json g = json::array({{{"matter_code", "NOPE"}}});
  auto ge = validate_rows(*find_list("guides"), g, &known);
  EXPECT_TRUE(std::any_of(ge.begin(), ge.end(), [](auto& x) { return x.message.find("不在行政执法事项清单中") != std::string::npos; }));
}

TEST(Lists, BandsParseAndRefuseBadRanges) {
  auto b = parse_bands("初次违法 | 警告\n情节严重｜罚款 | 1000-5000\n");
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ((*b)[1].fine_max_yuan.value_or(0), 5000);
  EXPECT_FALSE(parse_bands("只有情节"));
  EXPECT_FALSE(parse_bands("a | b | 5000-100"));
  // The kinds of penalty a band allows (行政处罚法 第九条, law/measures.h), with or without a range.
  auto m = parse_bands("情节严重 | 罚款，吊销许可证 | 1000-5000 | 罚款、吊销许可证\n轻微 | 警告 |  | 警告\n");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ((*m)[0].measures, (std::vector<std::string>{"fine", "revoke_licence"}));
  EXPECT_EQ((*m)[1].measures, std::vector<std::string>{"warning"});
  EXPECT_FALSE((*m)[1].fine_min_yuan);
  auto back = parse_bands(bands_text(bands_json(*m)));  // the text form reads back
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(bands_json(*back), bands_json(*m));
  auto bad = parse_bands("a | b | | 罚款、拘役");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("拘役"), std::string::npos);
  auto errs = validate_rows(*find_list("matters"), json::array({{{"code", "X-1"}, {"discretion", json::array({{{"facts", "f"}, {"penalty", "p"},
                                                                                                              {"measures", {"seize"}}}})}}}));
  EXPECT_TRUE(std::any_of(errs.begin(), errs.end(), [](auto& e) { return e.field == "discretion" && e.message.find("第九条") != std::string::npos; }));
}

TEST(Lists, DiffMatchesRowsByKeyAndNamesChangedFields) {
  const ListDef* d = find_list("av");
  json a = json::array({{{"code", "1"}, {"name", "现场检查"}, {"requirement", "根据情况音像记录"}},
                        {{"code", "2"}, {"name", "听证"}, {"requirement", "根据情况音像记录"}}});
  json b = json::array({{{"code", "1"}, {"name", "现场检查"}, {"requirement", "全过程音像记录"}},
                        {{"code", "3"}, {"name", "查封扣押"}, {"requirement", "全过程音像记录"}}});
  auto diff = diff_rows(*d, a, b);
  ASSERT_EQ(diff.size(), 3u);
  EXPECT_EQ(diff[0].op, RowDiff::Op::kChanged);
  ASSERT_EQ(diff[0].changes.size(), 1u);
  EXPECT_EQ(diff[0].changes[0].before, "根据情况音像记录");
  EXPECT_EQ(diff[0].changes[0].after, "全过程音像记录");
  EXPECT_EQ(diff[1].op, RowDiff::Op::kAdded);
  EXPECT_EQ(diff[2].op, RowDiff::Op::kRemoved);
  EXPECT_EQ(diff[2].key, "2");
}

TEST(Lists, CsvQuotesAndStartsWithBom) {
  json rows = json::array({{{"code", "1"}, {"name", "a,\"b\""}, {"requirement", "x"}, {"basis", "y"}, {"equipment", "z"}, {"note", ""}}});
  auto csv = to_csv(*find_list("av"), rows);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF编号,", 0), 0u);
  EXPECT_NE(csv.find("\"a,\"\"b\"\"\""), std::string::npos);
}

TEST(Exchange, GbkCsvIsDetectedAndConverted) {
  // "编号,执法环节" in GB18030, as Excel in China saves a CSV.
  std::string gbk = "\xB1\xE0\xBA\xC5,\xD6\xB4\xB7\xA8\xBB\xB7\xBD\xDA\r\n";
  auto text = decode_upload(gbk);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "编号,执法环节\r\n");
  EXPECT_EQ(*decode_upload("\xEF\xBB\xBF编号"), "编号");  // BOM stripped
  EXPECT_FALSE(decode_upload("\xFF\xFE\x00\x41"));         // UTF-16: refused with a message
  EXPECT_FALSE(decode_upload(std::string(kMaxImportBytes + 1, 'a')));
}

// Found by fuzz/csv_fuzz.cc: bytes that look like UTF-8 but are not (a UTF-16 surrogate, an
// overlong "/", a code point past U+10FFFF) were taken for UTF-8 and made the JSON
// serialisation of the imported rows throw (save_draft's rows.dump()).
TEST(Exchange, NotQuiteUtf8IsNotTakenForUtf8) {
  for (std::string cell : {"\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80"}) {
    std::string csv = "事项编码,事项名称\nJNWQB-XK-001," + cell + "\n";
    auto table = read_table(csv);
    if (!table) continue;  // refused with a message: fine too
    std::vector<RowError> errors;
    json rows = rows_from_table(*find_list("matters"), *table, errors);
    EXPECT_NO_THROW((void)rows.dump()) << "invalid UTF-8 got through: " << cell;
  }
}

TEST(Exchange, XlsxExportImportsBackUnchanged) {
  // Our own export (libxlsxwriter) read back through the import path, bands and newlines included.
  const ListDef* d = find_list("matters");
  std::vector<RowError> errors;
  json rows = json::array();
  rows.push_back(row_from_strings(*d, {{"code", "XK-001"}, {"category", "行政许可"}, {"name", "外国人来华邀请函“核发”, 甲"},
                                       {"legal_basis", "《出境入境管理法》第十五条\n第二款"}, {"discretion", "初次违法 | 警告\n情节严重 | 罚款 | 1000-5000"},
                                       {"handling_unit", "外事科"}, {"time_limit", "20"}, {"procedure", ""}}, 1, errors));
  rows.push_back(row_from_strings(*d, {{"code", "1000"}, {"category", "行政检查"}, {"name", "  有空格  "}, {"legal_basis", "0.1"},
                                       {"discretion", ""}, {"handling_unit", "科"}, {"time_limit", "7个工作日"}, {"procedure", ""}}, 2, errors));
  ASSERT_TRUE(errors.empty()) << errors[0].message;
  auto x = to_xlsx(*d, rows);
  ASSERT_TRUE(x) << x.error().message;
  auto table = read_table(*x);
  ASSERT_TRUE(table) << table.error().message;
  json back = rows_from_table(*d, *table, errors);
  EXPECT_TRUE(errors.empty()) << errors[0].message;
  EXPECT_EQ(back, rows);
}

TEST(Exchange, ReadTableTellsFormatsByContent) {
  auto csv = read_table("\xEF\xBB\xBF编号,执法环节\r\n1,听证\r\n,,\r\n");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->size(), 3u);
  std::vector<RowError> errors;
  json rows = rows_from_table(*find_list("av"), *csv, errors);
  EXPECT_EQ(rows.size(), 1u);  // the trailing blank row is no row
  auto xls = read_table(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  ASSERT_FALSE(xls);
  EXPECT_NE(xls.error().message.find(".xls"), std::string::npos);
  auto broken = read_table("PK\x03\x04 not really");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("XLSX 文件已损坏"), std::string::npos);
  EXPECT_FALSE(read_table(std::string(kMaxImportBytes + 1, 'a')));
}

TEST(Exchange, CsvRoundTripAndRowErrors) {
  const ListDef* d = find_list("av");
  json rows = json::array({{{"code", "1"}, {"name", "现场检查,\"实地\""}, {"requirement", "根据情况音像记录"}, {"basis", "118\n第二行"},
                            {"equipment", "执法记录仪"}, {"note", ""}, {"steps", ""}}});
  auto table = parse_csv(to_csv(*d, rows).substr(3));
  ASSERT_TRUE(table);
  std::vector<RowError> errors;
  json back = rows_from_table(*d, *table, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(back, rows);
  auto bad = parse_csv("编号,执法环节,颜色\n1,,红\n");
  json r2 = rows_from_table(*d, *bad, errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].message, "未知的列“颜色”");
  EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](auto& e) { return e.message.find("缺少必填列“记录要求”") != std::string::npos; }));
  EXPECT_FALSE(parse_csv("a,\"b\n"));
  auto x = to_xlsx(*d, rows);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->substr(0, 2), "PK");
}

// Cells a spreadsheet would run as formulas (=HYPERLINK in open data) leave as text: a quote in
// front, the cell quoted (OWASP CSV injection); harmless cells stay as they were.
TEST(Lists, CsvCellsThatWouldRunAsFormulasAreNeutralised) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://evil.example\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("+86 537 2345678"), "\"'+86 537 2345678\"");
  EXPECT_EQ(csv_cell("-5"), "\"'-5\"");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_cell("\tcmd"), "\"'\tcmd\"");
  EXPECT_EQ(csv_cell("\rcmd"), "\"'\rcmd\"");
  EXPECT_EQ(csv_cell("'=x"), "\"''=x\"");  // already looks guarded: guarded again, so import gives it back
  EXPECT_EQ(csv_cell("a-b"), "a-b");
  EXPECT_EQ(csv_cell("'quoted"), "'quoted");
  EXPECT_EQ(csv_cell(""), "");
  json rows = json::array({{{"code", "1"}, {"name", "=1+1"}, {"requirement", "x"}, {"basis", "y"}, {"equipment", "z"}, {"note", ""}}});
  auto csv = to_csv(*find_list("av"), rows);
  EXPECT_NE(csv.find("\"'=1+1\""), std::string::npos);
  EXPECT_EQ(csv.find(",=1+1"), std::string::npos);
}

// Export → edit in a spreadsheet → import keeps "+86 537…" and "-5": the importer takes off
// exactly the guard the exporter put on, and nothing else.
TEST(Exchange, CsvImportTakesOffExactlyTheFormulaGuard) {
  const ListDef* d = find_list("av");
  json rows = json::array({{{"code", "1"}, {"name", "+86 537 2345678"}, {"requirement", "-5"}, {"basis", "'=already quoted"},
                            {"equipment", "'plain"}, {"note", "@home"}, {"steps", ""}}});
  auto table = parse_csv(to_csv(*d, rows).substr(3));
  ASSERT_TRUE(table);
  std::vector<RowError> errors;
  json back = rows_from_table(*d, *table, errors);
  ASSERT_TRUE(errors.empty()) << errors[0].message;
  EXPECT_EQ(back, rows);
  EXPECT_EQ(csv_unguard("'+86"), "+86");
  EXPECT_EQ(csv_unguard("''=x"), "'=x");
  EXPECT_EQ(csv_unguard("'plain"), "'plain");
  EXPECT_EQ(csv_unguard("'"), "'");
}

// XLSX export writes every cell as a string (shared string, no <f> formula element), so a
// formula-looking value is text in Excel and WPS with no guard needed, and reads back as is.
TEST(Exchange, XlsxExportWritesStringsNotFormulas) {
  const ListDef* d = find_list("av");
  const std::string evil = "=HYPERLINK(\"http://evil.example\",\"x\")";
  json rows = json::array({{{"code", "1"}, {"name", evil}, {"requirement", "+86 537"}, {"basis", "-5"}, {"equipment", "@x"}, {"note", ""}, {"steps", ""}}});
  auto x = to_xlsx(*d, rows);
  ASSERT_TRUE(x) << x.error().message;
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(x->data(), x->size(), 0, &zerr);
  ASSERT_NE(src, nullptr);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &zerr);
  ASSERT_NE(z, nullptr);
  auto entry = [&](const char* name) {
    std::string out;
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0) return out;
    zip_file_t* f = zip_fopen(z, name, 0);
    out.resize(st.size);
    zip_fread(f, out.data(), st.size);
    zip_fclose(f);
    return out;
  };
  std::string sheet = entry("xl/worksheets/sheet1.xml"), strings = entry("xl/sharedStrings.xml");
  zip_close(z);
  ASSERT_FALSE(sheet.empty());
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  EXPECT_EQ(sheet.find("<f "), std::string::npos);
  EXPECT_NE(sheet.find("t=\"s\""), std::string::npos);
  EXPECT_NE(strings.find("=HYPERLINK("), std::string::npos);
  auto table = read_table(*x);
  ASSERT_TRUE(table);
  std::vector<RowError> errors;
  EXPECT_EQ(rows_from_table(*d, *table, errors), rows);
}

struct People { org::Principal editor, head, supervisor, county_officer; std::int64_t city = 0, county = 0; };

People demo_people(store::Database& db) {
  People out;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto get = [&](const char* login) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      return *org::load_principal(tx, (**id).integer(0));
    };
    out.editor = get("chenjing");
    out.head = get("lili");
    out.supervisor = get("zhoujian");
    out.county_officer = get("zhangwei");
    out.city = (**tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'")).integer(0);
    out.county = (**tx.query_one("SELECT id FROM agencies WHERE code = 'rencheng'")).integer(0);
    return {};
  });
  EXPECT_TRUE(st);
  return out;
}

json one_matter(const std::string& code, const std::string& name) {
  return json::array({{{"code", code}, {"category", "行政许可"}, {"name", name}, {"legal_basis", "《行政许可法》第四十二条"},
                       {"discretion", json::array()}, {"handling_unit", "侨务工作科"}, {"time_limit", "20个工作日"}, {"procedure", "licence"}}});
}

class Workflow : public ::testing::Test {
 protected:
  void SetUp() override {
    db = store::testing::fresh_database();
    ASSERT_TRUE(org::ensure_demo_organisation(*db));
    p = demo_people(*db);
  }
  std::unique_ptr<store::Database> db;
  People p;
};

TEST_F(Workflow, DraftSubmitApprovePublishKeepsEveryVersion) {
  std::vector<RowError> errors;
  std::int64_t rev = 0;
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
    auto r = save_draft(tx, p.editor, p.city, "matters", one_matter("M-1", "华侨回国定居审批"), 0, errors);
    if (!r) return r.error();
    rev = *r;
    return {};
  }));
  // Publishing before review is refused; so is approval by someone without the role.
  auto early = db->write([&](store::Tx& tx) -> Status { auto v = publish(tx, p.editor, p.city, "matters", ""); return v ? Status{} : Status(v.error()); });
  EXPECT_EQ(early.error().kind, ErrorKind::kConflict);
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return submit(tx, p.editor, p.city, "matters", rev); }));
  // Another agency's list is answered as an unknown agency (404), never with a 403 (issue 12).
  EXPECT_EQ(db->write([&](store::Tx& tx) { return approve(tx, p.county_officer, p.city, "matters"); }).error().kind, ErrorKind::kNotFound);
  // Nobody reviews their own submission, even with the role.
  auto own = db->write([&](store::Tx& tx) { return approve(tx, p.editor, p.city, "matters"); });
  ASSERT_FALSE(own);
  EXPECT_NE(own.error().message.find("提交人不能审查"), std::string::npos);
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return approve(tx, p.head, p.city, "matters"); }));
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status { auto v = publish(tx, p.editor, p.city, "matters", "首次"); return v ? Status{} : Status(v.error()); }));

  // Case handling sees the published matter, with a stable id.
  std::int64_t id = 0;
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto m = published_matters(tx, p.city);
    EXPECT_EQ(m->size(), 1u);
    id = m->at(0).id;
    auto f = find_published_matter(tx, id);
    EXPECT_TRUE(f && *f && (*f)->name == "华侨回国定居审批");
    return {};
  }));

  // Second version: renamed matter + a new one.
  json v2 = one_matter("M-1", "华侨回国定居审批（调整）");
  v2.push_back(one_matter("M-2", "邀请外国人来华审批")[0]);
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
    auto cur = load_list(tx, p.city, "matters");
    auto r = save_draft(tx, p.editor, p.city, "matters", v2, cur->revision, errors);
    if (!r) return r.error();
    if (auto st = submit(tx, p.editor, p.city, "matters", *r); !st) return st;
    if (auto st = approve(tx, p.head, p.city, "matters"); !st) return st;
    auto v = publish(tx, p.editor, p.city, "matters", "调整");
    EXPECT_EQ(v.value(), 2);
    return {};
  }));
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto vs = list_versions(tx, p.city, "matters", true);
    EXPECT_EQ(vs->size(), 2u);
    auto diff = diff_rows(*find_list("matters"), vs->at(1).rows, vs->at(0).rows);
    EXPECT_EQ(diff.size(), 2u);
    auto m = published_matters(tx, p.city);
    EXPECT_EQ(m->size(), 2u);
    auto same = find_published_matter(tx, id);
    EXPECT_EQ((*same)->name, "华侨回国定居审批（调整）");
    auto ev = tx.query_one("SELECT COUNT(*) FROM ledger_events WHERE kind = 'publicity.list.published'");
    EXPECT_EQ((*ev)->integer(0), 2);
    return {};
  }));
}

TEST_F(Workflow, RejectionNeedsAReasonAndReturnsTheListToTheEditor) {
  std::vector<RowError> errors;
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
    auto r = save_draft(tx, p.editor, p.city, "matters", one_matter("M-1", "甲"), 0, errors);
    return submit(tx, p.editor, p.city, "matters", *r);
  }));
  auto no_reason = db->write([&](store::Tx& tx) { return reject(tx, p.head, p.city, "matters", "  "); });
  EXPECT_EQ(no_reason.error().field, "reason");
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return reject(tx, p.head, p.city, "matters", "设定依据缺少条款"); }));
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto s = load_list(tx, p.city, "matters");
    EXPECT_EQ(s->state, "rejected");
    EXPECT_EQ(s->reason, "设定依据缺少条款");
    return {};
  }));
}

TEST_F(Workflow, SubjectListNeedsTheSuperiorsApprovalBeforePublishing) {
  json rows = json::array({{{"name", "任城区人民政府外事侨务办公室"}, {"nature", "行政机关"}, {"funding", "财政拨款"}, {"staffing", "行政编制"},
                            {"subject_type", "法定行政机关"}, {"duties", "外事侨务"}, {"legal_representative", "某某"},
                            {"address", "任城区"}, {"complaint_phone", "0537-1"}}});
  // The county's own editor would publish; here the county has no editor, so give the county a
  // principal with the roles (the service checks roles and jurisdiction, not logins).
  org::Principal county_editor = p.editor;
  county_editor.agency_id = p.county;
  county_editor.jurisdiction = {p.county};
  county_editor.roles = {"publicity_editor"};
  org::Principal county_head = county_editor;  // a second person reviews (审查机制)
  county_head.person_id = p.head.person_id;
  county_head.roles = {"agency_head"};
  std::vector<RowError> errors;
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
    auto r = save_draft(tx, county_editor, p.county, "subjects", rows, 0, errors);
    if (!r) return r.error();
    if (auto st = submit(tx, county_editor, p.county, "subjects", *r); !st) return st;
    return approve(tx, county_head, p.county, "subjects");
  }));
  auto early = db->write([&](store::Tx& tx) -> Status { auto v = publish(tx, county_editor, p.county, "subjects", ""); return v ? Status{} : Status(v.error()); });
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("一.4"), std::string::npos);
  // The city editor is not the superior legal office; the city supervisor is. (The county's list
  // is outside the editor's jurisdiction: not found, as for any other agency's record.)
  EXPECT_EQ(db->write([&](store::Tx& tx) { return superior_approve(tx, p.editor, p.county, "subjects"); }).error().kind, ErrorKind::kNotFound);
  // The superior may reject with a reason, back to the county.
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return reject(tx, p.supervisor, p.county, "subjects", "编制情况不具体"); }));
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status {
    auto cur = load_list(tx, p.county, "subjects");
    if (auto st = submit(tx, county_editor, p.county, "subjects", cur->revision); !st) return st;
    if (auto st = approve(tx, county_head, p.county, "subjects"); !st) return st;
    if (auto st = superior_approve(tx, p.supervisor, p.county, "subjects"); !st) return st;
    auto v = publish(tx, county_editor, p.county, "subjects", "");
    return v ? Status{} : Status(v.error());
  }));
}

TEST_F(Workflow, SecondSaveOnAnOldRevisionIsToldTheListChanged) {
  std::vector<RowError> errors;
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status { auto r = save_draft(tx, p.editor, p.city, "matters", one_matter("M-1", "甲"), 0, errors); return r ? Status{} : Status(r.error()); }));
  ASSERT_TRUE(db->write([&](store::Tx& tx) -> Status { auto r = save_draft(tx, p.editor, p.city, "matters", one_matter("M-1", "乙"), 1, errors); return r ? Status{} : Status(r.error()); }));
  auto stale = db->write([&](store::Tx& tx) -> Status { auto r = save_draft(tx, p.editor, p.city, "matters", one_matter("M-1", "丙"), 1, errors); return r ? Status{} : Status(r.error()); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  // Bad rows: nothing saved, every error reported.
  json bad = one_matter("M-1", "");
  auto invalid = db->write([&](store::Tx& tx) -> Status { auto r = save_draft(tx, p.editor, p.city, "matters", bad, 2, errors); return r ? Status{} : Status(r.error()); });
  EXPECT_EQ(invalid.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(errors.at(0).field, "name");
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status { EXPECT_EQ(load_list(tx, p.city, "matters")->rows[0]["name"], "乙"); return {}; }));
}

TEST_F(Workflow, DemoListsAreSearchableByTwoCharacterWordsInTheDatabase) {
  ASSERT_TRUE(ensure_demo_publicity(*db));
  ASSERT_TRUE(ensure_demo_publicity(*db));  // idempotent
  // Readers see every event the seeder appended (no snapshot left behind).
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto head = tx.query_one("SELECT size FROM ledger_head WHERE id = 1");
    auto count = tx.query_one("SELECT COUNT(*) FROM ledger_events");
    EXPECT_EQ((*head)->integer(0), (*count)->integer(0));
    EXPECT_GE((*count)->integer(0), 26);  // the 目录清单 is derived from the review catalog, not seeded here
    return {};
  }));
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto hits = search(tx, p.city, "", "华侨", "");
    EXPECT_GE(hits->size(), 2u);
    auto two = search(tx, p.city, "matters", "邀请", "");
    EXPECT_EQ(two->size(), 5u);  // XK-002, XK-003, the inspection JC-001, the penalty CF-002 and the seizure QZ-001
    auto cat = search(tx, p.city, "matters", "", "行政确认");
    EXPECT_EQ(cat->size(), 1u);
    auto warn = search(tx, p.city, "matters", "警告", "");
    EXPECT_EQ(warn->size(), 2u);  // CF-001 and CF-002 (their discretion bands)
    auto none = search(tx, p.city, "matters", "罚没", "");
    EXPECT_EQ(none->size(), 0u);
    auto versions = list_versions(tx, p.city, "matters", false);
    EXPECT_EQ(versions->size(), 2u);
    return {};
  }));
}

TEST(Render, QrAndFlowchart) {
  auto m = render::qr_encode("https://example.org/agencies/jnwqb/guides/JNWQB-XK-001");
  ASSERT_TRUE(m);
  EXPECT_GE(m->size, 21);
  render::FlowGraph g{"行政许可", {{"a", "申请", render::FlowNode::Kind::kStart, ""}, {"b", "受理", render::FlowNode::Kind::kStep, "5个工作日内"},
                                   {"c", "决定", render::FlowNode::Kind::kEnd, ""}},
                      {{"a", "b", "提交", false}, {"b", "c", "", false}}};
  auto svg = render::flowchart_svg(g);
  ASSERT_TRUE(svg) << svg.error().message;
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
  EXPECT_NE(svg->find("受理"), std::string::npos);
  EXPECT_NE(svg->find("PingFang SC"), std::string::npos);
  g.edges.push_back({"a", "zz", "", false});
  EXPECT_FALSE(render::flowchart_svg(g));
}

}  // namespace
}  // namespace zhifa::publicity
