// Upgrades across versions (issue 23): a database made by an earlier zhifa (its demo, built from
// that commit by scripts/make_upgrade_fixture.sh and kept in tests/fixtures/upgrade/) migrates to
// the current schema at start, `zhifa verify` passes afterwards, and the server serves it. On the
// backend under test. (A database newer than the program is refused: store's
// Migrations.AreRecordedAndANewerDatabaseIsRefused.)
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "app/commands.h"
#include "harness.h"
#include "platform/store/database.h"
#include "platform/store/testing.h"

namespace zhifa::testing {
namespace {
namespace fs = std::filesystem;

// The earlier versions kept as fixtures: every release adds its commit here.
const char* const kFixtures[] = {"b3ecf33"};

fs::path fixtures_dir() {
  if (const char* e = std::getenv("ZHIFA_FIXTURES")) return fs::path(e) / "upgrade";
  return fs::path(ZHIFA_BIN).parent_path().parent_path() / "tests" / "fixtures" / "upgrade";
}

int sh(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int zhifa(const std::vector<std::string>& args, std::string* out_text) {
  std::istringstream in;
  std::ostringstream out, err;
  int rc = app::run_command(args, in, out, err);
  *out_text = out.str() + err.str();
  return rc;
}

// The server on the upgraded installation (no --demo: only what the old version wrote).
int serve_and_get(const std::string& data_dir, const std::string& url, const std::string& path) {
  int port = free_port();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen((data_dir + "/../server.log").c_str(), "a");
    dup2(fileno(f), 1);
    dup2(fileno(f), 2);
    std::string listen = "127.0.0.1:" + std::to_string(port);
    execl(ZHIFA_BIN, ZHIFA_BIN, "serve", "--data-dir", data_dir.c_str(), "--db", url.c_str(), "--listen", listen.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  for (int i = 0; i < 1200 && status != 200; ++i) {
    status = raw_request(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 500).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (status == 200)
    status = raw_request(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status;
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  return status;
}

TEST(Upgrade, AnEarlierVersionsDatabaseMigratesAtStartAndVerifies) {
  bool pg = store::testing::backend_name() == "postgresql";
  for (const char* commit : kFixtures) {
    SCOPED_TRACE(commit);
    fs::path fx = fixtures_dir();
    std::string root = store::testing::temp_dir(), dir = root + "/data", url;
    fs::create_directories(dir);
    if (pg) {
      ASSERT_TRUE(fs::exists(fx / (std::string(commit) + "-pg.sql.xz"))) << fx;
      url = store::testing::fresh_database_url();
      ASSERT_EQ(sh("xz -dc '" + (fx / (std::string(commit) + "-pg.sql.xz")).string() + "' | psql -q -X -v ON_ERROR_STOP=1 -d '" + url +
                   "' >/dev/null"),
                0);
      ASSERT_EQ(sh("tar -C '" + dir + "' -xJf '" + (fx / (std::string(commit) + "-pg-data.tar.xz")).string() + "'"), 0);
    } else {
      ASSERT_TRUE(fs::exists(fx / (std::string(commit) + "-sqlite.tar.xz"))) << fx;
      ASSERT_EQ(sh("tar -C '" + dir + "' -xJf '" + (fx / (std::string(commit) + "-sqlite.tar.xz")).string() + "'"), 0);
      url = "sqlite:" + dir + "/zhifa.db";
    }
    int old_version = 0, events = 0;
    {
      auto raw = store::open_raw(url, 1);
      ASSERT_TRUE(raw.ok()) << raw.error().message;
      auto v = (*raw)->schema_version();
      ASSERT_TRUE(v.ok());
      old_version = *v;
      auto n = (*raw)->read_value<std::int64_t>([](store::Tx& tx) -> Result<std::int64_t> {
        auto r = tx.query_one("SELECT COUNT(*) FROM ledger_events");
        if (!r) return r.error();
        return (*r)->integer(0);
      });
      ASSERT_TRUE(n.ok());
      events = static_cast<int>(*n);
    }
    auto latest = store::migrations_for(pg ? store::Backend::kPostgres : store::Backend::kSqlite).back().version;
    ASSERT_LT(old_version, latest) << "the fixture should be of an older schema";
    EXPECT_GT(events, 0);
    // The old ledger verifies before …
    std::string out;
    EXPECT_EQ(zhifa({"verify", "--data-dir", dir, "--db", url}, &out), 0) << out;
    // … the server migrates it at start and serves the old records …
    EXPECT_EQ(serve_and_get(dir, url, "/"), 200);
    auto db = store::open_raw(url, 1);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ((*db)->schema_version().value(), latest);
    // … and it verifies after, every old event still in place.
    EXPECT_EQ(zhifa({"verify", "--data-dir", dir, "--db", url}, &out), 0) << out;
  }
}

}  // namespace
}  // namespace zhifa::testing
