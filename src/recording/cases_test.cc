#include "recording/cases.h"
#include "demo/recording.h"
#include "recording/case_file.h"
#include "recording/deadlines.h"
#include "recording/documents.h"
#include "recording/tasks.h"
#include "recording/views.h"

#include <map>

#include "demo/publicity.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "law/calendar.h"
#include "law/deadline.h"
#include "law/identifiers.h"
#include "law/procedure.h"
#include "org/auth.h"
#include "demo/org.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/store/testing.h"
#include "review/catalog.h"
#include "review/service.h"

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
    // Cases come only from matters of the published 行政执法事项清单: publish the demo's lists.
    EXPECT_TRUE(publicity::ensure_demo_publicity(*db).ok());
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
    auto d = in_write(*db, [&](store::Tx& tx) { return draft_document(tx, drafter, case_id, kind); });
    EXPECT_TRUE(d.ok()) << d.error().message;
    auto s = in_write(*db, [&](store::Tx& tx) { return sign_document(tx, blobs.get(), signer, *d, "2025-09-26"); });
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

// The facts and the proposed fine, nothing else (CaseFactsInput's other fields at their defaults).
CaseFactsInput facts_with_fine(const std::string& facts, std::int64_t fine_fen) {
  CaseFactsInput in;
  in.facts = facts;
  in.fine_fen = fine_fen;
  return in;
}

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
  auto r = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, c); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "party_id_number");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_cases"), 0);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), before);
}

TEST(Cases, LicenceEndToEndWithDocumentsNumbersAndLedger) {
  World w;
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, w.licence_case()); });
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(w.step(*id), "application");

  // Refused: acceptance before the 受理通知书 is signed; nothing changes.
  auto events = w.count("SELECT COUNT(*) FROM ledger_events");
  auto s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"accept", {}, {}, "", "2025-09-26"}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "documents.licence_acceptance");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), events);
  EXPECT_EQ(w.step(*id), "application");

  auto acc = w.doc(*id, "licence_acceptance", w.wang, w.wang);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"accept", {}, {"35.41", "116.59", "20", "市政务服务中心外侨窗口"}, "", "2025-09-26"}); }).ok());
  EXPECT_EQ(w.step(*id), "review");
  // ALL art. 42: the licence decision is due 20 working days after acceptance.
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND rule_id = 'licence.decision' AND state = 'running'", {*id}), 1);

  // Signed documents are immutable; numbering is 许受〔2025〕1号.
  EXPECT_EQ(in_write(*w.db, [&](store::Tx& tx) { return edit_document(tx, w.wang, acc, "改"); }).error().kind, ErrorKind::kConflict);
  EXPECT_EQ(in_write(*w.db, [&](store::Tx& tx) { return sign_document(tx, w.blobs.get(), w.wang, acc); }).error().kind, ErrorKind::kConflict);
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
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"propose", {}, {}, "", "2025-10-09"}); }).ok());
  // The decision is the head's; an officer is refused.
  auto grant = in_write(*w.db, [&](store::Tx& tx) { return draft_document(tx, w.wang, *id, "licence_grant"); });
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(in_write(*w.db, [&](store::Tx& tx) { return sign_document(tx, w.blobs.get(), w.wang, *grant); }).error().kind, ErrorKind::kForbidden);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return edit_document(tx, w.wang, *grant, "张华：\n准予回国定居。"); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return sign_document(tx, w.blobs.get(), w.head, *grant, "2025-10-10"); }).ok());
  s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"grant", {}, {}, "", "2025-10-10"}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.role");
  s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.head, *id, {"grant", {}, {}, "", "2025-10-10"}); });
  ASSERT_TRUE(s.ok()) << s.error().field << " " << s.error().message;
  w.doc(*id, "service_receipt", w.wang, w.wang);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"delivered", {}, {}, "", "2025-10-11"}); }).ok());
  EXPECT_EQ(w.step(*id), "closed");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_cases WHERE id = ? AND status = 'closed'", {*id}), 1);
  EXPECT_EQ(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"delivered", {}, {}, "", "2025-10-11"}); }).error().kind, ErrorKind::kConflict);

  // Correction: a new document that references the old; the old is superseded, not changed.
  auto fix = in_write(*w.db, [&](store::Tx& tx) { return correct_document(tx, w.wang, *grant); });
  ASSERT_FALSE(fix.ok());  // the case is closed: its file is complete
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_acts WHERE case_id = ?", {*id}), 5);  // open, accept, propose, grant, delivered

  // The case file renders as one PDF.
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  auto c = load_case(tx, w.wang, *id);
                  if (!c) return c.error();
                  auto pdf = case_file_pdf(tx, *c);
                  if (!pdf) return pdf.error();
                  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
                  return {};
                }).ok());
}

