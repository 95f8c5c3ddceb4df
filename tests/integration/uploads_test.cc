// 音像记录 uploads over tus 1.0 (issue 17), against the real server on both backends: OPTIONS
// without login; creation, core (HEAD, PATCH, 409 on a wrong offset), checksum (sha1 and
// sha256, 460), creation-with-upload, termination, expiration (410 after the periodic job), 412
// and 413 before the body is read; a PATCH cut off part way resumed from the last byte held;
// who may upload to which case (403 closed or not one's case, 404 another agency's); the
// finished upload is a blob whose ledger event carries its SHA-256 and ids only; memory flat.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness.h"
#include "app/upload_expiry.h"
#include "platform/blob/blob_store.h"
#include "recording/av/upload_files.h"

namespace zhifa::testing {
namespace {

const char* kPw = "zhifa-demo-2025";

std::string b64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string digest_b64(const std::string& data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return b64(std::string(reinterpret_cast<char*>(out), len));
}

std::string pattern(std::size_t n, unsigned seed = 7) {
  std::string s(n, '\0');
  unsigned x = seed;
  for (auto& c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 16);
  }
  return s;
}

std::int64_t scalar(store::Database& db, const std::string& sql, const store::Params& params = {}) {
  std::int64_t v = -1;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one(sql, params);
    if (!r) return r.error();
    if (*r && !(*r)->is_null(0)) v = (*r)->integer(0);
    return {};
  });
  EXPECT_TRUE(st.ok()) << sql;
  return v;
}

void exec(store::Database& db, const std::string& sql, const store::Params& params = {}) {
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto r = tx.exec(sql, params);
    return r ? Status{} : Status(r.error());
  });
  ASSERT_TRUE(st.ok()) << sql << ": " << st.error().message;
}

struct Tus {
  Client& c;
  std::map<std::string, std::string> base() const {
    return {{"Tus-Resumable", "1.0.0"}, {"X-CSRF-Token", c.csrf()}, {"Content-Type", "application/offset+octet-stream"}};
  }
  std::string meta(std::int64_t case_id, const std::string& kind = "document", const std::string& filename = "现场执法.mp4") const {
    return "filename " + b64(filename) + ",case_id " + b64(std::to_string(case_id)) + ",kind " + b64(kind) + ",device " + b64("JZY-001") +
           ",recorded_at " + b64("2026-12-03T08:00:00Z");
  }
  HttpResult create(std::int64_t case_id, std::uint64_t length, const std::string& body = "", std::map<std::string, std::string> extra = {},
                    const std::string& kind = "document", const std::string& filename = "现场执法.mp4") {
    auto h = base();
    h["Upload-Length"] = std::to_string(length);
    h["Upload-Metadata"] = meta(case_id, kind, filename);
    for (auto& [k, v] : extra) h[k] = v;
    return c.send("POST", "/api/v1/uploads", body, h);
  }
  HttpResult patch(const std::string& path, std::uint64_t offset, const std::string& body, std::map<std::string, std::string> extra = {}) {
    auto h = base();
    h["Upload-Offset"] = std::to_string(offset);
    for (auto& [k, v] : extra) h[k] = v;
    return c.send("PATCH", path, body, h);
  }
  HttpResult head(const std::string& path) { return c.send("HEAD", path, "", {{"Tus-Resumable", "1.0.0"}}); }
};

std::string path_of(const HttpResult& r) {
  std::string loc = r.header("location");
  auto p = loc.find("/api/v1/uploads/");
  return p == std::string::npos ? "" : loc.substr(p);
}

struct Fixture {
  TestServer server;
  Client c{server.port()};
  std::int64_t wang = 0, own_case = 0;
  Fixture() {
    EXPECT_EQ(c.login("wangqiang", kPw), 303);
    wang = scalar(server.db(), "SELECT id FROM people WHERE login = 'wangqiang'");
    own_case = scalar(server.db(), "SELECT MIN(id) FROM rec_cases WHERE lead_officer_id = ? AND status = 'open'", {wang});
  }
  std::string data_dir() { return server.app().site().options.data_dir; }
};

