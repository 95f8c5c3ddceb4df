// The list decides, the procedure enforces (issue 17; 国办发〔2018〕118号): a step the agency's
// published 音像记录事项清单 names cannot be completed until A/V evidence recorded within the step's
// window is attached — the refusal names the list row; an item recorded before the step does not
// count; a photo uploaded over tus then lets the step complete. The head's exemption (device
// failure) is an act of its own. Every view and download of the item is in its chain of custody.
// Both backends.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness.h"
#include "law/identifiers.h"
#include "platform/http/util.h"
#include "platform/core/clock.h"
#include "recording/av/coverage.h"

namespace zhifa::testing {
namespace {

using json = nlohmann::json;
const char* kPw = "zhifa-demo-2025";

bool has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

// A/V coverage of one case by recording::av's one definition (issue 20): {required, covered}.
std::pair<std::int64_t, std::int64_t> coverage(TestServer& server, std::int64_t case_id) {
  recording::av::AvCoverage c;
  EXPECT_TRUE(server.db().read([&](store::Tx& tx) -> Status {
    auto acts = recording::av::av_required_acts(tx, {case_id});
    if (!acts) return acts.error();
    c = recording::av::av_coverage(*acts);
    return {};
  }).ok());
  return {c.required, c.covered};
}

std::string b64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

struct User {
  Client c;
  User(int port, const std::string& login) : c(port) { EXPECT_EQ(c.login(login, kPw), 303) << login; }
  std::map<std::string, std::string> headers() const { return {{"Content-Type", "application/json"}, {"X-CSRF-Token", c.csrf()}}; }
  HttpResult post(const std::string& path, const json& body) { return c.send("POST", path, body.dump(), headers()); }
  // A tus creation-with-upload of a whole file.
  HttpResult upload(std::int64_t case_id, const std::string& step, const std::string& kind, const std::string& name, const std::string& bytes,
                    const std::string& recorded_at) {
    std::string meta = "filename " + b64(name) + ",case_id " + b64(std::to_string(case_id)) + ",kind " + b64(kind) + ",step " + b64(step) +
                       ",device " + b64("JZY-0001") + ",recorded_at " + b64(recorded_at);
    return c.send("POST", "/api/v1/uploads", bytes,
                  {{"Tus-Resumable", "1.0.0"}, {"X-CSRF-Token", c.csrf()}, {"Content-Type", "application/offset+octet-stream"},
                   {"Upload-Length", std::to_string(bytes.size())}, {"Upload-Metadata", meta}});
  }
};

class AvRequirement : public ::testing::Test {
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
                  if (*r && !(*r)->is_null(0)) n = (*r)->integer(0);
                  return {};
                }).ok());
    return n;
  }
  std::string base(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }

  // The agency's published 音像记录事项清单 gains a row naming 现场检查 (as a new version would).
  void list_names_inspection() {
    ASSERT_TRUE(server.db().write([&](store::Tx& tx) -> Status {
                  auto v = tx.query_one("SELECT v.id, v.rows FROM publicity_versions v JOIN agencies a ON a.id = v.agency_id "
                                        "WHERE a.code = 'jnwqb' AND v.kind = 'av' ORDER BY v.version DESC LIMIT 1");
                  if (!v) return v.error();
                  if (!*v) return Error::not_found("no published 音像记录事项清单");
                  json rows = json::parse((*v)->text(1));
                  rows.push_back({{"code", "AV-09"}, {"name", "行政检查现场检查"}, {"requirement", "根据情况音像记录"},
                                  {"basis", "国办发〔2018〕118号"}, {"equipment", "执法记录仪"}, {"steps", "现场检查"}});
                  auto u = tx.exec("UPDATE publicity_versions SET rows = ? WHERE id = ?", {rows.dump(), (*v)->integer(0)});
                  return u ? Status{} : Status(u.error());
                }).ok());
  }

  // An inspection case in its on-site step, its record signed.
  std::int64_t inspection_on_site() {
    std::string code = "91370800MA3C5NXK0";
    auto r = wang.post("/api/v1/cases", {{"matter_code", "JNWQB-JC-001"}, {"matter_name", "外国人来华邀请单位检查"}, {"category", "行政检查"}, {"co_officer_id", liu},
                                         {"party", {{"kind", "organisation"}, {"name", "济宁某国际经贸有限公司"},
                                                    {"id_number", code + law::uscc_check_char(code)}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    std::int64_t id = json::parse(r.body).value("id", std::int64_t{0});
    EXPECT_EQ(wang.post(base(id) + "/acts", {{"transition", "start"}}).status, 200);
    auto d = wang.post(base(id) + "/documents", {{"kind", "inspection_record"}});
    EXPECT_EQ(d.status, 201) << d.body;
    auto doc = json::parse(d.body).value("id", std::int64_t{0});
    EXPECT_EQ(wang.post("/api/v1/documents/" + std::to_string(doc) + "/sign", json::object()).status, 200);
    return id;
  }
};

std::string photo_bytes(const std::string& dir) {
  std::string path = dir + "/scene.jpg";
  std::string cmd = "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 " + path;
  if (std::system(cmd.c_str()) != 0) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The demo's own 音像记录事项清单 has a row (AV-01 现场检查、实地核查) naming the 行政检查 procedure's
// 现场检查 step: an inspection case's on-site step is refused without its A/V record.
TEST_F(AvRequirement, TheDemoListCoversTheInspectionStep) {
  auto id = inspection_on_site();
  ASSERT_GT(id, 0);
  auto refused = wang.post(base(id) + "/acts", {{"transition", "finish"}, {"co_officers", {liu}}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(json::parse(refused.body).value("field", ""), "av");
  EXPECT_TRUE(has(refused.body, "AV-01")) << refused.body;
  EXPECT_TRUE(has(refused.body, "现场检查、实地核查"));
  EXPECT_EQ(wang.c.get(base(id)).status, 200);
  EXPECT_EQ(json::parse(wang.c.get(base(id)).body)["step"], "inspection");
}

TEST_F(AvRequirement, TheListedStepIsRefusedUntilItsRecordingIsAttached) {
  list_names_inspection();
  auto id = inspection_on_site();
  ASSERT_GT(id, 0);
  // The case page says so.
  auto page = wang.c.get("/workspace/cases/" + std::to_string(id));
  EXPECT_TRUE(has(page.body, "本环节须音像记录")) << page.body.substr(0, 300);
  EXPECT_TRUE(has(page.body, "AV-09"));

  auto refused = wang.post(base(id) + "/acts", {{"transition", "finish"}, {"co_officers", {liu}}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_TRUE(has(refused.body, "AV-09")) << refused.body;
  EXPECT_TRUE(has(refused.body, "行政检查现场检查"));
  EXPECT_EQ(json::parse(refused.body).value("field", ""), "av");

  std::string photo = photo_bytes(server.app().site().options.data_dir);
  ASSERT_FALSE(photo.empty()) << "ffmpeg (Debian package ffmpeg) is needed";
  // Taken long before the step began: does not count.
  auto old = wang.upload(id, "inspection", "photo", "旧照片.jpg", photo, "2020-01-01T00:00:00Z");
  ASSERT_EQ(old.status, 201) << old.body;
  EXPECT_EQ(wang.post(base(id) + "/acts", {{"transition", "finish"}, {"co_officers", {liu}}}).status, 409);
  // Taken now, at the scene.
  auto now = wang.upload(id, "inspection", "photo", "现场照片.jpg", photo, clock::now_iso());
  ASSERT_EQ(now.status, 201) << now.body;
  std::string item = now.header("zhifa-evidence-item");
  ASSERT_FALSE(item.empty());
  auto done = wang.post(base(id) + "/acts", {{"transition", "finish"}, {"co_officers", {liu}}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(json::parse(done.body)["step"], "result");
  // The completed step required A/V and has it (the old photo is outside the window, the new one in).
  EXPECT_EQ(coverage(server, id), std::make_pair(std::int64_t{1}, std::int64_t{1}));

  // Listed on the case page under the step it covers.
  auto shown = wang.c.get("/workspace/cases/" + std::to_string(id));
  EXPECT_TRUE(has(shown.body, "现场照片.jpg"));
  EXPECT_TRUE(has(shown.body, "<h3>现场检查</h3>"));
  auto api = json::parse(wang.c.get(base(id) + "/av").body);
  EXPECT_EQ(api["steps"][0]["step"], "inspection");
  EXPECT_EQ(api["steps"][0]["items"].size(), 2u);

  // Custody: a view, a ranged read (not another view), a download without and with its reason.
  auto view = wang.c.get("/workspace/av/" + item);
  EXPECT_EQ(view.status, 200);
  EXPECT_EQ(view.header("content-type"), "image/jpeg");
  EXPECT_EQ(view.body, photo);
  auto range = head.c.get("/workspace/av/" + item, {{"Range", "bytes=10-19"}});
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, photo.substr(10, 10));
  EXPECT_TRUE(has(view.header("content-disposition"), "inline")) << view.header("content-disposition");
  // The original's own sandbox policy reaches the browser (not the pages' default).
  EXPECT_TRUE(has(view.header("content-security-policy"), "sandbox")) << view.header("content-security-policy");
  EXPECT_FALSE(has(view.header("content-security-policy"), "script-src 'self'"));
  EXPECT_TRUE(has(wang.c.get("/workspace/cases/" + std::to_string(id)).header("content-security-policy"), "frame-ancestors 'none'"));
  // A suffix range longer than the file serves it from byte 0: a view. Several ranges, a reversed
  // range or another unit: 416, nothing served, nothing logged.
  auto whole = head.c.get("/workspace/av/" + item, {{"Range", "bytes=-" + std::to_string(photo.size() + 100)}});
  EXPECT_EQ(whole.status, 206);
  EXPECT_EQ(whole.body, photo);
  EXPECT_TRUE(has(whole.header("content-disposition"), "inline"));
  for (std::string bad : {"bytes=1-,0-", "bytes=5-2", "items=0-", "bytes=x-", "bytes=0-1,2-3"}) {
    auto r = head.c.get("/workspace/av/" + item, {{"Range", bad}});
    EXPECT_EQ(r.status, 416) << bad;
    EXPECT_TRUE(r.body.find(photo.substr(0, 64)) == std::string::npos) << bad;
    EXPECT_EQ(r.header("content-range"), "bytes */" + std::to_string(photo.size())) << bad;
  }
  auto no_reason = head.c.get("/workspace/av/" + item + "/download");
  EXPECT_EQ(no_reason.status, 400);
  auto dl = head.c.get("/workspace/av/" + item + "/download?reason=" + http::url_encode("移送公安机关"));
  EXPECT_EQ(dl.status, 200);
  EXPECT_TRUE(has(dl.header("content-disposition"), "attachment"));
  auto log = json::parse(head.c.get("/api/v1/av/" + item + "/custody").body);
  ASSERT_EQ(log["custody"].size(), 3u) << log.dump();
  EXPECT_EQ(log["custody"][0]["action"], "view");
  EXPECT_EQ(log["custody"][0]["person"], "王强");
  EXPECT_EQ(log["custody"][1]["action"], "view");  // the suffix range that covered byte 0
  EXPECT_NE(log["custody"][1]["person"], "王强");
  EXPECT_EQ(log["custody"][2]["action"], "download");
  EXPECT_EQ(log["custody"][2]["reason"], "移送公安机关");
  EXPECT_EQ(wang.c.get("/workspace/av/" + item + "/thumb").header("content-type"), "image/jpeg");
}

TEST_F(AvRequirement, TheHeadsExemptionIsAnActOfItsOwn) {
  list_names_inspection();
  auto id = inspection_on_site();
  EXPECT_EQ(wang.post(base(id) + "/acts", {{"transition", "finish"}, {"co_officers", {liu}}}).status, 409);
  // The officer may not exempt; the head must give the reason.
  EXPECT_EQ(wang.post(base(id) + "/av-exemption", {{"reason", "device_failure"}, {"note", "执法记录仪电池故障"}}).status, 403);
  EXPECT_EQ(head.post(base(id) + "/av-exemption", {{"reason", "device_failure"}, {"note", ""}}).status, 400);
  auto ok = head.post(base(id) + "/av-exemption", {{"reason", "device_failure"}, {"note", "执法记录仪电池故障，现场以笔录记录"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto done = wang.post(base(id) + "/acts", {{"transition", "finish"}, {"co_officers", {liu}}});
  EXPECT_EQ(done.status, 200) << done.body;
  // An exemption is not evidence: the act required A/V and is not covered.
  EXPECT_EQ(coverage(server, id), std::make_pair(std::int64_t{1}, std::int64_t{0}));
  // The ledger binds the note by commitment only.
  // (this case's events: the demo's seizure has an exemption of its own)
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE kind = 'recording.av.exemption' AND subject = ? AND payload LIKE '%note_commitment%'",
                   {"case:" + std::to_string(id)}),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_events WHERE payload LIKE '%电池%'"), 0);
  // Not needed where nothing requires A/V (the result step).
  EXPECT_EQ(head.post(base(id) + "/av-exemption", {{"reason", "device_failure"}, {"note", "再次"}}).status, 409);
}

// 音像记录设备: one 执法记录仪 per officer in the demo, used for the demo's items; the head registers
// and assigns devices, an officer cannot; the ratio of devices to certified officers.
TEST_F(AvRequirement, DevicesRegistryAndRatio) {
  auto j = json::parse(head.c.get("/api/v1/devices").body);
  ASSERT_GE(j["devices"].size(), 2u) << j.dump();
  bool used = false;
  for (const auto& d : j["devices"]) used = used || d["items"].get<std::int64_t>() > 0;
  EXPECT_TRUE(used) << "the demo's items name their devices";
  ASSERT_FALSE(j["ratio"].empty());
  EXPECT_GT(j["ratio"][0]["certified_officers"].get<std::int64_t>(), 0);
  auto refused = wang.c.post("/workspace/av/devices", form_encode({{"_csrf", wang.c.csrf()}, {"code", "X-1"}, {"kind", "camera"}}));
  EXPECT_EQ(refused.status, 403);
  auto added = head.c.post("/workspace/av/devices", form_encode({{"_csrf", head.c.csrf()}, {"code", "JNWQB-SXJ-01"}, {"kind", "camera"},
                                                                 {"holder", std::to_string(liu)}}));
  EXPECT_EQ(added.status, 303) << added.body.substr(0, 300);
  auto dup = head.c.post("/workspace/av/devices", form_encode({{"_csrf", head.c.csrf()}, {"code", "JNWQB-SXJ-01"}, {"kind", "camera"}}));
  EXPECT_EQ(dup.status, 409);
  auto page = head.c.get("/workspace/av/devices");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "JNWQB-SXJ-01"));
  EXPECT_TRUE(has(page.body, "刘洋"));
  EXPECT_TRUE(has(page.body, "设备与持证执法人员配比"));
}

}  // namespace
}  // namespace zhifa::testing
