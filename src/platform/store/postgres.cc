// PostgreSQL backend over libpq: a fixed pool of connections; each read or write call takes
// one connection for the length of its transaction. `?` placeholders become $1, $2 ….
#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include "platform/store/backends.h"

namespace zhifa::store {
namespace {

constexpr Oid kByteaOid = 17;

// Rewrites `?` to `$n`, leaving string literals, quoted identifiers and comments alone.
std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      std::size_t j = sql.find(c, i + 1);
      if (j == std::string_view::npos) j = sql.size() - 1;
      out.append(sql.substr(i, j - i + 1));
      i = j;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t j = sql.find('\n', i);
      if (j == std::string_view::npos) j = sql.size() - 1;
      out.append(sql.substr(i, j - i + 1));
      i = j;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::string unhex_bytea(const char* s, int len) {
  // text-format bytea: "\x" followed by hex digits
  if (len < 2 || s[0] != '\\' || s[1] != 'x') return std::string(s, len);
  auto val = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve((len - 2) / 2);
  for (int i = 2; i + 1 < len; i += 2) out += static_cast<char>(val(s[i]) << 4 | val(s[i + 1]));
  return out;
}

// A pooled connection and the statements prepared on it (by SQL text). Preparing once per
// connection saves the server a parse and plan per call.
struct PgConn {
  PGconn* c = nullptr;
  std::unordered_map<std::string, std::string> prepared;
};

class PgTx final : public Tx {
 public:
  explicit PgTx(PgConn& conn) : conn_(conn), c_(conn.c) {}
  Backend backend() const override { return Backend::kPostgres; }

  Status script(std::string_view sql) override {
    PGresult* r = PQexec(c_, std::string(sql).c_str());
    auto st = PQresultStatus(r);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) out = Error::internal(std::string("PostgreSQL: ") + PQerrorMessage(c_));
    PQclear(r);
    return out;
  }
  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto r = run(sql, params, &rows);
    if (!r) return r.error();
    return rows;
  }
  Result<std::int64_t> exec(std::string_view sql, const Params& params) override { return run(sql, params, nullptr); }

 private:
  Result<std::int64_t> run(std::string_view sql, const Params& params, Rows* out) {
    std::string q = rewrite_placeholders(sql);
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) { values[i] = nullptr; continue; }
      if (auto* n = std::get_if<std::int64_t>(&v)) storage[i] = std::to_string(*n);
      else if (auto* d = std::get_if<double>(&v)) storage[i] = std::to_string(*d);
      else if (auto* s = std::get_if<std::string>(&v)) storage[i] = *s;
      else if (auto* b = std::get_if<Blob>(&v)) { storage[i] = b->bytes; formats[i] = 1; }
      values[i] = storage[i].data();
      lengths[i] = static_cast<int>(storage[i].size());
    }
    std::string key(sql);
    auto it = conn_.prepared.find(key);
    if (it == conn_.prepared.end()) {
      std::string name = "z" + std::to_string(conn_.prepared.size());
      PGresult* p = PQprepare(c_, name.c_str(), q.c_str(), static_cast<int>(params.size()), nullptr);
      bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
      std::string msg = ok ? "" : PQresultErrorMessage(p);
      PQclear(p);
      if (!ok) return Error::internal("PostgreSQL: " + msg + " in: " + key);
      it = conn_.prepared.emplace(std::move(key), std::move(name)).first;
    }
    PGresult* r = PQexecPrepared(c_, it->second.c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                                 formats.data(), 0);
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      std::string msg = PQresultErrorMessage(r);
      PQclear(r);
      if (state && std::string_view(state).substr(0, 2) == "23") return Error::conflict("constraint failed: " + msg);
      return Error::internal("PostgreSQL: " + msg + " in: " + std::string(sql));
    }
    if (out && st == PGRES_TUPLES_OK) {
      int ncol = PQnfields(r), nrow = PQntuples(r);
      auto names = std::make_shared<std::vector<std::string>>();
      for (int i = 0; i < ncol; ++i) names->emplace_back(PQfname(r, i));
      out->reserve(nrow);
      for (int row = 0; row < nrow; ++row) {
        std::vector<std::optional<std::string>> cells(ncol);
        for (int i = 0; i < ncol; ++i) {
          if (PQgetisnull(r, row, i)) continue;
          const char* p = PQgetvalue(r, row, i);
          int len = PQgetlength(r, row, i);
          cells[i] = PQftype(r, i) == kByteaOid ? unhex_bytea(p, len) : std::string(p, len);
        }
        out->emplace_back(names, std::move(cells));
      }
    }
    const char* tuples = PQcmdTuples(r);
    std::int64_t changed = (tuples && *tuples) ? std::stoll(tuples) : 0;
    PQclear(r);
    return changed;
  }
  PgConn& conn_;
  PGconn* c_;
};

class PgDatabase final : public Database {
 public:
  ~PgDatabase() override {
    for (auto& c : all_) PQfinish(c->c);
  }

  Status init(const std::string& url, int pool_size) {
    for (int i = 0; i < pool_size; ++i) {
      PGconn* c = PQconnectdb(url.c_str());
      if (PQstatus(c) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(c);
        PQfinish(c);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        for (auto& ch : msg) if (ch == '\n') ch = ' ';
        return Error::unavailable("cannot connect to PostgreSQL: " + msg);
      }
      PQclear(PQexec(c, "SET client_min_messages=warning"));
      all_.push_back(std::make_unique<PgConn>(PgConn{c, {}}));
      free_.push_back(all_.back().get());
    }
    return {};
  }

  Backend backend() const override { return Backend::kPostgres; }

  Status write(const std::function<Status(Tx&)>& fn) override { return run("BEGIN", fn); }
  Status read(const std::function<Status(Tx&)>& fn) override {
    return run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  PoolStats stats() const override {
    std::lock_guard lk(mu_);
    return PoolStats{static_cast<int>(all_.size()), static_cast<int>(all_.size() - free_.size()), waits_, transactions_};
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
  Status run(const char* begin, const std::function<Status(Tx&)>& fn) {
    PgConn* c = take();
    if (PQstatus(c->c) != CONNECTION_OK) {  // the server restarted: reconnect once
      PQreset(c->c);
      c->prepared.clear();
    }
    PgTx tx(*c);
    Status result = tx.script(begin);
    if (result) {
      try {
        result = fn(tx);
      } catch (const std::exception& e) {
        result = Error::internal(std::string("exception in transaction: ") + e.what());
      }
      if (result) {
        if (auto st = tx.script("COMMIT"); !st) result = st;
      } else {
        log_if_error("postgresql: rollback", tx.script("ROLLBACK"));
      }
    }
    give_back(c);
    return result;
  }
  PgConn* take() {
    std::unique_lock lk(mu_);
    if (free_.empty()) {
      ++waits_;
      cv_.wait(lk, [&] { return !free_.empty(); });
    }
    PgConn* c = free_.back();
    free_.pop_back();
    ++transactions_;
    return c;
  }
  void give_back(PgConn* c) {
    {
      std::lock_guard lk(mu_);
      free_.push_back(c);
    }
    cv_.notify_one();
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> all_;
  std::vector<PgConn*> free_;
  std::int64_t waits_ = 0, transactions_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size) {
  auto db = std::make_unique<PgDatabase>();
  if (auto st = db->init(url, pool_size < 1 ? 1 : pool_size); !st) return st.error();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zhifa::store