TEST(TusUploads, OptionsNeedsNoLoginAndNamesTheExtensions) {
  TestServer server;
  Client anon(server.port());
  auto r = anon.send("OPTIONS", "/api/v1/uploads", "", {});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.header("tus-resumable"), "1.0.0");
  EXPECT_EQ(r.header("tus-version"), "1.0.0");
  EXPECT_EQ(r.header("tus-extension"), "creation,creation-with-upload,termination,checksum,expiration");
  EXPECT_EQ(r.header("tus-max-size"), std::to_string(16ull << 30));
  EXPECT_EQ(r.header("tus-checksum-algorithm"), "sha1,sha256");
  // Everything else needs a login.
  auto post = anon.send("POST", "/api/v1/uploads", "", {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "10"}});
  EXPECT_EQ(post.status, 401);
}

TEST(TusUploads, CoreCreationChecksumAndTheFinishedItem) {
  Fixture f;
  ASSERT_GT(f.own_case, 0);
  Tus t{f.c};
  std::string data = pattern(300000);
  auto created = t.create(f.own_case, data.size());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("tus-resumable"), "1.0.0");
  EXPECT_NE(created.header("upload-expires").find("GMT"), std::string::npos);
  std::string url = path_of(created);
  ASSERT_FALSE(url.empty()) << created.header("location");
  EXPECT_EQ(created.header("location").rfind("/api/v1/uploads/", 0), 0u);

  auto h = t.head(url);
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(h.header("upload-offset"), "0");
  EXPECT_EQ(h.header("upload-length"), std::to_string(data.size()));
  EXPECT_EQ(h.header("cache-control"), "no-store");
  EXPECT_EQ(h.header("upload-metadata"), t.meta(f.own_case));

  auto p1 = t.patch(url, 0, data.substr(0, 100000));
  ASSERT_EQ(p1.status, 204) << p1.body;
  EXPECT_EQ(p1.header("upload-offset"), "100000");
  EXPECT_FALSE(p1.header("upload-expires").empty());
  // A wrong offset: 409, nothing taken.
  auto wrong = t.patch(url, 5, data.substr(5, 10));
  EXPECT_EQ(wrong.status, 409);
  EXPECT_EQ(wrong.header("upload-offset"), "100000");
  // sha1 that does not match: 460, nothing taken.
  auto bad = t.patch(url, 100000, data.substr(100000, 100000), {{"Upload-Checksum", "sha1 " + digest_b64("other", EVP_sha1())}});
  EXPECT_EQ(bad.status, 460) << bad.body;
  EXPECT_EQ(t.head(url).header("upload-offset"), "100000");
  // Unsupported algorithm: 400.
  EXPECT_EQ(t.patch(url, 100000, "x", {{"Upload-Checksum", "md5 AAAA"}}).status, 400);
  // sha1 that matches, then sha256 that matches for the last piece.
  auto p2 = t.patch(url, 100000, data.substr(100000, 100000), {{"Upload-Checksum", "sha1 " + digest_b64(data.substr(100000, 100000), EVP_sha1())}});
  ASSERT_EQ(p2.status, 204) << p2.body;
  std::string last = data.substr(200000);
  auto p3 = t.patch(url, 200000, last, {{"Upload-Checksum", "sha256 " + digest_b64(last, EVP_sha256())}});
  ASSERT_EQ(p3.status, 204) << p3.body;
  EXPECT_EQ(p3.header("upload-offset"), std::to_string(data.size()));
  std::string item = p3.header("zhifa-evidence-item");
  ASSERT_FALSE(item.empty());

  // The item: the blob under its SHA-256, the ledger event with the hash and ids only.
  std::string sha = blob::sha256_hex(data);
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE id = ? AND sha256 = ? AND case_id = ? AND size_bytes = ?",
                   {std::stoll(item), sha, f.own_case, static_cast<std::int64_t>(data.size())}),
            1);
  auto blobs = blob::open_filesystem_store(f.data_dir() + "/blobs");
  ASSERT_TRUE(blobs->exists(sha));
  EXPECT_TRUE(blobs->check(sha).ok());
  std::string payload, evidence;
  ASSERT_TRUE(f.server.db().read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT payload, evidence_sha256 FROM ledger_events WHERE kind = 'recording.av.item_added' ORDER BY idx DESC");
    if (!r) return r.error();
    if (!*r) return Error::not_found("no event");
    payload = (*r)->text(0);
    evidence = (*r)->text(1);
    return {};
  }).ok());
  auto j = nlohmann::json::parse(payload);
  EXPECT_EQ(j["sha256"], sha);
  EXPECT_EQ(j["item"], std::stoll(item));
  EXPECT_EQ(payload.find("现场执法"), std::string::npos);  // no file name
  EXPECT_EQ(payload.find("JZY-001"), std::string::npos);   // no device label
  EXPECT_NE(evidence.find(sha), std::string::npos);
  // Done: HEAD says every byte is held; the part file is gone.
  auto done = t.head(url);
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.header("upload-offset"), std::to_string(data.size()));
  EXPECT_FALSE(std::filesystem::exists(f.data_dir() + "/uploads/" + url.substr(16) + ".part"));
}

