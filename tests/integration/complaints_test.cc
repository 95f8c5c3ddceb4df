// 投诉举报 over HTTP (issue 19): a citizen submits a complaint about a county office's act → it is
// routed to the supervising city office, never to the office complained about, which cannot see it
// → the city office's officer accepts and replies → the complainant reads the reply by the tracking
// code, which never shows the contact. A complaint about the city office goes to the oversight
// body (济宁市司法局); a reply that finds the act unlawful waits for the head's approval. Bad input,
// floods (429 + Retry-After), replays (Idempotency-Key), attachments by their bytes, 413.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <cstdlib>
#include <set>
#include <tuple>

#include "harness.h"
#include "platform/blob/blob_store.h"

namespace zhifa::testing {
namespace {

using json = nlohmann::json;
const char* kPw = "zhifa-demo-2025";

std::int64_t id_of(TestServer& s, const std::string& code) {
  std::int64_t v = -1;
  EXPECT_TRUE(s.db().read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT id FROM complaints WHERE code_sha256 = ?", {blob::sha256_hex(code)});
    if (!r) return r.error();
    if (*r) v = (*r)->integer(0);
    return {};
  }));
  return v;
}

HttpResult submit_json(Client& c, const json& body, const std::map<std::string, std::string>& extra = {}) {
  std::map<std::string, std::string> h{{"Content-Type", "application/json"}};
  for (auto& [k, v] : extra) h[k] = v;
  return c.send("POST", "/api/v1/complaints", body.dump(), h);
}

json complaint(const std::string& agency, const std::string& text, const std::string& phone = "13812345678") {
  return {{"kind", "投诉"}, {"agency", agency}, {"what_happened", text}, {"request", "请求核查并答复。"},
          {"contact", {{"phone", phone}}}, {"consent", true}};
}

