#pragma once
// The one storage interface. Two backends: SQLite (default, embedded) and PostgreSQL.
//
// SQL is written once, portable between the two:
//   - placeholders are `?` (the PostgreSQL backend rewrites them to $1, $2 …);
//   - RETURNING, ON CONFLICT … DO NOTHING/UPDATE, CTEs work on both;
//   - times are TEXT in ISO-8601 UTC ("2025-09-26T08:00:00Z"), dates TEXT "YYYY-MM-DD",
//     booleans INTEGER 0/1, money INTEGER in fen (分);
//   - no database-side clock (now(), CURRENT_TIMESTAMP): the program supplies times.
// Migrations (migrations/NNNN_name.sql) may use the macros {{id}} (auto-increment primary key)
// and {{blob}} (binary column); a file NNNN_name.sqlite.sql or NNNN_name.pg.sql applies to one
// backend only.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::store {

enum class Backend { kSqlite, kPostgres };

struct Blob { std::string bytes; };
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

inline Value null() { return std::monostate{}; }

// One result row. Columns are read by position or by name; text() of NULL is "".
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<std::optional<std::string>> cells)
      : names_(std::move(names)), cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return !cells_.at(i).has_value(); }
  bool is_null(std::string_view col) const { return is_null(index(col)); }
  const std::string& text(std::size_t i) const;
  const std::string& text(std::string_view col) const { return text(index(col)); }
  std::int64_t integer(std::size_t i) const;
  std::int64_t integer(std::string_view col) const { return integer(index(col)); }
  std::optional<std::int64_t> opt_integer(std::string_view col) const;
  std::optional<std::string> opt_text(std::string_view col) const { return cells_.at(index(col)); }
  std::size_t index(std::string_view col) const;  // throws std::out_of_range on a bad name: a bug

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<std::optional<std::string>> cells_;  // blobs arrive as raw bytes
};
using Rows = std::vector<Row>;

// A transaction in progress. Only valid inside Database::read/write callbacks.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Backend backend() const = 0;
  // Runs one statement; returns its rows (empty for statements without a result).
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement; returns the number of rows changed.
  virtual Result<std::int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations only).
  virtual Status script(std::string_view sql) = 0;
  // Convenience: the first row, or nullopt when there is none.
  Result<std::optional<Row>> query_one(std::string_view sql, const Params& params = {});
};

struct PoolStats { int size = 0; int in_use = 0; std::int64_t waits = 0; std::int64_t transactions = 0; };

class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  // Runs fn in one write transaction: committed when fn returns ok, rolled back otherwise
  // (and when fn throws). A change and its ledger event go in the same call.
  virtual Status write(const std::function<Status(Tx&)>& fn) = 0;
  // Runs fn in a read-only snapshot.
  virtual Status read(const std::function<Status(Tx&)>& fn) = 0;
  // The same for a function returning Result<T>: its value after the commit.
  template <class T, class F>
  Result<T> write_value(F&& fn) { return with_value<T>(true, std::forward<F>(fn)); }
  template <class T, class F>
  Result<T> read_value(F&& fn) { return with_value<T>(false, std::forward<F>(fn)); }
  virtual PoolStats stats() const = 0;
  // The schema version the database is at (highest applied migration).
  virtual Result<int> schema_version() = 0;

 private:
  template <class T, class F>
  Result<T> with_value(bool writing, F&& fn) {
    std::optional<T> value;
    auto body = [&](Tx& tx) -> Status {
      Result<T> r = fn(tx);
      if (!r) return r.error();
      value.emplace(std::move(*r));
      return {};
    };
    Status st = writing ? write(body) : read(body);
    if (!st) return st.error();
    return std::move(*value);
  }
};

// One trivial query: whether the database answers (GET /healthz).
Status ping(Tx& tx);

// The settings table (key → text): markers of what was done once (demo seeding), the public
// URL, the ledger's verifier keys. The one way to read and write it.
Result<std::optional<std::string>> get_setting(Tx& tx, const std::string& key);
Status put_setting(Tx& tx, const std::string& key, const std::string& value);  // insert or replace

// Periodic jobs run once cluster-wide (issue 23: several `zhifa serve` on one PostgreSQL): true
// when this caller claimed the job's run for now — no other instance ran it within the last
// `interval_s` seconds (less a tenth, so that instances ticking at different phases do not skip
// a period). Call it inside the job's own write transaction: the claim commits with the work, and
// a job that fails leaves the claim undone, so another instance retries it. Atomic on both
// backends (one conditional UPDATE; PostgreSQL's row lock makes a second claimer wait and then
// see the new time). `instance` names the claimer (host:pid) for the operator.
Result<bool> claim_periodic_run(Tx& tx, const std::string& job, int interval_s, const std::string& instance);

// A consistent copy of a SQLite database file while it is in use (SQLite's online backup API).
Status sqlite_backup(const std::string& source_path, const std::string& dest_path);

// Opens "sqlite:PATH" or "postgresql://…" (also "postgres://…"), then applies pending
// migrations in one transaction. Refuses a database whose schema is newer than this program.
Result<std::unique_ptr<Database>> open(const std::string& url, int pool_size = 8);

// Same, without applying migrations (for tools that must not change the database).
Result<std::unique_ptr<Database>> open_raw(const std::string& url, int pool_size = 8);

// The migrations compiled into the program: (version, name, sql for this backend).
struct Migration { int version; std::string name; std::string sql; };
std::vector<Migration> migrations_for(Backend b);
Status migrate(Database& db);
// Expands the migration macros {{id}} and {{blob}} for a backend.
std::string portable_sql(std::string sql, Backend b);

}  // namespace zhifa::store
