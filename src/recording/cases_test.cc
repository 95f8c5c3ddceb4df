#include "recording/cases.h"

#include <gtest/gtest.h>

#include "law/identifiers.h"
#include "org/auth.h"
#include "org/demo.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/store/testing.h"

namespace zhifa::recording {
namespace {

std::string person_id() {
  std::string first = "37080219900101123";
  return first + law::resident_id_check_char(first);
}
std::string uscc() {
  std::string first = "91370800MA3C5NXK0";
  return first + law::uscc_check_char(first);
}

struct World {
  std::unique_ptr<store::Database> db = store::testing::fresh_database();
  std::unique_ptr<blob::BlobStore> blobs = blob::open_filesystem_store(store::testing::temp_dir() + "/blobs");
  org::Principal wang, liu, head, reviewer;
  World() {
    auto logins = org::ensure_demo_organisation(*db);
    EXPECT_TRUE(logins.ok());
    wang = who("wangqiang");
    liu = who("liuyang");
    head = who("lili");
    reviewer = who("zhaomin");
  }
  org::Principal who(const std::string& login) {
    org::Principal p;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
                    auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {login});
                    if (!id || !*id) return Error::not_found(login);
                    auto r = org::load_principal(tx, (*id)->integer(0));
                    if (!r) return r.error();
                    p = *r;
                    return {};
                  }).ok());
    return p;
  }
  NewCase licence_case() {
    NewCase c;
    c.matter_code = "JNWQB-XK-001";
    c.matter_name = "华侨回国定居审批";
    c.category = "行政许可";
    c.party = {"person", "张华", person_id(), "济宁市任城区共青团路1号", "13800000000"};
    c.facts = "申请人系旅居加拿大华侨，申请回国定居。";
    c.on_date = "2025-09-26";
    return c;
  }
  std::int64_t count(const std::string& sql, store::Params params = {}) {
    std::int64_t n = -1;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
                    auto r = tx.query_one(sql, params);
                    if (!r) return r.error();
                    n = (*r)->integer(0);
                    return {};
                  }).ok());
    return n;
  }
  std::int64_t doc(std::int64_t case_id, const std::string& kind, const org::Principal& drafter, const org::Principal& signer) {
    auto d = draft_document(*db, drafter, case_id, kind);
    EXPECT_TRUE(d.ok()) << d.error().message;
    auto s = sign_document(*db, blobs.get(), signer, *d, "2025-09-26");
    EXPECT_TRUE(s.ok()) << kind << ": " << s.error().message;
    return *d;
  }
  std::string step(std::int64_t case_id) {
    std::string s;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
                    auto r = tx.query_one("SELECT step FROM rec_cases WHERE id = ?", {case_id});
                    s = (*r)->text(0);
                    return {};
                  }).ok());
    return s;
  }
};

TEST(Cases, PartyIdentifiersAreValidated) {
  Party p{"person", "张华", person_id(), "", ""};
  EXPECT_TRUE(validate_party(p).empty());
  p.id_number.back() = p.id_number.back() == '1' ? '2' : '1';
  auto e = validate_party(p);
  ASSERT_TRUE(e.count("party_id_number"));
  EXPECT_NE(e["party_id_number"].find("check character"), std::string::npos);
  Party o{"organisation", "济宁某国际旅行社有限公司", uscc(), "", ""};
  EXPECT_TRUE(validate_party(o).empty());
  o.id_number = "91370800MA3C5NXK0Z";
  EXPECT_TRUE(validate_party(o).count("party_id_number"));

  World w;
  auto c = w.licence_case();
  c.party.id_number = p.id_number;
  auto before = w.count("SELECT COUNT(*) FROM ledger_events");
  auto r = open_case(*w.db, w.wang, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "party_id_number");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_cases"), 0);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), before);
}

