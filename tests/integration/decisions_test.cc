// Publicity after enforcement over HTTP: an officer issues an on-the-spot penalty through the JSON
// API → the publication opens with its due date → the editor is refused until the mask review is
// done, reviews and publishes → the public finds it by a 2-character word, reads the masked page,
// and the record's SHA-256 matches the ledger entry → withdrawn (APL art. 48) it leaves the search,
// the page shows the notice, and it cannot be published again. Odd search input is answered safely.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "harness.h"
#include "law/identifiers.h"
#include "platform/blob/blob_store.h"
#include "platform/http/util.h"

namespace zhifa::testing {
namespace {

using json = nlohmann::json;
const char* kPw = "zhifa-demo-2025";

std::string field(const std::string& html, const std::string& name) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"" + name + "\" value=\"(\\d+)\""))) return m[1];
  return "";
}

std::int64_t scalar(store::Database& db, const std::string& sql, store::Params params = {}) {
  std::int64_t v = -1;
  EXPECT_TRUE(db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one(sql, params);
    if (!r) return r.error();
    v = *r && !(*r)->is_null(0) ? (*r)->integer(0) : -1;
    return {};
  }));
  return v;
}

TEST(DecisionsHttp, IssuedMaskedPublishedFoundVerifiedWithdrawn) {
  TestServer s;
  Client officer(s.port()), editor(s.port()), anon(s.port());
  ASSERT_EQ(officer.login("wangqiang", kPw), 303);
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  std::int64_t liu = scalar(s.db(), "SELECT id FROM people WHERE login = 'liuyang'");
  std::string first = "37083019850211301";
  std::string id_number = first + law::resident_id_check_char(first);

  // 1. The officer decides an on-the-spot penalty (简易程序, APL art. 51) through the JSON API.
  std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"X-CSRF-Token", officer.csrf()}};
  json body{{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"}, {"category", "行政处罚"},
            {"procedure_id", "simplified_penalty"}, {"fine_fen", 10000}, {"co_officer_id", liu},
            {"facts", "当事人未按规定报告所邀请外国人的行程变更情况，情节轻微。"},
            {"party", {{"kind", "person"}, {"name", "钱多多"}, {"id_number", id_number}, {"phone", "13905370000"}}}};
  auto created = officer.send("POST", "/api/v1/cases", body.dump(), h);
  ASSERT_EQ(created.status, 201) << created.body;
  auto case_id = json::parse(created.body)["id"].get<std::int64_t>();
  std::string base = "/api/v1/cases/" + std::to_string(case_id);
  for (const char* kind : {"on_site_decision", "service_receipt"}) {
    auto d = officer.send("POST", base + "/documents", json{{"kind", kind}}.dump(), h);
    ASSERT_EQ(d.status, 201) << d.body;
    auto doc = json::parse(d.body)["id"].get<std::int64_t>();
    auto signed_ = officer.send("POST", "/api/v1/documents/" + std::to_string(doc) + "/sign", "{}", h);
    ASSERT_EQ(signed_.status, 200) << signed_.body;
  }
  auto decided = officer.send("POST", base + "/acts", json{{"transition", "decide"}, {"co_officers", {liu}}}.dump(), h);
  ASSERT_EQ(decided.status, 200) << decided.body;

  // 2. The publication opened in the same transaction, due in 7 working days (118).
  std::int64_t id = scalar(s.db(), "SELECT id FROM pub_decisions WHERE source = ?", {"case:" + std::to_string(case_id)});
  ASSERT_GT(id, 0);
  std::string page_url = "/workspace/decisions/" + std::to_string(id);
  auto page = editor.get(page_url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("钱多多"), std::string::npos);   // the editor sees the original
  EXPECT_NE(page.body.find("钱某某"), std::string::npos);   // and what the public will see
  EXPECT_NE(page.body.find("<mark class=\"mask-name\""), std::string::npos);
  EXPECT_NE(editor.get("/workspace/decisions").body.find(page_url), std::string::npos);
  // A task on the editor's dashboard.
  EXPECT_NE(editor.get("/workspace").body.find(page_url), std::string::npos);

  // The same for API clients: the spans, without the page's form token.
  auto api_view = editor.get("/api/v1/workspace/decisions/" + std::to_string(id));
  ASSERT_EQ(api_view.status, 200);
  auto view = json::parse(api_view.body);
  EXPECT_FALSE(view["spans"].empty());
  EXPECT_FALSE(view.contains("csrf"));
  EXPECT_EQ(api_view.body.find(editor.csrf()), std::string::npos);

  // 3. Not public yet; publishing before the mask review is refused and nothing changes.
  EXPECT_EQ(anon.get("/decisions/" + std::to_string(id)).status, 404);
  auto early = editor.post(page_url + "/publish", form_encode({{"_csrf", editor.csrf()}}));
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("须先完成脱敏审查"), std::string::npos);
  EXPECT_EQ(scalar(s.db(), "SELECT COUNT(*) FROM pub_decisions WHERE id = ? AND state = 'pending'", {id}), 1);
  // An officer may not publish; no CSRF token, no change.
  EXPECT_EQ(officer.post(page_url + "/publish", form_encode({{"_csrf", officer.csrf()}})).status, 403);
  EXPECT_EQ(editor.post(page_url + "/publish", "").status, 403);

  // 4. Mask review: a removal needs a reason; the editor confirms; then publishes.
  std::string rev = field(editor.get(page_url).body, "revision");
  ASSERT_FALSE(rev.empty());
  auto no_reason = editor.post(page_url + "/masks/remove", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"span", "0"}, {"reason", ""}}));
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("须说明理由"), std::string::npos);
  ASSERT_EQ(editor.post(page_url + "/masks/confirm", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}})).status, 303);
  // A stale revision is told the publication changed.
  auto stale = editor.post(page_url + "/masks/add", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"text", "行程"}, {"reason", "x"}}));
  EXPECT_EQ(stale.status, 409);
  ASSERT_EQ(editor.post(page_url + "/publish", form_encode({{"_csrf", editor.csrf()}})).status, 303);

  // 5. The public finds it by a 2-character word, reads the masked page, and can check the record.
  auto found = anon.get("/decisions?q=" + http::url_encode("罚款") + "&category=" + http::url_encode("行政处罚"));
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("/decisions/" + std::to_string(id)), std::string::npos);
  EXPECT_NE(found.body.find("<mark>罚款</mark>"), std::string::npos);
  auto data = json::parse(anon.get("/decisions.json?q=" + http::url_encode("罚款")).body);
  bool listed = false;
  for (auto& item : data["items"]) listed |= item["id"] == id;
  EXPECT_TRUE(listed);
  auto pub = anon.get("/decisions/" + std::to_string(id));
  ASSERT_EQ(pub.status, 200);
  EXPECT_EQ(pub.body.find("钱多多"), std::string::npos);
  EXPECT_EQ(pub.body.find(id_number), std::string::npos);
  EXPECT_EQ(pub.body.find("13905370000"), std::string::npos);
  EXPECT_NE(pub.body.find("钱某某"), std::string::npos);
  EXPECT_NE(pub.body.find("/static/verify.js"), std::string::npos);
  EXPECT_NE(pub.body.find("qr.svg"), std::string::npos);
  auto record = anon.get("/decisions/" + std::to_string(id) + "/record.json");
  ASSERT_EQ(record.status, 200);
  std::int64_t idx = scalar(s.db(), "SELECT publish_event FROM pub_decisions WHERE id = ?", {id});
  auto entry = anon.get("/ledger/entries/" + std::to_string(idx) + ".json");
  ASSERT_EQ(entry.status, 200);
  EXPECT_NE(entry.body.find(blob::sha256_hex(record.body)), std::string::npos);
  EXPECT_EQ(entry.body.find("钱多多"), std::string::npos);  // the ledger is public: no personal data
  auto qr = anon.get("/decisions/" + std::to_string(id) + "/qr.svg");
  EXPECT_EQ(qr.status, 200);
  EXPECT_NE(qr.body.find("<svg"), std::string::npos);
  auto csv = anon.get("/decisions.csv?q=" + http::url_encode("罚款"));
  EXPECT_EQ(csv.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_NE(csv.body.find("钱某某"), std::string::npos);
  auto api = json::parse(anon.get("/api/v1/decisions/" + std::to_string(id)).body);
  EXPECT_EQ(api["record_sha256"], blob::sha256_hex(record.body));

  // The QR code on the paper decision encodes its number; it leads here once published.
  std::string number;
  ASSERT_TRUE(s.db().read([&](store::Tx& tx) -> Status {
    number = (**tx.query_one("SELECT decision_no FROM pub_decisions WHERE id = ?", {id})).text(0);
    return {};
  }));
  ASSERT_FALSE(number.empty());
  auto by_number = anon.get("/decisions/no/" + http::url_encode(number));
  EXPECT_EQ(by_number.status, 303);
  EXPECT_EQ(by_number.header("location"), "/decisions/" + std::to_string(id));
  EXPECT_EQ(anon.get("/decisions/no/" + http::url_encode("济外侨罚〔2099〕1号")).status, 404);
  // The supervisor sees every agency below at a glance.
  Client supervisor(s.port());
  ASSERT_EQ(supervisor.login("zhoujian", kPw), 303);
  auto sv = supervisor.get("/workspace/decisions?state=all");
  ASSERT_EQ(sv.status, 200);
  EXPECT_NE(sv.body.find("下级机关公示情况"), std::string::npos);
  EXPECT_NE(sv.body.find(page_url), std::string::npos);

  // 6. Withdrawal (APL art. 48): the officer records the revocation, the editor withdraws.
  auto wbad = officer.post(page_url + "/withdrawal", form_encode({{"_csrf", officer.csrf()}, {"ground", "revoked"}, {"reason", ""}, {"trigger_on", "2026-01-01"}}));
  EXPECT_EQ(wbad.status, 400);
  ASSERT_EQ(officer.post(page_url + "/withdrawal", form_encode({{"_csrf", officer.csrf()}, {"ground", "revoked"},
                                                                 {"reason", "本机关经复查撤销该决定"}, {"trigger_on", ""}}))
                .status,
            400);  // the date is required
  std::string decided_on;
  ASSERT_TRUE(s.db().read([&](store::Tx& tx) -> Status {
    decided_on = (**tx.query_one("SELECT decision_date FROM pub_decisions WHERE id = ?", {id})).text(0);
    return {};
  }));
  ASSERT_EQ(officer.post(page_url + "/withdrawal", form_encode({{"_csrf", officer.csrf()}, {"ground", "revoked"},
                                                                 {"reason", "本机关经复查撤销该决定"}, {"trigger_on", decided_on}}))
                .status,
            303);
  ASSERT_EQ(editor.post(page_url + "/withdraw", form_encode({{"_csrf", editor.csrf()}})).status, 303);
  auto gone = json::parse(anon.get("/decisions.json?q=" + http::url_encode("罚款") + "&per_page=100").body);
  for (auto& item : gone["items"]) EXPECT_NE(item["id"], id);
  auto notice = anon.get("/decisions/" + std::to_string(id));
  ASSERT_EQ(notice.status, 200);
  EXPECT_NE(notice.body.find("撤下公告"), std::string::npos);
  EXPECT_NE(notice.body.find("本机关经复查撤销该决定"), std::string::npos);
  EXPECT_EQ(notice.body.find("当事人未按规定报告"), std::string::npos);  // the content is no longer shown
  EXPECT_EQ(anon.get("/decisions/" + std::to_string(id) + "/record.json").status, 410);
  auto again = editor.post(page_url + "/publish", form_encode({{"_csrf", editor.csrf()}}));
  EXPECT_EQ(again.status, 409);
  auto atom = anon.get("/decisions.atom");
  EXPECT_NE(atom.body.find("撤下："), std::string::npos);
  EXPECT_EQ(scalar(s.db(), "SELECT COUNT(*) FROM ledger_events WHERE kind = 'publicity.decision.published' AND subject = ?",
                   {"decision:" + std::to_string(id)}),
            1);  // the publication stays in the ledger
}

