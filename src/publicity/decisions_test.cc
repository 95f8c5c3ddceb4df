// Publicity after enforcement: the 7-working-day deadline across the National Day holiday,
// the mask review, publication, withdrawal within 3 working days (APL art. 48), display periods,
// and search that never disagrees with the records — on the backend under test.
#include <gtest/gtest.h>

#include <set>

#include "law/identifiers.h"
#include "org/auth.h"
#include "demo/org.h"
#include "platform/core/clock.h"
#include "platform/blob/blob_store.h"
#include "platform/store/testing.h"
#include "publicity/decisions.h"
#include "demo/publicity.h"

namespace zhifa::publicity {
namespace {

using json = nlohmann::json;

// expire_display_periods takes the caller's transaction (services never open one).
Result<int> expire_display_periods(store::Database& db, const std::string& today) {
  int n = 0;
  Status st = db.write([&](store::Tx& tx) -> Status {
    auto r = publicity::expire_display_periods(tx, today);
    if (!r) return r.error();
    n = *r;
    return {};
  });
  if (!st) return st.error();
  return n;
}

class Decisions : public ::testing::Test {
 protected:
  void SetUp() override {
    db = store::testing::fresh_database();
    ASSERT_TRUE(org::ensure_demo_organisation(*db));
    ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
      auto who = [&](const char* login) {
        auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
        return *org::load_principal(tx, (**id).integer(0));
      };
      editor = who("chenjing");
      officer = who("wangqiang");
      supervisor = who("zhoujian");
      city = (**tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'")).integer(0);
      return {};
    }));
  }

  std::string person_id = std::string("37080219520817101") + law::resident_id_check_char("37080219520817101");

  DecisionIssued penalty(const std::string& source, const std::string& date) {
    DecisionIssued d;
    d.agency_id = city;
    d.source = source;
    d.case_no = "济外侨案〔2025〕9号";
    d.category = "行政处罚";
    d.matter_code = "JNWQB-CF-001";
    d.matter_name = "对违反外国人来华邀请管理规定行为的处罚";
    d.legal_basis = "《中华人民共和国出境入境管理法》";
    d.party_kind = "person";
    d.party_name = "李建国";
    d.conclusion = "罚款人民币2000元";
    d.decision_no = "济外侨罚〔2025〕3号";
    d.decision_date = date;
    d.party_address = "济宁市任城区洸河路66号";
    d.body = "当事人：李建国，公民身份号码：" + person_id + "，联系电话：13905378123。经办人：王小明。\n经查，李建国为他人出具虚假邀请材料。决定罚款人民币2000元。";
    return d;
  }

  Result<std::int64_t> open(const DecisionIssued& d) {
    std::int64_t id = 0;
    auto st = db->write([&](store::Tx& tx) -> Status {
      auto r = open_decision_publication(tx, officer, d);
      if (!r) return r.error();
      id = *r;
      return {};
    });
    if (!st) return st.error();
    return id;
  }
  DecisionPub load(std::int64_t id) {
    DecisionPub out;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
      auto d = load_decision(tx, id);
      if (!d) return d.error();
      out = *d;
      return {};
    }));
    return out;
  }
  Status confirm_and_publish(std::int64_t id, const std::string& on) {
    return db->write([&](store::Tx& tx) -> Status {
      auto d = load_decision(tx, id);
      if (auto s = confirm_masks(tx, editor, id, d->revision); !s) return s;
      return publish_decision(tx, editor, id, on);
    });
  }
  std::vector<std::int64_t> search_ids(const std::string& q, const std::string& category = "") {
    std::vector<std::int64_t> ids;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
      DecisionQuery dq;
      dq.q = q;
      dq.category = category;
      auto r = search_decisions(tx, dq);
      if (!r) return r.error();
      for (auto& h : r->hits) ids.push_back(h.id);
      return {};
    }));
    return ids;
  }
  std::int64_t ledger_count(const std::string& kind) {
    std::int64_t n = 0;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
      n = (**tx.query_one("SELECT COUNT(*) FROM ledger_events WHERE kind = ?", {kind})).integer(0);
      return {};
    }));
    return n;
  }

  std::unique_ptr<store::Database> db;
  org::Principal editor, officer, supervisor;
  std::int64_t city = 0;
};