TEST(Cases, LicenceEndToEndWithDocumentsNumbersAndLedger) {
  World w;
  auto id = open_case(*w.db, w.wang, w.licence_case());
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(w.step(*id), "application");

  // Refused: acceptance before the 受理通知书 is signed; nothing changes.
  auto events = w.count("SELECT COUNT(*) FROM ledger_events");
  auto s = act(*w.db, w.wang, *id, {"accept", {}, {}, "", "2025-09-26"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "documents.licence_acceptance");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), events);
  EXPECT_EQ(w.step(*id), "application");

  auto acc = w.doc(*id, "licence_acceptance", w.wang, w.wang);
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"accept", {}, {"35.41", "116.59", "20", "市政务服务中心外侨窗口"}, "", "2025-09-26"}).ok());
  EXPECT_EQ(w.step(*id), "review");
  // ALL art. 42: the licence decision is due 20 working days after acceptance.
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND rule_id = 'licence.decision' AND state = 'running'", {*id}), 1);

  // Signed documents are immutable; numbering is 许受〔2025〕1号.
  EXPECT_EQ(edit_document(*w.db, w.wang, acc, "改").error().kind, ErrorKind::kConflict);
  EXPECT_EQ(sign_document(*w.db, w.blobs.get(), w.wang, acc).error().kind, ErrorKind::kConflict);
  std::string number, sha;
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  auto r = tx.query_one("SELECT doc_number, pdf_sha256 FROM rec_documents WHERE id = ?", {acc});
                  number = (*r)->text(0);
                  sha = (*r)->text(1);
                  return {};
                }).ok());
  EXPECT_EQ(number, "济外侨许受〔2025〕1号");
  ASSERT_TRUE(w.blobs->exists(sha));
  EXPECT_TRUE(w.blobs->check(sha).ok());
  // The ledger event of the signature carries the PDF's SHA-256.
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.document.signed' AND evidence_sha256 LIKE ?", {"%" + sha + "%"}), 1);

  w.doc(*id, "licence_review_opinion", w.wang, w.wang);
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"propose", {}, {}, "", "2025-10-09"}).ok());
  // The decision is the head's; an officer is refused.
  auto grant = draft_document(*w.db, w.wang, *id, "licence_grant");
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(sign_document(*w.db, w.blobs.get(), w.wang, *grant).error().kind, ErrorKind::kForbidden);
  ASSERT_TRUE(edit_document(*w.db, w.wang, *grant, "张华：\n准予回国定居。").ok());
  ASSERT_TRUE(sign_document(*w.db, w.blobs.get(), w.head, *grant, "2025-10-10").ok());
  s = act(*w.db, w.wang, *id, {"grant", {}, {}, "", "2025-10-10"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.role");
  s = act(*w.db, w.head, *id, {"grant", {}, {}, "", "2025-10-10"});
  ASSERT_TRUE(s.ok()) << s.error().field << " " << s.error().message;
  w.doc(*id, "service_receipt", w.wang, w.wang);
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"delivered", {}, {}, "", "2025-10-11"}).ok());
  EXPECT_EQ(w.step(*id), "closed");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_cases WHERE id = ? AND status = 'closed'", {*id}), 1);
  EXPECT_EQ(act(*w.db, w.wang, *id, {"delivered", {}, {}, "", "2025-10-11"}).error().kind, ErrorKind::kConflict);

  // Correction: a new document that references the old; the old is superseded, not changed.
  auto fix = correct_document(*w.db, w.wang, *grant);
  ASSERT_FALSE(fix.ok());  // the case is closed: its file is complete
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_acts WHERE case_id = ?", {*id}), 5);  // open, accept, propose, grant, delivered

  // The case file renders as one PDF.
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  auto c = load_case(tx, w.wang, *id);
                  if (!c) return c.error();
                  auto pdf = case_file_pdf(tx, w.blobs.get(), *c);
                  if (!pdf) return pdf.error();
                  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
                  return {};
                }).ok());
}

TEST(Cases, CorrectionReferencesTheSignedDocument) {
  World w;
  auto id = open_case(*w.db, w.wang, w.licence_case());
  ASSERT_TRUE(id.ok());
  auto acc = w.doc(*id, "licence_acceptance", w.wang, w.wang);
  auto fix = correct_document(*w.db, w.wang, acc);
  ASSERT_TRUE(fix.ok()) << fix.error().message;
  ASSERT_TRUE(sign_document(*w.db, w.blobs.get(), w.wang, *fix, "2025-09-27").ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_documents WHERE id = ? AND status = 'superseded'", {acc}), 1);
  EXPECT_EQ(w.count("SELECT replaces_id FROM rec_documents WHERE id = ?", {*fix}), acc);
  // Gap-free numbering: 1 then 2.
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_documents WHERE doc_number = ?", {std::string("济外侨许受〔2025〕2号")}), 1);
}

TEST(Cases, HearingTimeNotCountedAndHearingMakesTheDecisionMajor) {
  World w;
  auto id = open_case(*w.db, w.wang, w.licence_case());
  ASSERT_TRUE(id.ok());
  w.doc(*id, "licence_acceptance", w.wang, w.wang);
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"accept", {}, {}, "", "2025-09-26"}).ok());
  Status s;
  // The hearing does not count (ALL art. 45): the clock is suspended and resumed.
  w.doc(*id, "hearing_notice", w.wang, w.head);
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"hold_hearing", {}, {}, "", "2025-09-29"}).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND state = 'suspended'", {*id}), 1);
  w.doc(*id, "hearing_record", w.wang, w.wang);
  s = act(*w.db, w.wang, *id, {"hearing_done", {}, {}, "", "2025-09-30"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.count") << s.error().message;  // the hearing is on-site: two officers
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"hearing_done", {w.liu.person_id}, {}, "", "2025-09-30"}).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND rule_id = 'licence.decision' AND state = 'running'", {*id}), 1);

  w.doc(*id, "licence_review_opinion", w.wang, w.wang);
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"propose", {}, {}, "", "2025-10-09"}).ok());
  w.doc(*id, "licence_grant", w.wang, w.head);
  // APL art. 58: after a hearing the decision is major; without a passed legal review it is refused.
  auto events = w.count("SELECT COUNT(*) FROM ledger_events");
  s = act(*w.db, w.head, *id, {"grant", {}, {}, "", "2025-10-10"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "guard.review_gate");
  EXPECT_NE(s.error().message.find("第五十八条"), std::string::npos);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), events);
  EXPECT_EQ(w.step(*id), "decision");
}

