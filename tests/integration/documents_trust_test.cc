// Issue 15 (documents an agency could sign, publications a citizen can trust), through the JSON
// API on the backend under test: 发文字号 continuing after numbers recorded from paper, the
// hearing-request period that only the calendar or the party's waiver ends (APL art. 64), and
// the document text filled from the case's structured data.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <deque>
#include <nlohmann/json.hpp>

#include "demo/org.h"
#include "harness.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "platform/core/clock.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;
const std::string kPw = org::kDemoPassword;

std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }
std::string rid(const std::string& first17) { return first17 + law::resident_id_check_char(first17); }
bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }
json body_of(const HttpResult& r) { return json::parse(r.body, nullptr, false); }

// pdftotext over a PDF's bytes, without line breaks (a sentence may wrap anywhere).
std::string pdf_text(const std::string& pdf) {
  std::string path = "/tmp/zhifa-trust-" + std::to_string(::getpid()) + ".pdf";
  { std::ofstream(path, std::ios::binary) << pdf; }
  std::string out;
  if (FILE* f = ::popen(("pdftotext " + path + " - 2>&1").c_str(), "r")) {
    char buf[4096];
    while (auto n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    ::pclose(f);
  }
  std::remove(path.c_str());
  std::string flat;
  for (char c : out)
    if (c != '\n' && c != ' ' && c != '\f') flat += c;
  return flat;
}

struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, kPw), 303) << login; }
  std::map<std::string, std::string> headers() const { return {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}}; }
  HttpResult post(const std::string& path, const json& body) { return c.send("POST", path, body.dump(), headers()); }
  HttpResult put(const std::string& path, const json& body) { return c.send("PUT", path, body.dump(), headers()); }
  json get(const std::string& path) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
    return json::parse(r.body, nullptr, false);
  }
};

class Trust : public ::testing::Test {
 protected:
  TestServer server;
  User wang{server.port(), "wangqiang"};
  User head{server.port(), "lili"};
  std::int64_t liu = scalar("SELECT id FROM people WHERE login = 'liuyang'");

  std::int64_t scalar(const std::string& sql, store::Params params = {}) {
    std::int64_t n = -1;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query_one(sql, params);
                  if (!r) return r.error();
                  n = *r ? (*r)->integer(0) : -1;
                  return {};
                }).ok());
    return n;
  }
  std::vector<std::string> texts(const std::string& sql, store::Params params = {}) {
    std::vector<std::string> out;
    EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
                  auto r = tx.query(sql, params);
                  if (!r) return r.error();
                  for (auto& row : *r) out.push_back(row.text(0));
                  return {};
                }).ok());
    return out;
  }
  std::string base(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }
  std::int64_t open_penalty(const std::string& kind, const std::string& name, const std::string& number, const std::string& facts) {
    auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"},
                                         {"category", "行政处罚"}, {"procedure_id", "penalty"},
                                         {"party", {{"kind", kind}, {"name", name}, {"id_number", number}}},
                                         {"facts", facts}, {"fine_fen", 500'000}, {"co_officer_id", liu}});
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("id", std::int64_t{0});
  }
  std::int64_t draft(std::int64_t id, const std::string& kind) {
    auto d = wang.post(base(id) + "/documents", {{"kind", kind}});
    EXPECT_EQ(d.status, 201) << kind << ": " << d.body;
    return body_of(d).value("id", std::int64_t{0});
  }
  json sign_doc(std::int64_t doc, User& signer) {
    auto s = signer.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object());
    EXPECT_EQ(s.status, 200) << s.body;
    return body_of(s);
  }
  std::int64_t sign(std::int64_t id, const std::string& kind, User& signer) {
    auto doc = draft(id, kind);
    sign_doc(doc, signer);
    return doc;
  }
  HttpResult act(std::int64_t id, const json& body, User& by) { return by.post(base(id) + "/acts", body); }
  void go(std::int64_t id, const std::string& t, const std::string& to, User& by, bool waive = false) {
    auto r = act(id, {{"transition", t}, {"co_officers", {liu}}, {"location", {{"place", "济宁市"}}}, {"waive_hearing", waive}}, by);
    ASSERT_EQ(r.status, 200) << t << ": " << r.body;
    EXPECT_EQ(body_of(r)["step"], to) << t;
  }
  // 立案 → 调查 → 事先告知: the party is told of its right to a hearing today.
  void to_statement(std::int64_t id) {
    sign(id, "case_filing", head);
    go(id, "file", "investigation", wang);
    sign(id, "inspection_record", wang);
    sign(id, "investigation_report", wang);
    sign(id, "penalty_notice", head);
    go(id, "notify", "statement", wang);
  }
  json hearing_period(std::int64_t id) {
    auto c = wang.get(base(id));
    for (auto& d : c["deadlines"])
      if (d["rule"] == "penalty.hearing_request") return d;
    return json();
  }
};