std::string multipart(const std::string& boundary, const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::vector<std::tuple<std::string, std::string, std::string>>& files) {
  std::string b;
  for (auto& [k, v] : fields) b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  for (auto& [name, filename, bytes] : files)
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n";
  return b + "--" + boundary + "--\r\n";
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(32, '\x01');

TEST(ComplaintsHttp, SubmitRouteAcceptReplyAndTheComplainantReads) {
  TestServer s;
  Client citizen(s.port());
  citizen.from = "127.0.0.21";
  const std::string text = "检查时执法人员未出示执法证件，我的身份证号 370811199001011234 被记录。";
  auto r = submit_json(citizen, complaint("rencheng", text));
  ASSERT_EQ(r.status, 201) << r.body;
  auto out = json::parse(r.body);
  std::string code = out["code"];
  EXPECT_GE(code.size(), 20u);  // 128 random bits, URL-safe base64
  EXPECT_EQ(out["handling_agency"], "济宁市人民政府外事侨务办公室");  // the supervisor, not 任城区
  std::int64_t id = id_of(s, code);
  ASSERT_GT(id, 0);

  // The tracking page: the text (ID number masked), the state, the deadline; never the contact.
  auto page = citizen.get("/complaints/" + code);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("已收到，待受理"), std::string::npos);
  EXPECT_NE(page.body.find("济宁市人民政府外事侨务办公室"), std::string::npos);
  EXPECT_EQ(page.body.find("13812345678"), std::string::npos);
  EXPECT_EQ(page.body.find("370811199001011234"), std::string::npos);
  EXPECT_NE(page.body.find("执法人员未出示执法证件"), std::string::npos);
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_EQ(citizen.get("/complaints/" + code + "x").status, 404);
  // A member of staff following the link: the access log keeps the route, not the code.
  Client staff_reader(s.port());
  ASSERT_EQ(staff_reader.login("lili", kPw), 303);
  ASSERT_EQ(staff_reader.get("/complaints/" + code).status, 200);
  EXPECT_TRUE(s.db().read([&](store::Tx& tx) -> Status {
    auto n = tx.query_one("SELECT COUNT(*) FROM access_log WHERE subject LIKE ?", {"%" + code + "%"});
    if (!n) return n.error();
    EXPECT_EQ((*n)->integer(0), 0);
    return {};
  }).ok());

  // The office complained about sees nothing of it (not even that it exists).
  Client county(s.port());
  ASSERT_EQ(county.login("zhangwei", kPw), 303);
  EXPECT_EQ(county.get("/workspace/complaints/" + std::to_string(id)).status, 404);
  EXPECT_EQ(county.get("/workspace/complaints").body.find(text.substr(0, 30)), std::string::npos);

  // The city office's officer: in the list and in "my tasks"; the contact only once assigned.
  Client wang(s.port());
  ASSERT_EQ(wang.login("wangqiang", kPw), 303);
  auto list = wang.get("/workspace/complaints");
  EXPECT_NE(list.body.find("/workspace/complaints/" + std::to_string(id)), std::string::npos);
  EXPECT_NE(wang.get("/workspace").body.find("/workspace/complaints/" + std::to_string(id)), std::string::npos);
  auto detail = wang.get("/workspace/complaints/" + std::to_string(id));
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.body.find("13812345678"), std::string::npos);
  EXPECT_NE(detail.body.find("仅承办人可见"), std::string::npos);
  auto accept = wang.post("/workspace/complaints/" + std::to_string(id) + "/handle", form_encode({{"_csrf", wang.csrf()}, {"action", "accept"}}));
  ASSERT_EQ(accept.status, 303) << accept.body.substr(0, 400);
  detail = wang.get("/workspace/complaints/" + std::to_string(id));
  EXPECT_NE(detail.body.find("13812345678"), std::string::npos);  // the assigned handler
  // Another officer of the same office: not assigned, no contact, may not act.
  Client liu(s.port());
  ASSERT_EQ(liu.login("liuyang", kPw), 303);
  EXPECT_EQ(liu.get("/workspace/complaints/" + std::to_string(id)).body.find("13812345678"), std::string::npos);
  EXPECT_EQ(liu.post("/workspace/complaints/" + std::to_string(id) + "/handle",
                     form_encode({{"_csrf", liu.csrf()}, {"action", "reply"}, {"finding", "not_upheld"}, {"reply", "x"}}))
                .status,
            403);
  EXPECT_NE(citizen.get("/complaints/" + code).body.find("已受理，办理中"), std::string::npos);

  auto reply = wang.post("/workspace/complaints/" + std::to_string(id) + "/handle",
                         form_encode({{"_csrf", wang.csrf()}, {"action", "reply"}, {"finding", "not_upheld"},
                                      {"reply", "经调取执法记录仪录像核实，执法人员已出示执法证件。"}}));
  ASSERT_EQ(reply.status, 303) << reply.body.substr(0, 400);
  page = citizen.get("/complaints/" + code);
  EXPECT_NE(page.body.find("已答复，办结"), std::string::npos);
  EXPECT_NE(page.body.find("经调取执法记录仪录像核实"), std::string::npos);
  auto api = citizen.get("/api/v1/complaints/" + code);
  ASSERT_EQ(api.status, 200);
  auto view = json::parse(api.body);
  EXPECT_EQ(view["state"], "replied");
  EXPECT_EQ(view["finding"], "not_upheld");
  EXPECT_FALSE(view.contains("contact"));
  EXPECT_EQ(api.body.find("13812345678"), std::string::npos);

  // The public ledger holds the steps, but none of what was written, nor the contact.
  bool ok = s.db().read([&](store::Tx& tx) -> Status {
    auto rows = tx.query("SELECT kind, payload FROM ledger_events WHERE subject = ?", {"complaint:" + std::to_string(id)});
    if (!rows) return rows.error();
    std::set<std::string> kinds;
    for (auto& row : *rows) {
      kinds.insert(row.text(0));
      EXPECT_EQ(row.text(1).find("13812345678"), std::string::npos);
      EXPECT_EQ(row.text(1).find("执法证件"), std::string::npos);
    }
    EXPECT_TRUE(kinds.count("complaints.received") && kinds.count("complaints.accepted") && kinds.count("complaints.replied"));
    return {};
  }).ok();
  EXPECT_TRUE(ok);
}

