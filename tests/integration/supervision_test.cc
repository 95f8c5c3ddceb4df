// 执法监督 (issue 20) over HTTP, on the backend under test: statistics from a seeded set of
// cases equal the counts the test computes from what it seeded; jurisdiction (a county
// supervisor sees only their own agency, the city supervisor every agency below; nobody acts on
// a case they only supervise); bad periods refused; red warnings on the official calendar and
// 督办 recorded, in the ledger by ids only, and shown to the urged person.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "harness.h"
#include "platform/core/clock.h"
#include "platform/sheet/xlsx_reader.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "org/directory.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "supervision/warnings.h"

namespace zhifa::testing {
namespace {

using json = nlohmann::json;
const char* kPw = "zhifa-demo-2025";

std::string rid(const std::string& first17) { return first17 + law::resident_id_check_char(first17); }

struct Seeded {
  std::int64_t city_case = 0, county_case = 0, county_licence = 0;
  std::vector<std::int64_t> fines;  // fen, of decided penalties
  std::map<std::string, int> city_categories, county_categories;
};

org::Principal principal(store::Database& db, const std::string& login) {
  org::Principal p;
  EXPECT_TRUE(db.read([&](store::Tx& tx) -> Status {
                auto r = tx.query_one("SELECT id FROM people WHERE login = ?", {login});
                if (!r || !*r) return Error::internal("no " + login);
                auto x = org::load_principal(tx, (*r)->integer(0));
                if (!x) return x.error();
                p = *x;
                return {};
              }).ok());
  return p;
}

template <class F>
auto w(store::Database& db, F&& f) {
  using R = decltype(f(std::declval<store::Tx&>()));
  std::optional<R> out;
  auto st = db.write([&](store::Tx& tx) -> Status {
    out.emplace(f(tx));
    if constexpr (std::is_same_v<R, Status>) return *out;
    else return *out ? Status{} : Status(out->error());
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  return std::move(*out);
}

// Cases of 2024 (the demo's own are of last year and this year): in the city office and in 任城区.
Seeded seed(TestServer& server) {
  auto& db = server.db();
  Seeded s;
  auto wang = principal(db, "wangqiang"), liu = principal(db, "liuyang"), zhang = principal(db, "zhangwei");
  auto open = [&](const org::Principal& by, const std::string& category, const std::string& proc, const std::string& date,
                  std::int64_t fine, const std::string& code) {
    recording::NewCase c;
    c.matter_code = code;
    c.matter_name = category == "行政检查" ? "外国人来华邀请单位检查" : category == "行政许可" ? "邀请外国人来华审批" : "对违反外国人来华邀请管理规定行为的处罚";
    c.category = category;
    c.procedure_id = proc;
    c.party = {"person", "测试当事人", rid("37080219900101123"), "", ""};
    c.fine_fen = fine;
    c.on_date = date;
    if (by.person_id == wang.person_id) c.co_officer_id = liu.person_id;  // on-site documents name two officers (APL art. 42)
    auto id = w(db, [&](store::Tx& tx) { return recording::open_case(tx, by, c); });
    return id ? *id : 0;
  };
  auto sign = [&](const org::Principal& by, std::int64_t case_id, const std::string& kind) {
    auto d = w(db, [&](store::Tx& tx) { return recording::draft_document(tx, by, case_id, kind); });
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(w(db, [&](store::Tx& tx) { return recording::sign_document(tx, nullptr, by, *d); }).ok());
  };
  for (const char* date : {"2024-03-10", "2024-06-02", "2024-11-20"}) {
    s.city_case = open(wang, "行政检查", "inspection", date, 0, "JNWQB-JC-001");
    ++s.city_categories["行政检查"];
  }
  for (std::int64_t fine : {10000, 20000}) {
    auto id = open(wang, "行政处罚", "simplified_penalty", "2024-04-01", fine, "JNWQB-CF-001");
    sign(wang, id, "on_site_decision");
    sign(wang, id, "service_receipt");
    recording::ActInput in;
    in.transition = "decide";
    in.co_officers = {liu.person_id};
    in.on_date = "2024-04-01";
    EXPECT_TRUE(w(db, [&](store::Tx& tx) { return recording::act(tx, wang, id, in); }).ok());
    s.fines.push_back(fine);
    ++s.city_categories["行政处罚"];
  }
  // 任城区: an inspection, and a licence accepted on 2024-05-20 whose decision is long overdue.
  // (Handled in the city office, whose lists are published in the demo, then moved to 任城区 and
  // to its officer 张伟, as the authorization matrix moves records between agencies.)
  s.county_case = open(wang, "行政检查", "inspection", "2024-08-08", 0, "JNWQB-JC-001");
  ++s.county_categories["行政检查"];
  s.county_licence = open(wang, "行政许可", "licence", "2024-05-20", 0, "JNWQB-XK-001");
  sign(wang, s.county_licence, "licence_acceptance");
  recording::ActInput accept;
  accept.transition = "accept";
  accept.on_date = "2024-05-20";
  EXPECT_TRUE(w(db, [&](store::Tx& tx) { return recording::act(tx, wang, s.county_licence, accept); }).ok());
  ++s.county_categories["行政许可"];
  EXPECT_TRUE(db.write([&](store::Tx& tx) -> Status {
                  auto r = tx.exec("UPDATE rec_cases SET agency_id = ?, lead_officer_id = ?, co_officer_id = NULL WHERE id IN (?, ?)",
                                   {zhang.agency_id, zhang.person_id, s.county_case, s.county_licence});
                  return r ? Status{} : Status(r.error());
                }).ok());
  return s;
}

// A supervisor of 任城区 (the county office), added to the demo.
void add_county_supervisor(TestServer& server) {
  ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
    auto a = org::find_agency(tx, "rencheng");
    if (!a || !*a) return Error::internal("no rencheng");
    org::NewPerson np;
    np.person.agency_id = (*a)->id;
    np.person.name = "任城监督员";
    np.person.login = "rcsup";
    np.person.post = "科员";
    np.person.roles = {"supervisor"};
    np.password = kPw;
    auto id = org::create_person(tx, np);
    return id ? Status{} : Status(id.error());
  }).ok());
}

int count_of(const json& arr, const std::string& key, const std::string& value) {
  for (auto& x : arr)
    if (x[key] == value) return x["count"].get<int>();
  return 0;
}

TEST(Supervision, StatisticsEqualTheSeededCounts) {
  TestServer server;
  Seeded s = seed(server);
  Client c(server.port());
  ASSERT_EQ(c.login("zhoujian", kPw), 303);
  auto r = c.get("/api/v1/supervision/statistics?from=2024-01-01&to=2024-12-31");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  std::map<std::string, int> all = s.city_categories;
  for (auto& [k, n] : s.county_categories) all[k] += n;
  int total = 0;
  for (auto& [k, n] : all) {
    total += n;
    EXPECT_EQ(count_of(j["cases"]["by_category"], "category", k), n) << k;
  }
  EXPECT_EQ(j["cases"]["total"], total);
  EXPECT_EQ(j["agencies"], 16);
  std::int64_t sum = 0;
  for (auto f : s.fines) sum += f;
  auto sorted = s.fines;
  std::sort(sorted.begin(), sorted.end());
  std::int64_t median = sorted.size() % 2 ? sorted[sorted.size() / 2] : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
  EXPECT_EQ(j["fines"]["count"], s.fines.size());
  EXPECT_EQ(j["fines"]["sum_fen"], sum);
  EXPECT_EQ(j["fines"]["median_fen"], median);
  EXPECT_EQ(count_of(j["cases"]["by_outcome"], "outcome", "decide"), static_cast<int>(s.fines.size()));
  // The licence accepted on 2024-05-20 is past its 20-working-day decision limit.
  EXPECT_GE(j["deadlines"]["overdue"].get<int>(), 1);
  // One agency: its own cases only.
  auto rc = json::parse(c.get("/api/v1/supervision/statistics?agency=rencheng&from=2024-01-01&to=2024-12-31").body);
  int county_total = 0;
  for (auto& [k, n] : s.county_categories) county_total += n;
  EXPECT_EQ(rc["cases"]["total"], county_total);
  EXPECT_EQ(rc["fines"]["count"], 0);
  EXPECT_EQ(rc["agencies"], 1);
  // The page: charts with their tables.
  auto page = c.get("/workspace/supervision/statistics?from=2024-01-01&to=2024-12-31");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_NE(page.body.find("role=\"img\""), std::string::npos);
  EXPECT_NE(page.body.find("<title>按执法类别统计的案件数</title>"), std::string::npos);

  // Bad periods: clear Chinese errors naming the field.
  auto rev = c.get("/api/v1/supervision/statistics?from=2025-12-31&to=2025-01-01");
  EXPECT_EQ(rev.status, 400);
  EXPECT_EQ(json::parse(rev.body)["field"], "to");
  EXPECT_NE(rev.body.find("结束日期早于开始日期"), std::string::npos);
  auto ten = c.get("/api/v1/supervision/statistics?from=2014-01-01&to=2025-01-01");
  EXPECT_EQ(ten.status, 400);
  EXPECT_NE(ten.body.find("十年"), std::string::npos);
  auto bad = c.get("/workspace/supervision/statistics?from=2025-13-01");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("开始日期须为"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/supervision/statistics?agency=jnsfj").status, 404);  // not below the city office

  // Outcomes are counted by the decision's date, cases by the opening date: a penalty opened in
  // December 2023 and decided on 2024-04-01 is a case of 2023 and a fine of 2024.
  ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
    auto r = tx.exec("UPDATE rec_cases SET opened_on = '2023-12-20' WHERE id = (SELECT MIN(c.id) FROM rec_cases c JOIN rec_acts x ON "
                     "x.case_id = c.id WHERE x.transition = 'decide' AND x.on_date = '2024-04-01' AND c.opened_on = '2024-04-01')", {});
    return r ? Status{} : Status(r.error());
  }).ok());
  auto moved = json::parse(c.get("/api/v1/supervision/statistics?agency=jnwqb&from=2024-01-01&to=2024-12-31").body);
  EXPECT_EQ(moved["fines"]["count"], s.fines.size());
  EXPECT_EQ(count_of(moved["cases"]["by_outcome"], "outcome", "decide"), static_cast<int>(s.fines.size()));
  auto dec = json::parse(c.get("/api/v1/supervision/statistics?agency=jnwqb&from=2023-12-20&to=2023-12-20").body);
  EXPECT_EQ(dec["cases"]["total"], 1);
  EXPECT_EQ(dec["fines"]["count"], 0);
  EXPECT_EQ(count_of(dec["cases"]["by_outcome"], "outcome", "open"), 1);  // no decision by the period's end
  EXPECT_TRUE(moved.contains("av") && moved["av"].contains("coverage_pct"));
}