TEST(Cases, CorrectionReferencesTheSignedDocument) {
  World w;
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, w.licence_case()); });
  ASSERT_TRUE(id.ok());
  auto acc = w.doc(*id, "licence_acceptance", w.wang, w.wang);
  auto fix = in_write(*w.db, [&](store::Tx& tx) { return correct_document(tx, w.wang, acc); });
  ASSERT_TRUE(fix.ok()) << fix.error().message;
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return sign_document(tx, w.blobs.get(), w.wang, *fix, "2025-09-27"); }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_documents WHERE id = ? AND status = 'superseded'", {acc}), 1);
  EXPECT_EQ(w.count("SELECT replaces_id FROM rec_documents WHERE id = ?", {*fix}), acc);
  // Gap-free numbering: 1 then 2.
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_documents WHERE doc_number = ?", {std::string("济外侨许受〔2025〕2号")}), 1);
}

TEST(Cases, HearingTimeNotCountedAndHearingMakesTheDecisionMajor) {
  World w;
  NewCase lc = w.licence_case();
  lc.co_officer_id = w.liu.person_id;  // the 听证笔录 names both officers present (APL art. 42)
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, lc); });
  ASSERT_TRUE(id.ok());
  w.doc(*id, "licence_acceptance", w.wang, w.wang);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"accept", {}, {}, "", "2025-09-26"}); }).ok());
  Status s;
  // The hearing does not count (ALL art. 45): the clock is suspended and resumed.
  w.doc(*id, "hearing_notice", w.wang, w.head);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"hold_hearing", {}, {}, "", "2025-09-29"}); }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND state = 'suspended'", {*id}), 1);
  w.doc(*id, "hearing_record", w.wang, w.wang);
  s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"hearing_done", {}, {}, "", "2025-09-30"}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.count") << s.error().message;  // the hearing is on-site: two officers
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"hearing_done", {w.liu.person_id}, {}, "", "2025-09-30"}); }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_deadlines WHERE case_id = ? AND rule_id = 'licence.decision' AND state = 'running'", {*id}), 1);

  w.doc(*id, "licence_review_opinion", w.wang, w.wang);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"propose", {}, {}, "", "2025-10-09"}); }).ok());
  w.doc(*id, "licence_grant", w.wang, w.head);
  // APL art. 58: after a hearing the decision is major; without a passed legal review it is refused.
  auto events = w.count("SELECT COUNT(*) FROM ledger_events");
  s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.head, *id, {"grant", {}, {}, "", "2025-10-10"}); });
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
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, c); });
  ASSERT_TRUE(id.ok()) << id.error().message;
  w.doc(*id, "on_site_decision", w.wang, w.wang);
  w.doc(*id, "service_receipt", w.wang, w.wang);
  auto s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"decide", {}, {}, "", ""}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "actors.count");
  // A colleague of another agency is answered as a missing person: neither id nor name shows.
  auto other_agency = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"decide", {w.who("zhangwei").person_id}, {}, "", ""}); });
  auto missing = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"decide", {987654321}, {}, "", ""}); });
  ASSERT_FALSE(other_agency.ok());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(other_agency.error().field, "co_officers");
  EXPECT_EQ(other_agency.error().message, missing.error().message);
  s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"decide", {w.liu.person_id}, {}, "", ""}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "guard.art51_limits");
  EXPECT_NE(s.error().message.find("二百元"), std::string::npos);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return update_case_facts(tx, w.wang, *id, facts_with_fine("未按规定办理", 20000)); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"decide", {w.liu.person_id}, {}, "", ""}); }).ok());
  EXPECT_EQ(w.step(*id), "execution");
  // After the decision, the fine cannot change.
  EXPECT_EQ(in_write(*w.db, [&](store::Tx& tx) { return update_case_facts(tx, w.wang, *id, facts_with_fine("x", 100)); }).error().kind, ErrorKind::kConflict);
}