TEST(ComplaintsHttp, TheCityOfficesOwnActGoesToTheOversightBodyAndAnUnlawfulFindingNeedsTheHead) {
  TestServer s;
  Client citizen(s.port());
  citizen.from = "127.0.0.22";
  auto r = submit_json(citizen, complaint("jnwqb", "邀请外国人来华审批超期未作决定。"));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string code = json::parse(r.body)["code"];
  EXPECT_EQ(json::parse(r.body)["handling_agency"], "济宁市司法局");
  std::int64_t id = id_of(s, code);
  // Nobody of the city office sees it, not its supervisor nor its administrator.
  for (const char* login : {"wangqiang", "zhoujian", "admin", "lili"}) {
    Client c(s.port());
    ASSERT_EQ(c.login(login, kPw), 303);
    EXPECT_EQ(c.get("/workspace/complaints/" + std::to_string(id)).status, 404) << login;
  }
  Client ma(s.port());
  ASSERT_EQ(ma.login("mawen", kPw), 303);
  ASSERT_EQ(ma.post("/workspace/complaints/" + std::to_string(id) + "/handle", form_encode({{"_csrf", ma.csrf()}, {"action", "accept"}})).status, 303);
  ASSERT_EQ(ma.post("/workspace/complaints/" + std::to_string(id) + "/handle",
                    form_encode({{"_csrf", ma.csrf()}, {"action", "reply"}, {"finding", "upheld"}, {"reply", "经核查投诉属实，已责令限期作出决定。"}}))
                .status,
            303);
  auto page = citizen.get("/complaints/" + code);
  EXPECT_NE(page.body.find("答复待负责人审批"), std::string::npos);
  EXPECT_EQ(page.body.find("已责令限期作出决定"), std::string::npos);  // not before the approval
  // The handler may not approve; the head does (it shows in the head's tasks).
  EXPECT_EQ(ma.post("/workspace/complaints/" + std::to_string(id) + "/approve", form_encode({{"_csrf", ma.csrf()}, {"action", "approve"}})).status, 403);
  Client song(s.port());
  ASSERT_EQ(song.login("songtao", kPw), 303);
  EXPECT_NE(song.get("/workspace").body.find("答复待您审批"), std::string::npos);
  EXPECT_EQ(song.get("/workspace/complaints/" + std::to_string(id)).body.find("13812345678"), std::string::npos);  // the head: no contact
  ASSERT_EQ(song.post("/workspace/complaints/" + std::to_string(id) + "/approve", form_encode({{"_csrf", song.csrf()}, {"action", "approve"}})).status, 303);
  page = citizen.get("/complaints/" + code);
  EXPECT_NE(page.body.find("已责令限期作出决定"), std::string::npos);
  EXPECT_NE(page.body.find("投诉属实"), std::string::npos);
}