TEST(TusUploads, CreationWithUploadTerminationAndVersions) {
  Fixture f;
  Tus t{f.c};
  // creation-with-upload: the whole file in the POST.
  std::string photo = pattern(5000, 3);
  auto whole = t.create(f.own_case, photo.size(), photo, {{"Upload-Checksum", "sha256 " + digest_b64(photo, EVP_sha256())}});
  ASSERT_EQ(whole.status, 201) << whole.body;
  EXPECT_EQ(whole.header("upload-offset"), "5000");
  EXPECT_FALSE(whole.header("zhifa-evidence-item").empty());
  EXPECT_EQ(scalar(f.server.db(), "SELECT clock_flag FROM av_items WHERE id = ?", {std::stoll(whole.header("zhifa-evidence-item"))}), 0);
  // A device clock far ahead of the server's: kept, with both times, and flagged.
  auto ahead = f.c.send("POST", "/api/v1/uploads", "abc",
                        {{"Tus-Resumable", "1.0.0"}, {"X-CSRF-Token", f.c.csrf()}, {"Content-Type", "application/offset+octet-stream"},
                         {"Upload-Length", "3"},
                         {"Upload-Metadata", "filename " + b64("a.txt") + ",case_id " + b64(std::to_string(f.own_case)) + ",kind " +
                                                 b64("document") + ",recorded_at " + b64("2099-01-01T00:00:00Z")}});
  ASSERT_EQ(ahead.status, 201) << ahead.body;
  EXPECT_EQ(scalar(f.server.db(), "SELECT clock_flag FROM av_items WHERE id = ?", {std::stoll(ahead.header("zhifa-evidence-item"))}), 1);
  // Part of it in the POST.
  auto part = t.create(f.own_case, 10, "abcd");
  ASSERT_EQ(part.status, 201);
  EXPECT_EQ(part.header("upload-offset"), "4");
  std::string url = path_of(part);
  // termination
  auto del = f.c.send("DELETE", url, "", {{"Tus-Resumable", "1.0.0"}, {"X-CSRF-Token", f.c.csrf()}});
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(t.head(url).status, 404);
  EXPECT_EQ(t.patch(url, 4, "ef").status, 404);
  EXPECT_FALSE(std::filesystem::exists(f.data_dir() + "/uploads/" + url.substr(16) + ".part"));
  // Versions: another one 412 with Tus-Version; none 400.
  auto old = f.c.send("POST", "/api/v1/uploads", "", {{"Tus-Resumable", "0.2.2"}, {"X-CSRF-Token", f.c.csrf()}, {"Upload-Length", "1"}});
  EXPECT_EQ(old.status, 412);
  EXPECT_EQ(old.header("tus-version"), "1.0.0");
  // 413 from the head: over Tus-Max-Size, and a body past Upload-Length.
  auto huge = t.create(f.own_case, (16ull << 30) + 1);
  EXPECT_EQ(huge.status, 413) << huge.body;
  auto small = t.create(f.own_case, 3);
  ASSERT_EQ(small.status, 201);
  EXPECT_EQ(t.patch(path_of(small), 0, "abcdef").status, 413);
  // Unknown upload 404; wrong content type 415; missing metadata 400 naming the key.
  EXPECT_EQ(t.head("/api/v1/uploads/nosuchupload").status, 404);
  EXPECT_EQ(t.patch(path_of(small), 0, "abc", {{"Content-Type", "text/plain"}}).status, 415);
  auto nometa = f.c.send("POST", "/api/v1/uploads", "", {{"Tus-Resumable", "1.0.0"}, {"X-CSRF-Token", f.c.csrf()}, {"Upload-Length", "1"}});
  EXPECT_EQ(nometa.status, 400);
  EXPECT_NE(nometa.body.find("filename"), std::string::npos);
  // A cookie without the CSRF token: 403.
  auto forged = f.c.send("POST", "/api/v1/uploads", "",
                         {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "1"}, {"Upload-Metadata", t.meta(f.own_case)}});
  EXPECT_EQ(forged.status, 403);
}

