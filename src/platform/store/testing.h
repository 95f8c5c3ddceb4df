#pragma once
// For tests: a fresh, migrated database of the backend under test. SQLite (in a new temporary
// directory) unless the environment names a PostgreSQL server in ZHIFA_TEST_PG (a URL to any
// database on it, e.g. postgresql://postgres@127.0.0.1:54329/postgres): then a new database is
// created on that server for each call. `make test` runs the whole suite once per backend.
#include <memory>
#include <string>

#include "platform/store/database.h"

namespace zhifa::store::testing {

// "sqlite" or "postgresql".
std::string backend_name();
// The URL of a new, empty database (not migrated).
std::string fresh_database_url();
// A new, migrated database; aborts the test program if it cannot be made.
std::unique_ptr<Database> fresh_database(int pool_size = 8);
// A new empty temporary directory.
std::string temp_dir();

}  // namespace zhifa::store::testing
