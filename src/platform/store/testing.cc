#include "platform/store/testing.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace zhifa::store::testing {

std::string backend_name() {
  const char* pg = std::getenv("ZHIFA_TEST_PG");
  return (pg && *pg) ? "postgresql" : "sqlite";
}

std::string temp_dir() {
  std::string tmpl = "/tmp/zhifa-test-XXXXXX";
  if (!mkdtemp(tmpl.data())) std::abort();
  return tmpl;
}

std::string fresh_database_url() {
  static std::atomic<int> counter{0};
  const char* pg = std::getenv("ZHIFA_TEST_PG");
  if (!pg || !*pg) return "sqlite:" + temp_dir() + "/zhifa.db";
  std::string base = pg;
  std::string name = "zt_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  PGconn* c = PQconnectdb(base.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::fprintf(stderr, "ZHIFA_TEST_PG: cannot connect: %s\n", PQerrorMessage(c));
    std::abort();
  }
  PQclear(PQexec(c, ("DROP DATABASE IF EXISTS " + name).c_str()));
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "cannot create test database: %s\n", PQerrorMessage(c));
    std::abort();
  }
  PQclear(r);
  PQfinish(c);
  // Replace the database name (the path after the last '/', before any '?').
  auto q = base.find('?');
  std::string params = q == std::string::npos ? "" : base.substr(q);
  std::string head = base.substr(0, q);
  return head.substr(0, head.rfind('/') + 1) + name + params;
}

std::unique_ptr<Database> fresh_database(int pool_size) {
  auto db = open(fresh_database_url(), pool_size);
  if (!db) {
    std::fprintf(stderr, "cannot open test database: %s\n", db.error().message.c_str());
    std::abort();
  }
  return std::move(db).value();
}

}  // namespace zhifa::store::testing