TEST(Cases, OnlyCertifiedOfficersOpenCasesAndJurisdictionHolds) {
  World w;
  // The legal reviewer is not an officer.
  auto r = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.reviewer, w.licence_case()); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kForbidden);
  // An expired certificate: revoke wangqiang's.
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                  auto u = tx.exec("UPDATE certificates SET valid_to = '2020-01-01' WHERE person_id = ?", {w.wang.person_id});
                  return u ? Status{} : Status(u.error());
                }).ok());
  r = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, w.licence_case()); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "actors.certified");
  auto ok = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.liu, w.licence_case()); });
  ASSERT_TRUE(ok.ok());
  // Someone outside the agency's jurisdiction sees nothing.
  org::Principal outsider = w.liu;
  outsider.agency_id = 999;
  outsider.jurisdiction = {999};
  // Not 403: that would tell the id exists (issue 12). Another agency's case is a missing one.
  auto outside = in_write(*w.db, [&](store::Tx& tx) { return act(tx, outsider, *ok, {"withdraw", {}, {}, "", ""}); });
  EXPECT_EQ(outside.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(outside.error().message, in_write(*w.db, [&](store::Tx& tx) { return act(tx, outsider, 987654321, {"withdraw", {}, {}, "", ""}); }).error().message);
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  EXPECT_EQ(load_case(tx, outsider, *ok).error().kind, ErrorKind::kNotFound);
                  return {};
                }).ok());
  // Withdrawal is a transition like any other.
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.liu, *ok, {"withdraw", {}, {}, "申请人书面撤回", ""}); }).ok());
  EXPECT_EQ(w.step(*ok), "withdrawn");
}

TEST(Cases, TasksShowNextActionsAndDeadlines) {
  World w;
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, w.licence_case()); });
  ASSERT_TRUE(id.ok());
  nlohmann::json tasks = nlohmann::json::array();
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) { return tasks_for(tx, w.wang, tasks); }).ok());
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks[0]["text"].get<std::string>().find("下一步：申请"), std::string::npos);
  // Opened 2025-09-26, materials notice due 5 working days later: long overdue today.
  EXPECT_EQ(tasks[0]["level"], "danger");
}