// 发文字号 (GB/T 9704-2012 7.2.4): a new decision continues after the highest number of its
// sequence and year already used — here the numbers the demo recorded from paper decisions —
// and the next one after it; none is used twice.
TEST_F(Trust, DocumentNumbersContinueAfterNumbersRecordedFromPaper) {
  const std::string year = clock::today_beijing().substr(0, 4);
  const std::string prefix = "济外侨罚〔" + year + "〕";
  auto highest = [&] {
    std::int64_t top = 0;
    for (auto& table : {"SELECT decision_no FROM pub_decisions", "SELECT doc_number FROM rec_documents"})
      for (auto& n : texts(table))
        if (n.rfind(prefix, 0) == 0)
          if (auto p = law::parse_document_number(n)) top = std::max(top, p->sequence);
    return top;
  };
  auto before = highest();
  ASSERT_GT(before, 100) << "the demo records paper decisions numbered 10x号 for " << year;

  auto id = open_penalty("organisation", "济宁远航国际交流有限公司", uscc("91370811MA3D8QWL7"), "未经批准以本单位名义邀请外国人来华。");
  to_statement(id);
  go(id, "to_decision", "decision", wang, true);
  auto signed_doc = sign_doc(draft(id, "penalty_decision"), head);
  std::string number = signed_doc.value("doc_number", std::string());
  EXPECT_EQ(number, prefix + std::to_string(before + 1) + "号") << signed_doc.dump();
  // A second case's decision takes the next number; no number is used twice.
  auto id2 = open_penalty("organisation", "济宁远帆国际交流有限公司", uscc("91370811MA3D8QWL8"), "未经批准以本单位名义邀请外国人来华。");
  to_statement(id2);
  go(id2, "to_decision", "decision", wang, true);
  EXPECT_EQ(sign_doc(draft(id2, "penalty_decision"), head).value("doc_number", std::string()), prefix + std::to_string(before + 2) + "号");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rec_documents WHERE doc_number = ?", {number}), 1);
}

// APL art. 64: the party may ask for a hearing within 5 working days of the notice. Submitting
// the case to legal review on day 0 does not end that period; the decision waits until it ends
// or the party waives it, and the waiver is recorded (with the act, in the ledger).
TEST_F(Trust, HearingPeriodEndsOnlyOnItsLastDayOrByTheWaiver) {
  auto id = open_penalty("person", "张三", rid("37080219900101123"), "未按规定报告所邀请外国人的行程变更情况。");
  to_statement(id);
  go(id, "submit_review", "legal_review", wang);
  auto period = hearing_period(id);
  ASSERT_TRUE(period.is_object()) << wang.get(base(id)).dump();
  EXPECT_EQ(period["state"], "running") << period.dump();
  EXPECT_FALSE(period["overdue"].get<bool>());
  EXPECT_FALSE(has(wang.c.get("/workspace/cases/" + std::to_string(id)).body, "提出听证要求（《中华人民共和国行政处罚法》第六十四条、第八十五条）：已完成"));
  go(id, "to_decision", "decision", wang);
  EXPECT_EQ(hearing_period(id)["state"], "running");

  sign(id, "penalty_decision", head);
  // The decision is refused while the period runs, naming its last day; nothing changes.
  auto ledger = scalar("SELECT COUNT(*) FROM ledger_events");
  auto refused = act(id, {{"transition", "impose"}}, head);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(body_of(refused).value("field", std::string()), "guard.hearing_period") << refused.body;
  EXPECT_TRUE(has(refused.body, "第六十四条")) << refused.body;
  EXPECT_TRUE(has(refused.body, clock::chinese_date(period["due"].get<std::string>()))) << refused.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events"), ledger);
  EXPECT_EQ(wang.get(base(id))["step"], "decision");

  // The party waives the hearing in writing: recorded with the decision act.
  auto ok = act(id, {{"transition", "impose"}, {"waive_hearing", true}}, head);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(hearing_period(id)["state"], "waived");
  EXPECT_TRUE(has(wang.c.get("/workspace/cases/" + std::to_string(id)).body, "当事人已书面放弃"));
  // (this case's events: the demo has waivers of its own)
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.case.act' AND subject = ? AND payload LIKE '%hearing_waived%'",
                   {"case:" + std::to_string(id)}),
            1);
}

