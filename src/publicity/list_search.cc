// The published lists as the portal searches them: the rows of the current versions (indexed by
// list_workflow.cc's publish: FTS5 on SQLite, tsvector on PostgreSQL) and the publications for
// the Atom feed.
#include "publicity/list_search.h"

namespace zhifa::publicity {

Result<std::vector<Hit>> search(store::Tx& tx, std::int64_t agency_id, const std::string& kind, const std::string& q,
                                const std::string& category, int limit) {
  std::string sql = "SELECT r.kind, r.data FROM publicity_rows r";
  store::Params params;
  auto terms = query_terms(q);
  bool pg = tx.backend() == store::Backend::kPostgres;
  if (!terms.empty() && !pg) sql += " JOIN publicity_fts f ON f.rowid = r.id";
  sql += " WHERE r.agency_id = ?";
  params.emplace_back(agency_id);
  if (!kind.empty()) { sql += " AND r.kind = ?"; params.emplace_back(kind); }
  if (!category.empty()) { sql += " AND r.category = ?"; params.emplace_back(category); }
  if (!terms.empty()) {
    std::string expr;
    if (pg) {
      for (auto& t : terms) expr += (expr.empty() ? "'" : " & '") + t + "'";
      sql += " AND r.tsv @@ CAST(? AS tsquery)";
    } else {
      for (auto& t : terms) expr += (expr.empty() ? "\"" : " AND \"") + t + "\"";
      sql += " AND publicity_fts MATCH ?";
    }
    params.emplace_back(expr);
  }
  sql += " ORDER BY r.kind, r.position LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  std::vector<Hit> out;
  for (auto& r : *rows) out.push_back({r.text(0), json::parse(r.text(1), nullptr, false)});
  return out;
}

Result<std::vector<Publication>> recent_publications(store::Tx& tx, std::optional<std::int64_t> agency_id, int limit) {
  std::string sql = "SELECT a.code, a.name, v.kind, v.version, v.published_at, v.note FROM publicity_versions v JOIN agencies a ON a.id = v.agency_id";
  store::Params params;
  if (agency_id) { sql += " WHERE v.agency_id = ?"; params.emplace_back(*agency_id); }
  sql += " ORDER BY v.published_at DESC, v.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  std::vector<Publication> out;
  for (auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2), r.text(4), r.text(5), r.integer(3)});
  return out;
}

}  // namespace zhifa::publicity
