#include "publicity/search_index.h"

#include <sstream>
#include <string>
#include <vector>

#include "publicity/decision_model.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

Result<int> rebuild_search_index(store::Tx& tx) {
  const bool pg = tx.backend() == store::Backend::kPostgres;
  int n = 0;
  if (!pg) {
    for (const char* t : {"DELETE FROM publicity_fts", "DELETE FROM pub_decisions_fts"})
      if (auto d = tx.exec(t); !d) return d.error();
  }
  // List rows: their tokens were stored with them (list_workflow.cc), space-separated.
  auto rows = tx.query("SELECT id, tokens FROM publicity_rows ORDER BY id");
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    std::vector<std::string> tokens;
    std::istringstream in(r.text(1));
    for (std::string tok; in >> tok;) tokens.push_back(tok);
    auto u = pg ? tx.exec("UPDATE publicity_rows SET tsv = CAST(? AS tsvector) WHERE id = ?", {tsvector_literal(tokens), r.integer(0)})
                : tx.exec("INSERT INTO publicity_fts(rowid, tokens) VALUES(?, ?)", {r.integer(0), fts5_text(tokens)});
    if (!u) return u.error();
    ++n;
  }
  // Published decisions: the masked text they were indexed with at publication.
  auto decisions = tx.query("SELECT id, search_text FROM pub_decisions WHERE state = 'published' AND search_text IS NOT NULL ORDER BY id");
  if (!decisions) return decisions.error();
  for (auto& d : *decisions) {
    if (auto st = decision_detail::index_decision(tx, d.integer(0), d.text(1)); !st) return st.error();
    ++n;
  }
  return n;
}

}  // namespace zhifa::publicity