// ALL art. 42: 20 working days, extended once by 10 with the agency head's approval.
TEST(Cases, LicenceDecisionDeadlineExtendedOnceByTheHead) {
  World w;
  auto due_of = [&](std::int64_t id) {
    std::string due;
    EXPECT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                    auto r = tx.query_one("SELECT due FROM rec_deadlines WHERE case_id = ? AND rule_id = 'licence.decision'", {id});
                    if (!r || !*r) return Error::not_found("deadline");
                    due = (*r)->text(0);
                    return {};
                  }).ok());
    return due;
  };
  // The expected dates, from the official working-day calendar (holidays and make-up days).
  std::string due20, due30;
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  auto cal = law::load_calendar(tx);
                  if (!cal) return cal.error();
                  auto start = *law::Date::parse("2025-09-26");
                  due20 = cal->add_working_days(start, 20)->date.str();
                  due30 = cal->add_working_days(start, 30)->date.str();
                  return {};
                }).ok());

  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, w.licence_case()); });
  ASSERT_TRUE(id.ok());
  DeadlineExtension ext{"licence.decision", "申请人境外证明材料需经驻外使领馆核实", "2025-10-09"};
  // Not yet accepted: no decision deadline runs.
  auto s = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *id, ext); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  w.doc(*id, "licence_acceptance", w.wang, w.wang);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"accept", {}, {}, "", "2025-09-26"}); }).ok());
  EXPECT_EQ(due_of(*id), due20);

  auto events = w.count("SELECT COUNT(*) FROM ledger_events");
  auto acts = w.count("SELECT COUNT(*) FROM rec_acts WHERE case_id = ?", {*id});
  // An officer cannot approve it: the approver is the agency head.
  s = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.wang, *id, ext); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kForbidden);
  // A reason is required (it is told to the applicant); only the licence decision deadline.
  s = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *id, {"licence.decision", "  ", "2025-10-09"}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "reason");
  s = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *id, {"licence.certificate", "理由", "2025-10-09"}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "rule");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), events);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_acts WHERE case_id = ?", {*id}), acts);
  EXPECT_EQ(due_of(*id), due20);

  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *id, ext); }).ok());
  EXPECT_EQ(due_of(*id), due30);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.deadline.extended' AND subject = ?",
                    {"case:" + std::to_string(*id)}), 1);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_acts WHERE case_id = ? AND transition = 'extend_deadline' AND note = ?", {*id, ext.reason}), 1);
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  auto v = case_deadlines(tx, *id, "2025-10-09");
                  if (!v) return v.error();
                  bool seen = false;
                  for (auto& d : *v)
                    if (d.rule_id == "licence.decision") {
                      seen = true;
                      EXPECT_EQ(d.due, due30);
                      EXPECT_FALSE(d.extendable);
                      EXPECT_NE(d.extension.find("李丽"), std::string::npos) << d.extension;
                      EXPECT_NE(d.extension.find(ext.reason), std::string::npos);
                      EXPECT_NE(d.explanation.find("Extended by 10 working days"), std::string::npos) << d.explanation;
                    }
                  EXPECT_TRUE(seen);
                  return {};
                }).ok());
  // Only once.
  events = w.count("SELECT COUNT(*) FROM ledger_events");
  s = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *id, ext); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  EXPECT_NE(s.error().message.find("只能延长一次"), std::string::npos);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), events);
  EXPECT_EQ(due_of(*id), due30);

  // Only while running: not during a hearing (ALL art. 45, suspended), not once it has passed.
  auto h = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, w.licence_case()); });
  ASSERT_TRUE(h.ok());
  w.doc(*h, "licence_acceptance", w.wang, w.wang);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *h, {"accept", {}, {}, "", "2025-09-26"}); }).ok());
  auto late = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *h, {"licence.decision", "理由", "2025-12-01"}); });
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("已届满"), std::string::npos);
  w.doc(*h, "hearing_notice", w.wang, w.head);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *h, {"hold_hearing", {}, {}, "", "2025-09-29"}); }).ok());
  auto during = in_write(*w.db, [&](store::Tx& tx) { return extend_deadline(tx, w.head, *h, {"licence.decision", "理由", "2025-09-30"}); });
  ASSERT_FALSE(during.ok());
  EXPECT_NE(during.error().message.find("中止"), std::string::npos);
}

