#include "inspection/results.h"

#include <algorithm>
#include <map>

#include "inspection/cases.h"
#include "law/calendar.h"
#include "law/procedure.h"
#include "law/mask.h"
#include "org/directory.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "recording/cases.h"

namespace zhifa::inspection {

namespace {

const char* kSelect =
    "SELECT i.*, o.code AS object_code, o.name AS object_name, p.number AS plan_number, p.matter_name, p.inspection_date "
    "FROM insp_inspections i JOIN insp_objects o ON o.id = i.object_id JOIN insp_plans p ON p.id = i.plan_id ";

Inspection from_row(const store::Row& r) {
  Inspection i;
  i.id = r.integer("id");
  i.plan_id = r.integer("plan_id");
  i.agency_id = r.integer("agency_id");
  i.object_id = r.integer("object_id");
  i.draw_order = r.integer("draw_order");
  i.position = r.integer("position");
  i.object_code = r.text("object_code");
  i.object_name = r.text("object_name");
  i.plan_number = r.text("plan_number");
  i.matter_name = r.text("matter_name");
  i.result = r.text("result");
  i.findings = r.text("findings");
  i.inspected_on = r.text("inspected_on");
  i.due_on = r.text("due_on");
  i.published_on = r.text("published_on");
  auto ids = json::parse(r.text("inspector_ids"), nullptr, false);
  if (ids.is_array())
    for (auto& x : ids) i.inspector_ids.push_back(x.get<std::int64_t>());
  i.case_id = r.opt_integer("case_id");
  i.penalty_case_id = r.opt_integer("penalty_case_id");
  return i;
}

Result<Inspection> find(store::Tx& tx, std::int64_t agency_id, std::int64_t id) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE i.id = ? AND i.agency_id = ?", {id, agency_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("检查任务不存在");
  return from_row(**r);
}

std::string masked(const std::string& text) {
  auto m = law::mask_personal_data(text);
  return m ? m->text : std::string("（已隐去）");
}

}  // namespace

json inspection_json(const Inspection& i) {
  return json{{"id", i.id}, {"plan_id", i.plan_id}, {"plan_number", i.plan_number}, {"matter", i.matter_name},
              {"draw_order", i.draw_order}, {"position", i.position}, {"object_code", i.object_code}, {"object_name", i.object_name},
              {"inspectors", i.inspector_names}, {"result", i.result}, {"result_label", result_label(i.result)},
              {"findings", i.findings}, {"inspected_on", i.inspected_on}, {"due_on", i.due_on}, {"published_on", i.published_on},
              {"published", !i.published_on.empty()}, {"case_id", i.case_id ? json(*i.case_id) : json(nullptr)},
              {"penalty_case_id", i.penalty_case_id ? json(*i.penalty_case_id) : json(nullptr)}};
}

Result<std::vector<Inspection>> plan_inspections(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id) {
  if (auto st = org::require(p, "inspection.view", agency_id, kNoAgency); !st) return st.error();
  auto rows = tx.query(std::string(kSelect) + "WHERE i.plan_id = ? AND i.agency_id = ? ORDER BY i.draw_order", {plan_id, agency_id});
  if (!rows) return rows.error();
  auto people = org::list_people(tx, agency_id);
  if (!people) return people.error();
  std::map<std::int64_t, std::string> names;
  for (auto& person : *people) names[person.id] = person.name;
  std::vector<Inspection> out;
  for (auto& r : *rows) {
    out.push_back(from_row(r));
    for (auto id : out.back().inspector_ids) out.back().inspector_names.push_back(names[id]);
  }
  return out;
}

Result<Inspection> find_inspection(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id) {
  if (auto st = org::require(p, "inspection.view", agency_id, kNoAgency); !st) return st.error();
  auto ins = find(tx, agency_id, inspection_id);
  if (!ins) return ins.error();
  auto people = org::list_people(tx, agency_id);
  if (!people) return people.error();
  for (auto id : ins->inspector_ids)
    for (auto& person : *people)
      if (person.id == id) ins->inspector_names.push_back(person.name);
  return ins;
}

