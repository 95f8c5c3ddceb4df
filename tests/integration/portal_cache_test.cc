// The portal's page cache with two `zhifa serve` processes on one database: a publication
// through one instance shows on the other's next request (the cache is keyed on the database's
// content generation, the ledger's size, not on a per-process counter).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include "harness.h"
#include "demo/org.h"
#include "platform/store/testing.h"
#include "demo/publicity.h"

namespace zhifa::testing {
namespace {

const char* kPw = "zhifa-demo-2025";

std::string revision_of(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"revision\" value=\"(\\d+)\""))) return m[1];
  return "";
}

// Only the demo data this test needs: the organisation (logins) and the standing lists.
void seed_lists(store::Database& db) {
  auto org = org::ensure_demo_organisation(db);
  ASSERT_TRUE(org) << org.error().message;
  auto st = publicity::ensure_demo_publicity(db);
  ASSERT_TRUE(st) << st.error().message;
}

// Two real `zhifa serve` processes on one database and data directory.
struct Child {
  pid_t pid = -1;
  int port = 0;
};

Child start_server(const std::string& data_dir, const std::string& db_url) {
  Child c;
  c.port = free_port();
  c.pid = fork();
  if (c.pid == 0) {
    std::string log = data_dir + "/server-" + std::to_string(::getpid()) + ".log";
    FILE* f = std::fopen(log.c_str(), "a");
    dup2(fileno(f), 1);
    dup2(fileno(f), 2);
    std::string listen = "127.0.0.1:" + std::to_string(c.port);
    execl(ZHIFA_BIN, ZHIFA_BIN, "serve", "--data-dir", data_dir.c_str(), "--db", db_url.c_str(), "--listen",
          listen.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 600; ++i) {
    if (raw_request(c.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 500).status == 200) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "server did not start";
  return c;
}

void stop(Child& c) {
  if (c.pid <= 0) return;
  ::kill(c.pid, SIGTERM);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  c.pid = -1;
}

TEST(PortalCache, APublicationThroughOneInstanceShowsOnTheOthersNextRequest) {
  std::string dir = store::testing::temp_dir();
  std::string url = store::testing::fresh_database_url();
  Child a = start_server(dir, url);  // creates the schema
  struct Stop { Child& c; ~Stop() { stop(c); } } stop_a{a};
  ASSERT_GT(a.pid, 0);
  {
    auto db = store::open(url, 2);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_NO_FATAL_FAILURE(seed_lists(**db));
  }
  Child b = start_server(dir, url);
  Stop stop_b{b};
  ASSERT_GT(b.pid, 0);
  Client reader(b.port);
  // B renders and caches the list page and the home page.
  auto before = reader.get("/agencies/jnwqb/publicity/av");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find("跨实例发布"), std::string::npos);
  auto home = reader.get("/");
  ASSERT_EQ(home.status, 200);
  std::string home_etag = home.header("etag");
  EXPECT_EQ(reader.get("/", {{"If-None-Match", home_etag}}).status, 304);  // served from B's cache

  // A new version is edited, reviewed and published through A.
  Client editor(a.port), head(a.port);
  ASSERT_EQ(editor.login("chenjing", kPw), 303);
  ASSERT_EQ(head.login("lili", kPw), 303);
  auto page = editor.get("/workspace/publicity/jnwqb/av");
  std::string rev = revision_of(page.body);
  ASSERT_EQ(editor.post("/workspace/publicity/jnwqb/av/rows",
                        form_encode({{"_csrf", editor.csrf()}, {"revision", rev}, {"row", "0"}, {"code", "AV-X1"}, {"name", "跨实例发布"},
                                     {"requirement", "全过程音像记录"}, {"basis", "118"}, {"equipment", "执法记录仪"}}))
                .status,
            303);
  rev = revision_of(editor.get("/workspace/publicity/jnwqb/av").body);
  ASSERT_EQ(editor.post("/workspace/publicity/jnwqb/av/submit", form_encode({{"_csrf", editor.csrf()}, {"revision", rev}})).status, 303);
  head.get("/workspace/publicity/jnwqb/av");
  ASSERT_EQ(head.post("/workspace/publicity/jnwqb/av/approve", form_encode({{"_csrf", head.csrf()}})).status, 303);
  editor.get("/workspace/publicity/jnwqb/av");
  ASSERT_EQ(editor.post("/workspace/publicity/jnwqb/av/publish", form_encode({{"_csrf", editor.csrf()}, {"note", "跨实例"}})).status, 303);

  // B's very next requests show the new version; its cached home page is no longer current.
  auto after = reader.get("/agencies/jnwqb/publicity/av");
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("跨实例发布"), std::string::npos);
  EXPECT_NE(after.body.find("第2版"), std::string::npos);
  auto home2 = reader.get("/", {{"If-None-Match", home_etag}});
  EXPECT_EQ(home2.status, 200);
  EXPECT_NE(home2.header("etag"), home_etag);
  // Both instances agree on what is current, so a validator from one holds on the other.
  Client other(a.port);
  auto via_a = other.get("/agencies/jnwqb/publicity/av");
  EXPECT_EQ(via_a.header("etag"), after.header("etag"));
  EXPECT_EQ(other.get("/agencies/jnwqb/publicity/av", {{"If-None-Match", after.header("etag")}}).status, 304);
}

}  // namespace
}  // namespace zhifa::testing