TEST(DecisionsHttp, OddSearchInputGetsASafeAnswer) {
  TestServer s;
  Client anon(s.port());
  EXPECT_EQ(anon.get("/decisions").status, 200);
  EXPECT_EQ(anon.get("/decisions?q=").status, 200);
  auto symbols = anon.get("/decisions?q=" + http::url_encode("！@#￥%……&*（）"));
  EXPECT_EQ(symbols.status, 200);
  EXPECT_NE(symbols.body.find("没有可检索的"), std::string::npos);
  auto inj = anon.get("/decisions.json?q=" + http::url_encode("罚款' OR 1=1; DROP TABLE pub_decisions; -- \" NEAR("));
  EXPECT_EQ(inj.status, 200);
  auto longq = anon.get("/decisions.json?q=" + std::string(6000, 'x'));
  EXPECT_EQ(longq.status, 200);
  EXPECT_NE(longq.body.find("100"), std::string::npos);  // told the query was shortened
  auto huge = anon.get("/decisions.json?q=" + std::string(10 * 1024, 'x'));  // over the 8 KiB URL limit
  EXPECT_EQ(huge.status, 414);
  auto bad_date = anon.get("/decisions.json?from=2025-02-30");
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(json::parse(bad_date.body)["field"], "from");
  EXPECT_EQ(anon.get("/decisions?page=9999").status, 400);
  // The demo's data: published ones are found, pending ones never are.
  auto all = json::parse(anon.get("/decisions.json?per_page=100").body);
  EXPECT_GE(all["total"].get<int>(), 10);
  std::int64_t pending = scalar(s.db(), "SELECT COUNT(*) FROM pub_decisions WHERE state = 'published'");
  EXPECT_EQ(all["total"].get<std::int64_t>(), pending);
  EXPECT_EQ(anon.get("/workspace/decisions").status, 303);  // staff only: to the login page
}

}  // namespace
}  // namespace zhifa::testing
