#include "inspection/plans.h"

#include "inspection/directory.h"
#include "law/document_number.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "law/calendar.h"
#include "platform/core/clock.h"
#include "publicity/list_workflow.h"

namespace zhifa::inspection {

Plan plan_from_row(const store::Row& r) {
  Plan p;
  p.id = r.integer("id");
  p.agency_id = r.integer("agency_id");
  p.agency_code = r.text("agency_code");
  p.agency_name = r.text("agency_name");
  p.number = r.text("number");
  if (p.number.starts_with("draft:")) p.number.clear();  // numbered when published
  p.matter_code = r.text("matter_code");
  p.matter_name = r.text("matter_name");
  p.list_version = r.integer("list_version");
  p.row = json::parse(r.text("row_json"), nullptr, false);
  p.object_type = r.text("object_type");
  p.proportion_pct = r.integer("proportion_pct");
  p.fixed_count = r.integer("fixed_count");
  p.period_from = r.text("period_from");
  p.period_to = r.text("period_to");
  p.inspection_date = r.text("inspection_date");
  p.status = r.text("status");
  p.published_on = r.text("published_on");
  p.source = r.text("source");
  p.objects_sha256 = r.text("objects_sha256");
  p.inspectors_sha256 = r.text("inspectors_sha256");
  p.select_count = r.integer("select_count");
  p.draw_key = r.text("draw_key");
  p.drawn_on = r.text("drawn_on");
  p.created_by = r.opt_integer("created_by");
  p.frozen_by = r.opt_integer("frozen_by");
  p.randomness_by = r.opt_integer("randomness_by");
  p.published_event = r.opt_integer("published_event");
  p.frozen_event = r.opt_integer("frozen_event");
  p.drawn_event = r.opt_integer("drawn_event");
  return p;
}

static const char* kPlanSelect =
    "SELECT p.*, a.code AS agency_code, a.name AS agency_name FROM insp_plans p JOIN agencies a ON a.id = p.agency_id ";

Result<std::vector<Plan>> list_plans(store::Tx& tx, std::optional<std::int64_t> agency_id, bool drafts) {
  std::string where = drafts ? "WHERE 1 = 1 " : "WHERE p.status <> 'draft' ";
  auto rows = agency_id ? tx.query(std::string(kPlanSelect) + where + "AND p.agency_id = ? ORDER BY p.id DESC", {*agency_id})
                        : tx.query(std::string(kPlanSelect) + where + "ORDER BY p.id DESC");
  if (!rows) return rows.error();
  std::vector<Plan> out;
  for (auto& r : *rows) out.push_back(plan_from_row(r));
  return out;
}

Result<Plan> find_plan(store::Tx& tx, std::int64_t agency_id, std::int64_t plan_id) {
  auto r = tx.query_one(std::string(kPlanSelect) + "WHERE p.id = ? AND p.agency_id = ?", {plan_id, agency_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("抽查计划不存在");
  return plan_from_row(**r);
}

json plan_json(const Plan& p) {
  json j{{"id", p.id}, {"agency", p.agency_code}, {"agency_name", p.agency_name}, {"number", p.number},
         {"matter_code", p.matter_code}, {"matter", p.matter_name}, {"list_version", p.list_version},
         {"object_type", p.object_type}, {"period_from", p.period_from}, {"period_to", p.period_to},
         {"inspection_date", p.inspection_date}, {"status", p.status}, {"status_label", plan_status_label(p.status)},
         {"published_on", p.published_on}, {"source", p.source}, {"objects_sha256", p.objects_sha256},
         {"inspectors_sha256", p.inspectors_sha256}, {"select", p.select_count}, {"key", p.draw_key}, {"drawn_on", p.drawn_on},
         {"proportion", p.row.value("proportion", "")}, {"frequency", p.row.value("frequency", "")},
         {"method", p.row.value("method", "")}, {"legal_basis", p.row.value("legal_basis", "")},
         {"content", p.row.value("content", "")}, {"inspecting_body", p.row.value("inspecting_body", "")}};
  j["published_event"] = p.published_event ? json(*p.published_event) : json(nullptr);
  j["frozen_event"] = p.frozen_event ? json(*p.frozen_event) : json(nullptr);
  j["drawn_event"] = p.drawn_event ? json(*p.drawn_event) : json(nullptr);
  return j;
}

namespace {

// The published row of the agency's 随机抽查事项清单 with this code, and the list's version.
struct PublishedRow { json row; std::int64_t version = 0; };
Result<PublishedRow> published_row(store::Tx& tx, std::int64_t agency_id, const std::string& code) {
  auto version = publicity::find_version(tx, agency_id, "inspections", 0);
  if (!version) return version.error();
  if (!*version) return Error::invalid("本机关尚未公布随机抽查事项清单，不能制定抽查计划", "matter_code");
  for (auto& r : (*version)->rows)
    if (r.value("code", "") == code) return PublishedRow{r, (*version)->version};
  return Error::invalid("事项 " + code + " 不在已公布的随机抽查事项清单中（未公布的事项不能制定计划）", "matter_code");
}

}  // namespace

Result<json> plan_form_options(store::Tx& tx, const org::Principal& p, std::int64_t agency_id) {
  if (auto st = org::require(p, "inspection.plan", agency_id, kNoAgency); !st) return st.error();
  json out{{"matters", json::array()}, {"types", json::array()}};
  auto version = publicity::find_version(tx, agency_id, "inspections", 0);
  if (!version) return version.error();
  if (*version)
    for (auto& r : (*version)->rows)
      out["matters"].push_back({{"code", r.value("code", "")}, {"name", r.value("name", "")}, {"proportion", r.value("proportion", "")},
                                {"frequency", r.value("frequency", "")}, {"method", r.value("method", "")}, {"objects", r.value("objects", "")}});
  auto types = tx.query("SELECT object_type, COUNT(*) AS n FROM insp_objects WHERE agency_id = ? GROUP BY object_type ORDER BY object_type", {agency_id});
  if (!types) return types.error();
  for (auto& r : *types) out["types"].push_back({{"name", r.text("object_type")}, {"count", r.integer("n")}});
  return out;
}

Result<Plan> create_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const PlanInput& in) {
  if (auto st = org::require(p, "inspection.plan", agency_id, kNoAgency); !st) return st.error();
  if (in.matter_code.empty()) return Error::invalid("请选择随机抽查事项清单中的事项", "matter_code");
  if (!law::Date::parse(in.period_from).ok()) return Error::invalid("请填写抽查期间的开始日期（YYYY-MM-DD）", "period_from");
  if (!law::Date::parse(in.period_to).ok() || in.period_to < in.period_from) return Error::invalid("抽查期间的结束日期须不早于开始日期", "period_to");
  if (!law::Date::parse(in.inspection_date).ok() || in.inspection_date < in.period_from || in.inspection_date > in.period_to)
    return Error::invalid("检查日期须在抽查期间内", "inspection_date");
  if (in.object_type.empty()) return Error::invalid("请选择检查对象类型", "object_type");
  // One source of truth: the row as the list publishes it now.
  auto pub = published_row(tx, agency_id, in.matter_code);
  if (!pub) return pub.error();
  auto prop = parse_proportion(pub->row.value("proportion", ""));
  if (!prop) return Error::invalid("清单中该事项的" + prop.error().message, "proportion");
  auto objs = tx.query_one("SELECT COUNT(*) AS n FROM insp_objects WHERE agency_id = ? AND object_type = ?", {agency_id, in.object_type});
  if (!objs) return objs.error();
  if ((*objs)->integer("n") == 0) return Error::invalid("检查对象名录库中没有“" + in.object_type + "”类型的对象", "object_type");
  // A draft: numbered only when its 抽查计划公告 is published (no gaps from discarded drafts).
  std::string now = clock::now_iso();
  auto id = tx.query_one(
      "INSERT INTO insp_plans (agency_id, number, matter_code, matter_name, list_version, row_json, object_type, proportion_pct, "
      "fixed_count, period_from, period_to, inspection_date, status, created_by, published_on, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, '', ?) RETURNING id",
      {agency_id, "draft:" + blob::sha256_hex(now + std::to_string(p.person_id) + in.matter_code + in.period_from), in.matter_code,
       pub->row.value("name", ""), pub->version, pub->row.dump(), in.object_type, static_cast<std::int64_t>(prop->percent), prop->count,
       in.period_from, in.period_to, in.inspection_date, p.person_id, now});
  if (!id || !*id) return id ? Error::internal("抽查计划未能保存") : id.error();
  std::int64_t plan_id = (*id)->integer("id");
  if (auto u = tx.exec("UPDATE insp_plans SET number = ? WHERE id = ?", {"draft:" + std::to_string(plan_id), plan_id}); !u) return u.error();
  return find_plan(tx, agency_id, plan_id);
}

Result<Plan> publish_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id) {
  if (auto st = org::require(p, "inspection.plan", agency_id, kNoAgency); !st) return st.error();
  auto plan = find_plan(tx, agency_id, plan_id);
  if (!plan) return plan.error();
  if (plan->status != "draft") return Error::conflict("该抽查计划已经公告", "plan");
  // The row as published now (the list may have a newer version since the draft was made).
  auto pub = published_row(tx, agency_id, plan->matter_code);
  if (!pub) return pub.error();
  auto prop = parse_proportion(pub->row.value("proportion", ""));
  if (!prop) return Error::invalid("清单中该事项的" + prop.error().message, "proportion");
  auto agency = tx.query_one("SELECT code, doc_prefix FROM agencies WHERE id = ?", {agency_id});
  if (!agency) return agency.error();
  if (!*agency) return Error::not_found(kNoAgency);
  std::string prefix = (*agency)->text("doc_prefix").empty() ? (*agency)->text("code") : (*agency)->text("doc_prefix");
  auto number = law::allocate_document_number(tx, prefix, "抽查", std::stoi(plan->period_from.substr(0, 4)));
  if (!number) return number.error();
  std::string today = clock::today_beijing();
  auto u = tx.exec("UPDATE insp_plans SET status = 'published', number = ?, published_on = ?, matter_name = ?, list_version = ?, row_json = ?, "
                   "proportion_pct = ?, fixed_count = ? WHERE id = ? AND status = 'draft'",
                   {*number, today, pub->row.value("name", ""), pub->version, pub->row.dump(), static_cast<std::int64_t>(prop->percent),
                    prop->count, plan_id});
  if (!u) return u.error();
  json ev{{"plan", plan_id}, {"number", *number}, {"matter_code", plan->matter_code}, {"list_version", pub->version},
          {"period_from", plan->period_from}, {"period_to", plan->period_to}, {"inspection_date", plan->inspection_date},
          {"proportion_pct", prop->percent}, {"fixed_count", prop->count}, {"row_sha256", blob::sha256_hex(pub->row.dump())}};
  auto idx = org::append_event(tx, p, (*agency)->text("code"), "inspection.plan.published", "inspection/plans/" + std::to_string(plan_id), ev.dump());
  if (!idx) return idx.error();
  if (auto v = tx.exec("UPDATE insp_plans SET published_event = ? WHERE id = ?", {*idx, plan_id}); !v) return v.error();
  return find_plan(tx, agency_id, plan_id);
}

Status discard_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id) {
  if (auto st = org::require(p, "inspection.plan", agency_id, kNoAgency); !st) return st.error();
  auto plan = find_plan(tx, agency_id, plan_id);
  if (!plan) return plan.error();
  if (plan->status != "draft") return Error::conflict("已公告的抽查计划不能删除", "plan");
  auto d = tx.exec("DELETE FROM insp_plans WHERE id = ? AND status = 'draft'", {plan_id});
  return d ? Status{} : Status(d.error());
}

}  // namespace zhifa::inspection
