#include "review/model.h"

#include <algorithm>

#include "org/events.h"
#include "platform/core/clock.h"
#include "review/workflow.h"

namespace zhifa::review {

using nlohmann::json;

const char* element_label(int element) {
  // Seed 三.4 (济外侨办字〔2017〕28号): the 要素清单.
  static const char* const kLabels[kElementCount] = {
      "执法主体是否合法",
      "执法人员是否具备执法资格",
      "主要事实是否清楚",
      "证据是否确凿、充分",
      "适用法律、法规、规章是否准确",
      "是否正确适用裁量基准",
      "程序是否合法",
      "是否超越法定权限、滥用职权",
      "执法文书是否规范、齐备",
      "是否涉嫌犯罪需要移送司法机关",
      "其他需要审核的内容",
  };
  return element >= 1 && element <= kElementCount ? kLabels[element - 1] : "";
}

std::string state_label(const std::string& s) {
  if (s == "waiting") return "待领取";
  if (s == "in_review") return "审核中";
  if (s == "returned") return "已退回承办机构";
  if (s == "escalated") return "协调决定中";
  if (s == "passed") return "审核通过";
  if (s == "decided") return "经协调准予作出决定";
  return s;
}

Result<SubmissionRow> load_submission(store::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(
      "SELECT id, agency_id, case_id, round, reviewer_id, submitted_by, state, case_title FROM review_submissions WHERE id = ?", {id});
  if (!r) return r.error();
  if (!*r) return Error::not_found(std::string(kNoSuchReview));
  auto& row = **r;
  return SubmissionRow{row.integer(0), row.integer(1), row.integer(2), row.integer(3), row.opt_integer("reviewer_id").value_or(0),
                       row.integer(5), row.text(6), row.text(7)};
}

Result<std::vector<std::int64_t>> handlers_of(store::Tx& tx, std::int64_t submission_id) {
  auto rows = tx.query("SELECT person_id FROM review_handlers WHERE submission_id = ? ORDER BY person_id", {submission_id});
  if (!rows) return rows.error();
  std::vector<std::int64_t> out;
  for (auto& r : *rows) out.push_back(r.integer(0));
  return out;
}

Status record_step(store::Tx& tx, const org::Principal& p, const SubmissionRow& s, const std::string& kind, json payload) {
  payload["case"] = s.case_id;
  payload["review"] = s.id;
  return org::record_event(tx, p, org::agency_code_of(tx, s.agency_id), kind, "review:" + std::to_string(s.id), payload.dump());
}

Status require_handler(store::Tx& tx, const org::Principal& p, const SubmissionRow& s) {
  if (auto st = org::require(p, "review.submit", s.agency_id, kNoSuchReview); !st) return st;
  auto h = handlers_of(tx, s.id);
  if (!h) return h.error();
  if (std::find(h->begin(), h->end(), p.person_id) == h->end() && s.submitted_by != p.person_id)
    return Error::forbidden("只有本案承办人员可以办理此事项");
  return {};
}

Result<RoundRow> current_round(store::Tx& tx, const SubmissionRow& s) {
  auto r = tx.query_one("SELECT id, draft, facts_json, materials_json FROM review_rounds WHERE submission_id = ? AND round = ?",
                        {s.id, s.round});
  if (!r) return r.error();
  if (!*r) return Error::internal("review round missing");
  return RoundRow{(*r)->integer(0), (*r)->text(1), (*r)->text(2), (*r)->text(3)};
}

Status set_state(store::Tx& tx, const SubmissionRow& s, const std::string& state) {
  auto u = tx.exec("UPDATE review_submissions SET state = ?, updated_at = ? WHERE id = ?", {state, clock::now_iso(), s.id});
  return u ? Status{} : Status(u.error());
}

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string Names::operator()(std::optional<std::int64_t> id) {
  if (!id || *id == 0) return "";
  if (auto it = cache_.find(*id); it != cache_.end()) return it->second;
  auto r = tx_.query_one("SELECT name FROM people WHERE id = ?", {*id});
  std::string n = (r && *r) ? (*r)->text(0) : "#" + std::to_string(*id);
  cache_[*id] = n;
  return n;
}

std::optional<std::int64_t> days_left(const law::Calendar& cal, const std::string& due) {
  auto d = law::Date::parse(due);
  auto t = law::Date::parse(clock::today_beijing());
  if (!d || !t) return std::nullopt;
  auto n = cal.working_days_between(*t, *d);
  if (!n) return std::nullopt;
  return n->days;
}

}  // namespace zhifa::review
