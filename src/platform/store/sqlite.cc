// SQLite backend: WAL, foreign keys on, busy timeout; one writer connection driven by one
// thread that commits queued write transactions together (group commit), each caller's work
// isolated in its own SAVEPOINT so that one caller's failure rolls back only its own changes.
#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "platform/store/backends.h"

namespace zhifa::store {
namespace {

class SqliteConn {
 public:
  ~SqliteConn() {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    if (db_) sqlite3_close_v2(db_);
  }
  Status open(const std::string& path, bool readonly) {
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      return Error::unavailable("cannot open SQLite database " + path + ": " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    const char* pragmas = readonly ? "PRAGMA foreign_keys=ON;"
                                   : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
    return run_script(pragmas);
  }
  Status run_script(std::string_view sql) {
    char* err = nullptr;
    std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return Error::internal("SQLite: " + msg);
    }
    return {};
  }
  // Prepared statements are cached per connection, keyed by their text.
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &st, nullptr) != SQLITE_OK)
      return Error::internal(std::string("SQLite prepare: ") + sqlite3_errmsg(db_) + " in: " + key);
    if (cache_.size() > 256) {
      for (auto& [s, old] : cache_) sqlite3_finalize(old);
      cache_.clear();
    }
    cache_.emplace(std::move(key), st);
    return st;
  }
  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(SqliteConn& c) : c_(c) {}
  Backend backend() const override { return Backend::kSqlite; }
  Status script(std::string_view sql) override { return c_.run_script(sql); }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto r = run(sql, params, &rows);
    if (!r) return r.error();
    return rows;
  }
  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    return run(sql, params, nullptr);
  }

 private:
  Result<std::int64_t> run(std::string_view sql, const Params& params, Rows* out) {
    auto prepared = c_.prepare(sql);
    if (!prepared) return prepared.error();
    sqlite3_stmt* st = *prepared;
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st))
      return Error::internal("SQL expects " + std::to_string(sqlite3_bind_parameter_count(st)) + " parameters, got " +
                             std::to_string(params.size()) + ": " + std::string(sql));
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      const auto& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) sqlite3_bind_null(st, idx);
      else if (auto* n = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(st, idx, *n);
      else if (auto* d = std::get_if<double>(&v)) sqlite3_bind_double(st, idx, *d);
      else if (auto* s = std::get_if<std::string>(&v)) sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else if (auto* b = std::get_if<Blob>(&v)) sqlite3_bind_blob(st, idx, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
    }
    std::shared_ptr<std::vector<std::string>> names;
    int ncol = sqlite3_column_count(st);
    if (out && ncol > 0) {
      names = std::make_shared<std::vector<std::string>>();
      for (int i = 0; i < ncol; ++i) names->emplace_back(sqlite3_column_name(st, i));
    }
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        std::string msg = sqlite3_errmsg(c_.db());
        sqlite3_reset(st);
        if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT) return Error::conflict("constraint failed: " + msg);
        return Error::internal("SQLite: " + msg);
      }
      if (!out) continue;
      std::vector<std::optional<std::string>> cells(ncol);
      for (int i = 0; i < ncol; ++i) {
        int type = sqlite3_column_type(st, i);
        if (type == SQLITE_NULL) continue;
        if (type == SQLITE_BLOB) {
          const void* p = sqlite3_column_blob(st, i);
          cells[i] = std::string(static_cast<const char*>(p), sqlite3_column_bytes(st, i));
        } else {
          const unsigned char* p = sqlite3_column_text(st, i);
          cells[i] = std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(st, i));
        }
      }
      out->emplace_back(names, std::move(cells));
    }
    std::int64_t changed = sqlite3_changes(c_.db());
    sqlite3_reset(st);
    return changed;
  }
  SqliteConn& c_;
};

thread_local bool t_in_write = false;

class SqliteDatabase final : public Database {
 public:
  ~SqliteDatabase() override {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
  }

  Status init(const std::string& path, int readers) {
    path_ = path;
    writer_ = std::make_unique<SqliteConn>();
    if (auto st = writer_->open(path, false); !st) return st;
    readers_max_ = readers < 1 ? 1 : readers;
    writer_thread_ = std::thread([this] { writer_loop(); });
    return {};
  }

  Backend backend() const override { return Backend::kSqlite; }