// APL art. 58: a penalty case entering 法制审核 is in the reviewers' queue from the same
// transaction; the gate holds the decision until the review passes.
TEST(Cases, PenaltyEnteringLegalReviewIsSubmittedToReview) {
  World w;
  auto admin = w.who("admin");
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                  review::CatalogRule r;
                  r.agency_id = w.wang.agency_id;
                  r.code = "R02";
                  r.name = "对法人或者其他组织处以十万元以上罚款";
                  r.category = "行政处罚";
                  r.party_kind = "organisation";
                  r.min_fine_fen = 10'000'000;
                  r.legal_source = "《行政处罚法》第五十八条";
                  auto id = review::save_rule(tx, admin, r);
                  return id ? Status{} : Status(id.error());
                }).ok());
  NewCase c;
  c.matter_code = "JNWQB-CF-001";
  c.matter_name = "违反外国人来华邀请管理规定的处罚";
  c.category = "行政处罚";
  c.procedure_id = "penalty";
  c.party = {"organisation", "济宁某国际旅行社有限公司", uscc(), "", ""};
  c.facts = "未经批准邀请外国人来华";
  c.fine_fen = 15'000'000;
  c.co_officer_id = w.liu.person_id;
  c.on_date = "2025-09-26";
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, c); });
  ASSERT_TRUE(id.ok()) << id.error().message;
  w.doc(*id, "case_filing", w.wang, w.head);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"file", {}, {}, "", "2025-09-26"}); }).ok());
  w.doc(*id, "investigation_report", w.wang, w.wang);
  w.doc(*id, "penalty_notice", w.wang, w.head);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"notify", {}, {}, "", "2025-09-29"}); }).ok());
  auto drafted = in_write(*w.db, [&](store::Tx& tx) { return draft_document(tx, w.wang, *id, "penalty_decision"); });
  ASSERT_TRUE(drafted.ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return edit_document(tx, w.wang, *drafted, "拟对济宁某国际旅行社有限公司处以罚款人民币壹拾伍万元。"); }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM review_submissions"), 0);

  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"submit_review", {}, {}, "拟罚款十五万元", "2025-10-09"}); }).ok());
  EXPECT_EQ(w.step(*id), "legal_review");
  ASSERT_EQ(w.count("SELECT COUNT(*) FROM review_submissions WHERE case_id = ? AND state = 'waiting'", {*id}), 1);
  std::int64_t sub = w.count("SELECT id FROM review_submissions WHERE case_id = ?", {*id});
  // Submitted from the case: the draft decision, the facts the gate compares, the signed
  // documents as materials, the handling officers (lead and co-officer).
  ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                  auto j = review::submission_json(tx, sub);
                  if (!j) return j.error();
                  std::string text = j->dump();
                  EXPECT_NE(text.find("壹拾伍万元"), std::string::npos);
                  EXPECT_NE(text.find("行政处罚事先告知书"), std::string::npos);
                  EXPECT_NE(text.find("R02"), std::string::npos);
                  auto r = case_review(tx, *load_case(tx, w.wang, *id));
                  if (!r) return r.error();
                  EXPECT_TRUE(r->has_value());
                  if (*r) {
                    EXPECT_EQ((**r)["href"], "/workspace/review/" + std::to_string(sub));
                  }
                  return {};
                }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM review_handlers WHERE submission_id = ? AND person_id IN (?, ?)", {sub, w.wang.person_id, w.liu.person_id}), 2);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events WHERE kind = 'review.submitted'"), 1);

  // Back for more investigation and again to review while it waits: the same submission.
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"return", {}, {}, "", "2025-10-10"}); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"notify", {}, {}, "", "2025-10-10"}); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"submit_review", {}, {}, "", "2025-10-10"}); }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM review_submissions WHERE case_id = ?", {*id}), 1);

  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"to_decision", {}, {}, "", "2025-10-10"}); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return sign_document(tx, w.blobs.get(), w.head, *drafted, "2025-10-10"); }).ok());
  auto refused = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.head, *id, {"impose", {}, {}, "", "2025-10-10"}); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "guard.review_gate");
  EXPECT_EQ(w.step(*id), "decision");
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                  if (auto st = review::take(tx, w.reviewer, sub); !st) return st;
                  std::vector<review::ElementAnswer> all;
                  for (int e = 1; e <= review::kElementCount; ++e) all.push_back({e, "pass", ""});
                  if (auto st = review::answer_elements(tx, w.reviewer, sub, all); !st) return st;
                  return review::give_opinion(tx, w.reviewer, sub, "agree", "同意");
                }).ok());
  auto ok = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.head, *id, {"impose", {}, {}, "", "2025-10-11", true}); });  // the party waived the hearing (APL art. 64)
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(w.step(*id), "service");
}