TEST_F(Decisions, DueSevenWorkingDaysAfterTheDecisionAcrossNationalDay) {
  // 118: published within 7 working days. Decided Friday 2025-09-26: Sunday 28 September and
  // Saturday 11 October are make-up working days, 1–8 October the holiday → due 2025-10-13.
  auto id = open(penalty("case:1", "2025-09-26"));
  ASSERT_TRUE(id) << id.error().message;
  auto d = load(*id);
  EXPECT_EQ(d.due_on, "2025-10-13");
  EXPECT_EQ(d.publish_days, 7);
  EXPECT_EQ(d.deadline_rule, "publicity.decision");
  EXPECT_EQ(d.state, "pending");
  // Other decisions: 20 working days.
  auto other = penalty("case:2", "2025-09-26");
  other.category = "行政确认";
  auto o = open(other);
  ASSERT_TRUE(o);
  EXPECT_EQ(load(*o).publish_days, 20);
  // Opening twice for the same decision returns the same publication.
  EXPECT_EQ(*open(penalty("case:1", "2025-09-26")), *id);
  EXPECT_EQ(ledger_count("publicity.decision.opened"), 2);
}

TEST_F(Decisions, AMatterRuleSetsItsOwnTimeLimitWithItsSource) {
  auto bad = db->write([&](store::Tx& tx) { return set_rule(tx, editor, city, "行政处罚", "JNWQB-CF-001", 5, 0, ""); });
  EXPECT_EQ(bad.error().field, "source");
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return set_rule(tx, editor, city, "行政处罚", "JNWQB-CF-001", 5, 12, "某行政法规第十条"); }));
  EXPECT_EQ(db->write([&](store::Tx& tx) { return set_rule(tx, officer, city, "行政处罚", "", 5, 0, "x"); }).error().kind, ErrorKind::kForbidden);
  auto id = open(penalty("case:3", "2025-09-26"));
  auto d = load(*id);
  EXPECT_EQ(d.publish_days, 5);
  EXPECT_EQ(d.deadline_rule, "matter:JNWQB-CF-001");
  EXPECT_EQ(d.due_on, "2025-10-10");  // 9-28, 9-29, 9-30, 10-9, 10-10
  ASSERT_TRUE(confirm_and_publish(*id, "2025-10-09"));
  EXPECT_EQ(load(*id).display_until, "2026-10-09");  // 12 months
}

TEST_F(Decisions, MaskReviewIsRequiredAndEveryChangeNeedsAReason) {
  auto id = open(penalty("case:1", "2025-09-26"));
  auto d = load(*id);
  // Automatic: the party's name (both times), the ID number and the phone.
  ASSERT_EQ(d.spans.size(), 4u);
  auto text = masked_text(d);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->find("李建国"), std::string::npos);
  EXPECT_EQ(text->find(person_id), std::string::npos);
  EXPECT_NE(text->find("李某某"), std::string::npos);
  EXPECT_NE(text->find("联系电话：***********。"), std::string::npos);

  // Publishing before the review → refused, nothing changes.
  auto early = db->write([&](store::Tx& tx) { return publish_decision(tx, editor, *id, "2025-09-29"); });
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().field, "mask_review");
  EXPECT_EQ(load(*id).state, "pending");

  // The agent's name was missed: add it, with a reason; a missing reason or text is refused.
  auto no_reason = db->write([&](store::Tx& tx) { return add_mask(tx, editor, *id, d.revision, "王小明", "", " "); });
  EXPECT_EQ(no_reason.error().field, "reason");
  auto absent = db->write([&](store::Tx& tx) { return add_mask(tx, editor, *id, d.revision, "赵六", "", "代理人"); });
  EXPECT_EQ(absent.error().field, "text");
  EXPECT_EQ(db->write([&](store::Tx& tx) { return add_mask(tx, officer, *id, d.revision, "王小明", "", "代理人"); }).error().kind,
            ErrorKind::kForbidden);
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return add_mask(tx, editor, *id, d.revision, "王小明", "王某某", "经办人姓名（名字检测器不认“经办人”）"); }));
  // A stale revision is told the publication changed.
  auto stale = db->write([&](store::Tx& tx) { return remove_mask(tx, editor, *id, d.revision, 0, "x"); });
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  d = load(*id);
  ASSERT_EQ(d.spans.size(), 5u);
  EXPECT_NE(masked_text(d)->find("经办人：王某某"), std::string::npos);

  // Review, then a change resets the review.
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return confirm_masks(tx, editor, *id, d.revision); }));
  d = load(*id);
  EXPECT_TRUE(d.mask_reviewed());
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return remove_mask(tx, editor, *id, d.revision, 3, "代理人为律师，可公开"); }));
  d = load(*id);
  EXPECT_FALSE(d.mask_reviewed());
  EXPECT_EQ(ledger_count("publicity.decision.mask_changed"), 2);
  // The ledger never carries the personal data.
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto rows = tx.query("SELECT payload FROM ledger_events WHERE kind LIKE 'publicity.decision.%'");
    for (auto& r : *rows) {
      EXPECT_EQ(r.text(0).find("李建国"), std::string::npos) << r.text(0);
      EXPECT_EQ(r.text(0).find(person_id), std::string::npos);
      EXPECT_EQ(r.text(0).find("王小明"), std::string::npos);
    }
    return {};
  }));
}

