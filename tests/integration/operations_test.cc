// Running it for real (issue 23): `zhifa backup` while the real server takes a burst of writes,
// `zhifa restore` into a new target with verification, a tampered backup named, a non-empty target
// refused, pg_dump of another major version refused, and periodic jobs claimed once across
// instances. On the backend under test (SQLite, or PostgreSQL when ZHIFA_TEST_PG is set).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "demo/org.h"
#include "harness.h"
#include "platform/store/testing.h"

namespace zhifa::testing {
namespace {
namespace fs = std::filesystem;

struct Cmd {
  int rc = -1;
  std::string out, err;
};

Cmd zhifa(const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out, err;
  Cmd c;
  c.rc = app::run_command(args, in, out, err);
  c.out = out.str();
  c.err = err.str();
  return c;
}

bool postgres() { return store::testing::backend_name() == "postgresql"; }

struct Child {
  pid_t pid = -1;
  int port = 0;
};

Child start_server(const std::string& data_dir, const std::string& db_url) {
  Child c;
  c.port = free_port();
  c.pid = fork();
  if (c.pid == 0) {
    FILE* f = std::fopen((data_dir + "/../server.log").c_str(), "a");
    dup2(fileno(f), 1);
    dup2(fileno(f), 2);
    std::string listen = "127.0.0.1:" + std::to_string(c.port);
    execl(ZHIFA_BIN, ZHIFA_BIN, "serve", "--demo", "--data-dir", data_dir.c_str(), "--db", db_url.c_str(), "--listen",
          listen.c_str(), "--checkpoint-interval", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 2400; ++i) {  // up to 2 minutes: the demo seed on a loaded machine
    if (raw_request(c.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 500).status == 200) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "server did not start";
  return c;
}

void stop_server(Child& c) {
  kill(c.pid, SIGTERM);
  waitpid(c.pid, nullptr, 0);
}

std::set<std::string> stored_numbers(const std::string& url, std::set<std::string>* recorded) {
  std::set<std::string> stored;
  auto db = store::open_raw(url, 1);
  EXPECT_TRUE(db.ok()) << db.error().message;
  if (!db) return stored;
  EXPECT_TRUE((*db)->read([&](store::Tx& tx) -> Status {
    auto rows = tx.query("SELECT number FROM certificates WHERE number LIKE 'BAK-%'");
    if (!rows) return rows.error();
    for (auto& r : *rows) stored.insert(r.text(0));
    auto ev = tx.query("SELECT payload FROM ledger_events WHERE kind = 'org.certificate.added'");
    if (!ev) return ev.error();
    for (auto& r : *ev) {
      auto p = r.text(0).find("BAK-");
      if (p != std::string::npos) recorded->insert(r.text(0).substr(p, r.text(0).find('"', p) - p));
    }
    return {};
  }).ok());
  return stored;
}

// The target of a restore: a new data directory, and for PostgreSQL a new, empty database.
std::vector<std::string> target(const std::string& data_dir, std::string* url) {
  if (!postgres()) {
    *url = "sqlite:" + data_dir + "/zhifa.db";
    return {"--data-dir", data_dir};
  }
  *url = store::testing::fresh_database_url();
  return {"--data-dir", data_dir, "--db", *url};
}

TEST(Operations, BackupDuringAWriteBurstRestoresEveryAcknowledgedWriteAndVerifies) {
  std::string root = store::testing::temp_dir();
  std::string dir = root + "/data";
  fs::create_directories(dir);
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
  for (int t = 0; t < 3; ++t)
    writers.emplace_back([&, t] {
      Client c(server.port);
      c.cookies = admin.cookies;
      for (int i = 0; i < 2000 && !stop; ++i) {
        std::string number = "BAK-" + std::to_string(t) + "-" + std::to_string(i);
        auto r = c.post(person, form_encode({{"_csrf", csrf}, {"action", "add_certificate"}, {"number", number}, {"scope", "行政检查"},
                                             {"valid_from", "2025-01-01"}, {"valid_to", "2027-12-31"}}));
        if (r.status == 303) {
          std::lock_guard lk(mu);
          acknowledged.insert(number);
        }
      }
    });
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lk(mu);
      if (acknowledged.size() >= 30) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::set<std::string> before;
  {
    std::lock_guard lk(mu);
    before = acknowledged;
  }
  std::string backup = root + "/backup";
  Cmd b = zhifa({"backup", "--to", backup, "--data-dir", dir, "--db", url});
  std::size_t during;
  {
    std::lock_guard lk(mu);
    during = acknowledged.size() - before.size();
  }
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_EQ(b.rc, 0) << b.err;
  std::printf("acknowledged before the backup began: %zu; during it: %zu\n", before.size(), during);
  EXPECT_TRUE(fs::exists(backup + "/manifest.json"));
  EXPECT_FALSE(fs::exists(backup + "/ledger.key"));  // the private key only when asked for
  EXPECT_TRUE(fs::exists(backup + (postgres() ? "/zhifa.pgdump" : "/zhifa.db")));

  // Incremental: a second backup into the same directory copies no blob it already holds.
  Cmd again = zhifa({"backup", "--to", backup, "--data-dir", dir, "--db", url, "--include-signing-key"});
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.out.find(", 0 copied now"), std::string::npos) << again.out;
  struct stat st {};
  ASSERT_EQ(stat((backup + "/ledger.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  stop_server(server);

  // Restore the first backup's content (the second one holds at least as much) and compare.
  std::string restored_url;
  auto args = target(root + "/restored", &restored_url);
  args.insert(args.begin(), {"restore", "--from", backup});
  Cmd r = zhifa(args);
  ASSERT_EQ(r.rc, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("restore complete"), std::string::npos) << r.out;
  std::set<std::string> recorded;
  auto stored = stored_numbers(restored_url, &recorded);
  for (auto& n : before) EXPECT_TRUE(stored.count(n)) << "acknowledged before the backup, missing after restore: " << n;
  EXPECT_EQ(stored, recorded);  // every change with its ledger event, and no event without its change
  EXPECT_TRUE(fs::exists(root + "/restored/ledger.key"));
  Cmd v = zhifa({"verify", "--data-dir", root + "/restored", "--db", restored_url});
  EXPECT_EQ(v.rc, 0) << v.err;

  // A restore into what now has data is refused, and changes nothing.
  Cmd twice = zhifa(args);
  EXPECT_NE(twice.rc, 0);
  EXPECT_NE(twice.err.find("not empty"), std::string::npos) << twice.err;
}

TEST(Operations, ATamperedBackupIsNamedAndNothingIsRestored) {
  std::string root = store::testing::temp_dir();
  std::string dir = root + "/data";
  fs::create_directories(dir);
  std::string url = store::testing::fresh_database_url();
  Child server = start_server(dir, url);  // seeds the demo: PDFs in the blob store
  stop_server(server);
  std::string backup = root + "/backup";
  ASSERT_EQ(zhifa({"backup", "--to", backup, "--data-dir", dir, "--db", url}).rc, 0);
  // A whole backup rewritten by someone else verifies against its own keys, never against the
  // agency's verifier key kept apart: restore --key KEY catches it.
  Cmd other = zhifa({"init", "--data-dir", root + "/other"});
  ASSERT_EQ(other.rc, 0) << other.err;
  std::string other_key = other.out.substr(other.out.find("ledger verifier key: ") + 21);
  other_key.erase(other_key.find('\n'));
  std::string wrong_url;
  auto wrong = target(root + "/restored-wrong-key", &wrong_url);
  wrong.insert(wrong.begin(), {"restore", "--from", backup, "--key", other_key});
  Cmd w = zhifa(wrong);
  EXPECT_EQ(w.rc, 1);
  EXPECT_NE(w.err.find("verification FAILED"), std::string::npos) << w.err;
  fs::path victim;
  for (auto& e : fs::recursive_directory_iterator(backup + "/blobs"))
    if (e.is_regular_file()) {
      victim = e.path();
      break;
    }
  ASSERT_FALSE(victim.empty());
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(10);
    f.put('X');
  }
  std::string restored_url;
  auto args = target(root + "/restored", &restored_url);
  args.insert(args.begin(), {"restore", "--from", backup});
  Cmd r = zhifa(args);
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find(victim.filename().string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("altered"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(root + "/restored/zhifa.db"));

  // No manifest, no backup.
  fs::remove(backup + "/manifest.json");
  Cmd m = zhifa(args);
  EXPECT_NE(m.rc, 0);
  EXPECT_NE(m.err.find("manifest.json"), std::string::npos) << m.err;

  // verify with blobs looked up in the wrong directory says which directory it looked in.
  std::string empty = store::testing::temp_dir();
  Cmd v = zhifa({"verify", "--data-dir", empty, "--db", url});
  EXPECT_EQ(v.rc, 1);
  EXPECT_NE(v.err.find(empty + "/blobs"), std::string::npos) << v.err;
}

TEST(Operations, ABackupTargetThatIsNotWritableIsRefused) {
  std::string root = store::testing::temp_dir();
  { std::ofstream(root + "/a-file") << "x"; }  // a directory cannot be made inside a file, even by root
  Cmd b = zhifa({"backup", "--to", root + "/a-file/backup", "--data-dir", root});
  EXPECT_EQ(b.rc, 1);
  EXPECT_NE(b.err.find("not writable"), std::string::npos) << b.err;
}

TEST(Operations, PgDumpOfAnotherMajorVersionIsRefused) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only";
  std::string root = store::testing::temp_dir();
  std::string url = store::testing::fresh_database_url();
  ASSERT_TRUE(store::open(url, 1).ok());
  // A pg_dump that says it is version 99, first on PATH.
  std::string bin = root + "/bin";
  fs::create_directories(bin);
  {
    std::ofstream f(bin + "/pg_dump");
    f << "#!/bin/sh\necho 'pg_dump (PostgreSQL) 99.1'\n";
  }
  chmod((bin + "/pg_dump").c_str(), 0755);
  std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", (bin + ":" + old_path).c_str(), 1);
  Cmd b = zhifa({"backup", "--to", root + "/backup", "--data-dir", root, "--db", url});
  setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(b.rc, 1);
  EXPECT_NE(b.err.find("pg_dump is version 99 but the server is PostgreSQL"), std::string::npos) << b.err;
  EXPECT_FALSE(fs::exists(root + "/backup/manifest.json"));
}

TEST(Operations, TwoInstancesOnOneDatabaseShareSessionsAndKeepTheLedgerWhole) {
  if (!postgres()) GTEST_SKIP() << "several instances share one PostgreSQL database";
  std::string root = store::testing::temp_dir();
  std::string dir = root + "/data";  // the shared data directory (blobs, ledger key)
  fs::create_directories(dir);
  // A password in the URL (trust authentication ignores it): it must never reach the log.
  std::string url = store::testing::fresh_database_url();
  url.insert(url.find("postgres@") + 8, ":s3cret-pw");
  Child a = start_server(dir, url);
  Child b = start_server(dir, url);
  Client admin(a.port);
  ASSERT_EQ(admin.login("admin", org::kDemoPassword), 303);
  // A session opened on one instance is valid on the other.
  Client on_b(b.port);
  on_b.cookies = admin.cookies;
  auto list = on_b.get("/workspace/admin/people");
  ASSERT_EQ(list.status, 200);
  auto pos = list.body.find("/workspace/admin/people/");
  ASSERT_NE(pos, std::string::npos);
  std::string person = list.body.substr(pos, list.body.find('"', pos) - pos);
  on_b.get(person);
  std::string csrf = on_b.csrf();
  std::atomic<int> ok{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      Client c(t % 2 ? a.port : b.port);
      c.cookies = admin.cookies;
      for (int i = 0; i < 25; ++i) {
        auto r = c.post(person, form_encode({{"_csrf", csrf}, {"action", "add_certificate"}, {"number", "BAK-" + std::to_string(t) + "-" + std::to_string(i)},
                                             {"scope", "行政检查"}, {"valid_from", "2025-01-01"}, {"valid_to", "2027-12-31"}}));
        if (r.status == 303) ++ok;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), 100);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // both sign checkpoints every second
  stop_server(a);
  stop_server(b);
  // The log (stdout and stderr of both): JSON lines for journald, and no secret in any of them.
  std::ifstream logf(root + "/server.log");
  std::string text((std::istreambuf_iterator<char>(logf)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("s3cret-pw"), std::string::npos);
  std::istringstream lines(text);
  int json_lines = 0;
  for (std::string l; std::getline(lines, l);) {
    if (l.find(org::kDemoPassword) != std::string::npos) {
      EXPECT_EQ(l.rfind("demo logins", 0), 0u) << "only the demo banner: " << l;
    }
    if (!l.empty() && l[0] == '{') {
      EXPECT_TRUE(nlohmann::json::accept(l)) << l;
      ++json_lines;
    }
  }
  EXPECT_GT(json_lines, 0);
  EXPECT_NE(text.find("\"event\":\"serve.started\""), std::string::npos);
  std::set<std::string> recorded;
  auto stored = stored_numbers(url, &recorded);
  EXPECT_EQ(stored.size(), 100u);
  EXPECT_EQ(stored, recorded);
  Cmd v = zhifa({"verify", "--data-dir", dir, "--db", url});
  EXPECT_EQ(v.rc, 0) << v.err;
  // Checkpoint signing is a periodic job claimed once cluster-wide: with both instances ticking
  // every second, never two checkpoints in one second, and the claims were counted.
  auto db = store::open_raw(url, 1);
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_TRUE((*db)->read([&](store::Tx& tx) -> Status {
    auto times = tx.query("SELECT time FROM ledger_checkpoints ORDER BY size");
    if (!times) return times.error();
    std::set<std::string> seconds;
    for (auto& r : *times) EXPECT_TRUE(seconds.insert(r.text(0).substr(0, 19)).second) << "two checkpoints at " << r.text(0);
    EXPECT_GE(times->size(), 1u);
    auto runs = tx.query("SELECT runs FROM job_runs WHERE name = 'ledger_checkpoint'");
    if (!runs) return runs.error();
    EXPECT_EQ(runs->size(), 1u);
    if (!runs->empty()) {
      EXPECT_GE((*runs)[0].integer(0), static_cast<std::int64_t>(times->size()));
    }
    return {};
  }).ok());
}

TEST(Operations, APeriodicJobIsClaimedOnceAcrossInstances) {
  std::string url = store::testing::fresh_database_url();
  auto a = store::open(url, 4);
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto b = store::open(url, 4);  // a second instance: its own connections
  ASSERT_TRUE(b.ok()) << b.error().message;
  std::atomic<int> claimed{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&, i] {
      store::Database& db = i % 2 ? **a : **b;
      auto st = db.write([&](store::Tx& tx) -> Status {
        auto mine = store::claim_periodic_run(tx, "test_job", 3600, "instance-" + std::to_string(i % 2));
        if (!mine) return mine.error();
        if (*mine) ++claimed;
        return {};
      });
      EXPECT_TRUE(st.ok()) << st.error().message;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(claimed.load(), 1);
  // A job that fails does not keep its claim: the next caller runs it.
  ASSERT_TRUE((*a)->write([](store::Tx& tx) -> Status {
    return tx.exec("UPDATE job_runs SET last_unix = 0 WHERE name = 'test_job'").ok() ? Status{} : Error::internal("reset");
  }).ok());
  auto failed = (*a)->write([](store::Tx& tx) -> Status {
    auto mine = store::claim_periodic_run(tx, "test_job", 3600, "a");
    EXPECT_TRUE(mine.ok() && *mine);
    return Error::unavailable("the job failed");
  });
  EXPECT_FALSE(failed.ok());
  auto retry = (*b)->write_value<bool>([](store::Tx& tx) { return store::claim_periodic_run(tx, "test_job", 3600, "b"); });
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(*retry);
}


std::int64_t count(const std::string& url, const std::string& sql) {
  auto db = store::open_raw(url, 1);
  if (!db) return -1;
  auto n = (*db)->read_value<std::int64_t>([&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.query_one(sql);
    if (!r) return r.error();
    return *r ? (*r)->integer(0) : -1;
  });
  return n ? *n : -1;
}

// Moving to PostgreSQL: the full demo on SQLite, copied into an empty PostgreSQL database, ledger
// included; the target verifies, finds its evidence files by itself, and searches.
TEST(Operations, MigrateToCopiesTheDemoIntoAnEmptyPostgresAndVerifies) {
  if (!postgres()) GTEST_SKIP() << "the target is PostgreSQL";
  std::string root = store::testing::temp_dir();
  std::string dir = root + "/data";
  fs::create_directories(dir);
  std::string source = "sqlite:" + dir + "/zhifa.db";
  Child s = start_server(dir, source);
  stop_server(s);
  std::string url = store::testing::fresh_database_url();
  Cmd m = zhifa({"migrate-to", "--db", url, "--data-dir", dir});
  ASSERT_EQ(m.rc, 0) << m.out << m.err;
  EXPECT_NE(m.out.find("ledger_events: "), std::string::npos) << m.out;
  for (const char* table : {"ledger_events", "ledger_nodes", "ledger_checkpoints", "rec_cases", "pub_decisions", "people", "sessions", "settings"}) {
    std::string sql = std::string("SELECT COUNT(*) FROM ") + table;
    EXPECT_EQ(count(url, sql), count(source, sql)) << table;
  }
  EXPECT_GT(count(url, "SELECT COUNT(*) FROM ledger_events"), 100);
  // The search index was rebuilt for the target's backend.
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM pub_decisions WHERE state = 'published' AND tsv IS NULL"), 0);
  EXPECT_GT(count(url, "SELECT COUNT(*) FROM pub_decisions WHERE tsv IS NOT NULL"), 0);
  // `verify --db URL` alone finds the blobs where the installation keeps them, and says where.
  Cmd v = zhifa({"verify", "--db", url});
  EXPECT_EQ(v.rc, 0) << v.err;
  EXPECT_NE(v.out.find("evidence files: " + fs::canonical(dir).string() + "/blobs"), std::string::npos) << v.out;
  // A wrong data directory: the first missing evidence file, naming where it looked.
  Cmd w = zhifa({"verify", "--db", url, "--data-dir", root + "/elsewhere"});
  EXPECT_EQ(w.rc, 1);
  EXPECT_NE(w.err.find(root + "/elsewhere/blobs"), std::string::npos) << w.err;
  // The target now holds data: a second copy is refused and changes nothing.
  auto before = count(url, "SELECT COUNT(*) FROM ledger_events");
  Cmd again = zhifa({"migrate-to", "--db", url, "--data-dir", dir});
  EXPECT_EQ(again.rc, 1);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM ledger_events"), before);
  // A server on the migrated database serves the demo: the same login works, ids continue.
  Child pg = start_server(dir, url);
  Client admin(pg.port);
  EXPECT_EQ(admin.login("admin", org::kDemoPassword), 303);
  auto list = admin.get("/workspace/admin/people");
  auto pos = list.body.find("/workspace/admin/people/");
  ASSERT_NE(pos, std::string::npos);
  std::string person = list.body.substr(pos, list.body.find('"', pos) - pos);
  admin.get(person);
  auto added = admin.post(person, form_encode({{"_csrf", admin.csrf()}, {"action", "add_certificate"}, {"number", "MIG-1"},
                                               {"scope", "行政检查"}, {"valid_from", "2025-01-01"}, {"valid_to", "2027-12-31"}}));
  EXPECT_EQ(added.status, 303) << added.body.substr(0, 400);  // new ids after the copied ones
  stop_server(pg);
  Cmd v2 = zhifa({"verify", "--db", url, "--data-dir", dir});
  EXPECT_EQ(v2.rc, 0) << v2.err;
}

TEST(Operations, MigrateToRefusesATargetThatIsNotPostgres) {
  Cmd m = zhifa({"migrate-to", "--db", "sqlite:/tmp/x.db"});
  EXPECT_EQ(m.rc, 2);
  EXPECT_NE(m.err.find("PostgreSQL"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::testing