Result<Inspection> record_result(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id,
                                 const ResultInput& in) {
  if (auto st = org::require(p, "inspection.inspect", agency_id, kNoAgency); !st) return st.error();
  if (std::find(result_codes().begin(), result_codes().end(), in.result) == result_codes().end())
    return Error::invalid("请选择检查结果", "result");
  if ((in.result == "rectification" || in.result == "case_opened") && in.findings.empty())
    return Error::invalid("发现问题时须写明检查发现的问题", "findings");
  if (in.inspected_on.size() != 10 || in.inspected_on > clock::today_beijing()) return Error::invalid("请填写检查日期（不晚于今天）", "inspected_on");
  auto ins = find(tx, agency_id, inspection_id);
  if (!ins) return ins.error();
  if (!ins->published_on.empty()) return Error::conflict("检查结果已经公示，不能修改", "result");
  if (std::find(ins->inspector_ids.begin(), ins->inspector_ids.end(), p.person_id) == ins->inspector_ids.end())
    return Error::forbidden("只有抽中的检查人员可以录入检查结果");
  // The case's end records the result: the 行政检查 case takes the closing transition of this
  // result (or has already ended the same way on the case page).
  if (!ins->case_id) return Error::conflict("尚未开始检查：请先“开始检查”（立案检查），在案件中完成现场检查后再录入结果", "result");
  if (!ins->result.empty()) return Error::conflict("检查结果已经录入（案件已结束），不能再改", "result");
  auto c = recording::load_case(tx, p, *ins->case_id);
  if (!c) return c.error();
  if (c->status == "open") {
    const law::Procedure* proc = law::find_procedure(c->procedure_id);
    const law::Step* step = proc ? proc->step(c->step) : nullptr;
    if (c->step != "result")
      return Error::conflict("检查尚未完成：案件 " + c->case_no + " 还在“" + (step ? step->name : std::string("办理中")) + "”环节，请先在案件中完成现场检查（现场检查笔录签名后“检查完毕”）", "result");
    if (auto st = recording::act(tx, p, *ins->case_id, recording::ActInput{closing_transition(in.result), {}, {}, "", ""}); !st)
      return Error::invalid("案件未能结束：" + st.error().message, st.error().field.empty() ? "result" : st.error().field);
  } else if (!ended_as(c->step, in.result)) {
    return Error::conflict("检查结果与案件的结束方式不一致（案件 " + c->case_no + " 已" + (c->step == "transferred" ? "移送立案" : "结束") + "）", "result");
  }
  auto due = law::working_days_after(tx, in.inspected_on, kResultPublishWorkingDays);
  if (!due) return due.error();
  auto u = tx.exec("UPDATE insp_inspections SET result = ?, findings = ?, inspected_on = ?, due_on = ?, recorded_by = ? WHERE id = ?",
                   {in.result, in.findings, in.inspected_on, *due, p.person_id, inspection_id});
  if (!u) return u.error();
  auto findings = org::commit_private(tx, in.findings);
  if (!findings) return findings.error();
  json ev{{"plan", ins->plan_id}, {"inspection", inspection_id}, {"result", in.result}, {"inspected_on", in.inspected_on},
          {"due_on", *due}, {"findings_commitment", *findings}};
  if (auto e = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "inspection.result.recorded",
                                 "inspection/inspections/" + std::to_string(inspection_id), ev.dump());
      !e)
    return e.error();
  return find(tx, agency_id, inspection_id);
}

