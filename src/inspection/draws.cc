#include "inspection/draws.h"

#include <algorithm>
#include <map>
#include <set>

#include "inspection/directory.h"
#include "inspection/draw_record.h"
#include "inspection/plans.h"
#include "inspection/rfc3797.h"
#include "law/mask.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"

namespace zhifa::inspection {

namespace {

// An inspector candidate: the person and the certificate that identifies them in public.
struct Inspector {
  std::int64_t person_id = 0;
  org::Certificate certificate;
};

std::string masked(const std::string& name) {
  auto m = law::mask_personal_data(name);
  return m ? m->text : std::string("（已隐去）");
}

// People of the agency who may inspect for the plan: active officers or heads holding a
// certificate whose scope covers the matter (the one valid longest), ordered by certificate
// number. out_of_scope counts those left out only because of their certificate's scope.
Result<std::vector<Inspector>> inspector_pool(store::Tx& tx, std::int64_t agency_id, const std::string& matter_name, int& out_of_scope) {
  auto people = org::list_people(tx, agency_id);
  if (!people) return people.error();
  std::vector<Inspector> out;
  out_of_scope = 0;
  for (auto& person : *people) {
    if (!person.active) continue;
    bool role = std::find(person.roles.begin(), person.roles.end(), "officer") != person.roles.end() ||
                std::find(person.roles.begin(), person.roles.end(), "agency_head") != person.roles.end();
    const org::Certificate* best = nullptr;
    bool any = false;
    for (auto& c : person.certificates) {
      any = any || !c.revoked;
      if (!c.revoked && scope_covers(c.scope, matter_name) && (!best || c.valid_to > best->valid_to)) best = &c;
    }
    if (role && best) out.push_back({person.id, *best});
    else if (role && any) ++out_of_scope;
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.certificate.number < b.certificate.number; });
  return out;
}

std::string count_missing(std::int64_t have) {
  return "至少需要 " + std::to_string(kInspectorsPerObject) + " 名，现有 " + std::to_string(have) + " 名，还缺 " +
         std::to_string(kInspectorsPerObject - have) + " 名";
}

std::vector<std::int64_t> ids_of(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (auto& x : j) out.push_back(x.get<std::int64_t>());
  return out;
}

}  // namespace

Result<Plan> freeze_plan(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id, const std::string& source) {
  if (auto st = org::require(p, "inspection.draw", agency_id, kNoAgency); !st) return st.error();
  if (source.empty()) return Error::invalid("请写明随机数来源（例如：中国福利彩票双色球 2026年第60期开奖号码），须在开奖前固定", "source");
  if (source.size() > 600) return Error::invalid("随机数来源过长", "source");
  auto plan = find_plan(tx, agency_id, plan_id);
  if (!plan) return plan.error();
  if (plan->status == "draft") return Error::conflict("抽查计划尚未公告：须先发布抽查计划公告，再固定候选名单", "source");
  if (plan->status != "published") return Error::conflict("该计划的候选名单已经固定", "source");
  auto objs = tx.query("SELECT * FROM insp_objects WHERE agency_id = ? AND object_type = ? ORDER BY code", {agency_id, plan->object_type});
  if (!objs) return objs.error();
  if (objs->empty()) return Error::invalid("名录库中没有“" + plan->object_type + "”类型的对象", "source");
  // Risk grades weight the draw only by the documented method: pools per grade (draw_record.h).
  auto pools = grade_pools(plan->row.value("risk_proportions", ""), plan->row.value("proportion", ""));
  if (!pools) return Error::invalid("清单中该事项的" + pools.error().message, "source");
  json cands = json::array(), obj_ids = json::array();
  for (auto& r : *objs) {
    cands.push_back({{"code", r.text("code")}, {"name", masked(r.text("name"))}});
    if (!pools->empty()) cands.back()["risk_grade"] = r.text("risk_grade");
    obj_ids.push_back(r.integer("id"));
  }
  int out_of_scope = 0;
  auto pool = inspector_pool(tx, agency_id, plan->matter_name, out_of_scope);
  if (!pool) return pool.error();
  json insp = json::array(), insp_ids = json::array();
  std::int64_t valid = 0;
  for (auto& i : *pool) {
    insp.push_back({{"certificate", i.certificate.number}});
    insp_ids.push_back(i.person_id);
    if (i.certificate.valid_on(plan->inspection_date)) ++valid;
  }
  if (valid < kInspectorsPerObject)
    return Error::invalid("检查日期 " + plan->inspection_date + " 持有效执法证且证件执法范围包括该抽查事项的检查人员不足：" + count_missing(valid) +
                              (out_of_scope ? "（另有 " + std::to_string(out_of_scope) + " 人的证件执法范围不包括行政检查）" : ""),
                          "source");
  Proportion prop{static_cast<int>(plan->proportion_pct), plan->fixed_count};
  std::int64_t k = pools->empty() ? objects_to_draw(prop, static_cast<std::int64_t>(cands.size())) : pooled_select(cands, *pools);
  // Over 65,536 objects: drawn in documented sub-draws (rfc3797.h, draw_record.h), not refused.
  std::string objects_sha = candidates_sha256(cands), inspectors_sha = candidates_sha256(insp);
  auto u = tx.exec("UPDATE insp_plans SET status = 'frozen', source = ?, objects_json = ?, objects_ids = ?, objects_sha256 = ?, "
                   "inspectors_json = ?, inspectors_ids = ?, inspectors_sha256 = ?, select_count = ?, frozen_by = ?, frozen_at = ? "
                   "WHERE id = ? AND status = 'published'",
                   {source, cands.dump(), obj_ids.dump(), objects_sha, insp.dump(), insp_ids.dump(), inspectors_sha, k, p.person_id,
                    clock::now_iso(), plan_id});
  if (!u) return u.error();
  json ev{{"plan", plan_id}, {"number", plan->number}, {"objects", static_cast<std::int64_t>(cands.size())}, {"objects_sha256", objects_sha},
          {"inspectors", static_cast<std::int64_t>(insp.size())}, {"inspectors_sha256", inspectors_sha}, {"select", k},
          {"source_sha256", blob::sha256_hex(source)}};
  auto idx = org::append_event(tx, p, plan->agency_code, "inspection.draw.frozen", "inspection/plans/" + std::to_string(plan_id), ev.dump());
  if (!idx) return idx.error();
  if (auto v = tx.exec("UPDATE insp_plans SET frozen_event = ? WHERE id = ?", {*idx, plan_id}); !v) return v.error();
  return find_plan(tx, agency_id, plan_id);
}

