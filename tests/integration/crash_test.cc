// kill -9 of the real `zhifa serve` during a burst of recorded changes over HTTP; after a
// restart every acknowledged change is present with its ledger event, and the ledger verifies.
// Runs on the backend under test (SQLite, or PostgreSQL when ZHIFA_TEST_PG is set).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "app/commands.h"
#include "harness.h"
#include "demo/org.h"
#include "platform/store/testing.h"

namespace zhifa::testing {
namespace {

struct Child {
  pid_t pid = -1;
  int port = 0;
};

Child start_server(const std::string& data_dir, const std::string& db_url) {
  Child c;
  c.port = free_port();
  c.pid = fork();
  if (c.pid == 0) {
    std::string log = data_dir + "/server.log";
    FILE* f = std::fopen(log.c_str(), "a");
    dup2(fileno(f), 1);
    dup2(fileno(f), 2);
    std::string listen = "127.0.0.1:" + std::to_string(c.port);
    execl(ZHIFA_BIN, ZHIFA_BIN, "serve", "--demo", "--data-dir", data_dir.c_str(), "--db", db_url.c_str(), "--listen",
          listen.c_str(), "--checkpoint-interval", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 2400; ++i) {  // up to 2 minutes: the demo seed (media, supervision) on a loaded machine
    if (raw_request(c.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 500).status == 200) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "server did not start";
  return c;
}

TEST(Crash, KillNineDuringABurstLosesNothingAcknowledged) {
  std::string dir = store::testing::temp_dir();
  std::string url = store::testing::fresh_database_url();
  Child server = start_server(dir, url);
  Client admin(server.port);
  ASSERT_EQ(admin.login("admin", org::kDemoPassword), 303);
  auto list = admin.get("/workspace/admin/people");
  auto pos = list.body.find("/workspace/admin/people/");
  ASSERT_NE(pos, std::string::npos);
  std::string person = list.body.substr(pos, list.body.find('"', pos) - pos);
  admin.get(person);
  std::string csrf = admin.csrf();

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      Client c(server.port);
      c.cookies = admin.cookies;
      for (int i = 0; i < 500 && !stop; ++i) {
        std::string number = "KILL-" + std::to_string(t) + "-" + std::to_string(i);
        auto r = c.post(person, form_encode({{"_csrf", csrf}, {"action", "add_certificate"}, {"number", number}, {"scope", "行政检查"},
                                             {"valid_from", "2025-01-01"}, {"valid_to", "2027-12-31"}}));
        if (r.status == 303) {
          std::lock_guard lk(mu);
          acknowledged.insert(number);
        } else if (r.status == 0) {
          break;  // the server is gone
        }
      }
    });
  for (int i = 0; i < 400; ++i) {
    {
      std::lock_guard lk(mu);
      if (acknowledged.size() >= 60) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(kill(server.pid, SIGKILL), 0);
  waitpid(server.pid, nullptr, 0);
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_GE(acknowledged.size(), 1u);
  std::printf("acknowledged before kill -9: %zu\n", acknowledged.size());

  Child again = start_server(dir, url);
  {
    auto db = store::open(url);
    ASSERT_TRUE(db.ok()) << db.error().message;
    std::set<std::string> stored, recorded;
    ASSERT_TRUE((*db)->read([&](store::Tx& tx) -> Status {
      auto rows = tx.query("SELECT number FROM certificates WHERE number LIKE 'KILL-%'");
      for (auto& r : *rows) stored.insert(r.text(0));
      auto ev = tx.query("SELECT payload FROM ledger_events WHERE kind = 'org.certificate.added'");
      for (auto& r : *ev) {
        auto p = r.text(0).find("KILL-");
        if (p != std::string::npos) recorded.insert(r.text(0).substr(p, r.text(0).find('"', p) - p));
      }
      return {};
    }).ok());
    for (auto& n : acknowledged) {
      EXPECT_TRUE(stored.count(n)) << "acknowledged certificate lost: " << n;
      EXPECT_TRUE(recorded.count(n)) << "acknowledged change without its ledger event: " << n;
    }
    EXPECT_EQ(stored, recorded);  // no change without its event, no event without its change
  }
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(app::run_command({"verify", "--data-dir", dir, "--db", url}, in, out, err), 0) << err.str() << out.str();
  // SIGTERM: a graceful stop with exit code 0.
  kill(again.pid, SIGTERM);
  int status = 0;
  waitpid(again.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(Crash, UnreachableDatabaseAtStartIsOneClearLineAndNonZeroExit) {
  std::string dir = store::testing::temp_dir();
  std::string cmd = std::string(ZHIFA_BIN) + " serve --data-dir " + dir +
                    " --db 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' --listen 127.0.0.1:" +
                    std::to_string(free_port()) + " 2>" + dir + "/err.txt";
  int rc = std::system(cmd.c_str());
  EXPECT_NE(WEXITSTATUS(rc), 0);
  FILE* f = std::fopen((dir + "/err.txt").c_str(), "r");
  char buf[4096] = {0};
  std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  std::string text(buf, n);
  EXPECT_NE(text.find("cannot connect to PostgreSQL"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

TEST(Crash, ServerRefusesALedgerKeyOthersCanRead) {
  std::string dir = store::testing::temp_dir();
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(app::run_command({"init", "--data-dir", dir}, in, out, err), 0) << err.str();
  ASSERT_EQ(chmod((dir + "/ledger.key").c_str(), 0644), 0);
  std::string cmd = std::string(ZHIFA_BIN) + " serve --data-dir " + dir + " --listen 127.0.0.1:" + std::to_string(free_port()) +
                    " 2>" + dir + "/err.txt";
  int rc = std::system(cmd.c_str());
  EXPECT_NE(WEXITSTATUS(rc), 0);
  FILE* f = std::fopen((dir + "/err.txt").c_str(), "r");
  char buf[4096] = {0};
  std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  EXPECT_NE(std::string(buf, n).find("ledger.key"), std::string::npos) << std::string(buf, n);
}

}  // namespace
}  // namespace zhifa::testing
