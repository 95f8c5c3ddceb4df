#include "inspection/tasks.h"

#include <algorithm>

#include "inspection/model.h"
#include "org/events.h"
#include "platform/core/clock.h"

namespace zhifa::inspection {

Status inspection_tasks(store::Tx& tx, const org::Principal& p, json& out) {
  if (p.anonymous() || !org::authorize(p, "inspection.view", p.agency_id).allowed) return {};
  const std::string today = clock::today_beijing(), code = org::agency_code_of(tx, p.agency_id);
  const std::string base = "/workspace/inspection/" + code;
  auto may = [&](const char* perm) { return org::authorize(p, perm, p.agency_id).allowed; };
  auto plans = tx.query("SELECT id, number, matter_name, status, frozen_by, inspection_date FROM insp_plans WHERE agency_id = ? "
                        "AND status IN ('draft', 'published', 'frozen') ORDER BY id",
                        {p.agency_id});
  if (!plans) return plans.error();
  for (auto& r : *plans) {
    std::string href = base + "/plans/" + std::to_string(r.integer("id")), status = r.text("status");
    std::string name = r.text("number").starts_with("draft:") ? r.text("matter_name") + "（草稿）" : r.text("number");
    if (status == "draft" && may("inspection.plan"))
      out.push_back({{"level", "info"}, {"text", "抽查计划 " + name + " 待发布公告"}, {"href", href}, {"due", r.text("inspection_date")}});
    else if (status == "published" && may("inspection.draw"))
      out.push_back({{"level", "info"}, {"text", "抽查计划 " + name + " 待固定候选名单"}, {"href", href}, {"due", r.text("inspection_date")}});
    else if (status == "frozen" && may("inspection.randomness") && r.opt_integer("frozen_by") != p.person_id)
      out.push_back({{"level", "warn"}, {"text", "抽查计划 " + name + " 待录入随机数并抽取"}, {"href", href}, {"due", r.text("inspection_date")}});
  }
  auto rows = tx.query("SELECT i.id, i.inspector_ids, i.result, i.due_on, o.name, p.number, p.inspection_date FROM insp_inspections i "
                       "JOIN insp_objects o ON o.id = i.object_id JOIN insp_plans p ON p.id = i.plan_id "
                       "WHERE i.agency_id = ? AND i.published_on = '' ORDER BY i.id",
                       {p.agency_id});
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    std::string href = base + "/inspections/" + std::to_string(r.integer("id"));
    if (r.text("result").empty()) {
      auto ids = json::parse(r.text("inspector_ids"), nullptr, false);
      bool mine = ids.is_array() && std::find(ids.begin(), ids.end(), json(p.person_id)) != ids.end();
      if (mine && may("inspection.inspect"))
        out.push_back({{"level", r.text("inspection_date") < today ? "warn" : "info"},
                       {"text", "双随机检查 " + r.text("name") + "（" + r.text("number") + "）待完成"}, {"href", href}, {"due", r.text("inspection_date")}});
    } else if (may("inspection.publish")) {
      bool late = r.text("due_on") < today;
      out.push_back({{"level", late ? "danger" : "info"},
                     {"text", "抽查结果待公示：" + r.text("name") + "，应于 " + clock::chinese_date(r.text("due_on")) + (late ? " 前公示（已超期）" : " 前公示")},
                     {"href", href}, {"due", r.text("due_on")}});
    }
  }
  return {};
}

}  // namespace zhifa::inspection