TEST(ComplaintsHttp, TheFormWorksWithoutJavaScriptWithAttachmentsInChineseAndEnglish) {
  TestServer s;
  Client c(s.port());
  c.from = "127.0.0.23";
  auto form = c.get("/complaints/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("投诉举报"), std::string::npos);
  EXPECT_NE(form.body.find("name=\"_csrf\""), std::string::npos);
  EXPECT_NE(form.body.find("济宁市司法局"), std::string::npos);
  auto en = c.get("/complaints/new?lang=en");
  EXPECT_NE(en.body.find("Complaints and reports"), std::string::npos);
  const std::string boundary = "zhifaTestBoundary7x";
  std::vector<std::pair<std::string, std::string>> fields{
      {"_csrf", c.csrf()}, {"kind", "report"}, {"agency", "qufu"}, {"what_happened", "某旅行社组织外国人参观未开放区域。"}, {"consent", "1"}};
  auto body = multipart(boundary, fields, {{"attachments", "photo.png", kPng}});
  auto r = c.send("POST", "/complaints", body, {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  std::string location = r.header("location");
  ASSERT_EQ(location.rfind("/complaints/", 0), 0u);
  auto page = c.get(location);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("请保存您的查询码"), std::string::npos);
  EXPECT_NE(page.body.find("举报"), std::string::npos);
  std::string code = location.substr(12, location.find('?') - 12);
  std::int64_t id = id_of(s, code);
  ASSERT_GT(id, 0);
  // The photo is stored, but only staff of the handling agency could ever fetch it: no public URL.
  EXPECT_EQ(page.body.find("/attachments/"), std::string::npos);

  // A file that is not what it says: refused, nothing stored.
  auto bad = c.send("POST", "/complaints",
                    multipart(boundary, fields, {{"attachments", "photo.jpg", "MZ\x90\x00 an executable"}}),
                    {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("JPEG、PNG"), std::string::npos);
  // An attachment over 5 MB: 413.
  auto big = c.send("POST", "/complaints", multipart(boundary, fields, {{"attachments", "big.png", kPng + std::string(6 << 20, 'x')}}),
                    {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  EXPECT_EQ(big.status, 413);
  // A body over the route's limit, by Content-Length: 413 before any of it is read.
  auto head = raw_request(s.port(), "POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n");
  EXPECT_EQ(head.status, 413);
  // No CSRF token: refused.
  Client stranger(s.port());
  EXPECT_EQ(stranger.send("POST", "/complaints", "kind=report", {}).status, 403);
}

TEST(ComplaintsHttp, BadInputIsRefusedWithTheFieldAndNothingIsStored) {
  TestServer s;
  Client c(s.port());
  c.from = "127.0.0.24";
  std::int64_t before = -1;
  auto count = [&] {
    std::int64_t n = -1;
    (void)s.db().read([&](store::Tx& tx) -> Status {
      auto r = tx.query_one("SELECT COUNT(*) FROM complaints");
      if (r && *r) n = (*r)->integer(0);
      return {};
    });
    return n;
  };
  before = count();
  auto field_of = [](const HttpResult& r) { return json::parse(r.body, nullptr, false).value("field", std::string()); };
  auto empty = c.send("POST", "/api/v1/complaints", "", {{"Content-Type", "application/json"}});
  EXPECT_EQ(empty.status, 400);
  auto r = submit_json(c, complaint("rencheng", ""));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "what_happened");
  r = submit_json(c, complaint("rencheng", std::string(100 * 1024, 'a')));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "what_happened");
  auto no_consent = complaint("rencheng", "x");
  no_consent["consent"] = false;
  EXPECT_EQ(field_of(submit_json(c, no_consent)), "consent");
  auto anonymous_complaint = complaint("rencheng", "x");
  anonymous_complaint.erase("contact");
  EXPECT_EQ(field_of(submit_json(c, anonymous_complaint)), "contact");
  EXPECT_EQ(field_of(submit_json(c, complaint("nosuchagency", "x"))), "agency");
  auto bad_phone = complaint("rencheng", "x", "call me maybe");
  EXPECT_EQ(field_of(submit_json(c, bad_phone)), "contact.phone");
  auto wrong_type = complaint("rencheng", "x");
  wrong_type["what_happened"] = 42;
  EXPECT_EQ(field_of(submit_json(c, wrong_type)), "what_happened");
  EXPECT_EQ(count(), before);

  // An anonymous 举报 is fine; a decision number that does not exist is kept as text and flagged.
  json report{{"kind", "举报"}, {"concerning", "济外侨罚〔2099〕999号"}, {"what_happened", "某公司违规。"}, {"consent", true}};
  r = submit_json(c, report);
  ASSERT_EQ(r.status, 201) << r.body;
  auto view = json::parse(c.get("/api/v1/complaints/" + json::parse(r.body)["code"].get<std::string>()).body);
  EXPECT_EQ(view["concern_found"], false);
  EXPECT_EQ(view["concerning"], "济外侨罚〔2099〕999号");
  EXPECT_EQ(view["anonymous"], true);
  EXPECT_EQ(count(), before + 1);
}

TEST(ComplaintsHttp, FloodsAre429WithRetryAfterAndReplaysAnswerTheSameCode) {
  TestServer s;
  Client c(s.port());
  c.from = "127.0.0.25";
  auto first = submit_json(c, complaint("rencheng", "第一件。"), {{"Idempotency-Key", "k-0001-abcdef"}});
  ASSERT_EQ(first.status, 201);
  auto again = submit_json(c, complaint("rencheng", "第一件。"), {{"Idempotency-Key", "k-0001-abcdef"}});
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["code"], json::parse(first.body)["code"]);
  EXPECT_EQ(json::parse(again.body)["replay"], true);
  auto reused = submit_json(c, complaint("rencheng", "另一件。"), {{"Idempotency-Key", "k-0001-abcdef"}});
  EXPECT_EQ(reused.status, 409);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(submit_json(c, complaint("rencheng", "第" + std::to_string(i + 2) + "件。")).status, 201) << i;
  auto flood = submit_json(c, complaint("rencheng", "第六件。"));
  EXPECT_EQ(flood.status, 429);
  int retry = std::atoi(flood.header("retry-after").c_str());
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 3600);
  // The form too; another address is not affected.
  auto form = c.get("/complaints/new");
  auto f = c.post("/complaints", form_encode({{"_csrf", c.csrf()}, {"kind", "report"}, {"what_happened", "x"}, {"consent", "1"}}));
  EXPECT_EQ(f.status, 429);
  EXPECT_FALSE(f.header("retry-after").empty());
  Client other(s.port());
  other.from = "127.0.0.26";
  EXPECT_EQ(submit_json(other, complaint("rencheng", "别处的。")).status, 201);
}

TEST(ComplaintsHttp, TheHandlerAsksForMoreAndTheComplainantAnswersOnTheTrackingPage) {
  TestServer s;
  Client citizen(s.port());
  citizen.from = "127.0.0.27";
  auto r = submit_json(citizen, complaint("rencheng", "罚款决定未说明理由。"));
  ASSERT_EQ(r.status, 201);
  std::string code = json::parse(r.body)["code"];
  std::int64_t id = id_of(s, code);
  Client wang(s.port());
  ASSERT_EQ(wang.login("wangqiang", kPw), 303);
  ASSERT_EQ(wang.post("/workspace/complaints/" + std::to_string(id) + "/handle",
                      form_encode({{"_csrf", wang.csrf()}, {"action", "request_info"}, {"reason", "请提供处罚决定书的文号。"}}))
                .status,
            303);
  auto page = citizen.get("/complaints/" + code);
  EXPECT_NE(page.body.find("请提供处罚决定书的文号"), std::string::npos);
  EXPECT_NE(page.body.find("/supplement"), std::string::npos);
  const std::string boundary = "suppBoundary42";
  auto body = multipart(boundary, {{"_csrf", citizen.csrf()}, {"supplement", "文号是任外侨罚〔2025〕7号。"}}, {{"attachments", "d.png", kPng}});
  auto sent = citizen.send("POST", "/complaints/" + code + "/supplement", body, {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 400);
  EXPECT_NE(citizen.get("/complaints/" + code).body.find("已收到，待受理"), std::string::npos);
  auto detail = wang.get("/workspace/complaints/" + std::to_string(id));
  EXPECT_NE(detail.body.find("文号是任外侨罚〔2025〕7号"), std::string::npos);
  EXPECT_NE(detail.body.find("d.png"), std::string::npos);
  // Only once asked: a second answer is refused.
  EXPECT_EQ(citizen.post("/complaints/" + code + "/supplement", form_encode({{"_csrf", citizen.csrf()}, {"supplement", "again"}})).status, 409);
}

TEST(ComplaintsHttp, DemoStatisticsAndTasks) {
  TestServer s;
  Client anon(s.port());
  auto st = anon.get("/api/v1/complaints/statistics");
  ASSERT_EQ(st.status, 200);
  auto j = json::parse(st.body);
  EXPECT_GE(j["total"].get<int>(), 12);
  EXPECT_GE(j["by_kind"]["complaint"].get<int>(), 5);
  EXPECT_GE(j["by_kind"]["report"].get<int>(), 3);
  EXPECT_GE(j["timeliness"]["open_overdue"].get<int>(), 1);
  EXPECT_EQ(anon.get("/api/v1/complaints/statistics?from=bad").status, 400);
  // The demo complaint about a published decision: linked, with the remedies route in the form.
  auto demo = anon.get("/complaints/demo-tousu-2025-jnwqb-decision-01");
  ASSERT_EQ(demo.status, 200);
  EXPECT_NE(demo.body.find("已公示的执法决定"), std::string::npos);
  EXPECT_NE(demo.body.find("济宁市司法局"), std::string::npos);
  EXPECT_NE(demo.body.find("需调取案卷"), std::string::npos);  // the reason of the extension is told
  EXPECT_NE(anon.get("/complaints/demo-tousu-2025-jnwqb-decision-01?lang=en").body.find("Handled by"), std::string::npos);
  // The handler's tasks: the overdue complaint is a red card.
  Client wang(s.port());
  ASSERT_EQ(wang.login("wangqiang", kPw), 303);
  auto home = wang.get("/workspace");
  EXPECT_NE(home.body.find("已超期"), std::string::npos);
  EXPECT_NE(home.body.find("/workspace/complaints/"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::testing
