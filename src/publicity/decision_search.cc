// Public search over published decisions (DESIGN.md, "Chinese full-text search"): FTS5 on
// SQLite, tsvector/GIN on PostgreSQL, both over the masked public text, newest first; the
// phrase check, the filters, the capped count, relevance for small match sets, highlights.
#include <algorithm>

#include "law/calendar.h"
#include "law/mask.h"
#include "org/directory.h"
#include "platform/core/text.h"
#include "publicity/decisions.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

using json = nlohmann::json;
using text::char_count;
using text::first_chars;


namespace {

// Segments of `text` around its first hit, with every hit marked.
json snippet_of(const std::string& text, const std::vector<QueryWord>& words) {
  std::string flat;
  for (char c : text) flat += (c == '\n' ? ' ' : c);
  std::size_t first = std::string::npos;
  std::vector<std::pair<std::size_t, std::size_t>> hits;  // byte ranges
  std::string lower = flat;
  for (auto& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (auto& w : words) {
    if (w.text.empty()) continue;
    for (std::size_t at = lower.find(w.text); at != std::string::npos; at = lower.find(w.text, at + w.text.size())) {
      hits.push_back({at, at + w.text.size()});
      first = std::min(first, at);
    }
  }
  // Window: about 30 characters before the first hit, 90 characters in all.
  std::size_t begin = 0;
  if (first != std::string::npos) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < first; i += text::utf8_seq_len(static_cast<unsigned char>(flat[i]))) starts.push_back(i);
    begin = starts.size() > 30 ? starts[starts.size() - 30] : 0;
  }
  std::size_t end = begin;
  for (int n = 0; end < flat.size() && n < 90; ++n) end += text::utf8_seq_len(static_cast<unsigned char>(flat[end]));
  end = std::min(end, flat.size());
  std::sort(hits.begin(), hits.end());
  json out = json::array();
  if (begin > 0) out.push_back({{"t", "…"}, {"hit", false}});
  std::size_t pos = begin;
  for (auto [a, b] : hits) {
    if (b <= pos || a >= end) continue;
    a = std::max(a, pos);
    b = std::min(b, end);
    if (a > pos) out.push_back({{"t", flat.substr(pos, a - pos)}, {"hit", false}});
    out.push_back({{"t", flat.substr(a, b - a)}, {"hit", true}});
    pos = b;
  }
  if (pos < end) out.push_back({{"t", flat.substr(pos, end - pos)}, {"hit", false}});
  if (end < flat.size()) out.push_back({{"t", "…"}, {"hit", false}});
  return out;
}

// The query's checks; a query longer than 100 characters is cut (with a note).
Status check_query(DecisionQuery& q, DecisionResults& res) {
  if (auto s = law::check_utf8(q.q, "q"); !s) return s;
  if (char_count(q.q) > 100) {
    q.q = first_chars(q.q, 100);
    res.notes.push_back("检索词过长，只按前 100 个字检索");
  }
  const auto& cats = enforcement_categories();
  if (!q.category.empty() && std::find(cats.begin(), cats.end(), q.category) == cats.end()) return Error::invalid("执法类别不正确", "category");
  if (!q.from.empty())
    if (auto d = law::Date::parse(q.from, "from"); !d) return d.error();
  if (!q.to.empty())
    if (auto d = law::Date::parse(q.to, "to"); !d) return d.error();
  if (!q.from.empty() && !q.to.empty() && q.from > q.to) return Error::invalid("起始日期晚于截止日期", "from");
  if (q.page < 1 || q.page > 50) return Error::invalid("页码应在 1–50 之间", "page");
  if (q.per_page < 1 || q.per_page > 100) return Error::invalid("每页条数应在 1–100 之间", "per_page");
  if (!q.sort.empty() && q.sort != "relevance" && q.sort != "date") return Error::invalid("排序方式不正确", "sort");
  return {};
}

// The search's SQL as it is built: FROM, WHERE and their parameters.
struct Plan {
  bool pg = false;
  std::vector<std::string> terms;
  std::vector<QueryWord> words;
  std::string from, where, match, id_col;
  store::Params params;
};