namespace {

// Everything the draw needs that is not in the plan row.
struct DrawState {
  std::vector<std::int64_t> object_ids, inspector_ids;
  std::vector<org::Certificate> certificates;          // by inspector position - 1
  std::set<std::pair<std::int64_t, std::int64_t>> avoid;  // {person, object}
};

Result<DrawState> load_state(store::Tx& tx, const store::Row& row, const Plan& plan) {
  DrawState s;
  s.object_ids = ids_of(row.text("objects_ids"));
  s.inspector_ids = ids_of(row.text("inspectors_ids"));
  auto frozen = json::parse(row.text("inspectors_json"), nullptr, false);
  auto people = org::list_people(tx, plan.agency_id);
  if (!people) return people.error();
  std::map<std::int64_t, const org::Person*> by_id;
  for (auto& person : *people) by_id[person.id] = &person;
  for (std::size_t i = 0; i < s.inspector_ids.size(); ++i) {
    org::Certificate found;  // empty: not valid on any date
    found.revoked = true;
    auto it = by_id.find(s.inspector_ids[i]);
    std::string number = frozen.is_array() && i < frozen.size() ? frozen[i].value("certificate", "") : "";
    if (it != by_id.end() && it->second->active)
      for (auto& c : it->second->certificates)
        if (c.number == number) found = c;
    s.certificates.push_back(found);
  }
  auto declared = conflicts_of(tx, plan.agency_id);
  if (!declared) return declared.error();
  for (auto& c : *declared) s.avoid.insert(c);
  // A recent inspection of the same object (within a year of this one) is a conflict too.
  auto recent = tx.query("SELECT i.object_id, i.inspector_ids FROM insp_inspections i JOIN insp_plans p ON p.id = i.plan_id "
                         "WHERE i.agency_id = ? AND p.id <> ? AND p.inspection_date >= ?",
                         {plan.agency_id, plan.id, std::to_string(std::stoi(plan.inspection_date.substr(0, 4)) - 1) + plan.inspection_date.substr(4)});
  if (!recent) return recent.error();
  for (auto& r : *recent)
    for (auto person : ids_of(r.text("inspector_ids"))) s.avoid.insert({person, r.integer("object_id")});
  return s;
}

}  // namespace