// A file name comes back in Content-Disposition and on pages: line breaks, quotes, control and
// bidirectional characters, or an odd extension are refused at creation, naming the field.
TEST(TusUploads, FileNamesThatCouldForgeHeadersOrReadBackwardsAreRefused) {
  Fixture f;
  Tus t{f.c};
  std::int64_t before = scalar(f.server.db(), "SELECT COUNT(*) FROM av_uploads");
  for (std::string bad : {std::string("a\r\nSet-Cookie: x.mp4"), std::string("say\"hi\".mp4"), std::string("tab\there.jpg"),
                          std::string("\u202Egpj.exe"), std::string("clip.mp4;x"), std::string("clip.verylongext"),
                          std::string("clip."), std::string("bad\xff.mp4")}) {
    auto r = t.create(f.own_case, 3, "", {}, "document", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("filename"), std::string::npos) << r.body;
  }
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_uploads"), before);
  auto ok = t.create(f.own_case, 3, "abc", {}, "document", "现场 笔录（一）.PDF");
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST(TusUploads, ExpiredUploadsAreRemovedByThePeriodicJob) {
  Fixture f;
  Tus t{f.c};
  auto r = t.create(f.own_case, 10, "12345");
  ASSERT_EQ(r.status, 201);
  std::string url = path_of(r), id = url.substr(16);
  std::string part = f.data_dir() + "/uploads/" + id + ".part";
  ASSERT_TRUE(std::filesystem::exists(part));
  auto none = app::expire_abandoned_uploads(f.server.db(), f.data_dir(), false);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  exec(f.server.db(), "UPDATE av_uploads SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ?", {id});
  auto n = app::expire_abandoned_uploads(f.server.db(), f.data_dir(), false);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_FALSE(std::filesystem::exists(part));
  EXPECT_EQ(t.head(url).status, 410);
  EXPECT_EQ(t.patch(url, 5, "67890").status, 410);
}

TEST(TusUploads, WhoMayUploadToWhichCase) {
  Fixture f;
  Tus t{f.c};
  auto& db = f.server.db();
  std::int64_t agency = scalar(db, "SELECT agency_id FROM people WHERE id = ?", {f.wang});
  std::int64_t liu = scalar(db, "SELECT id FROM people WHERE login = 'liuyang'");
  // Another officer's case of the same agency: 403.
  std::int64_t theirs = scalar(db, "SELECT MAX(id) FROM rec_cases WHERE agency_id = ? AND status = 'open' AND id <> ?", {agency, f.own_case});
  ASSERT_GT(theirs, 0);
  exec(db, "UPDATE rec_cases SET lead_officer_id = ?, co_officer_id = NULL WHERE id = ?", {liu, theirs});
  auto r1 = t.create(theirs, 10);
  EXPECT_EQ(r1.status, 403) << r1.body;
  // A closed case: 403.
  exec(db, "UPDATE rec_cases SET lead_officer_id = ?, status = 'closed' WHERE id = ?", {f.wang, theirs});
  auto r2 = t.create(theirs, 10);
  EXPECT_EQ(r2.status, 403) << r2.body;
  EXPECT_NE(r2.body.find("已办结"), std::string::npos);
  // Another agency's case: 404, as a missing one.
  std::int64_t other = scalar(db, "SELECT MIN(id) FROM rec_cases WHERE agency_id <> ?", {agency});
  if (other <= 0) {  // no demo case elsewhere: move one
    other = scalar(db, "SELECT MIN(id) FROM rec_cases WHERE id NOT IN (?, ?)", {f.own_case, theirs});
    exec(db, "UPDATE rec_cases SET agency_id = (SELECT MIN(id) FROM agencies WHERE id <> ?) WHERE id = ?", {agency, other});
  }
  ASSERT_GT(other, 0);
  auto r3 = t.create(other, 10);
  auto r4 = t.create(987654321, 10);
  EXPECT_EQ(r3.status, 404);
  EXPECT_EQ(r4.status, 404);
  EXPECT_EQ(r3.body, r4.body);
  // Another person cannot continue wangqiang's upload (403); a step outside the procedure is refused.
  auto mine = t.create(f.own_case, 10);
  ASSERT_EQ(mine.status, 201);
  Client head(f.server.port());
  ASSERT_EQ(head.login("lili", kPw), 303);
  Tus th{head};
  EXPECT_EQ(th.patch(path_of(mine), 0, "0123456789").status, 403);
  auto bad_step = f.c.send("POST", "/api/v1/uploads", "",
                           {{"Tus-Resumable", "1.0.0"}, {"X-CSRF-Token", f.c.csrf()}, {"Upload-Length", "1"},
                            {"Upload-Metadata", t.meta(f.own_case) + ",step " + b64("no_such_step")}});
  EXPECT_EQ(bad_step.status, 400);
  EXPECT_NE(bad_step.body.find("no_such_step"), std::string::npos);
}

// Sends a PATCH head announcing `announced` bytes, then `sent` bytes of `data`, then closes.
void cut_patch(int port, const std::map<std::string, std::string>& cookies, const std::string& csrf, const std::string& url,
               std::uint64_t offset, const std::string& data, std::size_t announced) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  std::string cookie;
  for (auto& [k, v] : cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  std::string head = "PATCH " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\nX-CSRF-Token: " + csrf +
                     "\r\nTus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: " + std::to_string(offset) +
                     "\r\nContent-Length: " + std::to_string(announced) + "\r\n\r\n";
  std::string all = head + data;
  std::size_t done = 0;
  while (done < all.size()) {
    ssize_t n = ::send(fd, all.data() + done, all.size() - done, MSG_NOSIGNAL);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

// Expiry against a request in flight: a PATCH whose head has arrived pushes the expiry out before
// its body streams, so the periodic job leaves it alone mid-stream; and the job skips an upload
// whose lock a request holds.
TEST(TusUploads, AnUploadInFlightIsNotExpired) {
  Fixture f;
  Tus t{f.c};
  std::string data = pattern(200000, 13);
  auto r = t.create(f.own_case, data.size());
  ASSERT_EQ(r.status, 201);
  std::string url = path_of(r), id = url.substr(16);
  exec(f.server.db(), "UPDATE av_uploads SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ?", {id});
  {
    // The lock is held (a request is writing): skipped; released: expired.
    recording::av::UploadFiles files(f.data_dir() + "/uploads");
    auto lock = files.lock_for(id);
    std::unique_lock held(*lock);
    auto n = app::expire_abandoned_uploads(f.server.db(), f.data_dir(), false);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 0);
  }
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_uploads WHERE id = ? AND state = 'open'", {id}), 1);

  auto r2 = t.create(f.own_case, data.size());
  ASSERT_EQ(r2.status, 201);
  std::string url2 = path_of(r2), id2 = url2.substr(16);
  exec(f.server.db(), "UPDATE av_uploads SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ?", {id2});
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(f.server.port()));
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  std::string cookie;
  for (auto& [k, v] : f.c.cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  std::string head = "PATCH " + url2 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\nX-CSRF-Token: " + f.c.csrf() +
                     "\r\nTus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " +
                     std::to_string(data.size()) + "\r\nConnection: close\r\n\r\n";
  auto send_all = [&](const std::string& bytes) {
    for (std::size_t done = 0; done < bytes.size();) {
      ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  };
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  send_all(head + data.substr(0, 50000));
  // Half the body is on its way: the head was read and the expiry pushed out.
  bool pushed = false;
  for (int i = 0; i < 100 && !pushed; ++i) {
    pushed = scalar(f.server.db(), "SELECT COUNT(*) FROM av_uploads WHERE id = ? AND expires_at > '2021'", {id2}) == 1;
    if (!pushed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(pushed);
  auto n = app::expire_abandoned_uploads(f.server.db(), f.data_dir(), false);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);  // the first upload (its lock now free), not the one streaming
  send_all(data.substr(50000));
  std::string answer;
  char buf[4096];
  for (ssize_t k; (k = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<std::size_t>(k));
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 204", 0), 0u) << answer.substr(0, 200);
  EXPECT_EQ(t.head(url2).header("upload-offset"), std::to_string(data.size()));
  EXPECT_EQ(t.head(url).status, 410);
}

// A PATCH without Content-Length (chunked) is cut off with 413 as soon as it passes the bytes the
// upload still misses, not after streaming up to Tus-Max-Size: the answer comes while the client
// is still sending.
TEST(TusUploads, AChunkedPatchIsCutOffAtTheBytesMissing) {
  Fixture f;
  Tus t{f.c};
  auto r = t.create(f.own_case, 1000);
  ASSERT_EQ(r.status, 201);
  std::string url = path_of(r);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(f.server.port()));
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string cookie;
  for (auto& [k, v] : f.c.cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  std::string chunk = pattern(3000, 17);
  // One chunk of 3000 bytes (0xBB8) and no final chunk: the body is not over.
  std::string req = "PATCH " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\nX-CSRF-Token: " + f.c.csrf() +
                    "\r\nTus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
                    "Transfer-Encoding: chunked\r\n\r\nBB8\r\n" + chunk + "\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  std::string answer;
  char buf[4096];
  for (ssize_t k; (k = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<std::size_t>(k));
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_EQ(t.head(url).header("upload-offset"), "0");
}

TEST(TusUploads, ACutOffPatchResumesFromTheLastByteHeld) {
  Fixture f;
  Tus t{f.c};
  std::string data = pattern(1 << 20, 11);
  auto r = t.create(f.own_case, data.size());
  ASSERT_EQ(r.status, 201);
  std::string url = path_of(r);
  cut_patch(f.server.port(), f.c.cookies, f.c.csrf(), url, 0, data.substr(0, 400000), data.size());
  // The server keeps what arrived once it sees the connection close.
  std::string offset;
  for (int i = 0; i < 100; ++i) {
    offset = t.head(url).header("upload-offset");
    if (offset == "400000") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(offset, "400000");
  // Cut again, in the middle of the second PATCH.
  cut_patch(f.server.port(), f.c.cookies, f.c.csrf(), url, 400000, data.substr(400000, 300000), data.size() - 400000);
  for (int i = 0; i < 100; ++i) {
    offset = t.head(url).header("upload-offset");
    if (offset == "700000") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(offset, "700000");
  auto last = t.patch(url, 700000, data.substr(700000));
  ASSERT_EQ(last.status, 204) << last.body;
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE sha256 = ?", {blob::sha256_hex(data)}), 1);
  auto blobs = blob::open_filesystem_store(f.data_dir() + "/blobs");
  auto back = blobs->get(blob::sha256_hex(data));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == data);
}

// A part file that lost bytes the server had acknowledged (cut, or gone): the PATCH is refused
// with 409, the stored offset goes back to what the file really holds, and the client resumes from
// there. The file is never zero-filled, so the finished item has exactly the bytes sent.
TEST(TusUploads, ALostPartFileIsNeverZeroFilled) {
  Fixture f;
  Tus t{f.c};
  std::string data = pattern(300000, 5);
  auto r = t.create(f.own_case, data.size());
  ASSERT_EQ(r.status, 201);
  std::string url = path_of(r);
  std::string part = f.data_dir() + "/uploads/" + url.substr(16) + ".part";
  ASSERT_EQ(t.patch(url, 0, data.substr(0, 100000)).status, 204);
  ASSERT_EQ(t.patch(url, 100000, data.substr(100000, 100000)).status, 204);
  std::filesystem::resize_file(part, 150000);  // the disk lost the last 50000 acknowledged bytes
  auto cut = t.patch(url, 200000, data.substr(200000));
  EXPECT_EQ(cut.status, 409) << cut.body;
  EXPECT_EQ(cut.header("upload-offset"), "150000");
  EXPECT_EQ(std::filesystem::file_size(part), 150000u);  // not extended
  EXPECT_EQ(t.head(url).header("upload-offset"), "150000");
  ASSERT_EQ(t.patch(url, 150000, data.substr(150000, 50000)).status, 204);
  // Gone altogether: back to 0, not re-created by a later piece.
  std::filesystem::remove(part);
  auto gone = t.patch(url, 200000, data.substr(200000));
  EXPECT_EQ(gone.status, 409) << gone.body;
  EXPECT_EQ(gone.header("upload-offset"), "0");
  EXPECT_FALSE(std::filesystem::exists(part));
  EXPECT_EQ(t.head(url).header("upload-offset"), "0");
  ASSERT_EQ(t.patch(url, 0, data.substr(0, 200000)).status, 204);
  auto last = t.patch(url, 200000, data.substr(200000));
  ASSERT_EQ(last.status, 204) << last.body;
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE sha256 = ?", {blob::sha256_hex(data)}), 1);
  auto blobs = blob::open_filesystem_store(f.data_dir() + "/blobs");
  auto back = blobs->get(blob::sha256_hex(data));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == data);
}

std::string generated(const std::string& dir, const std::string& name, const std::vector<std::string>& args) {
  std::string path = dir + "/" + name;
  std::string cmd = "ffmpeg -nostdin -v error -y";
  for (const auto& a : args) cmd += " " + a;
  cmd += " " + path;
  if (std::system(cmd.c_str()) != 0) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Media facts (ffprobe) and thumbnails (ffmpeg) of a generated clip and photo; a file that is not
// what its kind says is refused with its name.
TEST(TusUploads, MediaFactsThumbnailsAndCorruptFiles) {
  Fixture f;
  Tus t{f.c};
  std::string dir = f.data_dir();
  std::string clip = generated(dir, "clip.mp4", {"-f lavfi -i testsrc=duration=2:size=320x240:rate=15", "-f lavfi -i sine=duration=2",
                                                 "-c:v mpeg4 -c:a aac -shortest"});
  ASSERT_FALSE(clip.empty()) << "ffmpeg (Debian package ffmpeg) is needed";
  auto v = t.create(f.own_case, clip.size(), clip, {}, "video", "执法记录仪-0001.mp4");
  ASSERT_EQ(v.status, 201) << v.body;
  std::string item = v.header("zhifa-evidence-item");
  ASSERT_FALSE(item.empty());
  std::int64_t ms = scalar(f.server.db(), "SELECT duration_ms FROM av_items WHERE id = ?", {std::stoll(item)});
  EXPECT_GT(ms, 1800);
  EXPECT_LT(ms, 2300);
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE id = ? AND thumb_sha256 <> '' AND media LIKE '%mpeg4%'",
                   {std::stoll(item)}),
            1);
  std::string photo = generated(dir, "photo.jpg", {"-f lavfi -i testsrc=size=640x480", "-frames:v 1"});
  ASSERT_FALSE(photo.empty());
  auto ph = t.create(f.own_case, photo.size(), photo, {}, "photo", "现场照片.jpg");
  ASSERT_EQ(ph.status, 201) << ph.body;
  EXPECT_FALSE(ph.header("zhifa-evidence-item").empty());
  // Not a video: refused, naming the file; no item.
  std::string junk = pattern(20000, 9);
  auto bad = t.create(f.own_case, junk.size(), junk, {}, "video", "坏文件.mp4");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("坏文件.mp4"), std::string::npos) << bad.body;
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE filename = '坏文件.mp4'"), 0);
  // The upload was created before its content was refused: its Location comes back all the same,
  // and HEAD on it gives the reason.
  ASSERT_FALSE(path_of(bad).empty()) << bad.header("location");
  auto why = t.head(path_of(bad));
  EXPECT_EQ(why.status, 400);
  // Its bytes are not kept: no blob, no part file.
  auto blobs = blob::open_filesystem_store(dir + "/blobs");
  EXPECT_FALSE(blobs->exists(blob::sha256_hex(junk)));
  EXPECT_FALSE(std::filesystem::exists(dir + "/uploads/" + path_of(bad).substr(16) + ".part"));
  // A photo that is a clip: refused too.
  auto wrong = t.create(f.own_case, clip.size(), clip, {}, "photo", "不是照片.jpg");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  // A playlist pointing at another file on the server (or a URL): ffprobe is allowed neither the
  // playlist demuxer nor any protocol but file, so it is no video.
  std::string playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n" + dir + "/clip.mp4\n#EXT-X-ENDLIST\n";
  auto hls = t.create(f.own_case, playlist.size(), playlist, {}, "video", "播放列表.mp4");
  EXPECT_EQ(hls.status, 400) << hls.body;
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE filename = '播放列表.mp4'"), 0);
  // A recorder's WAV is among the allowed demuxers.
  std::string wav = generated(dir, "tone.wav", {"-f lavfi -i sine=duration=1"});
  ASSERT_FALSE(wav.empty());
  auto a = t.create(f.own_case, wav.size(), wav, {}, "audio", "询问录音.wav");
  EXPECT_EQ(a.status, 201) << a.body;
  EXPECT_FALSE(a.header("zhifa-evidence-item").empty());
}

// ffprobe killed (a crash, the time limit): not the file's fault, so the upload is not rejected.
// It stays open with every byte held; HEAD, once ffprobe works again, makes the item.
TEST(TusUploads, AnFfprobeCrashLeavesTheUploadOpenForARetry) {
  Fixture f;
  Tus t{f.c};
  std::string dir = f.data_dir();
  std::string clip = generated(dir, "crash.mp4", {"-f lavfi -i testsrc=duration=1:size=160x120:rate=10", "-c:v mpeg4"});
  ASSERT_FALSE(clip.empty()) << "ffmpeg (Debian package ffmpeg) is needed";
  std::string bin = dir + "/fakebin";
  std::filesystem::create_directories(bin);
  {
    std::ofstream fake(bin + "/ffprobe");
    fake << "#!/bin/sh\nkill -KILL $$\n";
  }
  std::filesystem::permissions(bin + "/ffprobe", std::filesystem::perms::owner_all);
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  ::setenv("PATH", (bin + ":" + path).c_str(), 1);
  auto r = t.create(f.own_case, clip.size(), clip, {}, "video", "崩溃重试.mp4");
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(r.status, 503) << r.body;
  std::string url = path_of(r);
  ASSERT_FALSE(url.empty());
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_uploads WHERE id = ? AND state = 'open'", {url.substr(16)}), 1);
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE filename = '崩溃重试.mp4'"), 0);
  auto h = t.head(url);
  EXPECT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.header("upload-offset"), std::to_string(clip.size()));
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE filename = '崩溃重试.mp4' AND sha256 = ?", {blob::sha256_hex(clip)}), 1);
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_uploads WHERE id = ? AND state = 'done'", {url.substr(16)}), 1);
}

long rss_kb() {
  std::ifstream s("/proc/self/status");
  std::string line;
  while (std::getline(s, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

TEST(TusUploads, MemoryStaysFlatForALargeSinglePatch) {
  Fixture f;
  Tus t{f.c};
  const std::size_t size = 96u << 20;
  auto r = t.create(f.own_case, size);
  ASSERT_EQ(r.status, 201);
  std::string url = path_of(r);
  long before = rss_kb();
  // Streamed from a 1 MiB buffer: the client holds no more than that.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(f.server.port()));
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  std::string cookie;
  for (auto& [k, v] : f.c.cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  std::string head = "PATCH " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + cookie + "\r\nX-CSRF-Token: " + f.c.csrf() +
                     "\r\nTus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " +
                     std::to_string(size) + "\r\n\r\n";
  ASSERT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  std::string chunk = pattern(1 << 20, 5);
  for (std::size_t sent = 0; sent < size; sent += chunk.size())
    for (std::size_t done = 0; done < chunk.size();) {
      ssize_t n = ::send(fd, chunk.data() + done, chunk.size() - done, MSG_NOSIGNAL);
      ASSERT_GT(n, 0);
      done += static_cast<std::size_t>(n);
    }
  char buf[4096];
  std::string answer;
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_NE(answer.find("204"), std::string::npos) << answer.substr(0, 400);
  long growth_mb = (rss_kb() - before) / 1024;
  std::printf("96 MiB in one PATCH: RSS growth %ld MiB\n", growth_mb);
  EXPECT_LT(growth_mb, 32);
  EXPECT_EQ(scalar(f.server.db(), "SELECT COUNT(*) FROM av_items WHERE size_bytes = ?", {static_cast<std::int64_t>(size)}), 1);
}

}  // namespace
}  // namespace zhifa::testing
