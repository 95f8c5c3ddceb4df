// 投诉举报 services on a fresh database of the backend under test: routing, deadlines on the
// official calendar, validation and the attachment check.
#include <gtest/gtest.h>

#include "complaints/service.h"
#include "demo/org.h"
#include "org/auth.h"
#include "platform/store/testing.h"

namespace zhifa::complaints {
namespace {

std::string png() { return std::string("\x89PNG\r\n\x1a\n", 8) + std::string(16, '\0'); }

class Complaints : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::testing::fresh_database();
    ASSERT_TRUE(org::ensure_demo_organisation(*db_).ok());
    blobs_ = blob::open_filesystem_store(store::testing::temp_dir() + "/blobs");
  }
  Result<Submitted> send(Submission s, const std::string& today, const std::string& address = "", const std::string& key = "") {
    s.consent = true;
    if (auto st = validate(s); !st) return st.error();
    std::optional<Submitted> out;
    auto st = db_->write([&](store::Tx& tx) -> Status {
      auto r = submit(tx, *blobs_, s, address, key, today);
      if (!r) return r.error();
      out = *r;
      return {};
    });
    if (!st) return st.error();
    return *out;
  }
  std::string handling_of(std::int64_t id) {
    std::string code;
    (void)db_->read([&](store::Tx& tx) -> Status {
      auto r = tx.query_one("SELECT a.code FROM complaints c JOIN agencies a ON a.id = c.handling_agency_id WHERE c.id = ?", {id});
      if (r && *r) code = (*r)->text(0);
      return {};
    });
    return code;
  }
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<blob::BlobStore> blobs_;
};

Submission complaint_about(const std::string& agency) {
  return Submission{"投诉", agency, "", "执法人员未出示证件。", "请求核查。", "", "13800000001", "", true, {}};
}

TEST_F(Complaints, AComplaintAboutAnActGoesToTheSupervisorNeverTheOfficeItself) {
  auto county = send(complaint_about("rencheng"), "2025-09-01");
  ASSERT_TRUE(county.ok()) << county.error().message;
  EXPECT_EQ(handling_of(county->id), "jnwqb");
  // The top agency: the configured 行政执法监督机构 (the demo's 济宁市司法局).
  auto city = send(complaint_about("jnwqb"), "2025-09-01");
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(handling_of(city->id), "jnsfj");
  // A report goes to the competent agency; no agency to the city office.
  Submission report{"举报", "rencheng", "", "某公司违法经营。", "", "", "", "", true, {}};
  auto r = send(report, "2025-09-01");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(handling_of(r->id), "rencheng");
  report.agency = "";
  auto u = send(report, "2025-09-01");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(handling_of(u->id), "jnwqb");
}

TEST_F(Complaints, DeadlinesAreCalendarDaysEndingOnAWorkingDayOfTheOfficialCalendar) {
  // 15 days after 2025-09-16 is 2025-10-01, inside the National Day holiday (1–8 October 2025):
  // the period ends on the next working day, Thursday 2025-10-09.
  auto s = send(complaint_about("rencheng"), "2025-09-16");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->accept_due, "2025-10-09");
  // An ordinary case: 15 days after 2025-11-03 is Tuesday 2025-11-18.
  auto t = send(complaint_about("rencheng"), "2025-11-03");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->accept_due, "2025-11-18");
  // Accepted on 2025-11-10: the reply is due 60 days later, 2026-01-09 (a Friday).
  org::Principal wang;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                auto id = tx.query_one("SELECT id FROM people WHERE login = 'wangqiang'");
                if (!id || !*id) return Error::internal("wangqiang");
                auto p = org::load_principal(tx, (*id)->integer(0));
                if (!p) return p.error();
                wang = *p;
                return {};
              }).ok());
  ASSERT_TRUE(db_->write([&](store::Tx& tx) { return act(tx, wang, t->id, act_of("accept"), "2025-11-10"); }).ok());
  std::string due;
  (void)db_->read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT reply_due FROM complaints WHERE id = ?", {t->id});
    if (r && *r) due = (*r)->text(0);
    return {};
  });
  EXPECT_EQ(due, "2026-01-09");
}