Result<Plan> enter_randomness(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::int64_t plan_id,
                              const std::vector<std::string>& values) {
  if (auto st = org::require(p, "inspection.randomness", agency_id, kNoAgency); !st) return st.error();
  std::vector<std::string> given;
  for (auto& v : values)
    if (!v.empty()) given.push_back(v);
  if (given.empty()) return Error::invalid("请录入随机数来源公布的数值（每个来源一行）", "values");
  auto key = rfc3797::canonical_key(given);
  if (!key) return key.error();
  auto plan = find_plan(tx, agency_id, plan_id);
  if (!plan) return plan.error();
  if (plan->status == "published") return Error::conflict("候选名单尚未固定：须先固定名单并公布随机数来源，再录入随机数", "values");
  if (plan->status != "frozen") return Error::conflict("该计划已经抽取", "values");
  if (plan->frozen_by && *plan->frozen_by == p.person_id) return Error::forbidden("随机数须由固定名单者以外的另一人录入");
  auto row = tx.query_one("SELECT * FROM insp_plans WHERE id = ?", {plan_id});
  if (!row || !*row) return row ? Error::not_found("抽查计划不存在") : row.error();
  auto state = load_state(tx, **row, *plan);
  if (!state) return state.error();
  auto objects = json::parse((*row)->text("objects_json"));
  auto inspectors = json::parse((*row)->text("inspectors_json"));
  auto pools = grade_pools(plan->row.value("risk_proportions", ""), plan->row.value("proportion", ""));
  if (!pools) return Error::invalid("清单中该事项的" + pools.error().message, "values");
  auto drawn_objects = draw_objects(*key, objects, *pools, plan->select_count);
  if (!drawn_objects) return drawn_objects.error();
  const std::vector<std::int64_t>* picked = &drawn_objects->positions;
  auto n_insp = static_cast<std::int64_t>(state->inspector_ids.size());
  // Refuse before drawing when some drawn object cannot get two inspectors.
  std::int64_t worst = kInspectorsPerObject;
  std::string worst_code;
  for (auto pos : *picked) {
    std::int64_t ok = 0, object_id = state->object_ids[pos - 1];
    for (std::int64_t i = 0; i < n_insp; ++i)
      if (state->certificates[i].valid_on(plan->inspection_date) && !state->avoid.count({state->inspector_ids[i], object_id})) ++ok;
    if (ok < worst) {
      worst = ok;
      worst_code = objects[pos - 1].value("code", "");
    }
  }
  if (worst < kInspectorsPerObject)
    return Error::invalid("抽取未执行：检查对象 " + worst_code + " 可派的检查人员（持有效执法证且无需回避）不足，" + count_missing(worst), "values");
  std::string today = clock::today_beijing();
  json inspections = json::array();
  std::int64_t skipped_total = 0;
  for (std::size_t order = 0; order < picked->size(); ++order) {
    std::int64_t pos = (*picked)[order], object_id = state->object_ids[pos - 1];
    std::string k = inspector_key(*key, pos);
    rfc3797::Selection sel(k, n_insp);
    json drawn = json::array(), skipped = json::array(), assigned = json::array(), people = json::array();
    while (assigned.size() < static_cast<std::size_t>(kInspectorsPerObject) && !sel.done()) {
      auto ip = sel.next();
      drawn.push_back(ip);
      auto person = state->inspector_ids[ip - 1];
      if (!state->certificates[ip - 1].valid_on(plan->inspection_date)) {
        skipped.push_back({{"position", ip}, {"kind", kSkipCertificate}});
      } else if (state->avoid.count({person, object_id})) {
        skipped.push_back({{"position", ip}, {"kind", kSkipConflict}});
      } else {
        assigned.push_back(ip);
        people.push_back(person);
      }
    }
    skipped_total += static_cast<std::int64_t>(skipped.size());
    inspections.push_back({{"object_position", pos}, {"object_code", objects[pos - 1].value("code", "")}, {"key", k},
                           {"need", kInspectorsPerObject}, {"selected_positions", drawn}, {"skipped", skipped}, {"assigned", assigned}});
    auto ins = tx.exec("INSERT INTO insp_inspections (plan_id, agency_id, object_id, draw_order, position, inspector_ids) VALUES (?, ?, ?, ?, ?, ?)",
                       {plan_id, agency_id, object_id, static_cast<std::int64_t>(order + 1), pos, people.dump()});
    if (!ins) return ins.error();
  }
  json record{{"id", plan_id}, {"agency", plan->agency_code}, {"agency_name", plan->agency_name},
              {"plan", {{"id", plan_id}, {"number", plan->number}, {"matter_code", plan->matter_code}, {"matter", plan->matter_name}}},
              {"date", today}, {"inspection_date", plan->inspection_date}, {"algorithm", "RFC 3797"},
              {"randomness", {{"source", plan->source}, {"values", given}}}, {"key", *key},
              {"objects", {{"candidates", objects}, {"sha256", plan->objects_sha256}}}, {"select", plan->select_count},
              {"selected_positions", *picked}, {"inspectors", {{"candidates", inspectors}, {"sha256", plan->inspectors_sha256}}},
              {"inspections", inspections}, {"frozen_event", plan->frozen_event ? json(*plan->frozen_event) : json(nullptr)}};
  if (!drawn_objects->sub_draws.empty()) {
    record["sub_draws"] = drawn_objects->sub_draws;
    record["sub_draw_rule"] = kSubDrawRule;
  }
  if (!pools->empty()) {
    record["proportion"] = plan->row.value("proportion", "");
    record["risk_proportions"] = plan->row.value("risk_proportions", "");
    record["pool_rule"] = kPoolRule;
    record["pools"] = drawn_objects->pools;
  }
  auto u = tx.exec("UPDATE insp_plans SET status = 'drawn', random_values = ?, draw_key = ?, randomness_by = ?, drawn_on = ?, record_json = ? "
                   "WHERE id = ? AND status = 'frozen'",
                   {json(given).dump(), *key, p.person_id, today, record.dump(), plan_id});
  if (!u) return u.error();
  json ev{{"plan", plan_id}, {"number", plan->number}, {"key_sha256", blob::sha256_hex(*key)}, {"selected", static_cast<std::int64_t>(picked->size())},
          {"skipped", skipped_total}, {"record_sha256", blob::sha256_hex(record.dump())}};
  auto idx = org::append_event(tx, p, plan->agency_code, "inspection.draw.drawn", "inspection/plans/" + std::to_string(plan_id), ev.dump());
  if (!idx) return idx.error();
  if (auto v = tx.exec("UPDATE insp_plans SET drawn_event = ? WHERE id = ?", {*idx, plan_id}); !v) return v.error();
  return find_plan(tx, agency_id, plan_id);
}