Result<Inspection> publish_result(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t inspection_id) {
  if (auto st = org::require(p, "inspection.publish", agency_id, kNoAgency); !st) return st.error();
  auto ins = find(tx, agency_id, inspection_id);
  if (!ins) return ins.error();
  if (ins->result.empty()) return Error::conflict("尚未录入检查结果", "result");
  if (!ins->published_on.empty()) return Error::conflict("检查结果已经公示", "result");
  std::string today = clock::today_beijing();
  json rec{{"agency", org::agency_code_of(tx, agency_id)}, {"plan_number", ins->plan_number}, {"matter", ins->matter_name},
           {"object_code", ins->object_code}, {"object_name", masked(ins->object_name)}, {"result", ins->result},
           {"result_label", result_label(ins->result)}, {"findings", masked(ins->findings)}, {"inspected_on", ins->inspected_on},
           {"published_on", today}};
  auto u = tx.exec("UPDATE insp_inspections SET published_on = ?, public_json = ? WHERE id = ?", {today, rec.dump(), inspection_id});
  if (!u) return u.error();
  json ev{{"plan", ins->plan_id}, {"inspection", inspection_id}, {"result", ins->result}, {"published_on", today},
          {"due_on", ins->due_on}, {"on_time", today <= ins->due_on}, {"record_sha256", blob::sha256_hex(rec.dump())}};
  auto idx = org::append_event(tx, p, rec["agency"].get<std::string>(), "inspection.result.published",
                               "inspection/inspections/" + std::to_string(inspection_id), ev.dump());
  if (!idx) return idx.error();
  if (auto v = tx.exec("UPDATE insp_inspections SET published_event = ? WHERE id = ?", {*idx, inspection_id}); !v) return v.error();
  return find(tx, agency_id, inspection_id);
}

namespace {

json public_item(const store::Row& r) {
  auto rec = json::parse(r.text("public_json"), nullptr, false);
  if (rec.is_discarded()) return nullptr;
  rec["id"] = r.integer("id");
  rec["agency_name"] = r.text("agency_name");
  rec["url"] = "/inspections/results/" + std::to_string(r.integer("id"));
  rec["draw"] = "/inspections/draws/" + std::to_string(r.integer("plan_id")) + ".json";
  rec["ledger_index"] = r.opt_integer("published_event") ? json(*r.opt_integer("published_event")) : json(nullptr);
  return rec;
}

constexpr const char* kPublicSelect =
    "SELECT i.id, i.plan_id, i.public_json, i.published_event, a.name AS agency_name FROM insp_inspections i "
    "JOIN agencies a ON a.id = i.agency_id ";

}  // namespace

Result<json> published_results(store::Tx& tx, const ResultQuery& q) {
  std::string where = "WHERE i.published_on <> ''";
  store::Params params;
  if (q.agency_id) where += " AND i.agency_id = ?", params.push_back(*q.agency_id);
  if (!q.result.empty()) where += " AND i.result = ?", params.push_back(q.result);
  if (!q.from.empty()) where += " AND i.published_on >= ?", params.push_back(q.from);
  if (!q.to.empty()) where += " AND i.published_on <= ?", params.push_back(q.to);
  if (!q.q.empty()) where += " AND i.public_json LIKE ?", params.push_back("%" + q.q + "%");
  auto n = tx.query_one("SELECT COUNT(*) AS n FROM insp_inspections i " + where, params);
  if (!n) return n.error();
  params.push_back(q.per_page);
  params.push_back((std::max<std::int64_t>(q.page, 1) - 1) * q.per_page);
  auto rows = tx.query(std::string(kPublicSelect) + where + " ORDER BY i.published_on DESC, i.id DESC LIMIT ? OFFSET ?", params);
  if (!rows) return rows.error();
  json items = json::array();
  for (auto& r : *rows)
    if (auto rec = public_item(r); !rec.is_null()) items.push_back(rec);
  return json{{"items", items}, {"page", q.page}, {"per_page", q.per_page}, {"total", (*n)->integer("n")}};
}

Result<json> published_result(store::Tx& tx, std::int64_t inspection_id) {
  auto r = tx.query_one(std::string(kPublicSelect) + "WHERE i.id = ? AND i.published_on <> ''", {inspection_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这项抽查结果");
  auto rec = public_item(**r);
  if (rec.is_null()) return Error::internal("抽查结果记录损坏");
  return rec;
}

}  // namespace zhifa::inspection