TEST_F(Decisions, PublishedRecordIsFixedHashedInTheLedgerAndSearchable) {
  auto id = open(penalty("case:1", "2025-09-26"));
  EXPECT_TRUE(search_ids("罚款").empty());  // pending: not public, not found
  ASSERT_TRUE(confirm_and_publish(*id, "2025-10-13"));
  auto d = load(*id);
  EXPECT_EQ(d.state, "published");
  EXPECT_EQ(d.published_on, "2025-10-13");
  EXPECT_EQ(d.display_until, "2028-10-13");  // default 36 months
  auto record = json::parse(d.record_json);
  EXPECT_EQ(record["party"], "李某某");
  EXPECT_EQ(record["text"].get<std::string>().find("李建国"), std::string::npos);
  EXPECT_EQ(record["decision_no"], "济外侨罚〔2025〕3号");
  ASSERT_TRUE(d.publish_event);
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto e = tx.query_one("SELECT payload FROM ledger_events WHERE idx = ?", {*d.publish_event});
    auto payload = json::parse((**e).text(0));
    EXPECT_EQ(payload["record_sha256"], d.record_sha256);
    EXPECT_EQ(payload["record_sha256"], blob::sha256_hex(d.record_json));
    EXPECT_EQ(payload["on_time"], true);
    return {};
  }));
  // Publishing twice is refused.
  EXPECT_EQ(db->write([&](store::Tx& tx) { return publish_decision(tx, editor, *id, "2025-10-14"); }).error().kind, ErrorKind::kConflict);
  // Found by 2-character words and phrases, by category; not by the masked name or the ID.
  EXPECT_EQ(search_ids("罚款"), std::vector<std::int64_t>{*id});
  EXPECT_EQ(search_ids("虚假邀请材料"), std::vector<std::int64_t>{*id});
  EXPECT_EQ(search_ids("罚款", "行政处罚"), std::vector<std::int64_t>{*id});
  EXPECT_TRUE(search_ids("罚款", "行政许可").empty());
  EXPECT_TRUE(search_ids("李建国").empty());
  EXPECT_TRUE(search_ids(person_id).empty());
  EXPECT_TRUE(search_ids("邀请虚假").empty());  // bigrams present, phrase absent
  // Late publication is recorded as such.
  auto late = open(penalty("case:9", "2025-09-26"));
  ASSERT_TRUE(confirm_and_publish(*late, "2025-10-14"));
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto e = tx.query_one("SELECT payload FROM ledger_events WHERE kind = 'publicity.decision.published' ORDER BY idx DESC LIMIT 1");
    EXPECT_EQ(json::parse((**e).text(0))["on_time"], false);
    return {};
  }));
}

