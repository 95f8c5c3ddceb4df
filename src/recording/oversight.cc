#include "recording/oversight.h"

#include <algorithm>

#include "platform/store/placeholders.h"

namespace zhifa::recording {

namespace {

using store::placeholders;

// Sorting by whitelisted columns only (the request names a key, never SQL).
std::string order_by(const std::string& sort, bool desc) {
  std::string col = sort == "case_no" ? "c.case_no"
                    : sort == "agency" ? "a.name"
                    : sort == "category" ? "c.category"
                    : sort == "due" ? "next_due"
                    : sort == "fine" ? "c.fine_fen"
                                     : "c.opened_on";
  std::string dir = desc ? " DESC" : " ASC";
  return " ORDER BY " + col + dir + ", c.id" + dir;
}

}  // namespace

Result<CasePage> search_cases(store::Tx& tx, const CaseQuery& q) {
  CasePage page;
  if (q.agency_ids.empty()) return page;
  store::Params params;
  params.reserve(q.agency_ids.size() + 8);  // no reallocation (and GCC 12's false maybe-uninitialized on moving variants)
  std::string where = " WHERE c.agency_id IN (" + placeholders(q.agency_ids.size()) + ")";
  for (auto id : q.agency_ids) params.emplace_back(id);
  auto add = [&](const std::string& cond, const std::string& v) {
    where += " AND " + cond;
    params.emplace_back(v);
  };
  if (!q.category.empty()) add("c.category = ?", q.category);
  if (!q.matter_code.empty()) add("c.matter_code = ?", q.matter_code);
  if (q.state == "open" || q.state == "closed") add("c.status = ?", q.state);
  if (q.officer_id) {
    where += " AND (c.lead_officer_id = ? OR c.co_officer_id = ?)";
    params.emplace_back(*q.officer_id);
    params.emplace_back(*q.officer_id);
  }
  if (!q.from.empty()) add("c.opened_on >= ?", q.from);
  if (!q.to.empty()) add("c.opened_on <= ?", q.to);
  if (q.overdue_only)
    add("EXISTS (SELECT 1 FROM rec_deadlines d WHERE d.case_id = c.id AND d.state = 'running' AND d.due <> '' AND d.due < ?)", q.today);
  const std::string from = " FROM rec_cases c JOIN agencies a ON a.id = c.agency_id JOIN people l ON l.id = c.lead_officer_id";
  auto count = tx.query("SELECT COUNT(*)" + from + where, params);
  if (!count) return count.error();
  page.total = (*count)[0].integer(0);
  std::string sql =
      "SELECT c.id, c.agency_id, a.name, c.case_no, c.title, c.category, c.matter_code, c.matter_name, c.procedure_id, c.step, "
      "c.status, l.name, c.opened_on, c.fine_fen, "
      "(SELECT MIN(d.due) FROM rec_deadlines d WHERE d.case_id = c.id AND d.state = 'running' AND d.due <> '') AS next_due" +
      from + where + order_by(q.sort, q.desc);
  int limit = q.limit > 0 ? q.limit : 100000;
  sql += " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(std::max(0, q.offset));
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    CaseRow c;
    c.id = r.integer(0);
    c.agency_id = r.integer(1);
    c.agency_name = r.text(2);
    c.case_no = r.text(3);
    c.title = r.text(4);
    c.category = r.text(5);
    c.matter_code = r.text(6);
    c.matter_name = r.text(7);
    c.procedure_id = r.text(8);
    c.step = r.text(9);
    c.status = r.text(10);
    c.lead_officer_name = r.text(11);
    c.opened_on = r.text(12);
    c.fine_fen = r.integer(13);
    c.next_due = r.is_null(14) ? std::string() : r.text(14);
    c.overdue = !c.next_due.empty() && c.next_due < q.today;
    page.rows.push_back(std::move(c));
  }
  return page;
}

Result<std::vector<std::pair<std::int64_t, std::string>>> case_officers(store::Tx& tx, const std::vector<std::int64_t>& agency_ids) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  if (agency_ids.empty()) return out;
  store::Params params(agency_ids.begin(), agency_ids.end());
  auto rows = tx.query("SELECT DISTINCT p.id, p.name FROM rec_cases c JOIN people p ON p.id = c.lead_officer_id WHERE c.agency_id IN (" +
                           placeholders(agency_ids.size()) + ") ORDER BY p.name, p.id",
                       params);
  if (!rows) return rows.error();
  for (auto& r : *rows) out.emplace_back(r.integer(0), r.text(1));
  return out;
}

Result<std::optional<std::int64_t>> case_agency(store::Tx& tx, std::int64_t case_id) {
  auto r = tx.query_one("SELECT agency_id FROM rec_cases WHERE id = ?", {case_id});
  if (!r) return r.error();
  if (!*r) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>((*r)->integer(0));
}

}  // namespace zhifa::recording
