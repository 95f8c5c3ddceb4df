// The public ledger API and the legal-primitives API over HTTP, and the offline commands.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "harness.h"
#include "law/identifiers.h"
#include "demo/org.h"
#include "platform/ledger/checkpoint.h"
#include "platform/ledger/codec.h"
#include "platform/blob/blob_store.h"
#include "platform/ledger/log.h"
#include "platform/ledger/merkle.h"
#include "platform/store/testing.h"

namespace zhifa::testing {
namespace {

TEST(LedgerApi, AdminChangeIsRecordedSignedAndProvable) {
  TestServer s;
  std::uint64_t before = 0;
  ASSERT_TRUE(s.db().read([&](store::Tx& tx) -> Status {
    auto n = ledger::log_size(tx);
    if (!n) return n.error();
    before = *n;
    return {};
  }).ok());
  Client admin(s.port());
  ASSERT_EQ(admin.login("admin", org::kDemoPassword), 303);
  admin.get("/workspace/admin/people");
  ASSERT_EQ(admin.post("/workspace/admin/people", form_encode({{"_csrf", admin.csrf()}, {"name", "孔明"}, {"login", "kongming"},
                                                               {"password", "long-enough-1"}, {"roles", "officer"}})).status, 303);
  // Sign a checkpoint on demand (the timer does it in `zhifa serve`).
  ASSERT_EQ(admin.post("/workspace/ledger/checkpoint", form_encode({{"_csrf", admin.csrf()}})).status, 303);
  Client pub(s.port());
  auto note = pub.get("/ledger/checkpoint");
  ASSERT_EQ(note.status, 200);
  EXPECT_EQ(note.header("content-type"), "text/plain; charset=utf-8");
  auto vkey = pub.get("/ledger/verifier-key");
  ASSERT_EQ(vkey.status, 200);
  auto verifier = ledger::parse_verifier_key(vkey.body.substr(0, vkey.body.find('\n')));
  ASSERT_TRUE(verifier.ok()) << vkey.body;
  std::vector<ledger::Verifier> known{*verifier};
  auto cp = ledger::open_checkpoint(note.body, known);
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  ASSERT_EQ(cp->size, before + 1);  // the demo data's events + the new person
  std::string last = std::to_string(before), size = std::to_string(before + 1);
  auto json = pub.get("/ledger/entries/" + last + ".json");
  ASSERT_EQ(json.status, 200);
  EXPECT_NE(json.body.find("\"kind\":\"org.person.created\""), std::string::npos) << json.body;
  // The ledger's privacy rule: the person's name and login are bound by a salted commitment, not shown.
  EXPECT_EQ(json.body.find("孔明"), std::string::npos) << json.body;
  EXPECT_EQ(json.body.find("kongming"), std::string::npos) << json.body;
  EXPECT_NE(json.body.find("\"record_commitment\""), std::string::npos) << json.body;
  EXPECT_EQ(json.body.find("long-enough-1"), std::string::npos);  // never a password
  auto bytes = pub.get("/ledger/entries/" + last);
  EXPECT_EQ(bytes.header("content-type"), "application/octet-stream");
  auto proof = pub.get("/ledger/proof/inclusion?index=" + last + "&size=" + size);
  ASSERT_EQ(proof.status, 200);
  // Decode every base64 hash of the proof and check it against the signed root.
  std::vector<ledger::Hash> path;
  for (std::size_t p = proof.body.find("[\""); p != std::string::npos && p < proof.body.size();) {
    auto start = proof.body.find('"', p) + 1;
    auto end = proof.body.find('"', start);
    if (start == 0 || end == std::string::npos) break;
    auto decoded = ledger::base64_decode(proof.body.substr(start, end - start));
    ASSERT_TRUE(decoded.has_value());
    std::string raw = *decoded;
    ASSERT_EQ(raw.size(), 32u);
    ledger::Hash h{};
    std::copy(raw.begin(), raw.end(), h.begin());
    path.push_back(h);
    p = proof.body.find(",\"", end);
  }
  auto leaf = ledger::leaf_hash(bytes.body);
  EXPECT_TRUE(ledger::verify_inclusion(before, before + 1, leaf, path, cp->root).ok());
  // Bad input: clear 400s, never a crash.
  EXPECT_EQ(pub.get("/ledger/proof/inclusion?index=" + size + "&size=" + size).status, 400);
  EXPECT_EQ(pub.get("/ledger/proof/inclusion?index=-1&size=2").status, 400);
  EXPECT_EQ(pub.get("/ledger/proof/consistency?from=1&to=" + std::to_string(before + 99)).status, 400);
  EXPECT_EQ(pub.get("/ledger/entries/" + std::to_string(before + 99)).status, 404);
  EXPECT_EQ(pub.get("/ledger/proof/consistency?from=1&to=" + size).status, 200);
  auto page = pub.get("/ledger");
  EXPECT_NE(page.body.find("执法记录防篡改账本"), std::string::npos);
  // Kinds read in Chinese (issue 16), not as codes.
  EXPECT_NE(page.body.find("人员登记"), std::string::npos);
  EXPECT_EQ(page.body.find("org.person.created"), std::string::npos);
}

TEST(LedgerApi, AnOfficerCannotSignCheckpoints) {
  TestServer s;
  Client c(s.port());
  ASSERT_EQ(c.login("wangqiang", org::kDemoPassword), 303);
  EXPECT_EQ(c.post("/workspace/ledger/checkpoint", form_encode({{"_csrf", c.csrf()}})).status, 403);
}

TEST(LawApi, WorkingDaysAndChecksAndMasking) {
  TestServer s(false);
  Client c(s.port());
  auto add = c.get("/api/v1/law/workday/add?date=2025-09-26&n=7");
  ASSERT_EQ(add.status, 200) << add.body;
  EXPECT_NE(add.body.find("2025-10-13"), std::string::npos);
  auto between = c.get("/api/v1/law/workday/between?from=2025-09-26&to=2025-10-13");
  EXPECT_NE(between.body.find('7'), std::string::npos);
  auto bad = c.get("/api/v1/law/workday/add?date=2025-13-01&n=7");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.rfind("{\"error\":", 0), 0u);
  std::string body17 = "91370800MA3C0000X";
  std::string uscc = body17 + law::uscc_check_char(body17);
  auto check = c.get("/api/v1/law/check?kind=uscc&value=" + uscc);
  EXPECT_EQ(check.status, 200) << check.body;
  EXPECT_NE(check.body.find("true"), std::string::npos) << check.body;
  std::string wrong = body17 + (uscc.back() == '0' ? '1' : '0');
  auto check_bad = c.get("/api/v1/law/check?kind=uscc&value=" + wrong);
  EXPECT_NE(check_bad.body.find("false"), std::string::npos) << check_bad.body;
  auto mask = c.send("POST", "/api/v1/law/mask", R"({"text":"张三，电话13812345678","names":["张三"]})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(mask.status, 200) << mask.body;
  EXPECT_NE(mask.body.find("张某"), std::string::npos);
  EXPECT_NE(mask.body.find("张某，电话***********"), std::string::npos) << mask.body;
  auto bad_json = c.send("POST", "/api/v1/law/mask", "{not json", {{"Content-Type", "application/json"}});
  EXPECT_EQ(bad_json.status, 400);
}

TEST(Commands, VersionHelpUnknownAndVerify) {
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(app::run_command({"--version"}, in, out, err), 0);
  EXPECT_EQ(out.str().rfind("zhifa ", 0), 0u);
  EXPECT_EQ(app::run_command({"frobnicate"}, in, out, err), 2);
  EXPECT_NE(err.str().find("unknown command"), std::string::npos);
  std::ostringstream o2, e2;
  EXPECT_EQ(app::run_command({"law", "workday", "add", "2025-09-26", "7"}, in, o2, e2), 0);
  EXPECT_EQ(o2.str(), "2025-10-13\n");
  if (store::testing::backend_name() == "sqlite") {
    std::string dir = store::testing::temp_dir();
    std::ostringstream o3, e3;
    EXPECT_EQ(app::run_command({"init", "--data-dir", dir}, in, o3, e3), 0) << e3.str();
    std::ostringstream o4, e4;
    EXPECT_EQ(app::run_command({"verify", "--data-dir", dir}, in, o4, e4), 0) << e4.str();
    std::ostringstream o5, e5;
    EXPECT_EQ(app::run_command({"verify", "--data-dir", dir + "/missing"}, in, o5, e5), 2);
    // An event naming an evidence file: verify re-hashes the file; replacing it is caught.
    auto blobs = blob::open_filesystem_store(dir + "/blobs");
    auto sha = blobs->put("现场检查笔录.pdf bytes");
    ASSERT_TRUE(sha.ok());
    {
      auto db = store::open("sqlite:" + dir + "/zhifa.db");
      ASSERT_TRUE(db.ok());
      ASSERT_TRUE((*db)->write([&](store::Tx& tx) -> Status {
        ledger::Event e;
        e.time = "2025-09-26T08:00:00Z";
        e.agency = "jnwqb";
        e.actor = "person:1";
        e.kind = "recording.document.signed";
        e.subject = "document:1";
        e.evidence_sha256 = {*sha};
        auto r = ledger::append(tx, e);
        return r ? Status{} : Status(r.error());
      }).ok());
    }
    std::ostringstream o6, e6;
    EXPECT_EQ(app::run_command({"verify", "--data-dir", dir}, in, o6, e6), 0) << e6.str();
    std::ofstream(blobs->path_of(*sha), std::ios::binary | std::ios::trunc) << "replaced";
    std::ostringstream o7, e7;
    EXPECT_EQ(app::run_command({"verify", "--data-dir", dir}, in, o7, e7), 1);
    EXPECT_NE(e7.str().find(*sha), std::string::npos) << e7.str();
  }
}

}  // namespace
}  // namespace zhifa::testing
