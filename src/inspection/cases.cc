#include "inspection/cases.h"

#include <algorithm>

#include "inspection/plans.h"
#include "inspection/results.h"
#include "law/procedure.h"
#include "org/events.h"
#include "publicity/matters.h"
#include "recording/cases.h"

namespace zhifa::inspection {

std::string closing_transition(std::string_view result) {
  if (result == "rectification") return "order_rectification";
  if (result == "case_opened") return "transfer";
  return "close";
}

bool ended_as(std::string_view step, std::string_view result) {
  if (step == "transferred") return result == "case_opened";
  if (step == "closed") return result != "case_opened";
  return false;
}

namespace {

// The inspection row with what opening a case needs.
struct Target {
  std::int64_t plan_id = 0;
  std::string object_code, object_name, plan_number, matter_name, result, findings;
  std::vector<std::int64_t> inspectors;
  std::optional<std::int64_t> case_id, penalty_case_id;
};

Result<Target> target(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id) {
  if (auto st = org::require(p, "inspection.inspect", agency_id, kNoAgency); !st) return st.error();
  auto r = tx.query_one("SELECT i.plan_id, i.inspector_ids, i.case_id, i.penalty_case_id, i.result, i.findings, o.code, o.name, "
                        "p.number, p.matter_name FROM insp_inspections i JOIN insp_objects o ON o.id = i.object_id "
                        "JOIN insp_plans p ON p.id = i.plan_id WHERE i.id = ? AND i.agency_id = ?",
                        {inspection_id, agency_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("检查任务不存在");
  Target t{(*r)->integer("plan_id"), (*r)->text("code"), (*r)->text("name"), (*r)->text("number"), (*r)->text("matter_name"),
           (*r)->text("result"), (*r)->text("findings"), {}, (*r)->opt_integer("case_id"), (*r)->opt_integer("penalty_case_id")};
  auto ids = json::parse((*r)->text("inspector_ids"), nullptr, false);
  if (ids.is_array())
    for (auto& x : ids) t.inspectors.push_back(x.get<std::int64_t>());
  if (std::find(t.inspectors.begin(), t.inspectors.end(), p.person_id) == t.inspectors.end())
    return Error::forbidden("只有抽中的检查人员可以办理该检查");
  return t;
}

// The agency's published matter of a category (the first by code, or the one with this code).
Result<publicity::Matter> matter_of(store::Tx& tx, std::int64_t agency_id, const std::string& category, const std::string& code,
                                    const char* field) {
  auto all = publicity::published_matters(tx, agency_id);
  if (!all) return all.error();
  for (auto& m : *all)
    if (m.category == category && (code.empty() || m.code == code)) return m;
  if (!code.empty()) return Error::invalid("“" + code + "”不是本机关已公示的" + category + "事项", field);
  return Error::invalid("本机关已公示的行政执法事项清单中没有" + category + "事项，不能立案", field);
}

}  // namespace

Result<std::int64_t> start_inspection_case(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id) {
  auto t = target(tx, p, agency_id, inspection_id);
  if (!t) return t.error();
  if (t->case_id) return Error::conflict("该检查已经开始（已立案检查）", "case");
  auto m = matter_of(tx, agency_id, "行政检查", "", "case");
  if (!m) return m.error();
  recording::NewCase c;
  c.matter_id = m->id;
  c.procedure_id = "inspection";
  c.title = t->matter_name + "（" + t->plan_number + "）";
  c.party = {"organisation", t->object_name, t->object_code, "", ""};
  for (auto id : t->inspectors)
    if (id != p.person_id) c.co_officer_id = id;
  auto id = recording::open_case(tx, p, c);
  if (!id) return id.error();
  if (auto u = tx.exec("UPDATE insp_inspections SET case_id = ? WHERE id = ?", {*id, inspection_id}); !u) return u.error();
  json ev{{"plan", t->plan_id}, {"inspection", inspection_id}, {"case", *id}};
  if (auto e = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "inspection.case.opened",
                                 "inspection/inspections/" + std::to_string(inspection_id), ev.dump());
      !e)
    return e.error();
  return *id;
}

Result<std::int64_t> open_penalty_case(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id,
                                       const std::string& matter_code) {
  auto t = target(tx, p, agency_id, inspection_id);
  if (!t) return t.error();
  if (t->penalty_case_id) return Error::conflict("该检查发现的问题已经立案", "matter_code");
  if (t->result != "rectification" && t->result != "case_opened")
    return Error::conflict("只有检查结果为“发现问题”的，才能据此立案查处", "matter_code");
  if (matter_code.empty()) return Error::invalid("请选择立案的行政处罚事项", "matter_code");
  auto m = matter_of(tx, agency_id, "行政处罚", matter_code, "matter_code");
  if (!m) return m.error();
  recording::NewCase c;
  c.matter_id = m->id;
  c.party = {"organisation", t->object_name, t->object_code, "", ""};
  c.facts = "双随机抽查（" + t->plan_number + "）发现：" + t->findings;
  for (auto id : t->inspectors)
    if (id != p.person_id) c.co_officer_id = id;
  auto id = recording::open_case(tx, p, c);
  if (!id) return id.error();
  if (auto u = tx.exec("UPDATE insp_inspections SET penalty_case_id = ? WHERE id = ?", {*id, inspection_id}); !u) return u.error();
  json ev{{"plan", t->plan_id}, {"inspection", inspection_id}, {"case", *id}};
  if (auto e = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "inspection.penalty.opened",
                                 "inspection/inspections/" + std::to_string(inspection_id), ev.dump());
      !e)
    return e.error();
  return *id;
}

namespace {

json case_summary(store::Tx& tx, const org::Principal& p, std::optional<std::int64_t> id) {
  if (!id) return nullptr;
  auto c = recording::load_case(tx, p, *id);
  if (!c) return json{{"id", *id}, {"case_no", "案件 " + std::to_string(*id)}};
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  const law::Step* step = proc ? proc->step(c->step) : nullptr;
  return json{{"id", *id}, {"case_no", c->case_no}, {"step", c->step}, {"step_name", step ? step->name : std::string()},
              {"open", c->status == "open"}, {"at_result", c->status == "open" && c->step == "result"},
              {"href", "/workspace/cases/" + std::to_string(*id)}};
}

}  // namespace

Result<json> inspection_view(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id) {
  auto ins = find_inspection(tx, p, agency_id, inspection_id);
  if (!ins) return ins.error();
  auto plan = find_plan(tx, agency_id, ins->plan_id);
  if (!plan) return plan.error();
  json j = inspection_json(*ins);
  j["plan"] = {{"id", plan->id}, {"number", plan->number}, {"status", plan->status}, {"inspection_date", plan->inspection_date}};
  j["case"] = case_summary(tx, p, ins->case_id);
  j["penalty_case"] = case_summary(tx, p, ins->penalty_case_id);
  j["mine"] = std::find(ins->inspector_ids.begin(), ins->inspector_ids.end(), p.person_id) != ins->inspector_ids.end();
  j["penalty_matters"] = json::array();
  auto all = publicity::published_matters(tx, agency_id);
  if (!all) return all.error();
  for (auto& m : *all)
    if (m.category == "行政处罚") j["penalty_matters"].push_back({{"code", m.code}, {"name", m.name}});
  return j;
}

}  // namespace zhifa::inspection