TEST_F(Complaints, YellowAndRedCardsForTheHandlerTheHeadAndTheSupervisor) {
  auto principal = [&](const char* login) {
    org::Principal p;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                  auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
                  if (!id || !*id) return Error::internal(login);
                  auto r = org::load_principal(tx, (*id)->integer(0));
                  if (!r) return r.error();
                  p = *r;
                  return {};
                }).ok());
    return p;
  };
  auto cards = [&](const org::Principal& p, const std::string& today) {
    nlohmann::json out = nlohmann::json::array();
    EXPECT_TRUE(db_->read([&](store::Tx& tx) { return tasks(tx, p, out, today); }).ok());
    return out;
  };
  // Received 2025-11-03 by the city office (a complaint about 任城区): acceptance due 2025-11-18.
  ASSERT_TRUE(send(complaint_about("rencheng"), "2025-11-03").ok());
  // A report to 任城区 itself, due the same day.
  Submission report{"举报", "rencheng", "", "某公司违法经营。", "", "", "", "", true, {}};
  ASSERT_TRUE(send(report, "2025-11-03").ok());
  auto wang = principal("wangqiang"), head = principal("lili"), sup = principal("zhoujian");
  auto level = [](const nlohmann::json& cards) { return cards.empty() ? std::string("none") : cards[0]["level"].get<std::string>(); };
  EXPECT_EQ(level(cards(wang, "2025-11-05")), "info");
  EXPECT_EQ(level(cards(wang, "2025-11-16")), "warn");    // 2 days left: yellow
  EXPECT_EQ(level(cards(wang, "2025-11-19")), "danger");  // past due: red
  EXPECT_EQ(cards(head, "2025-11-05").size(), 0u);        // the head: only when it needs attention
  EXPECT_EQ(level(cards(head, "2025-11-16")), "warn");
  // The supervisor of the city office: a red card for the county's overdue report, none before.
  auto before = cards(sup, "2025-11-10"), after = cards(sup, "2025-11-19");
  bool county_card = false;
  for (auto& c : after) county_card = county_card || c["text"].get<std::string>().find("任城区") != std::string::npos;
  EXPECT_TRUE(county_card) << after.dump();
  for (auto& c : before) EXPECT_EQ(c["text"].get<std::string>().find("任城区人民政府外事侨务办公室 举报"), std::string::npos);
}

TEST_F(Complaints, ValidationRefusesBadInputBeforeAnythingIsStored) {
  Submission s = complaint_about("rencheng");
  s.what_happened = "";
  EXPECT_EQ(validate(s).error().field, "what_happened");
  s = complaint_about("rencheng");
  s.what_happened = std::string(100 * 1024, 'x');
  EXPECT_EQ(validate(s).error().field, "what_happened");
  s = complaint_about("rencheng");
  s.phone = "";
  EXPECT_EQ(validate(s).error().field, "contact");  // a complaint needs a way back; only a report may be anonymous
  s = complaint_about("rencheng");
  s.consent = false;
  EXPECT_EQ(validate(s).error().field, "consent");
  s = complaint_about("rencheng");
  s.attachments.push_back({"photo.jpg", "", "GIF89a not a jpeg"});
  EXPECT_EQ(validate(s).error().field, "attachments");
  s = complaint_about("rencheng");
  s.attachments.push_back({"photo.png", "", png()});
  ASSERT_TRUE(validate(s).ok());
  EXPECT_EQ(s.attachments[0].content_type, "image/png");
  s.kind = "抱怨";
  EXPECT_EQ(validate(s).error().field, "kind");
}

TEST_F(Complaints, AttachmentsAreRecognisedByTheirBytes) {
  EXPECT_EQ(sniff_type("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(sniff_type(png()), "image/png");
  EXPECT_EQ(sniff_type("%PDF-1.7\n"), "application/pdf");
  EXPECT_FALSE(sniff_type("<html>"));
  EXPECT_FALSE(sniff_type(""));
}

TEST_F(Complaints, ReplaysAndFloods) {
  auto a = send(complaint_about("rencheng"), "2025-09-01", "10.0.0.1", "key-1");
  ASSERT_TRUE(a.ok());
  auto b = send(complaint_about("rencheng"), "2025-09-01", "10.0.0.1", "key-1");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->replay);
  EXPECT_EQ(b->code, a->code);
  Submission other = complaint_about("rencheng");
  other.what_happened = "另一件事。";
  auto c = send(other, "2025-09-01", "10.0.0.1", "key-1");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kConflict);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(send(complaint_about("rencheng"), "2025-09-01", "10.0.0.1")->retry_after, 0) << i;
  auto over = send(complaint_about("rencheng"), "2025-09-01", "10.0.0.1");
  ASSERT_TRUE(over.ok());
  EXPECT_GT(over->retry_after, 0);
  EXPECT_EQ(over->id, 0);
}

}  // namespace
}  // namespace zhifa::complaints