// The full-text match, the phrase checks and the filters.
Status add_filters(store::Tx& tx, const DecisionQuery& q, Plan& plan) {
  plan.where = " WHERE d.state = 'published'";
  if (!plan.terms.empty()) {
    if (plan.pg) {
      for (auto& t : plan.terms) plan.match += (plan.match.empty() ? "'" : " & '") + t + "'";
      plan.where += " AND d.tsv @@ CAST(? AS tsquery)";
    } else {
      for (auto& t : plan.terms) plan.match += (plan.match.empty() ? "\"" : " AND \"") + t + "\"";
      plan.where += " AND pub_decisions_fts MATCH ?";
    }
    plan.params.emplace_back(plan.match);
    // Bigrams all present is not yet the phrase: a CJK run of 3+ characters must occur as written.
    for (auto& w : plan.words)
      if (w.cjk && char_count(w.text) >= 3) {
        plan.where += plan.pg ? " AND strpos(d.search_text, ?) > 0" : " AND instr(d.search_text, ?) > 0";
        plan.params.emplace_back(w.text);
      }
  }
  if (!q.agency_code.empty()) {
    auto a = org::find_agency(tx, q.agency_code);
    if (!a) return a.error();
    if (!*a) return Error::invalid("没有这个执法机关（" + first_chars(q.agency_code, 20) + "）", "agency");
    plan.where += " AND d.agency_id = ?";
    plan.params.emplace_back((*a)->id);
  }
  if (!q.category.empty()) { plan.where += " AND d.category = ?"; plan.params.emplace_back(q.category); }
  if (!q.from.empty()) { plan.where += " AND d.decision_date >= ?"; plan.params.emplace_back(q.from); }
  if (!q.to.empty()) { plan.where += " AND d.decision_date <= ?"; plan.params.emplace_back(q.to); }
  return {};
}

// A date range → the publication-order span its decisions occupy: the first and last pub_order
// of each decision day in the range, one seek each on pub_decisions_date (state, decision_date,
// pub_order). The scans in id order
// (the FTS5 / GIN matches, the newest-first list) then start and stop there instead of reading
// every match outside the range. false: no decision in the range, nothing to search.
Result<bool> bound_by_date_range(store::Tx& tx, const DecisionQuery& q, Plan& plan) {
  if (q.from.empty() && q.to.empty()) return true;
  std::string lo_day = q.from, hi_day = q.to.empty() ? std::string("9999-12-31") : q.to;
  auto range = tx.query_one(
      "WITH RECURSIVE days(day) AS ("
      " SELECT MIN(decision_date) FROM pub_decisions WHERE state = 'published' AND decision_date >= ?"
      " UNION ALL"
      " SELECT (SELECT MIN(p.decision_date) FROM pub_decisions p WHERE p.state = 'published' AND p.decision_date > days.day)"
      " FROM days WHERE days.day <= ?)"
      " SELECT MIN((SELECT MIN(p.pub_order) FROM pub_decisions p WHERE p.state = 'published' AND p.decision_date = days.day)),"
      " MAX((SELECT MAX(p.pub_order) FROM pub_decisions p WHERE p.state = 'published' AND p.decision_date = days.day))"
      " FROM days WHERE days.day <= ?",
      {lo_day, hi_day, hi_day});
  if (!range) return range.error();
  if (!*range || (*range)->is_null(0)) return false;
  plan.where += " AND " + plan.id_col + " BETWEEN ? AND ?";
  plan.params.emplace_back((*range)->integer(0));
  plan.params.emplace_back((*range)->integer(1));
  return true;
}

DecisionHit hit_from(const store::Row& r, const std::vector<QueryWord>& words) {
  DecisionHit h;
  h.id = r.integer(0);
  h.agency_code = r.text(1);
  h.agency_name = r.text(2);
  h.category = r.text(3);
  h.matter_name = r.text(4);
  if (r.text(6) == "person") {
    auto m = law::mask_name(r.text(5));
    h.party = m ? *m : "某某";
  } else {
    h.party = r.text(5);
  }
  h.conclusion = r.text(7);
  h.decision_no = r.text(8);
  h.decision_date = r.text(9);
  h.published_on = r.opt_text("published_on").value_or("");
  h.fulfilment = r.text(11);
  h.snippet = snippet_of(r.opt_text("search_text").value_or(""), words);
  return h;
}