TEST(Supervision, JurisdictionAndReadOnly) {
  TestServer server;
  Seeded s = seed(server);
  add_county_supervisor(server);
  Client county(server.port());
  ASSERT_EQ(county.login("rcsup", kPw), 303);
  EXPECT_EQ(county.get("/api/v1/supervision/statistics?agency=jnwqb").status, 404);
  auto own = json::parse(county.get("/api/v1/supervision/statistics?from=2024-01-01&to=2024-12-31").body);
  EXPECT_EQ(own["agency"]["code"], "rencheng");
  EXPECT_EQ(own["agencies"], 1);
  EXPECT_EQ(county.get("/workspace/supervision/cases/" + std::to_string(s.city_case)).status, 404);
  EXPECT_EQ(county.get("/workspace/supervision/cases/" + std::to_string(s.county_case)).status, 200);
  auto list = county.get("/workspace/supervision/cases?from=2024-01-01&to=2024-12-31");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("共 2 件"), std::string::npos);
  EXPECT_EQ(list.body.find("/workspace/supervision/cases/" + std::to_string(s.city_case) + "\""), std::string::npos);
  EXPECT_EQ(county.get("/workspace/supervision/cases?agency=jnwqb").status, 404);

  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  auto all = city.get("/workspace/supervision/cases?from=2024-01-01&to=2024-12-31&sort=case_no&dir=asc");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("共 7 件"), std::string::npos);
  auto overdue = city.get("/workspace/supervision/cases?overdue=1");
  EXPECT_NE(overdue.body.find("/workspace/supervision/cases/" + std::to_string(s.county_licence) + "\""), std::string::npos);
  auto cv = city.get("/workspace/supervision/cases/" + std::to_string(s.county_case));
  ASSERT_EQ(cv.status, 200);
  EXPECT_NE(cv.body.find("监督查阅（只读）"), std::string::npos);
  EXPECT_EQ(cv.body.find("/act\""), std::string::npos);  // no act form
  auto x = city.get("/workspace/supervision/cases.xlsx?agency=rencheng");
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.body.substr(0, 2), "PK");
  // Nobody acts on a case they only supervise: the supervisor's role may not handle (403), the
  // city head's jurisdiction in recording is her own agency (404).
  EXPECT_EQ(city.post("/workspace/cases/" + std::to_string(s.county_case) + "/act",
                      form_encode({{"_csrf", city.csrf()}, {"transition", "start"}})).status, 403);
  Client head(server.port());
  ASSERT_EQ(head.login("lili", kPw), 303);
  EXPECT_EQ(head.get("/workspace/supervision/cases/" + std::to_string(s.county_case)).status, 200);
  EXPECT_EQ(head.post("/workspace/cases/" + std::to_string(s.county_case) + "/act",
                      form_encode({{"_csrf", head.csrf()}, {"transition", "start"}})).status, 404);
  // The county supervisor supervises the county's own case and still cannot act on it, nor
  // draft a document on it; the city head cannot draft either (outside her recording jurisdiction).
  EXPECT_EQ(county.post("/workspace/cases/" + std::to_string(s.county_case) + "/act",
                        form_encode({{"_csrf", county.csrf()}, {"transition", "start"}})).status, 403);
  EXPECT_EQ(county.post("/workspace/cases/" + std::to_string(s.county_case) + "/documents",
                        form_encode({{"_csrf", county.csrf()}, {"kind", "notice"}})).status, 403);
  EXPECT_EQ(head.post("/workspace/cases/" + std::to_string(s.county_case) + "/documents",
                      form_encode({{"_csrf", head.csrf()}, {"kind", "notice"}})).status, 404);
  // An officer is not a supervisor.
  Client officer(server.port());
  ASSERT_EQ(officer.login("wangqiang", kPw), 303);
  EXPECT_EQ(officer.get("/workspace/supervision/cases").status, 403);
}