// A review the reviewer returned: the case goes back for more investigation and, entering 法制审核
// again, starts a new round of the same submission (review::resubmit) — refused, with the case
// left where it was, while nothing in the draft, the facts or the materials changed.
TEST(Cases, ReturnedReviewGetsANewRoundWhenTheCaseComesBack) {
  World w;
  NewCase c;
  c.matter_code = "JNWQB-CF-001";
  c.matter_name = "违反外国人来华邀请管理规定的处罚";
  c.category = "行政处罚";
  c.procedure_id = "penalty";
  c.party = {"organisation", "济宁某国际旅行社有限公司", uscc(), "", ""};
  c.fine_fen = 15'000'000;
  c.co_officer_id = w.liu.person_id;
  c.on_date = "2025-09-26";
  auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, c); });
  ASSERT_TRUE(id.ok());
  w.doc(*id, "case_filing", w.wang, w.head);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"file", {}, {}, "", "2025-09-26"}); }).ok());
  w.doc(*id, "investigation_report", w.wang, w.wang);
  w.doc(*id, "penalty_notice", w.wang, w.head);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"notify", {}, {}, "", "2025-09-29"}); }).ok());
  auto draft = in_write(*w.db, [&](store::Tx& tx) { return draft_document(tx, w.wang, *id, "penalty_decision"); });
  ASSERT_TRUE(draft.ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"submit_review", {}, {}, "", "2025-10-09"}); }).ok());
  std::int64_t sub = w.count("SELECT id FROM review_submissions WHERE case_id = ?", {*id});
  // The reviewer finds a problem and returns it.
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                  if (auto st = review::take(tx, w.reviewer, sub); !st) return st;
                  std::vector<review::ElementAnswer> all;
                  for (int e = 1; e <= review::kElementCount; ++e)
                    all.push_back({e, e == 4 ? "problem" : "pass", e == 4 ? "缺少外籍人员入境记录" : ""});
                  if (auto st = review::answer_elements(tx, w.reviewer, sub, all); !st) return st;
                  return review::give_opinion(tx, w.reviewer, sub, "problems", "证据不足，请补充入境记录");
                }).ok());
  ASSERT_EQ(w.count("SELECT COUNT(*) FROM review_submissions WHERE id = ? AND state = 'returned'", {sub}), 1);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"return", {}, {}, "补充调查", "2025-10-10"}); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"notify", {}, {}, "", "2025-10-13"}); }).ok());

  // Nothing changed: the new round is refused, and so is the act.
  auto events = w.count("SELECT COUNT(*) FROM ledger_events");
  auto s = in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"submit_review", {}, {}, "", "2025-10-13"}); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "draft");
  EXPECT_NE(s.error().message.find("完全相同"), std::string::npos) << s.error().message;
  EXPECT_EQ(w.step(*id), "statement");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events"), events);
  EXPECT_EQ(w.count("SELECT round FROM review_submissions WHERE id = ?", {sub}), 1);

  // With the entry record in the draft: round 2 of the same submission, back with its reviewer.
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return edit_document(tx, w.wang, *draft, "经查，当事人邀请的外籍人员入境记录已调取核实……决定处以罚款人民币壹拾伍万元。"); }).ok());
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, *id, {"submit_review", {}, {}, "已补充入境记录", "2025-10-13"}); }).ok());
  EXPECT_EQ(w.step(*id), "legal_review");
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM review_submissions WHERE case_id = ?", {*id}), 1);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM review_submissions WHERE id = ? AND round = 2 AND state = 'in_review'", {sub}), 1);
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM ledger_events WHERE kind = 'review.resubmitted'"), 1);
}

// The officer's list: cases where they are lead or co-officer, newest first, open ones unless
// all are asked for, limited.
TEST(Cases, OfficerListHasLeadAndCoOfficerCasesNewestFirst) {
  World w;
  auto mk = [&](const org::Principal& lead, std::optional<std::int64_t> co) {
    NewCase c = w.licence_case();
    c.co_officer_id = co;
    auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, lead, c); });
    EXPECT_TRUE(id.ok());
    return *id;
  };
  auto a = mk(w.wang, std::nullopt), b = mk(w.liu, std::nullopt), c = mk(w.liu, w.wang.person_id), d = mk(w.wang, w.liu.person_id);
  ASSERT_TRUE(in_write(*w.db, [&](store::Tx& tx) { return act(tx, w.wang, a, {"withdraw", {}, {}, "", "2025-09-26"}); }).ok());  // closed
  auto ids = [&](const org::Principal& p, bool agency, bool open_only, int limit) {
    std::vector<std::int64_t> out;
    EXPECT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                    auto l = list_cases(tx, p, agency, open_only, limit);
                    if (!l) return l.error();
                    for (auto& x : *l) out.push_back(x.id);
                    return {};
                  }).ok());
    return out;
  };
  EXPECT_EQ(ids(w.wang, false, true, 200), (std::vector<std::int64_t>{d, c}));
  EXPECT_EQ(ids(w.wang, false, false, 200), (std::vector<std::int64_t>{d, c, a}));
  EXPECT_EQ(ids(w.liu, false, true, 200), (std::vector<std::int64_t>{d, c, b}));
  EXPECT_EQ(ids(w.liu, false, true, 2), (std::vector<std::int64_t>{d, c}));
  EXPECT_EQ(ids(w.head, true, false, 200), (std::vector<std::int64_t>{d, c, b, a}));
  EXPECT_EQ(ids(w.head, true, true, 200), (std::vector<std::int64_t>{d, c, b}));
}

