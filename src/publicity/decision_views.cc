// What the workspace and the feeds read: the jurisdiction's decisions, the supervisors' figures,
// publications and withdrawals for feeds, and "my tasks".
#include "publicity/decision_model.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "law/deadline.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

using namespace decision_detail;
using text::char_count;
using text::first_chars;

Result<std::vector<DecisionPub>> workspace_decisions(store::Tx& tx, const org::Principal& p, const std::string& state, int limit) {
  std::string sql = std::string(kSelect) + "WHERE d.agency_id IN (";
  store::Params params;
  bool first = true;
  for (auto a : p.jurisdiction) {
    sql += first ? "?" : ",?";
    first = false;
    params.emplace_back(a);
  }
  if (first) return std::vector<DecisionPub>{};
  sql += ")";
  if (state == "attention") sql += " AND (d.state = 'pending' OR (d.state = 'published' AND d.withdraw_ground IS NOT NULL))";
  else if (!state.empty()) { sql += " AND d.state = ?"; params.emplace_back(state); }
  sql += " ORDER BY d.decision_date DESC, d.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  std::vector<DecisionPub> out;
  for (auto& r : *rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<AgencyPublicity>> publicity_by_agency(store::Tx& tx, const org::Principal& p, const std::string& on) {
  std::string today = today_or(on);
  std::vector<AgencyPublicity> out;
  if (p.jurisdiction.empty()) return out;
  std::string in;
  store::Params params{today, today};
  for (auto a : p.jurisdiction) {
    in += in.empty() ? "?" : ",?";
    params.emplace_back(a);
  }
  auto rows = tx.query(
      "SELECT a.code, a.name, "
      "SUM(CASE WHEN d.state = 'pending' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.state = 'pending' AND d.due_on < ? THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.state = 'published' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.published_on IS NOT NULL AND d.published_on > d.due_on THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.withdraw_ground IS NOT NULL AND d.state IN ('pending', 'published') THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.state = 'withdrawn' THEN 1 ELSE 0 END) "
      "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.decision_date <= ? AND d.agency_id IN (" + in +
          ") GROUP BY a.code, a.name ORDER BY a.code",
      params);
  if (!rows) return rows.error();
  for (auto& r : *rows)
    out.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3), r.integer(4), r.integer(5), r.integer(6), r.integer(7)});
  return out;
}

Result<std::vector<DecisionEvent>> recent_decision_events(store::Tx& tx, const std::string& agency_code, int limit) {
  std::string filter;
  store::Params params;
  if (!agency_code.empty()) {
    filter = " AND a.code = ?";
    params.emplace_back(agency_code);
  }
  std::string sql =
      "SELECT * FROM (SELECT d.id, 'published' AS kind, d.published_at AS at, a.code, a.name, d.decision_no, d.matter_name, d.conclusion, "
      "'' AS reason FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'published'" + filter +
      " UNION ALL SELECT d.id, 'withdrawn', d.withdrawn_at, a.code, a.name, d.decision_no, d.matter_name, d.conclusion, d.withdraw_reason "
      "FROM pub_decisions d JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'withdrawn' AND d.published_at IS NOT NULL" + filter +
      ") x ORDER BY at DESC, id DESC LIMIT ?";
  if (!agency_code.empty()) params.emplace_back(agency_code);
  params.emplace_back(std::int64_t{limit});
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  std::vector<DecisionEvent> out;
  for (auto& r : *rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6) + "：" + r.text(7), r.text(8)});
  return out;
}

Status decision_tasks(store::Tx& tx, const org::Principal& p, json& tasks) {
  if (!(p.has("publicity_editor") || p.has("supervisor") || p.has("agency_head"))) return {};
  auto list = workspace_decisions(tx, p, "attention", 200);
  if (!list) return list.error();
  if (list->empty()) return {};
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  std::string today = clock::today_beijing();
  for (auto& d : *list) {
    bool withdrawal = !d.withdraw_ground.empty();
    const std::string& due = withdrawal ? d.withdraw_due_on : d.due_on;
    auto left = due_status(*cal, due, today);
    if (!left) continue;
    std::string what = withdrawal ? "撤下公示（APL art. 48，3 个工作日）" : (d.mask_reviewed() || !d.mask_required ? "公示决定" : "脱敏审查并公示");
    std::string text = what + "：" + d.agency_name + " " + (d.decision_no.empty() ? d.case_no : d.decision_no) + "，" + left->words;
    tasks.push_back({{"level", left->level}, {"text", text}, {"href", "/workspace/decisions/" + std::to_string(d.id)}, {"due", due}});
  }
  return {};
}

Result<json> mask_log(store::Tx& tx, std::int64_t decision_id) {
  auto log = tx.query("SELECT l.at, p.name, l.action, l.original, l.reason FROM pub_mask_log l LEFT JOIN people p ON p.id = l.person_id "
                      "WHERE l.decision_id = ? ORDER BY l.id",
                      {decision_id});
  if (!log) return log.error();
  json entries = json::array();
  for (auto& r : *log) {
    std::string a = r.text(2) == "add" ? "增加脱敏" : r.text(2) == "remove" ? "取消脱敏" : "确认脱敏无误";
    entries.push_back({{"at", r.text(0)}, {"who", r.opt_text("name").value_or("")}, {"action", a}, {"original", r.text(3)}, {"reason", r.text(4)}});
  }
  return entries;
}

Result<std::optional<std::int64_t>> public_decision_by_number(store::Tx& tx, const std::string& decision_no) {
  auto r = tx.query_one("SELECT id FROM pub_decisions WHERE decision_no = ? AND (state IN ('published', 'expired') OR "
                        "(state = 'withdrawn' AND published_on IS NOT NULL)) ORDER BY id DESC LIMIT 1",
                        {decision_no});
  if (!r) return r.error();
  if (!*r) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>((**r).integer(0));
}

}  // namespace zhifa::publicity