Result<json> published_draws(store::Tx& tx, std::int64_t page, std::int64_t per_page) {
  auto n = tx.query_one("SELECT COUNT(*) AS n FROM insp_plans WHERE status = 'drawn'");
  if (!n) return n.error();
  auto rows = tx.query("SELECT p.id, p.number, p.matter_code, p.matter_name, p.drawn_on, p.select_count, p.drawn_event, a.code, a.name "
                       "FROM insp_plans p JOIN agencies a ON a.id = p.agency_id WHERE p.status = 'drawn' ORDER BY p.id DESC LIMIT ? OFFSET ?",
                       {per_page, (page - 1) * per_page});
  if (!rows) return rows.error();
  json items = json::array();
  for (auto& r : *rows)
    items.push_back({{"id", r.integer("id")}, {"agency", r.text("code")}, {"agency_name", r.text("name")},
                     {"plan", r.text("number")}, {"number", r.text("number")}, {"matter_code", r.text("matter_code")},
                     {"matter", r.text("matter_name")}, {"date", r.text("drawn_on")}, {"selected", r.integer("select_count")},
                     {"url", "/inspections/draws/" + std::to_string(r.integer("id")) + ".json"},
                     {"ledger_index", r.opt_integer("drawn_event") ? json(*r.opt_integer("drawn_event")) : json(nullptr)}});
  return json{{"items", items}, {"page", page}, {"per_page", per_page}, {"total", (*n)->integer("n")}};
}

Result<json> draw_record(store::Tx& tx, std::int64_t plan_id) {
  auto r = tx.query_one("SELECT record_json, drawn_event FROM insp_plans WHERE id = ? AND status = 'drawn'", {plan_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这次抽签（not found）");
  auto rec = json::parse((*r)->text("record_json"), nullptr, false);
  if (rec.is_discarded()) return Error::internal("抽签记录损坏");
  rec["drawn_event"] = (*r)->opt_integer("drawn_event") ? json(*(*r)->opt_integer("drawn_event")) : json(nullptr);
  return rec;
}

}  // namespace zhifa::inspection