TEST_F(Decisions, WithdrawalWithinThreeWorkingDaysAndNeverPublishedAgain) {
  auto id = open(penalty("case:1", "2025-09-26"));
  ASSERT_TRUE(confirm_and_publish(*id, "2025-09-29"));
  // Withdrawing needs a recorded ground and reason first (APL art. 48).
  auto early = db->write([&](store::Tx& tx) { return withdraw_decision(tx, editor, *id, "2025-10-09"); });
  EXPECT_EQ(early.error().field, "ground");
  auto bad_ground = db->write([&](store::Tx& tx) { return request_withdrawal(tx, officer, *id, "dislike", "理由", "2025-09-30"); });
  EXPECT_EQ(bad_ground.error().field, "ground");
  auto before = db->write([&](store::Tx& tx) { return request_withdrawal(tx, officer, *id, "revoked", "理由", "2025-09-01"); });
  EXPECT_EQ(before.error().field, "trigger_on");
  // Revoked on reconsideration on 2025-09-30 → withdraw by 2025-10-11: 1–8 October are off; the 9th,
  // the 10th and Saturday the 11th (a make-up working day) count.
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return request_withdrawal(tx, officer, *id, "revoked", "经行政复议撤销；李建国的申请已受理", "2025-09-30"); }));
  auto d = load(*id);
  EXPECT_EQ(d.withdraw_due_on, "2025-10-11");
  EXPECT_EQ(d.withdraw_reason.find("李建国"), std::string::npos);  // the public reason is masked too
  EXPECT_EQ(search_ids("罚款").size(), 1u);                        // still published until withdrawn
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return withdraw_decision(tx, editor, *id, "2025-10-09"); }));
  d = load(*id);
  EXPECT_EQ(d.state, "withdrawn");
  ASSERT_TRUE(d.withdraw_event);
  EXPECT_TRUE(search_ids("罚款").empty());
  // Publishing after withdrawal is refused with the reason; the publication stays in the ledger.
  auto again = db->write([&](store::Tx& tx) { return publish_decision(tx, editor, *id, "2025-10-10"); });
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("APL art. 48"), std::string::npos);
  EXPECT_EQ(ledger_count("publicity.decision.published"), 1);
  EXPECT_EQ(ledger_count("publicity.decision.withdrawn"), 1);
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    auto e = tx.query_one("SELECT payload FROM ledger_events WHERE idx = ?", {*d.withdraw_event});
    auto payload = json::parse((**e).text(0));
    EXPECT_EQ(payload["on_time"], true);
    EXPECT_EQ(payload["due_on"], "2025-10-11");
    return {};
  }));
}

TEST_F(Decisions, AHomeAddressIsMaskedKeepingCityAndDistrict) {
  auto in = penalty("case:7", "2025-09-26");
  in.body = "当事人：李建国，住址：济宁市任城区洸河路66号。经查属实。";
  auto id = open(in);
  ASSERT_TRUE(id) << id.error().message;
  auto text = masked_text(load(*id));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("住址：济宁市任城区******。"), std::string::npos) << *text;
  EXPECT_EQ(text->find("洸河路"), std::string::npos);
  // An organisation's address stays public.
  auto org = penalty("case:8", "2025-09-26");
  org.party_kind = "organisation";
  org.party_name = "济宁鲁源国际经贸有限公司";
  org.party_code = std::string("91370800MA3C5NXK0") + law::uscc_check_char("91370800MA3C5NXK0");
  org.body = "当事人：济宁鲁源国际经贸有限公司，地址：济宁市任城区洸河路66号。";
  auto oid = open(org);
  ASSERT_TRUE(oid) << oid.error().message;
  EXPECT_EQ(*masked_text(load(*oid)), org.body);
  EXPECT_FALSE(load(*oid).mask_required);
  // A bad credit code is refused (GB 32100).
  org.source = "case:10";
  org.party_code = "91370800MA3C5NXK0Z";
  EXPECT_FALSE(open(org));
}

TEST_F(Decisions, DisplayPeriodEndsOffTheListsAsAnEvent) {
  auto id = open(penalty("case:1", "2025-09-26"));
  ASSERT_TRUE(confirm_and_publish(*id, "2025-09-29"));
  auto n = expire_display_periods(*db, "2028-09-29");  // the last day on display
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  n = expire_display_periods(*db, "2028-09-30");
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(load(*id).state, "expired");
  EXPECT_TRUE(search_ids("罚款").empty());
  EXPECT_EQ(ledger_count("publicity.decision.expired"), 1);
}