// The page of hits, newest first or (asked for, and the match set small) by relevance.
Status read_page(store::Tx& tx, const DecisionQuery& q, Plan& plan, DecisionResults& res) {
  std::string order = " ORDER BY " + plan.id_col + " DESC";
  if (q.sort == "relevance" && !plan.terms.empty()) {
    if (res.capped) {
      res.notes.push_back("匹配结果超过 1000 条，按公示时间排序；请增加检索词以按相关度排序");
    } else {
      res.ranked = true;
      if (plan.pg) {
        order = " ORDER BY ts_rank(d.tsv, CAST(? AS tsquery)) DESC, d.pub_order DESC";
        plan.params.emplace_back(plan.match);
      } else {
        order = " ORDER BY f.rank, f.rowid DESC";
      }
    }
  }
  // PostgreSQL, more than kCountCap matches, newest first: read the published decisions backwards
  // by id and stop at the page, rather than let the planner (which underestimates ANDed bigrams
  // and the phrase check) fetch every match through the GIN bitmap and sort them. OFFSET 0 keeps
  // the filters out of the ordered subquery. Not with a date range: that is bounded above already.
  std::string page_from = plan.from;
  if (plan.pg && res.capped && !res.ranked && !plan.terms.empty() && q.from.empty() && q.to.empty())
    page_from = " FROM (SELECT * FROM pub_decisions WHERE state = 'published' ORDER BY pub_order DESC OFFSET 0) d";
  std::string sql = "SELECT d.id, a.code, a.name, d.category, d.matter_name, d.party_name, d.party_kind, d.conclusion, d.decision_no, "
                    "d.decision_date, d.published_on, d.fulfilment, d.search_text" +
                    page_from + " JOIN agencies a ON a.id = d.agency_id" + plan.where + order + " LIMIT ? OFFSET ?";
  plan.params.emplace_back(std::int64_t{q.per_page});
  plan.params.emplace_back(std::int64_t{(q.page - 1) * q.per_page});
  auto rows = tx.query(sql, plan.params);
  if (!rows) return rows.error();
  for (auto& r : *rows) res.hits.push_back(hit_from(r, plan.words));
  return {};
}

}  // namespace

Result<DecisionResults> search_decisions(store::Tx& tx, DecisionQuery q) {
  DecisionResults res;
  if (auto s = check_query(q, res); !s) return s.error();
  Plan plan;
  plan.terms = query_terms(q.q);
  plan.words = query_words(q.q);
  if (plan.terms.empty() && q.q.find_first_not_of(" \t\r\n") != std::string::npos) {
    res.notes.push_back("检索词中没有可检索的汉字、字母或数字");
    return res;
  }
  plan.pg = tx.backend() == store::Backend::kPostgres;
  // SQLite: CROSS JOIN keeps the FTS5 scan the outer loop (in rowid order, so ORDER BY f.rowid DESC
  // LIMIT stops early) whatever the statistics say; without them the planner would probe the FTS
  // index once per published decision.
  plan.from = plan.pg || plan.terms.empty() ? " FROM pub_decisions d" : " FROM pub_decisions_fts f CROSS JOIN pub_decisions d ON d.pub_order = f.rowid";
  // PostgreSQL: no JIT for these short queries (its compile time alone exceeds the query's).
  if (plan.pg)
    if (auto j = tx.exec("SET LOCAL jit = off"); !j) return j.error();
  if (auto s = add_filters(tx, q, plan); !s) return s.error();
  // Newest publication first (issue 15): the order column is the publication order, which the
  // FTS5 rowid and the B-tree indexes are keyed on (migrations/0530), so no sort is needed.
  plan.id_col = !plan.pg && !plan.terms.empty() ? "f.rowid" : "d.pub_order";
  auto in_range = bound_by_date_range(tx, q, plan);
  if (!in_range) return in_range.error();
  if (!*in_range) return res;

  // SQLite: look the FTS5 matches up in the index that covers the one filter given, rather than in
  // the table's 4 KB rows (fewer pages to read when most matches are filtered out).
  if (!plan.pg && !plan.terms.empty() && q.from.empty() && q.to.empty()) {
    const char* idx = q.agency_code.empty() && q.category.empty()  ? "pub_decisions_public"
                      : q.agency_code.empty()                       ? "pub_decisions_category"
                      : q.category.empty()                          ? "pub_decisions_agency"
                                                                    : nullptr;
    if (idx) plan.from = std::string(" FROM pub_decisions_fts f CROSS JOIN pub_decisions d INDEXED BY ") + idx + " ON d.pub_order = f.rowid";
  }

  // How many (exact up to the cap: counting every match of a common word would cost more than the page).
  auto count_params = plan.params;
  count_params.emplace_back(kCountCap + 1);
  auto c = tx.query_one("SELECT COUNT(*) FROM (SELECT " + plan.id_col + plan.from + plan.where + " LIMIT ?) x", count_params);
  if (!c) return c.error();
  res.total = (**c).integer(0);
  res.capped = res.total > kCountCap;
  if (res.capped) res.total = kCountCap;
  if (auto s = read_page(tx, q, plan, res); !s) return s.error();
  return res;
}

}  // namespace zhifa::publicity