  Status write(const std::function<Status(Tx&)>& fn) override {
    if (t_in_write) return Error::internal("nested write transaction");
    Job job{&fn, {}};
    auto fut = job.done.get_future();
    {
      std::lock_guard lk(mu_);
      if (stop_) return Error::unavailable("database closed");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    return fut.get();
  }

  Status read(const std::function<Status(Tx&)>& fn) override {
    std::unique_ptr<SqliteConn> conn = take_reader();
    if (!conn) return Error::unavailable("cannot open a SQLite reader for " + path_);
    Status result;
    if (auto st = conn->run_script("BEGIN"); !st) result = st;
    else {
      SqliteTx tx(*conn);
      try {
        result = fn(tx);
      } catch (const std::exception& e) {
        result = Error::internal(std::string("exception in read: ") + e.what());
      }
      log_if_error("sqlite: ending a read transaction", conn->run_script("COMMIT"));
    }
    give_back(std::move(conn));
    return result;
  }

  PoolStats stats() const override {
    std::lock_guard lk(rmu_);
    return PoolStats{readers_max_ + 1, readers_in_use_, waits_, transactions_};
  }

  Result<int> schema_version() override {
    int v = 0;
    auto st = read([&](Tx& tx) -> Status {
      auto r = tx.query_one("SELECT COALESCE(MAX(version),0) FROM schema_migrations");
      if (!r) return r.error();
      if (*r) v = static_cast<int>((*r)->integer(0));
      return {};
    });
    if (!st) return st.error();
    return v;
  }

 private:
  struct Job {
    const std::function<Status(Tx&)>* fn;
    std::promise<Status> done;
  };

  void writer_loop() {
    t_in_write = true;
    SqliteTx tx(*writer_);
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty() && stop_) return;
        while (!queue_.empty() && batch.size() < 64) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      std::vector<Status> results(batch.size());
      Status begin = writer_->run_script("BEGIN IMMEDIATE");
      if (!begin) {
        for (auto* j : batch) j->done.set_value(begin);
        continue;
      }
      // Each job in its own savepoint, so that a refused job leaves nothing. When a job's
      // effects cannot be undone (ROLLBACK TO fails), the whole batch is rolled back instead.
      Status batch_status;
      for (std::size_t i = 0; i < batch.size() && batch_status; ++i) {
        if (Status sp = writer_->run_script("SAVEPOINT job"); !sp) {
          batch_status = sp;
          break;
        }
        try {
          results[i] = (*batch[i]->fn)(tx);
        } catch (const std::exception& e) {
          results[i] = Error::internal(std::string("exception in write: ") + e.what());
        }
        if (!results[i])
          if (Status rb = writer_->run_script("ROLLBACK TO job"); !rb) batch_status = rb;
        if (batch_status) batch_status = writer_->run_script("RELEASE job");
      }
      // One COMMIT (one fsync) for the whole batch: the group commit.
      Status commit = batch_status ? writer_->run_script("COMMIT") : batch_status;
      if (!commit) log_if_error("sqlite: rolling back a failed batch", writer_->run_script("ROLLBACK"));
      {
        std::lock_guard lk(rmu_);
        transactions_ += static_cast<std::int64_t>(batch.size());
      }
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(commit ? results[i] : commit);
    }
  }

  std::unique_ptr<SqliteConn> take_reader() {
    std::unique_lock lk(rmu_);
    if (free_readers_.empty() && readers_open_ >= readers_max_) {
      ++waits_;
      rcv_.wait(lk, [&] { return !free_readers_.empty(); });
    }
    ++readers_in_use_;
    if (!free_readers_.empty()) {
      auto c = std::move(free_readers_.back());
      free_readers_.pop_back();
      return c;
    }
    ++readers_open_;
    lk.unlock();
    auto c = std::make_unique<SqliteConn>();
    if (!c->open(path_, true)) {
      std::lock_guard g(rmu_);
      --readers_open_;
      --readers_in_use_;
      rcv_.notify_one();
      return nullptr;
    }
    return c;
  }
  void give_back(std::unique_ptr<SqliteConn> c) {
    {
      std::lock_guard lk(rmu_);
      --readers_in_use_;
      free_readers_.push_back(std::move(c));
    }
    rcv_.notify_one();
  }

  std::string path_;
  std::unique_ptr<SqliteConn> writer_;
  std::thread writer_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stop_ = false;

  mutable std::mutex rmu_;
  std::condition_variable rcv_;
  std::vector<std::unique_ptr<SqliteConn>> free_readers_;
  int readers_open_ = 0, readers_max_ = 4, readers_in_use_ = 0;
  std::int64_t waits_ = 0, transactions_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int readers) {
  auto db = std::make_unique<SqliteDatabase>();
  if (auto st = db->init(path, readers); !st) return st.error();
  return std::unique_ptr<Database>(std::move(db));
}

// SQLite's online backup API: one step copies every page under one read lock, so the copy is a
// consistent snapshot even while the server writes (WAL: readers never block the writer).
Status sqlite_backup(const std::string& source_path, const std::string& dest_path) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto close = [&] {
    if (src) sqlite3_close_v2(src);
    if (dst) sqlite3_close_v2(dst);
  };
  if (sqlite3_open_v2(source_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string m = src ? sqlite3_errmsg(src) : "out of memory";
    close();
    return Error::unavailable("cannot open SQLite database " + source_path + ": " + m);
  }
  sqlite3_busy_timeout(src, 5000);
  if (sqlite3_open_v2(dest_path.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string m = dst ? sqlite3_errmsg(dst) : "out of memory";
    close();
    return Error::unavailable("cannot create " + dest_path + ": " + m);
  }
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) {
    std::string m = sqlite3_errmsg(dst);
    close();
    return Error::unavailable("SQLite backup of " + source_path + ": " + m);
  }
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  std::string m = sqlite3_errmsg(dst);
  close();
  if (rc != SQLITE_DONE) return Error::unavailable("SQLite backup to " + dest_path + " failed: " + m);
  return {};
}

}  // namespace zhifa::store
