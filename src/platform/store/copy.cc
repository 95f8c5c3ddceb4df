#include "platform/store/copy.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace zhifa::store {
namespace {

struct Column {
  std::string name, type;
  bool identity = false;
};

std::string quoted_name(const std::string& n) { return "\"" + n + "\""; }  // names from the catalogs, never from input

Result<std::vector<std::string>> source_tables(Tx& tx) {
  auto rows = tx.backend() == Backend::kSqlite
                  ? tx.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                  : tx.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                             "AND table_type = 'BASE TABLE' ORDER BY table_name");
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (auto& r : *rows) out.push_back(r.text(0));
  return out;
}

// A source table's column names.
Result<std::set<std::string>> source_columns(Tx& tx, const std::string& table) {
  auto rows = tx.backend() == Backend::kSqlite
                  ? tx.query("SELECT name FROM pragma_table_info(?)", {table})
                  : tx.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
                             {table});
  if (!rows) return rows.error();
  std::set<std::string> out;
  for (auto& r : *rows) out.insert(r.text(0));
  return out;
}

// The target's tables (PostgreSQL): their writable columns and types.
Result<std::map<std::string, std::vector<Column>>> target_columns(Tx& tx) {
  auto rows = tx.query(
      "SELECT table_name, column_name, data_type, is_identity, is_generated FROM information_schema.columns "
      "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
  if (!rows) return rows.error();
  std::map<std::string, std::vector<Column>> out;
  for (auto& r : *rows) {
    if (r.text(4) == "ALWAYS") continue;
    out[r.text(0)].push_back(Column{r.text(1), r.text(2), r.text(3) == "YES"});
  }
  return out;
}

// Tables in an order that inserts every referenced row before its references (foreign keys);
// a table's references to itself are met by copying in the source's row order (ids ascending).
Result<std::vector<std::string>> insert_order(Tx& tx, const std::vector<std::string>& tables) {
  auto rows = tx.query(
      "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
      "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()");
  if (!rows) return rows.error();
  std::map<std::string, std::set<std::string>> needs;
  for (auto& r : *rows)
    if (r.text(0) != r.text(1)) needs[r.text(0)].insert(r.text(1));
  std::vector<std::string> order;
  std::set<std::string> placed, wanted(tables.begin(), tables.end());
  while (order.size() < tables.size()) {
    bool progressed = false;
    for (const auto& t : tables) {
      if (placed.count(t)) continue;
      bool ready = std::all_of(needs[t].begin(), needs[t].end(), [&](const std::string& d) { return placed.count(d) || !wanted.count(d); });
      if (!ready) continue;
      order.push_back(t);
      placed.insert(t);
      progressed = true;
    }
    if (!progressed) return Error::internal("the foreign keys between the tables form a cycle; cannot order the copy");
  }
  return order;
}

Result<Value> cell(const Row& r, std::size_t i, const std::string& type) {
  if (r.is_null(i)) return null();
  const std::string& t = r.text(i);
  if (type == "bytea") return Value{Blob{t}};
  if (type == "bigint" || type == "integer" || type == "smallint") {
    try {
      std::size_t pos = 0;
      std::int64_t v = std::stoll(t, &pos);
      if (pos == t.size()) return Value{v};
    } catch (...) {
    }
    return Error::invalid("'" + t + "' is not an integer", "");
  }
  if (type == "double precision" || type == "real" || type == "numeric") {
    try {
      return Value{std::stod(t)};
    } catch (...) {
      return Error::invalid("'" + t + "' is not a number", "");
    }
  }
  return Value{t};
}

}  // namespace