// The drill-down opens the owning pillar's own page as a read-only viewer: the county licence's
// signed document and its PDF for the city head (whose recording jurisdiction is her own agency),
// nothing of the city office for the county supervisor, and no sign or edit form.
TEST(Supervision, DrillDownToDocumentsReadOnly) {
  TestServer server;
  Seeded s = seed(server);
  add_county_supervisor(server);
  Client head(server.port());
  ASSERT_EQ(head.login("lili", kPw), 303);
  auto cv = head.get("/workspace/supervision/cases/" + std::to_string(s.county_licence));
  ASSERT_EQ(cv.status, 200);
  const std::string prefix = "/workspace/supervision/documents/";
  auto at = cv.body.find(prefix);
  ASSERT_NE(at, std::string::npos);
  std::string doc = cv.body.substr(at + prefix.size(), cv.body.find('"', at) - at - prefix.size());
  ASSERT_FALSE(doc.empty());
  EXPECT_NE(cv.body.find(prefix + doc + "/pdf"), std::string::npos);
  auto page = head.get(prefix + doc);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("/sign\""), std::string::npos);
  EXPECT_EQ(page.body.find("action=\"/workspace/documents/" + doc + "\""), std::string::npos);  // no edit form
  auto pdf = head.get(prefix + doc + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  // Outside the head's own recording jurisdiction the pillar's route itself still answers 404.
  EXPECT_EQ(head.get("/workspace/documents/" + doc + "/pdf").status, 404);
  // A county supervisor: the county's document yes, a document of the city office no (404).
  Client county(server.port());
  ASSERT_EQ(county.login("rcsup", kPw), 303);
  EXPECT_EQ(county.get(prefix + doc + "/pdf").status, 200);
  std::int64_t city_doc = 0;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT d.id FROM rec_documents d JOIN rec_cases c ON c.id = d.case_id JOIN agencies a ON a.id = c.agency_id "
                          "WHERE a.code = 'jnwqb' AND d.status = 'signed' ORDER BY d.id LIMIT 1", {});
    if (!r || !*r) return Error::internal("no signed document of the city office");
    city_doc = (*r)->integer(0);
    return {};
  }).ok());
  EXPECT_EQ(head.get(prefix + std::to_string(city_doc) + "/pdf").status, 200);
  EXPECT_EQ(county.get(prefix + std::to_string(city_doc) + "/pdf").status, 404);
  EXPECT_EQ(county.get(prefix + std::to_string(city_doc)).status, 404);
  EXPECT_EQ(county.get(prefix + "999999").status, 404);
  EXPECT_EQ(county.get("/workspace/supervision/review/999999").status, 404);
  EXPECT_EQ(county.get("/workspace/supervision/decisions/999999").status, 404);
}

