#include "review/tasks.h"

#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "review/model.h"

namespace zhifa::review {

using nlohmann::json;

Status review_tasks(store::Tx& tx, const org::Principal& p, json& tasks) {
  if (p.anonymous()) return {};
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto href = [](std::int64_t id) { return "/workspace/review/" + std::to_string(id); };
  auto due_level = [&](const std::string& due, std::string& suffix) -> std::string {
    auto left = days_left(*cal, due);
    if (!left) return "info";
    if (*left < 0) {
      suffix = "（已超过审核期限 " + std::to_string(-*left) + " 个工作日）";
      return "danger";
    }
    if (*left <= 2) {
      suffix = "（剩余 " + std::to_string(*left) + " 个工作日）";
      return "warn";
    }
    return "info";
  };
  if (p.has("legal_reviewer")) {
    auto rows = tx.query(
        "SELECT s.id, s.case_title, s.state, s.reviewer_id, r.due_on FROM review_submissions s JOIN review_rounds r "
        "ON r.submission_id = s.id AND r.round = s.round WHERE s.agency_id = ? AND (s.state = 'waiting' OR (s.state = 'in_review' AND s.reviewer_id = ?)) "
        "ORDER BY r.due_on, s.id",
        {p.agency_id, p.person_id});
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      std::string suffix;
      std::string level = due_level(r.text(4), suffix);
      std::string what = r.text(2) == "waiting" ? "待领取的法制审核：" : "审核中：";
      tasks.push_back({{"level", level}, {"text", what + r.text(1) + suffix}, {"href", href(r.integer(0))}, {"due", r.text(4)}});
    }
  }
  {
    auto rows = tx.query(
        "SELECT s.id, s.case_title FROM review_submissions s JOIN review_handlers h ON h.submission_id = s.id "
        "WHERE h.person_id = ? AND s.state = 'returned' ORDER BY s.id",
        {p.person_id});
    if (!rows) return rows.error();
    for (auto& r : *rows)
      tasks.push_back({{"level", "warn"}, {"text", "法制审核退回：" + r.text(1) + "，请整改后重新提交或提出异议"}, {"href", href(r.integer(0))}});
  }
  if (p.has("agency_head")) {
    auto rows = tx.query("SELECT id, case_title FROM review_submissions WHERE agency_id = ? AND state = 'escalated' ORDER BY id", {p.agency_id});
    if (!rows) return rows.error();
    for (auto& r : *rows)
      tasks.push_back({{"level", "warn"}, {"text", "承办机构对法制审核意见有异议，待协调决定：" + r.text(1)}, {"href", href(r.integer(0))}});
    auto late = tx.query(
        "SELECT s.id, s.case_title, r.due_on FROM review_submissions s JOIN review_rounds r ON r.submission_id = s.id AND r.round = s.round "
        "WHERE s.agency_id = ? AND s.state IN ('waiting','in_review') ORDER BY r.due_on",
        {p.agency_id});
    if (!late) return late.error();
    for (auto& r : *late) {
      std::string suffix;
      std::string level = due_level(r.text(2), suffix);
      if (level != "info")
        tasks.push_back({{"level", level}, {"text", "法制审核临近或超过期限：" + r.text(1) + suffix}, {"href", href(r.integer(0))}, {"due", r.text(2)}});
    }
  }
  if (p.has("legal_adviser")) {
    auto rows = tx.query("SELECT q.submission_id, s.case_title FROM review_adviser_requests q JOIN review_submissions s ON s.id = q.submission_id "
                         "WHERE q.adviser_id = ? AND q.answered_at IS NULL ORDER BY q.id",
                         {p.person_id});
    if (!rows) return rows.error();
    for (auto& r : *rows)
      tasks.push_back({{"level", "info"}, {"text", "请出具法律顾问意见：" + r.text(1)}, {"href", href(r.integer(0))}});
  }
  return {};
}

Result<std::vector<Staffing>> staffing(store::Tx& tx, const std::vector<std::int64_t>& agency_ids) {
  std::vector<Staffing> out;
  for (auto id : agency_ids) {
    auto r = tx.query_one(
        "SELECT a.name, "
        "(SELECT COUNT(*) FROM people pe JOIN person_roles r ON r.person_id = pe.id AND r.role = 'officer' WHERE pe.agency_id = a.id AND pe.active = 1), "
        "(SELECT COUNT(*) FROM people pe JOIN person_roles r ON r.person_id = pe.id AND r.role = 'legal_reviewer' WHERE pe.agency_id = a.id AND pe.active = 1) "
        "FROM agencies a WHERE a.id = ?",
        {id});
    if (!r) return r.error();
    if (!*r) continue;
    Staffing s;
    s.agency_id = id;
    s.agency_name = (*r)->text(0);
    s.officers = static_cast<int>((*r)->integer(1));
    s.reviewers = static_cast<int>((*r)->integer(2));
    // 国办发〔2018〕118号: reviewers in principle not fewer than 5 % of the enforcement officers.
    s.required = (s.officers * 5 + 99) / 100;
    out.push_back(s);
  }
  return out;
}

}  // namespace zhifa::review