Status copy_into_empty(Database& from, Database& to, std::ostream& progress, const std::function<Status(Tx& target)>& after) {
  if (to.backend() != Backend::kPostgres)
    return Error::invalid("the target must be a PostgreSQL database (a SQLite installation is copied with zhifa backup and restore)");
  auto vf = from.schema_version();
  if (!vf) return vf.error();
  auto vt = to.schema_version();
  if (!vt) return vt.error();
  if (*vf != *vt)
    return Error::conflict("the source is at schema version " + std::to_string(*vf) + " and the target at " + std::to_string(*vt) +
                           "; both must be at this program's version");
  return from.read([&](Tx& src) -> Status {
    auto tables = source_tables(src);
    if (!tables) return tables.error();
    return to.write([&](Tx& dst) -> Status {
      for (const char* t : {"ledger_events", "agencies"}) {
        auto n = dst.query_one(std::string("SELECT COUNT(*) FROM ") + t);
        if (!n) return n.error();
        if (*n && (*n)->integer(0) > 0)
          return Error::conflict("the target database is not empty: its table " + std::string(t) + " holds " +
                                 std::to_string((*n)->integer(0)) + " rows; migrate-to needs a new, empty database");
      }
      auto columns = target_columns(dst);
      if (!columns) return columns.error();
      std::vector<std::string> shared;
      for (const auto& t : *tables)
        if (t != "schema_migrations" && columns->count(t)) shared.push_back(t);
      auto order = insert_order(dst, shared);
      if (!order) return order.error();
      // Rows the migrations themselves made in the target (e.g. the ledger head at size 0) give way
      // to the source's, children first.
      for (auto it = order->rbegin(); it != order->rend(); ++it) {
        auto n = dst.query_one("SELECT COUNT(*) FROM " + quoted_name(*it));
        if (!n) return n.error();
        if (*n && (*n)->integer(0) > 0)
          if (auto d = dst.exec("DELETE FROM " + quoted_name(*it)); !d) return d.error();
      }
      for (const auto& t : *order) {
        const auto& target = (*columns)[t];
        auto src_cols = source_columns(src, t);
        if (!src_cols) return src_cols.error();
        std::vector<const Column*> cols;  // the columns both sides have, in the target's order
        for (const auto& c : target)
          if (src_cols->count(c.name)) cols.push_back(&c);
        if (cols.empty()) return Error::internal("table " + t + ": no column in common");
        std::string list;
        for (std::size_t k = 0; k < cols.size(); ++k) list += (k ? "," : "") + quoted_name(cols[k]->name);
        auto rows = src.query("SELECT " + list + " FROM " + quoted_name(t));
        if (!rows) return rows.error();
        std::string head = "INSERT INTO " + quoted_name(t) + " (";
        std::string one = "(";
        for (std::size_t k = 0; k < cols.size(); ++k) one += k ? ",?" : "?";
        head += list;
        head += ") VALUES ";
        one += ")";
        std::size_t batch = std::max<std::size_t>(1, std::min<std::size_t>(500, 30000 / std::max<std::size_t>(1, cols.size())));
        for (std::size_t start = 0; start < rows->size(); start += batch) {
          std::size_t end = std::min(rows->size(), start + batch);
          std::string sql = head;
          Params params;
          for (std::size_t r = start; r < end; ++r) {
            sql += (r > start ? "," : "") + one;
            for (std::size_t i = 0; i < cols.size(); ++i) {
              const Column* c = cols[i];
              auto v = cell((*rows)[r], i, c->type);
              if (!v) return Error::invalid("table " + t + ", row " + std::to_string(r + 1) + ", column " + c->name + ": " + v.error().message);
              params.push_back(std::move(*v));
            }
          }
          if (auto ins = dst.exec(sql, params); !ins) return Error{ins.error().kind, "table " + t + ": " + ins.error().message, t};
        }
        // Ids were copied as they were: identity columns continue after the highest one.
        for (const auto& c : target)
          if (c.identity) {
            auto s = dst.query("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" + quoted_name(c.name) + ") FROM " +
                                   quoted_name(t) + "), 0) + 1, false)",
                               {t, c.name});
            if (!s) return s.error();
          }
        progress << t << ": " << rows->size() << " rows\n";
      }
      return after ? after(dst) : Status{};
    });
  });
}

}  // namespace zhifa::store