TEST(Cases, SimplifiedPenaltyLimitsAndTwoOfficers) {
  World w;
  NewCase c;
  c.matter_code = "JNWQB-CF-001";
  c.matter_name = "违反外国人来华邀请管理规定的处罚";
  c.category = "行政处罚";
  c.procedure_id = "simplified_penalty";
  c.party = {"person", "李某", person_id(), "", ""};
  c.fine_fen = 50000;  // 500 yuan: above the art. 51 limit for a person
  c.co_officer_id = w.liu.person_id;
  auto id = open_case(*w.db, w.wang, c);
  ASSERT_TRUE(id.ok()) << id.error().message;
  w.doc(*id, "on_site_decision", w.wang, w.wang);
  w.doc(*id, "service_receipt", w.wang, w.wang);
  auto s = act(*w.db, w.wang, *id, {"decide", {}, {}, "", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.count");
  s = act(*w.db, w.wang, *id, {"decide", {w.liu.person_id}, {}, "", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "guard.art51_limits");
  EXPECT_NE(s.error().message.find("二百元"), std::string::npos);
  ASSERT_TRUE(update_case_facts(*w.db, w.wang, *id, "未按规定办理", 20000, false).ok());
  ASSERT_TRUE(act(*w.db, w.wang, *id, {"decide", {w.liu.person_id}, {}, "", ""}).ok());
  EXPECT_EQ(w.step(*id), "execution");
  // After the decision, the fine cannot change.
  EXPECT_EQ(update_case_facts(*w.db, w.wang, *id, "x", 100, false).error().kind, ErrorKind::kConflict);
}

TEST(Cases, OnlyCertifiedOfficersOpenCasesAndJurisdictionHolds) {
  World w;
  // The legal reviewer is not an officer.
  auto r = open_case(*w.db, w.reviewer, w.licence_case());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kForbidden);
  // An expired certificate: revoke wangqiang's.
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                  auto u = tx.exec("UPDATE certificates SET valid_to = '2020-01-01' WHERE person_id = ?", {w.wang.person_id});
                  return u ? Status{} : Status(u.error());
                }).ok());
  r = open_case(*w.db, w.wang, w.licence_case());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "actors.certified");
  auto ok = open_case(*w.db, w.liu, w.licence_case());
  ASSERT_TRUE(ok.ok());
  // Someone outside the agency's jurisdiction sees nothing.
  org::Principal outsider = w.liu;
  outsider.agency_id = 999;
  outsider.jurisdiction = {999};
  EXPECT_EQ(act(*w.db, outsider, *ok, {"withdraw", {}, {}, "", ""}).error().kind, ErrorKind::kForbidden);
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  EXPECT_EQ(load_case(tx, outsider, *ok).error().kind, ErrorKind::kNotFound);
                  return {};
                }).ok());
  // Withdrawal is a transition like any other.
  ASSERT_TRUE(act(*w.db, w.liu, *ok, {"withdraw", {}, {}, "申请人书面撤回", ""}).ok());
  EXPECT_EQ(w.step(*ok), "withdrawn");
}

TEST(Cases, TasksShowNextActionsAndDeadlines) {
  World w;
  auto id = open_case(*w.db, w.wang, w.licence_case());
  ASSERT_TRUE(id.ok());
  nlohmann::json tasks = nlohmann::json::array();
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) { return tasks_for(tx, w.wang, tasks); }).ok());
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks[0]["text"].get<std::string>().find("下一步：申请"), std::string::npos);
  // Opened 2025-09-26, materials notice due 5 working days later: long overdue today.
  EXPECT_EQ(tasks[0]["level"], "danger");
}

TEST(Cases, DemoIsIdempotent) {
  World w;
  auto s = ensure_demo_cases(*w.db);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto n = w.count("SELECT COUNT(*) FROM rec_cases");
  EXPECT_GE(n, 4);
  EXPECT_GE(w.count("SELECT COUNT(*) FROM rec_documents WHERE status = 'signed'"), 5);
  ASSERT_TRUE(ensure_demo_cases(*w.db).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_cases"), n);
  ASSERT_TRUE(flush_pending_blobs(*w.db, *w.blobs).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_pending_blobs"), 0);
}

}  // namespace
}  // namespace zhifa::recording