// A notifier that keeps what it is given (no outside service in tests).
struct Captured : supervision::Notifier {
  std::mutex mu;
  std::vector<supervision::Notice> notices;
  void send(const supervision::Notice& n) override {
    std::lock_guard lk(mu);
    notices.push_back(n);
  }
};

TEST(Supervision, RedWarningOnTheOfficialCalendarAndUrge) {
  TestServer server;
  Seeded s = seed(server);
  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  auto page = city.get("/workspace/supervision/warnings");
  ASSERT_EQ(page.status, 200);
  // 20 working days after 2024-05-20 on the official calendar (端午节 2024-06-10 off): 2024-06-18,
  // where counting every weekday would give 06-17.
  auto at = page.body.find("/workspace/supervision/cases/" + std::to_string(s.county_licence));
  ASSERT_NE(at, std::string::npos);
  auto item = page.body.substr(at, 600);
  EXPECT_NE(item.find("作出行政许可决定"), std::string::npos);
  EXPECT_NE(item.find("期限 2024年6月18日"), std::string::npos) << item;
  EXPECT_NE(page.body.find("红色预警"), std::string::npos);

  std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"X-CSRF-Token", city.csrf()}};
  auto bad = city.send("POST", "/api/v1/supervision/urges", R"({"kind":"nonsense","ref_id":1,"rule":""})", h);
  EXPECT_EQ(bad.status, 400);
  // The notifier is told only after the commit: a 督办 whose transaction rolls back sends nothing.
  auto sent = std::make_shared<Captured>();
  supervision::set_notifier(sent);
  auto sup = principal(server.db(), "zhoujian");
  auto rolled_back = server.db().write([&](store::Tx& tx) -> Status {
    auto r = supervision::urge(tx, sup, {"case", s.county_licence, "licence.decision", ""}, clock::today_beijing());
    if (!r) return r.error();
    return Error::conflict("rolled back on purpose");
  });
  EXPECT_FALSE(rolled_back.ok());
  EXPECT_TRUE(sent->notices.empty());
  auto u = city.send("POST", "/api/v1/supervision/urges",
                     json{{"kind", "case"}, {"ref_id", s.county_licence}, {"rule", "licence.decision"}, {"note", "请于三日内办结"}}.dump(), h);
  ASSERT_EQ(u.status, 201) << u.body;
  supervision::set_notifier(nullptr);
  std::int64_t urged = 0, zhang = principal(server.db(), "zhangwei").person_id;
  ASSERT_EQ(sent->notices.size(), 1u);
  EXPECT_EQ(sent->notices[0].person_id, zhang);
  EXPECT_EQ(sent->notices[0].href, "/workspace/cases/" + std::to_string(s.county_licence));
  std::string payload;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT urged_id FROM sup_urges WHERE ref_id = ?", {s.county_licence});
    if (r && *r) urged = (*r)->integer(0);
    auto e = tx.query("SELECT payload FROM ledger_events WHERE kind = 'supervision.urged'");
    if (e)
      for (auto& row : *e) payload += row.text(0);
    return {};
  }).ok());
  EXPECT_EQ(urged, zhang);
  EXPECT_NE(payload.find("\"ref\":" + std::to_string(s.county_licence)), std::string::npos) << payload;
  EXPECT_EQ(payload.find("请于三日内办结"), std::string::npos);  // the note never reaches the ledger
  // The urged officer sees it; an urge about something not warned is refused, nothing saved.
  Client officer(server.port());
  ASSERT_EQ(officer.login("zhangwei", kPw), 303);
  auto mine = officer.get("/workspace/supervision/warnings");
  EXPECT_NE(mine.body.find("督办我的事项"), std::string::npos);
  EXPECT_NE(mine.body.find("周健"), std::string::npos);
  auto none = city.send("POST", "/api/v1/supervision/urges", json{{"kind", "case"}, {"ref_id", s.city_case}, {"rule", "x"}}.dump(), h);
  EXPECT_EQ(none.status, 404);
}