// Issue 6: the Chinese text of every document template of every procedure round-trips through
// pdftotext (poppler-utils): the title, the case number, the party and the body's first line.
TEST(Cases, EveryDocumentTemplateRoundTripsThroughPdftotext) {
  World w;
  auto procs = law::load_procedures();
  ASSERT_TRUE(procs.ok());
  std::string dir = store::testing::temp_dir();
  auto squeeze = [](const std::string& s) {
    std::string out;
    for (char ch : s)
      if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f') out += ch;
    return out;
  };
  int checked = 0;
  for (const auto& proc : **procs) {
    NewCase c = w.licence_case();
    c.category = proc.category;
    c.procedure_id = proc.id;
    // A published matter of the procedure's category (cases come only from the published list).
    static const std::map<std::string, std::string> kMatterOf = {
        {"行政许可", "JNWQB-XK-001"}, {"行政处罚", "JNWQB-CF-001"}, {"行政检查", "JNWQB-JC-001"}, {"行政确认", "JNWQB-QR-001"},
        {"行政强制", "JNWQB-QZ-001"}};
    ASSERT_TRUE(kMatterOf.count(proc.category)) << proc.category;
    c.matter_code = kMatterOf.at(proc.category);
    if (proc.category == "行政处罚") c.fine_fen = 20'000;
    auto id = in_write(*w.db, [&](store::Tx& tx) { return open_case(tx, w.wang, c); });
    ASSERT_TRUE(id.ok()) << proc.id << ": " << id.error().message;
    for (const auto& spec : proc.documents) {
      auto d = in_write(*w.db, [&](store::Tx& tx) { return draft_document(tx, w.wang, *id, spec.kind); });
      ASSERT_TRUE(d.ok()) << spec.kind << ": " << d.error().message;
      std::string pdf, title, case_no, first_line;
      ASSERT_TRUE(w.db->read([&](store::Tx& tx) -> Status {
                      auto doc = load_document(tx, w.wang, *d);
                      if (!doc) return doc.error();
                      auto cs = load_case(tx, w.wang, *id);
                      if (!cs) return cs.error();
                      auto r = render_document_pdf(tx, *doc, *cs);
                      if (!r) return r.error();
                      pdf = *r;
                      title = doc->name;
                      case_no = cs->case_no;
                      std::string body = doc->body;
                      first_line = body.substr(0, body.find('\n'));
                      return {};
                    }).ok());
      std::string path = dir + "/" + proc.id + "-" + spec.kind + ".pdf";
      { std::ofstream(path, std::ios::binary) << pdf; }
      std::string text;
      {
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("pdftotext -enc UTF-8 " + path + " -").c_str(), "r"), pclose);
        ASSERT_TRUE(pipe);
        char buf[4096];
        std::size_t n;
        while ((n = fread(buf, 1, sizeof buf, pipe.get())) > 0) text.append(buf, n);
      }
      text = squeeze(text);
      EXPECT_NE(text.find(squeeze(title)), std::string::npos) << proc.id << "/" << spec.kind << ": " << text;
      EXPECT_NE(text.find(squeeze(case_no)), std::string::npos) << proc.id << "/" << spec.kind;
      EXPECT_NE(text.find("张华"), std::string::npos) << proc.id << "/" << spec.kind;
      // 审批表 are form tables: the label (before "：") is a cell of its own, the value another.
      std::string probe = first_line;
      if (auto colon = probe.find("："); colon != std::string::npos) probe = probe.substr(colon + std::string("：").size());
      EXPECT_NE(text.find(squeeze(probe)), std::string::npos) << proc.id << "/" << spec.kind << ": " << first_line;
      ++checked;
    }
  }
  EXPECT_GE(checked, 30);
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
  ASSERT_TRUE(w.db->write([&](store::Tx& tx) -> Status {
                  auto shas = pending_blobs(tx);
                  if (!shas) return shas.error();
                  for (const auto& sha : *shas)
                    if (auto st = flush_pending_blob(tx, *w.blobs, sha); !st) return st;
                  return {};
                }).ok());
  EXPECT_EQ(w.count("SELECT COUNT(*) FROM rec_pending_blobs"), 0);
}

}  // namespace
}  // namespace zhifa::recording