// The document text is filled from the case's structured data: no doubled 当事人, person or
// organisation wording (你 / 你单位, never 你（单位）), only the evidence the case recorded, the
// matter's legal basis with its articles, and the party's deadlines computed for this case.
TEST_F(Trust, DocumentsAreWrittenFromTheCasesRecords) {
  auto id = open_penalty("organisation", "济宁远航国际交流有限公司", uscc("91370811MA3D8QWL7"),
                         "当事人在未取得邀请外国人来华审批的情况下，以本单位名义向3名外国人出具邀请函件。");
  sign(id, "case_filing", head);
  go(id, "file", "investigation", wang);
  sign(id, "inspection_record", wang);  // the only evidence recorded: no 询问笔录
  sign(id, "investigation_report", wang);
  auto notice = draft(id, "penalty_notice");
  auto nb = wang.get("/api/v1/documents/" + std::to_string(notice))["body"].get<std::string>();
  EXPECT_TRUE(has(nb, "经查，你单位在未取得邀请外国人来华审批的情况下")) << nb;
  EXPECT_FALSE(has(nb, "你（单位）")) << nb;
  EXPECT_FALSE(has(nb, "你单位当事人")) << nb;
  EXPECT_TRUE(has(nb, "以上事实有《现场检查笔录》等证据证实")) << nb;
  EXPECT_FALSE(has(nb, "询问笔录")) << nb;
  EXPECT_TRUE(has(nb, "《中华人民共和国行政许可法》第七十八条")) << nb;  // the matter's 设定依据
  EXPECT_TRUE(has(nb, "五个工作日内提出")) << nb;
  sign_doc(notice, head);
  go(id, "notify", "statement", wang, true);
  go(id, "to_decision", "decision", wang);
  auto decision = draft(id, "penalty_decision");
  auto db = wang.get("/api/v1/documents/" + std::to_string(decision))["body"].get<std::string>();
  EXPECT_TRUE(has(db, "经查，当事人在未取得")) << db;
  EXPECT_FALSE(has(db, "当事人当事人")) << db;
  EXPECT_FALSE(has(db, "根据有关法律规定")) << db;
  EXPECT_TRUE(has(db, "违反了《中华人民共和国行政许可法》第七十八条的规定")) << db;
  EXPECT_TRUE(has(db, "六十日内依法申请行政复议")) << db;
  // The signed PDF says the same (read back with pdftotext).
  auto signed_doc = sign_doc(decision, head);
  auto pdf = wang.c.get("/api/v1/documents/" + std::to_string(decision) + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  std::string text = pdf_text(pdf.body);
  EXPECT_TRUE(has(text, "经查，当事人在未取得邀请外国人来华审批的情况下")) << text;
  EXPECT_TRUE(has(text, "以上事实有《现场检查笔录》等证据证实")) << text;
  EXPECT_TRUE(has(text, signed_doc.value("doc_number", std::string("?")))) << text;

  // A natural person: 你, not 你单位.
  auto p = open_penalty("person", "张三", rid("37080219900101123"), "未按规定报告所邀请外国人的行程变更情况。");
  auto pn = wang.get("/api/v1/documents/" + std::to_string(draft(p, "penalty_notice")))["body"].get<std::string>();
  EXPECT_TRUE(has(pn, "经查，你未按规定报告")) << pn;
  EXPECT_FALSE(has(pn, "你单位")) << pn;
  EXPECT_TRUE(has(pn, "（本案尚未记录证据，请列明证据）")) << pn;  // nothing recorded yet: no invented evidence
}

// APL art. 42: a 询问笔录 of a step where at least two officers act is not signed with "（未指定）";
// the co-officer can be named later, and the draft then reads the name.
TEST_F(Trust, TwoNamedOfficersOnEveryOnSiteDocument) {
  auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"},
                                       {"category", "行政处罚"}, {"procedure_id", "penalty"},
                                       {"party", {{"kind", "person"}, {"name", "李四"}, {"id_number", rid("37080219900101124")}}},
                                       {"facts", "未按规定报告所邀请外国人的行程变更情况。"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = body_of(r)["id"].get<std::int64_t>();
  sign(id, "case_filing", head);
  go(id, "file", "investigation", wang);
  auto inquiry = draft(id, "inquiry_record");
  EXPECT_TRUE(has(wang.get("/api/v1/documents/" + std::to_string(inquiry))["body"].get<std::string>(), "询问人：王强、（未指定）"));
  auto ledger = scalar("SELECT COUNT(*) FROM ledger_events");
  auto refused = wang.post("/api/v1/documents/" + std::to_string(inquiry) + "/sign", json::object());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(body_of(refused).value("field", std::string()), "co_officer_id") << refused.body;
  EXPECT_TRUE(has(refused.body, "第四十二条")) << refused.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events"), ledger);
  // Bad input: the lead officer as their own co-officer, someone unknown.
  auto self = wang.post(base(id) + "/co_officer", {{"co_officer_id", scalar("SELECT id FROM people WHERE login = 'wangqiang'")}});
  EXPECT_EQ(self.status, 400) << self.body;
  EXPECT_EQ(wang.post(base(id) + "/co_officer", {{"co_officer_id", 999999}}).status, 400);
  // Named later: the draft reads the name, and the record is signed.
  auto set = wang.post(base(id) + "/co_officer", {{"co_officer_id", liu}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(body_of(set)["co_officer_name"], "刘洋");
  EXPECT_TRUE(has(wang.get("/api/v1/documents/" + std::to_string(inquiry))["body"].get<std::string>(), "询问人：王强、刘洋"));
  EXPECT_EQ(sign_doc(inquiry, wang)["status"], "signed");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.case.co_officer_set'"), 1);

  // The new-case form keeps the chosen co-officer when it is refused for another field.
  wang.c.get("/workspace/cases/new");
  auto form = wang.c.post("/workspace/cases", form_encode({{"_csrf", wang.c.csrf()}, {"matter_code", "JNWQB-CF-001"}, {"category", "行政处罚"},
                                                           {"party_kind", "person"}, {"party_name", "王五"}, {"party_id_number", "123"},
                                                           {"co_officer_id", std::to_string(liu)}}));
  EXPECT_EQ(form.status, 400);
  EXPECT_TRUE(has(form.body, "value=\"" + std::to_string(liu) + "\" selected")) << form.body.substr(0, 2000);
}

// The reviewed draft becomes the decision's text; a material change after the review is shown
// and refused at signature (a new review round is needed); a wording change is allowed.
TEST_F(Trust, ReviewedTextIsTheDecisionsText) {
  auto id = open_penalty("organisation", "济宁远航国际交流有限公司", uscc("91370811MA3D8QWL7"), "未经批准以本单位名义邀请外国人来华。");
  to_statement(id);
  go(id, "submit_review", "legal_review", wang);
  auto reviewed = scalar("SELECT id FROM review_submissions WHERE case_id = ?", {id});
  ASSERT_GT(reviewed, 0);
  go(id, "to_decision", "decision", wang);
  auto doc = draft(id, "penalty_decision");
  std::string body = wang.get("/api/v1/documents/" + std::to_string(doc))["body"];
  EXPECT_TRUE(has(body, "罚款人民币5000元")) << body;
  // The amount changed after the review: shown on the page, refused at signature.
  std::string changed = body;
  auto at = changed.find("5000元");
  ASSERT_NE(at, std::string::npos) << body;
  changed.replace(at, 4, "8000");
  ASSERT_EQ(wang.put("/api/v1/documents/" + std::to_string(doc), {{"body", changed}}).status, 200);
  auto page = wang.c.get("/workspace/documents/" + std::to_string(doc));
  EXPECT_TRUE(has(page.body, "与法制审核文本的差异")) << page.body.substr(0, 3000);
  EXPECT_TRUE(has(page.body, "实质性变化"));
  auto refused = head.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object());
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(body_of(refused).value("field", std::string()), "review.changed") << refused.body;
  EXPECT_TRUE(has(refused.body, "金额")) << refused.body;
  // A wording change only: signed.
  std::string worded = body;
  worded.replace(worded.find("经查"), std::string("经查").size(), "经调查");
  ASSERT_EQ(wang.put("/api/v1/documents/" + std::to_string(doc), {{"body", worded}}).status, 200);
  EXPECT_EQ(sign_doc(doc, head)["status"], "signed");
}

// APL arts. 67, 72: 执行完毕 of a fine needs its 缴款凭证 (or the enforcement record) before the
// public 履行情况 says 已履行.
TEST_F(Trust, ExecutedNeedsItsPaymentReceipt) {
  auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"},
                                       {"category", "行政处罚"}, {"procedure_id", "simplified_penalty"},
                                       {"party", {{"kind", "person"}, {"name", "孙强"}, {"id_number", rid("37088119800101555")}}},
                                       {"facts", "未按规定报告外国人行程变更"}, {"fine_fen", 10'000}, {"co_officer_id", liu}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = body_of(r)["id"].get<std::int64_t>();
  sign(id, "on_site_decision", wang);
  sign(id, "service_receipt", wang);
  go(id, "decide", "execution", wang);
  auto source = "case:" + std::to_string(id);
  auto ledger = scalar("SELECT COUNT(*) FROM ledger_events");
  auto commitments = scalar("SELECT COUNT(*) FROM ledger_events WHERE payload LIKE '%execution_evidence_commitment%'");
  auto refused = act(id, {{"transition", "executed"}}, wang);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(body_of(refused).value("field", std::string()), "execution_evidence") << refused.body;
  EXPECT_TRUE(has(refused.body, "缴款凭证")) << refused.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events"), ledger);
  EXPECT_EQ(texts("SELECT fulfilment FROM pub_decisions WHERE source = ?", {source}), std::vector<std::string>{""});
  auto ok = act(id, {{"transition", "executed"}, {"execution_evidence", "非税收入缴款书 3708002026000777"}}, wang);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(texts("SELECT fulfilment FROM pub_decisions WHERE source = ?", {source}), std::vector<std::string>{"已履行"});
  // The receipt number is on the case, not in the public ledger (a salted commitment there).
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE payload LIKE '%3708002026000777%'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE payload LIKE '%execution_evidence_commitment%'"), commitments + 1);
}

// "最新公示在前": the public list, with and without search words and filters, is in publication
// order, newest first — the demo published case decisions before back-dated paper ones, so id
// order would not be.
TEST_F(Trust, DecisionsListNewestPublicationFirst) {
  Client anon(server.port());
  for (std::string q : {"", "?q=%E7%BD%9A%E6%AC%BE", "?category=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A", "?agency=jnwqb",
                        "?from=2025-01-01&to=2030-12-31", "?q=%E8%AE%B8%E5%8F%AF&agency=jnwqb"}) {
    auto r = anon.get("/api/v1/decisions" + q + (q.empty() ? "?" : "&") + "per_page=100");
    ASSERT_EQ(r.status, 200) << q << r.body.substr(0, 300);
    auto items = body_of(r)["items"];
    ASSERT_GT(items.size(), 1u) << q;
    for (std::size_t i = 1; i < items.size(); ++i)
      EXPECT_GE(items[i - 1]["published_on"].get<std::string>(), items[i]["published_on"].get<std::string>()) << q << " at " << i;
  }
  // A decision published now comes first, though older decisions have higher ids.
  auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-CF-001"}, {"matter_name", "对违反外国人来华邀请管理规定行为的处罚"},
                                       {"category", "行政处罚"}, {"procedure_id", "simplified_penalty"},
                                       {"party", {{"kind", "organisation"}, {"name", "济宁远航国际交流有限公司"}, {"id_number", uscc("91370811MA3D8QWL7")}}},
                                       {"facts", "未按规定报告外国人行程变更"}, {"warning", true}, {"co_officer_id", liu}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = body_of(r)["id"].get<std::int64_t>();
  sign(id, "on_site_decision", wang);
  sign(id, "service_receipt", wang);
  go(id, "decide", "execution", wang);
  auto pub = scalar("SELECT id FROM pub_decisions WHERE source = ?", {"case:" + std::to_string(id)});
  ASSERT_GT(pub, 0);
  User editor{server.port(), "chenjing"};
  auto form = [&](const std::string& path, const std::map<std::string, std::string>& f) {
    return editor.c.send("POST", path, form_encode(f), {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-CSRF-Token", editor.c.csrf()}});
  };
  std::string base_url = "/api/v1/workspace/decisions/" + std::to_string(pub);
  auto rev = editor.get(base_url).value("revision", std::int64_t{1});
  form(base_url + "/masks/confirm", {{"revision", std::to_string(rev)}});
  auto published = form(base_url + "/publish", {});
  ASSERT_EQ(published.status, 200) << published.body.substr(0, 500);
  auto first = body_of(anon.get("/api/v1/decisions?per_page=1"))["items"][0];
  EXPECT_EQ(first["id"], pub) << first.dump();
  // A search finds it first too (the FTS rowid is the publication order).
  auto found = body_of(anon.get("/api/v1/decisions?per_page=1&q=%E8%AD%A6%E5%91%8A"))["items"][0];
  EXPECT_EQ(found["id"], pub) << found.dump();
}

// ALL art. 42: the head's extension of a licence decision is told to the applicant in writing —
// a signed, numbered 延长行政许可期限告知书 with the reason and the new last day.
TEST_F(Trust, LicenceExtensionNoticeIsSignedAndNumbered) {
  auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-XK-001"}, {"matter_name", "华侨回国定居审批"}, {"category", "行政许可"},
                                       {"party", {{"kind", "person"}, {"name", "张华"}, {"id_number", rid("37080219900101125")}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = body_of(r)["id"].get<std::int64_t>();
  sign(id, "licence_acceptance", wang);
  go(id, "accept", "review", wang);
  auto ext = head.post(base(id) + "/deadlines/extend", {{"rule", "licence.decision"}, {"reason", "申请人境外证明材料需经驻外使领馆核实"}});
  ASSERT_EQ(ext.status, 200) << ext.body;
  json notice;
  auto ext_case = body_of(ext);
  for (auto& d : ext_case["documents"])
    if (d["kind"] == "licence_extension_notice") notice = d;
  ASSERT_TRUE(notice.is_object()) << ext.body.substr(0, 3000);
  EXPECT_EQ(notice["status"], "signed");
  EXPECT_EQ(notice["signer_name"], "李丽");
  std::string number = notice.value("doc_number", std::string());
  EXPECT_EQ(number.rfind("济外侨许延〔" + clock::today_beijing().substr(0, 4) + "〕", 0), 0u) << number;
  std::string due;
  for (auto& d : ext_case["deadlines"])
    if (d["rule"] == "licence.decision") due = d["due"];
  auto pdf = head.c.get("/api/v1/documents/" + std::to_string(notice["id"].get<std::int64_t>()) + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  std::string text = pdf_text(pdf.body);
  EXPECT_TRUE(has(text, "因申请人境外证明材料需经驻外使领馆核实")) << text;
  EXPECT_TRUE(has(text, "办理期限延长十个工作日，本机关将于" + clock::chinese_date(due) + "前作出行政许可决定")) << text;
  EXPECT_TRUE(has(text, number)) << text;
  EXPECT_FALSE(has(text, "稿")) << text;  // signed: no 草稿 mark
}

// GB/T 9704 practice: the closing (the last paragraph, the seal area, the issuer and date) never
// stands alone on a page, whatever the length of the text; a draft says 草稿 on every page.
TEST_F(Trust, ClosingNeverAloneOnAPageAndDraftsMarked) {
  auto id = open_penalty("organisation", "济宁远航国际交流有限公司", uscc("91370811MA3D8QWL7"), "未经批准以本单位名义邀请外国人来华。");
  auto doc = draft(id, "penalty_decision");
  const std::string date = clock::chinese_date(clock::today_beijing());
  for (int n = 4; n <= 40; n += 3) {
    std::string body = "当事人：济宁远航国际交流有限公司\n\n";
    for (int i = 0; i < n; ++i) body += "经查，当事人于2026年以本单位名义向外国人出具邀请函件，未经批准，违反了有关规定。\n";
    body += "如不服本决定，可以依法申请行政复议或者提起行政诉讼。";
    ASSERT_EQ(wang.put("/api/v1/documents/" + std::to_string(doc), {{"body", body}}).status, 200);
    auto pdf = wang.c.get("/api/v1/documents/" + std::to_string(doc) + "/pdf");
    ASSERT_EQ(pdf.status, 200);
    // Page by page (pdftotext separates pages with a form feed).
    std::string path = "/tmp/zhifa-trust-pages-" + std::to_string(::getpid()) + ".pdf";
    { std::ofstream(path, std::ios::binary) << pdf.body; }
    std::string out;
    if (FILE* f = ::popen(("pdftotext " + path + " - 2>&1").c_str(), "r")) {
      char buf[4096];
      while (auto k = std::fread(buf, 1, sizeof buf, f)) out.append(buf, k);
      ::pclose(f);
    }
    std::remove(path.c_str());
    std::vector<std::string> pages;
    for (std::size_t a = 0, b; a < out.size(); a = b + 1) {
      b = out.find('\f', a);
      if (b == std::string::npos) b = out.size();
      std::string page;
      for (char c : out.substr(a, b - a))
        if (c != '\n' && c != ' ') page += c;
      if (!page.empty()) pages.push_back(page);
    }
    ASSERT_FALSE(pages.empty());
    int closing = -1;
    for (std::size_t i = 0; i < pages.size(); ++i)
      if (has(pages[i], date)) closing = static_cast<int>(i);
    ASSERT_GE(closing, 0) << n;
    // The diagonal mark's two characters may land on different text lines of pdftotext's output.
    for (auto& pg : pages) EXPECT_TRUE(has(pg, "草") && has(pg, "稿")) << n << ": " << pg.substr(0, 200);
    std::string last;
    for (std::size_t k = 0; k < pages[closing].size();) {
      std::size_t len = pages[closing].compare(k, 3, "草") == 0 || pages[closing].compare(k, 3, "稿") == 0 ? 3 : 0;
      if (len) { k += len; continue; }
      last += pages[closing][k++];
    }
    EXPECT_TRUE(has(last, "提起行政诉讼")) << n << " lines: the closing is alone on page " << closing + 1 << ": " << pages[closing];
  }
}

// A crawl of the portal and of the workspace as an officer and as the publicity editor: no link
// answers 404, and no page shows a UTC / ISO time stamp (every time shown is Beijing time in
// Chinese form, clock::beijing_time_text; storage stays UTC).
TEST_F(Trust, CrawlFindsNoDeadLinkAndNoUtcTime) {
  const std::regex href("href=\"(/[^\"#]*)\"");
  const std::regex iso_time("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?Z?");
  auto visible = [](const std::string& html) {
    std::string out;
    bool tag = false;
    std::size_t script = html.find("<script");
    for (std::size_t i = 0; i < html.size(); ++i) {
      if (i == script) {
        auto end = html.find("</script>", i);
        if (end == std::string::npos) break;
        i = end + 8;
        script = html.find("<script", i);
        continue;
      }
      char c = html[i];
      if (c == '<') tag = true;
      else if (c == '>') tag = false;
      else if (!tag) out += c;
    }
    return out;
  };
  std::vector<std::string> dead, utc;
  auto crawl = [&](Client& c, const std::string& start, int limit) {
    std::deque<std::pair<std::string, std::string>> todo{{start, "(start)"}};
    std::set<std::string> seen{start};
    int n = 0;
    while (!todo.empty() && n < limit) {
      auto [url, from] = todo.front();
      todo.pop_front();
      ++n;
      auto r = c.get(url);
      if (r.status == 404) dead.push_back(url + " ← " + from);
      if (r.status != 200 || r.header("content-type").find("text/html") == std::string::npos) continue;
      std::smatch m;
      std::string text = visible(r.body);
      if (std::regex_search(text, m, iso_time)) utc.push_back(url + ": " + m.str());
      for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), href); it != std::sregex_iterator(); ++it) {
        std::string next = (*it)[1];
        for (std::string::size_type a; (a = next.find("&amp;")) != std::string::npos;) next.replace(a, 5, "&");
        // (/ledger/checkpoint answers 404 until the first checkpoint is signed, which the test server never does.)
        if (next.rfind("//", 0) == 0 || next.find("logout") != std::string::npos || next.rfind("/ledger/entries/", 0) == 0 ||
            next == "/ledger/checkpoint" ||
            next.rfind("/ledger/bundle/", 0) == 0 || next.rfind("/ledger/proof", 0) == 0)
          continue;
        if (seen.insert(next).second) todo.push_back({next, url});
      }
    }
  };
  Client anon(server.port());
  crawl(anon, "/", 400);
  crawl(wang.c, "/workspace", 250);
  User editor{server.port(), "chenjing"};
  crawl(editor.c, "/workspace/decisions", 150);
  std::string d, u;
  for (auto& x : dead) d += x + "\n";
  for (auto& x : utc) u += x + "\n";
  EXPECT_TRUE(dead.empty()) << dead.size() << " dead links:\n" << d;
  EXPECT_TRUE(utc.empty()) << utc.size() << " pages with an ISO/UTC time:\n" << u;
}

}  // namespace
}  // namespace zhifa::testing