std::string pdftotext(const std::string& pdf) {
  std::string path = "/tmp/zhifa-sup-" + std::to_string(::getpid()) + ".pdf";
  { std::ofstream(path, std::ios::binary) << pdf; }
  std::string out;
  if (FILE* f = ::popen(("pdftotext " + path + " - 2>&1").c_str(), "r")) {
    char buf[4096];
    while (auto n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    ::pclose(f);
  }
  std::remove(path.c_str());
  return out;
}

// The demo publishes last year's report of the city office; the PDF and the workbook say what
// the records say (cases counted here from rec_cases), a year not ended is refused, and only the
// agency's own head reviews.
TEST(Supervision, AnnualReportPublishedAsPdfAndXlsx) {
  TestServer server;
  std::string year = std::to_string(std::stoi(clock::today_beijing().substr(0, 4)) - 1);
  std::int64_t cases = -1;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT COUNT(*) FROM rec_cases c JOIN agencies a ON a.id = c.agency_id WHERE a.code = 'jnwqb' "
                          "AND c.opened_on >= ? AND c.opened_on <= ?", {year + "-01-01", year + "-12-31"});
    cases = (*r)->integer(0);
    return {};
  }).ok());
  ASSERT_GT(cases, 0);
  Client anon(server.port());
  auto page = anon.get("/agencies/jnwqb/reports/" + year);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 500);
  EXPECT_NE(page.body.find(year + "年度行政执法数据报告"), std::string::npos);
  auto pdf = anon.get("/agencies/jnwqb/reports/" + year + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  std::string text = pdftotext(pdf.body);
  text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
  EXPECT_NE(text.find("年度行政执法数据报告"), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("一、总体情况"), std::string::npos);
  auto at = text.find("立案 / 受理案件（件）");
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_NE(text.substr(at, 80).find(std::to_string(cases)), std::string::npos) << text.substr(at, 80);
  auto xlsx = anon.get("/agencies/jnwqb/reports/" + year + ".xlsx");
  ASSERT_EQ(xlsx.status, 200);
  auto grid = sheet::read_xlsx(xlsx.body);
  ASSERT_TRUE(grid.ok());
  bool found = false;
  for (auto& row : *grid)
    if (row.size() >= 2 && row[0] == "立案 / 受理案件（件）") found = row[1] == std::to_string(cases);
  EXPECT_TRUE(found);
  EXPECT_EQ(anon.get("/agencies/rencheng/reports/" + year).status, 404);  // not published
  EXPECT_EQ(anon.get("/agencies/jnwqb/reports/" + year + ".doc").status, 404);

  Client city(server.port());
  ASSERT_EQ(city.login("zhoujian", kPw), 303);
  auto overview = city.get("/workspace/supervision/reports/" + year);
  ASSERT_EQ(overview.status, 200);
  EXPECT_NE(overview.body.find("已公开"), std::string::npos);
  EXPECT_NE(overview.body.find("未编制"), std::string::npos);  // the counties have not
  std::string this_year = clock::today_beijing().substr(0, 4);
  auto notyet = city.post("/workspace/supervision/reports/" + this_year + "/generate", form_encode({{"_csrf", city.csrf()}, {"agency", "jnwqb"}}));
  EXPECT_EQ(notyet.status, 400);
  EXPECT_NE(notyet.body.find("尚未结束"), std::string::npos);
  std::int64_t rows = -1;
  ASSERT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
    rows = (*tx.query_one("SELECT COUNT(*) FROM sup_reports WHERE year = ?", {static_cast<std::int64_t>(std::stoi(this_year))}))->integer(0);
    return {};
  }).ok());
  EXPECT_EQ(rows, 0);
  // 任城区's report, drafted by the city supervisor; the city head reads the agencies below but
  // reviews only her own agency's report: another agency's answers as missing.
  EXPECT_EQ(city.post("/workspace/supervision/reports/" + year + "/generate", form_encode({{"_csrf", city.csrf()}, {"agency", "rencheng"}})).status, 303);
  EXPECT_EQ(city.post("/workspace/supervision/reports/" + year + "/narrative",
                      form_encode({{"_csrf", city.csrf()}, {"agency", "rencheng"}, {"overview", "总体情况"}})).status, 303);
  Client head(server.port());
  ASSERT_EQ(head.login("lili", kPw), 303);
  EXPECT_EQ(head.post("/workspace/supervision/reports/" + year + "/review", form_encode({{"_csrf", head.csrf()}, {"agency", "rencheng"}})).status, 404);
  Client other(server.port());
  ASSERT_EQ(other.login("mawen", kPw), 303);  // 司法局: not above the city office in the tree
  EXPECT_EQ(other.get("/workspace/supervision/reports/" + year + "?agency=jnwqb").status, 404);
}

}  // namespace
}  // namespace zhifa::testing