TEST_F(Decisions, TheIndexHoldsExactlyThePublishedDecisionsWhateverHappens) {
  // 30 decisions through a random mix of publish, withdraw, expire and refused changes: after
  // each step the search index holds exactly the published ones — none missing, none extra.
  std::uint32_t seed = 20251013;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(*open(penalty("case:r" + std::to_string(i), "2025-09-26")));
  auto indexed = [&] {
    std::set<std::int64_t> out;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
      auto rows = tx.backend() == store::Backend::kPostgres ? tx.query("SELECT id FROM pub_decisions WHERE tsv IS NOT NULL")
                                                             : tx.query("SELECT d.id FROM pub_decisions_fts f JOIN pub_decisions d ON d.pub_order = f.rowid");
      if (!rows) return rows.error();
      for (auto& r : *rows) out.insert(r.integer(0));
      return {};
    }));
    return out;
  };
  auto published = [&] {
    std::set<std::int64_t> out;
    EXPECT_TRUE(db->read([&](store::Tx& tx) -> Status {
      auto rows = tx.query("SELECT id FROM pub_decisions WHERE state = 'published'");
      if (!rows) return rows.error();
      for (auto& r : *rows) out.insert(r.integer(0));
      return {};
    }));
    return out;
  };
  for (int step = 0; step < 120; ++step) {
    std::int64_t id = ids[next() % ids.size()];
    switch (next() % 4) {
      case 0: (void)confirm_and_publish(id, "2025-09-29"); break;
      case 1:
        (void)db->write([&](store::Tx& tx) -> Status {
          (void)request_withdrawal(tx, officer, id, "changed", "决定已变更", "2025-10-09");
          return withdraw_decision(tx, editor, id, "2025-10-10");
        });
        break;
      case 2: (void)db->write([&](store::Tx& tx) { return publish_decision(tx, editor, id, "2025-09-30"); }); break;
      case 3: if (next() % 10 == 0) (void)expire_display_periods(*db, "2028-10-01"); break;
    }
    ASSERT_EQ(indexed(), published()) << "after step " << step;
  }
  auto p = published();
  EXPECT_EQ(search_ids("虚假邀请材料").size(), std::min<std::size_t>(p.size(), 20));
}

TEST_F(Decisions, SearchInputIsValidatedAndOddQueriesAreSafe) {
  auto id = open(penalty("case:1", "2025-09-26"));
  ASSERT_TRUE(confirm_and_publish(*id, "2025-09-29"));
  ASSERT_TRUE(db->read([&](store::Tx& tx) -> Status {
    DecisionQuery q;
    q.q = "！!@#￥%";  // symbols only: an answer, no results
    auto r = search_decisions(tx, q);
    EXPECT_TRUE(r);
    EXPECT_TRUE(r->hits.empty());
    EXPECT_FALSE(r->notes.empty());
    q.q = "' OR 1=1 -- \" MATCH * NEAR(";
    r = search_decisions(tx, q);
    EXPECT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->hits.empty());
    q.q = std::string(10 * 1024, 'a');
    r = search_decisions(tx, q);
    EXPECT_TRUE(r);
    EXPECT_FALSE(r->notes.empty());
    q.q = "罚款";
    q.from = "2025-10-01";  // decided 09-26: outside the range
    EXPECT_TRUE(search_decisions(tx, q)->hits.empty());
    q.from = "2025-09-26";
    EXPECT_EQ(search_decisions(tx, q)->hits.size(), 1u);
    q.to = "2025-09-01";
    EXPECT_EQ(search_decisions(tx, q).error().field, "from");
    q.to = "";
    q.from = "2025-13-01";
    EXPECT_EQ(search_decisions(tx, q).error().field, "from");
    q.from = "";
    q.category = "DROP TABLE";
    EXPECT_EQ(search_decisions(tx, q).error().field, "category");
    q.category = "";
    q.agency_code = "nope";
    EXPECT_EQ(search_decisions(tx, q).error().field, "agency");
    q.agency_code = "";
    q.q = std::string("\xff\xfe", 2);
    EXPECT_FALSE(search_decisions(tx, q));
    // Highlights: the hit is marked in the snippet.
    q.q = "罚款";
    auto h = search_decisions(tx, q);
    bool marked = false;
    for (auto& s : h->hits.at(0).snippet) marked |= s["hit"].get<bool>() && s["t"] == "罚款";
    EXPECT_TRUE(marked);
    return {};
  }));
}

TEST_F(Decisions, FulfilmentIsValidatedAndPublic) {
  auto id = open(penalty("case:1", "2025-09-26"));
  ASSERT_TRUE(confirm_and_publish(*id, "2025-09-29"));
  auto bad = db->write([&](store::Tx& tx) { return set_fulfilment(tx, officer, *id, "随便", "", "2025-10-01"); });
  EXPECT_EQ(bad.error().field, "fulfilment");
  ASSERT_TRUE(db->write([&](store::Tx& tx) { return set_fulfilment(tx, officer, *id, "已履行", "李建国已缴纳罚款", "2025-10-09"); }));
  auto d = load(*id);
  EXPECT_EQ(d.fulfilment, "已履行");
  EXPECT_EQ(d.fulfilment_note.find("李建国"), std::string::npos);
  auto j = public_json(d);
  EXPECT_EQ(j["fulfilment"]["status"], "已履行");
  EXPECT_FALSE(j.dump().find("李建国") != std::string::npos);
}

}  // namespace
}  // namespace zhifa::publicity
