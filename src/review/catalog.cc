#include "review/catalog.h"

#include "law/labels.h"
#include "law/measures.h"
#include "law/categories.h"
#include "law/money.h"
#include "law/procedure.h"
#include "publicity/list_workflow.h"
#include "org/directory.h"
#include "org/ledger_privacy.h"
#include "platform/blob/blob_store.h"

#include <algorithm>
#include <tuple>
#include <nlohmann/json.hpp>

#include "org/events.h"
#include "platform/core/clock.h"

namespace zhifa::review {

using nlohmann::json;

// The measures a catalog rule may test: law/measures.h is the one list.
const std::vector<std::pair<std::string, std::string>>& measure_labels() {
  static const std::vector<std::pair<std::string, std::string>> m = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& x : law::measures())
      if (x.catalog) out.emplace_back(x.code, x.label);
    return out;
  }();
  return m;
}

std::string measure_label(const std::string& measure) { return law::measure_label(measure); }

const std::vector<std::string>& categories() { return law::enforcement_categories(); }

std::vector<std::string> tested_facts(const CatalogRule& r) {
  std::vector<std::string> f;
  if (r.min_fine_fen) f.push_back("fine");
  if (r.min_confiscation_fen) f.push_back("confiscation");
  if (!r.measure.empty()) f.push_back("measure." + r.measure);
  if (r.requires_hearing) f.push_back("hearing");
  if (r.requires_outside_benchmark) f.push_back("outside_benchmark");
  if (r.requires_complex) f.push_back("complex");
  if (r.requires_social_impact) f.push_back("social_impact");
  return f;
}

namespace {
std::string fact_label(const std::string& f) {
  if (f == "fine") return "罚款金额";
  if (f == "confiscation") return "没收违法所得、非法财物价值";
  if (f == "hearing") return "经过听证";
  if (f == "outside_benchmark") return "超出裁量基准";
  if (f == "complex") return "疑难复杂";
  if (f == "social_impact") return "重大社会影响";
  if (f.rfind("measure.", 0) == 0) return measure_label(f.substr(8));
  return f;
}
}  // namespace

// Issue 14: a rule must be able to fire — some procedure of its category (law/procedure.h)
// decides and records every fact the rule tests.
std::string unsupplied(const CatalogRule& r) {
  auto procs = law::load_procedures();
  if (!procs) return "程序定义无法读取";
  auto facts = tested_facts(r);
  bool any_category = false;
  for (const auto& p : **procs) {
    if (!r.category.empty() && p.category != r.category) continue;
    if (p.decisions().empty()) continue;
    any_category = true;
    auto have = p.supplied_facts();
    if (std::all_of(facts.begin(), facts.end(), [&](auto& f) { return have.count(f) > 0; })) return {};
  }
  if (!any_category) return "本系统没有作出" + r.category + "决定的执法程序，该规则永远不会适用";
  std::string missing;
  for (auto& f : facts) missing += (missing.empty() ? "" : "、") + fact_label(f);
  return (r.category.empty() ? std::string("没有") : r.category + "没有") + "一个执法程序记录该规则检验的全部情形（" + missing +
         "），该规则永远不会适用";
}

FieldErrors validate_rule(const CatalogRule& r) {
  FieldErrors e;
  if (r.code.empty() || r.code.size() > 20) e["code"] = "编号必填（最多20字节），如 R01";
  else if (!org::is_ledger_code(r.code)) e["code"] = "编号只能由字母、数字、连字符（-）和下划线等组成，如 R01";
  if (!r.matter_code.empty() && !org::is_ledger_code(r.matter_code))
    e["matter_code"] = "事项编码只能由字母、数字、连字符（-）和下划线等组成，如 JNWQB-CF-001";
  if (r.name.empty() || r.name.size() > 300) e["name"] = "名称必填（最多300字节）";
  if (r.legal_source.empty() || r.legal_source.size() > 300) e["legal_source"] = "依据必填，如《行政处罚法》第五十八条";
  if (!r.category.empty() && std::find(categories().begin(), categories().end(), r.category) == categories().end())
    e["category"] = "未知的执法类别";
  if (!r.party_kind.empty() && r.party_kind != "person" && r.party_kind != "organisation")
    e["party_kind"] = "当事人类型须为公民或法人、其他组织";
  if (!r.measure.empty()) {
    auto& m = measure_labels();
    if (std::none_of(m.begin(), m.end(), [&](auto& x) { return x.first == r.measure; })) e["measure"] = "未知的处理措施";
  }
  if (r.min_fine_fen && *r.min_fine_fen <= 0) e["min_fine"] = "罚款金额须大于0";
  if (r.min_confiscation_fen && *r.min_confiscation_fen <= 0) e["min_confiscation"] = "没收金额须大于0";
  // A rule with no condition at all would make every decision major: certainly a slip.
  bool any = !r.category.empty() || !r.matter_code.empty() || !r.measure.empty() || r.min_fine_fen || r.min_confiscation_fen ||
             r.requires_hearing || r.requires_outside_benchmark || r.requires_complex || r.requires_social_impact;
  if (!any) e["conditions"] = "至少设置一个条件（类别、事项、金额、措施或情形）";
  if (e.empty())
    if (auto why = unsupplied(r); !why.empty()) e[r.measure.empty() ? "conditions" : "measure"] = why;
  // Party kind alone says nothing about majorness.
  return e;
}

bool rule_matches(const CatalogRule& r, const DecisionFacts& f) {
  if (!r.active) return false;
  if (!r.category.empty() && r.category != f.category) return false;
  if (!r.matter_code.empty() && r.matter_code != f.matter_code) return false;
  if (!r.party_kind.empty() && r.party_kind != f.party_kind) return false;
  if (r.min_fine_fen && f.fine_fen < *r.min_fine_fen) return false;  // "以上" includes the amount itself
  if (r.min_confiscation_fen && f.confiscation_fen < *r.min_confiscation_fen) return false;
  if (!r.measure.empty() && std::find(f.measures.begin(), f.measures.end(), r.measure) == f.measures.end()) return false;
  if (r.requires_hearing && !f.hearing_held) return false;
  if (r.requires_outside_benchmark && !f.outside_discretion_benchmark) return false;
  if (r.requires_complex && !f.complex) return false;
  if (r.requires_social_impact && !f.major_social_impact) return false;
  return true;
}

std::vector<CatalogMatch> evaluate(const std::vector<CatalogRule>& rules, const DecisionFacts& f) {
  std::vector<CatalogMatch> out;
  bool hearing = false, complex = false, social = false;
  for (auto& r : rules) {
    if (!rule_matches(r, f)) continue;
    out.push_back({r.code, r.name, r.legal_source});
    hearing |= r.requires_hearing;
    complex |= r.requires_complex;
    social |= r.requires_social_impact;
  }
  // APL art. 58 (and 118 for other decisions): these cases are major by law, listed or not.
  if (f.hearing_held && !hearing)
    out.push_back({"APL58-2", "直接关系当事人或者第三人重大权益，经过听证程序的", "《行政处罚法》第五十八条第一款第（二）项"});
  if (f.complex && !complex)
    out.push_back({"APL58-3", "案件情况疑难复杂、涉及多个法律关系的", "《行政处罚法》第五十八条第一款第（三）项"});
  if (f.major_social_impact && !social)
    out.push_back({"APL58-1", "涉及重大公共利益、可能造成重大社会影响的", "《行政处罚法》第五十八条第一款第（一）项；国办发〔2018〕118号"});
  return out;
}

std::string describe(const CatalogRule& r) {
  std::vector<std::string> parts;
  if (!r.category.empty()) parts.push_back(r.category);
  if (!r.matter_code.empty()) parts.push_back("事项 " + r.matter_code);
  if (r.party_kind == "person") parts.push_back("当事人为公民");
  if (r.party_kind == "organisation") parts.push_back("当事人为" + std::string(law::party_kind_label("organisation")));
  if (r.min_fine_fen) parts.push_back("罚款 " + law::format_yuan(*r.min_fine_fen) + " 元以上");
  if (r.min_confiscation_fen) parts.push_back("没收违法所得、非法财物价值 " + law::format_yuan(*r.min_confiscation_fen) + " 元以上");
  if (!r.measure.empty()) parts.push_back(measure_label(r.measure));
  if (r.requires_hearing) parts.push_back("经过听证程序");
  if (r.requires_outside_benchmark) parts.push_back("超出裁量基准");
  if (r.requires_complex) parts.push_back("疑难复杂、涉及多个法律关系");
  if (r.requires_social_impact) parts.push_back("涉及重大公共利益或重大社会影响");
  std::string s;
  for (auto& p : parts) s += (s.empty() ? "" : "；") + p;
  return s;
}

namespace {

constexpr const char* kRuleCols =
    "id, agency_id, code, name, category, matter_code, party_kind, min_fine_fen, min_confiscation_fen, measure, "
    "requires_hearing, requires_outside_benchmark, requires_complex, requires_social_impact, legal_source, active, updated_at";

CatalogRule rule_from(const store::Row& r) {
  CatalogRule c;
  c.id = r.integer("id");
  c.agency_id = r.integer("agency_id");
  c.code = r.text("code");
  c.name = r.text("name");
  c.category = r.text("category");
  c.matter_code = r.text("matter_code");
  c.party_kind = r.text("party_kind");
  c.min_fine_fen = r.opt_integer("min_fine_fen");
  c.min_confiscation_fen = r.opt_integer("min_confiscation_fen");
  c.measure = r.text("measure");
  c.requires_hearing = r.integer("requires_hearing") != 0;
  c.requires_outside_benchmark = r.integer("requires_outside_benchmark") != 0;
  c.requires_complex = r.integer("requires_complex") != 0;
  c.requires_social_impact = r.integer("requires_social_impact") != 0;
  c.legal_source = r.text("legal_source");
  c.active = r.integer("active") != 0;
  c.updated_at = r.text("updated_at");
  return c;
}

store::Value opt(const std::optional<std::int64_t>& v) { return v ? store::Value(*v) : store::null(); }
store::Value flag(bool b) { return std::int64_t{b ? 1 : 0}; }

json rule_json(const CatalogRule& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"category", r.category},
          {"matter_code", r.matter_code},
          {"party_kind", r.party_kind},
          {"min_fine_fen", r.min_fine_fen ? json(*r.min_fine_fen) : json(nullptr)},
          {"min_confiscation_fen", r.min_confiscation_fen ? json(*r.min_confiscation_fen) : json(nullptr)},
          {"measure", r.measure},
          {"requires_hearing", r.requires_hearing},
          {"requires_outside_benchmark", r.requires_outside_benchmark},
          {"requires_complex", r.requires_complex},
          {"requires_social_impact", r.requires_social_impact},
          {"legal_source", r.legal_source},
          {"active", r.active}};
}

// What a rule of another agency (or none) answers (org::require).
constexpr std::string_view kNoSuchRule = "没有这条目录规则";

}  // namespace

Result<std::vector<CatalogRule>> load_rules(store::Tx& tx, std::int64_t agency_id, bool active_only) {
  auto rows = tx.query(std::string("SELECT ") + kRuleCols + " FROM review_catalog_rules WHERE agency_id = ?" +
                           (active_only ? " AND active = 1" : "") + " ORDER BY code, id",
                       {agency_id});
  if (!rows) return rows.error();
  std::vector<CatalogRule> out;
  out.reserve(rows->size());
  for (auto& r : *rows) out.push_back(rule_from(r));
  return out;
}

Result<std::optional<CatalogRule>> find_rule(store::Tx& tx, std::int64_t rule_id) {
  auto r = tx.query_one(std::string("SELECT ") + kRuleCols + " FROM review_catalog_rules WHERE id = ?", {rule_id});
  if (!r) return r.error();
  if (!*r) return std::optional<CatalogRule>{};
  return std::optional<CatalogRule>{rule_from(**r)};
}

Result<std::vector<CatalogMatch>> assess(store::Tx& tx, const DecisionFacts& f) {
  auto rules = load_rules(tx, f.agency_id, true);
  if (!rules) return rules.error();
  return evaluate(*rules, f);
}

namespace {
Result<std::int64_t> save_rule_only(store::Tx& tx, const org::Principal& p, CatalogRule r) {
  if (auto st = org::require(p, "review.catalog", r.agency_id, kNoSuchRule); !st) return st.error();
  if (auto e = validate_rule(r); !e.empty()) return Error::invalid(e.begin()->second, e.begin()->first);
  std::string now = clock::now_iso();
  std::string kind = r.id ? "review.catalog.rule_updated" : "review.catalog.rule_created";
  if (r.id) {
    auto old = find_rule(tx, r.id);
    if (!old) return old.error();
    if (!*old || (*old)->agency_id != r.agency_id) return Error::not_found("没有这条目录规则");
    auto u = tx.exec(
        "UPDATE review_catalog_rules SET code=?, name=?, category=?, matter_code=?, party_kind=?, min_fine_fen=?, "
        "min_confiscation_fen=?, measure=?, requires_hearing=?, requires_outside_benchmark=?, requires_complex=?, "
        "requires_social_impact=?, legal_source=?, updated_at=? WHERE id=?",
        {r.code, r.name, r.category, r.matter_code, r.party_kind, opt(r.min_fine_fen), opt(r.min_confiscation_fen), r.measure,
         flag(r.requires_hearing), flag(r.requires_outside_benchmark), flag(r.requires_complex), flag(r.requires_social_impact),
         r.legal_source, now, r.id});
    if (!u) {
      if (u.error().kind == ErrorKind::kConflict) return Error::invalid("编号“" + r.code + "”已被使用", "code");
      return u.error();
    }
  } else {
    auto ins = tx.query_one(
        "INSERT INTO review_catalog_rules(agency_id, code, name, category, matter_code, party_kind, min_fine_fen, "
        "min_confiscation_fen, measure, requires_hearing, requires_outside_benchmark, requires_complex, requires_social_impact, "
        "legal_source, active, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?) RETURNING id",
        {r.agency_id, r.code, r.name, r.category, r.matter_code, r.party_kind, opt(r.min_fine_fen), opt(r.min_confiscation_fen),
         r.measure, flag(r.requires_hearing), flag(r.requires_outside_benchmark), flag(r.requires_complex),
         flag(r.requires_social_impact), r.legal_source, now, now});
    if (!ins) {
      if (ins.error().kind == ErrorKind::kConflict) return Error::invalid("编号“" + r.code + "”已被使用", "code");
      return ins.error();
    }
    r.id = (*ins)->integer(0);
  }
  // The ledger carries the rule's codes and tests; its wording (name, legal source) by digest —
  // the catalog is public, so a plain SHA-256 (org/ledger_privacy.h).
  json payload = rule_json(r);
  payload["rule"] = r.id;
  payload["text_sha256"] = blob::sha256_hex(json{{"name", r.name}, {"legal_source", r.legal_source}}.dump());
  payload.erase("name");
  payload.erase("legal_source");
  if (auto st = org::record_event(tx, p, org::agency_code_of(tx, r.agency_id), kind, "review_rule:" + std::to_string(r.id),
                                  payload.dump());
      !st)
    return st.error();
  return r.id;
}
}  // namespace

Result<std::int64_t> save_rule(store::Tx& tx, const org::Principal& p, CatalogRule r) {
  bool created = r.id == 0;
  auto id = save_rule_only(tx, p, r);
  if (!id) return id.error();
  auto v = publish_catalog(tx, p, r.agency_id, (created ? "新增规则 " : "修改规则 ") + r.code);
  if (!v) return v.error();
  return id;
}

Result<std::int64_t> save_rules(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::vector<CatalogRule> rules,
                                const std::string& note) {
  for (auto& r : rules) {
    r.agency_id = agency_id;
    if (auto id = save_rule_only(tx, p, r); !id) return id.error();
  }
  return publish_catalog(tx, p, agency_id, note);
}

Status set_rule_active(store::Tx& tx, const org::Principal& p, std::int64_t rule_id, bool active) {
  auto r = find_rule(tx, rule_id);
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这条目录规则");
  if (auto st = org::require(p, "review.catalog", (*r)->agency_id, kNoSuchRule); !st) return st;
  if ((*r)->active == active) return Error::conflict(active ? "该规则已在目录中" : "该规则已停用");
  auto u = tx.exec("UPDATE review_catalog_rules SET active = ?, updated_at = ? WHERE id = ?", {flag(active), clock::now_iso(), rule_id});
  if (!u) return u.error();
  if (auto st = org::record_event(tx, p, org::agency_code_of(tx, (*r)->agency_id),
                                  active ? "review.catalog.rule_activated" : "review.catalog.rule_deactivated",
                                  "review_rule:" + std::to_string(rule_id), json{{"rule", rule_id}, {"code", (*r)->code}}.dump());
      !st)
    return st;
  auto v = publish_catalog(tx, p, (*r)->agency_id, (active ? "恢复规则 " : "停用规则 ") + (*r)->code);
  return v ? Status{} : Status(v.error());
}

Result<ReviewSettings> load_settings(store::Tx& tx, std::int64_t agency_id) {
  auto r = tx.query_one("SELECT period_days, extension_days FROM review_agency_settings WHERE agency_id = ?", {agency_id});
  if (!r) return r.error();
  ReviewSettings s;
  if (*r) {
    s.period_days = static_cast<int>((*r)->integer(0));
    s.extension_days = static_cast<int>((*r)->integer(1));
  }
  return s;
}

Status save_settings(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, ReviewSettings s) {
  if (auto st = org::require(p, "review.catalog", agency_id, kNoSuchRule); !st) return st;
  if (s.period_days < 1 || s.period_days > 30) return Error::invalid("审核期限须为1–30个工作日", "period_days");
  if (s.extension_days < 0 || s.extension_days > 30) return Error::invalid("延长期限须为0–30个工作日", "extension_days");
  auto u = tx.exec(
      "INSERT INTO review_agency_settings(agency_id, period_days, extension_days) VALUES(?,?,?) "
      "ON CONFLICT (agency_id) DO UPDATE SET period_days = excluded.period_days, extension_days = excluded.extension_days",
      {agency_id, std::int64_t{s.period_days}, std::int64_t{s.extension_days}});
  if (!u) return u.error();
  return org::record_event(tx, p, org::agency_code_of(tx, agency_id), "review.settings.saved", "agency:" + org::agency_code_of(tx, agency_id),
                           json{{"period_days", s.period_days}, {"extension_days", s.extension_days}}.dump());
}

Result<CatalogOverview> catalog_overview(store::Tx& tx, std::int64_t agency_id, std::optional<std::int64_t> edit_rule_id) {
  CatalogOverview out;
  auto rules = load_rules(tx, agency_id, false);
  if (!rules) return rules.error();
  out.rules = std::move(*rules);
  auto s = load_settings(tx, agency_id);
  if (!s) return s.error();
  out.settings = *s;
  if (edit_rule_id) {
    auto r = find_rule(tx, *edit_rule_id);
    if (!r) return r.error();
    if (*r && (*r)->agency_id == agency_id) out.editing = std::move(*r);
  }
  return out;
}

std::vector<CatalogEntry> catalog_entries(const std::vector<CatalogRule>& rules) {
  std::vector<CatalogEntry> out;
  for (auto& r : rules)
    if (r.active) out.push_back({r.code, r.category, r.name, describe(r), r.legal_source, r.updated_at, false});
  // APL art. 58: the statutory cases are major whether an agency lists them or not (evaluate).
  for (auto& [code, name, source] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"APL58-1", "涉及重大公共利益、可能造成重大社会影响的", "《行政处罚法》第五十八条第一款第（一）项"},
           {"APL58-2", "直接关系当事人或者第三人重大权益，经过听证程序的", "《行政处罚法》第五十八条第一款第（二）项"},
           {"APL58-3", "案件情况疑难复杂、涉及多个法律关系的", "《行政处罚法》第五十八条第一款第（三）项"}})
    out.push_back({code, "", name, "法定情形", source, "", true});
  return out;
}

Result<std::int64_t> publish_catalog(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& note) {
  auto rules = load_rules(tx, agency_id, true);
  if (!rules) return rules.error();
  json rows = json::array();
  for (auto& e : catalog_entries(*rules))
    rows.push_back({{"code", e.code}, {"category", e.category}, {"name", e.name}, {"condition", e.conditions}, {"basis", e.legal_source}});
  return publicity::publish_derived(tx, p, agency_id, "review_catalog", rows, note);
}

Result<std::string> published_catalog_json(store::Tx& tx, std::int64_t agency_id) {
  auto rules = load_rules(tx, agency_id, true);
  if (!rules) return rules.error();
  json out = json::array();
  for (auto& e : catalog_entries(*rules))
    out.push_back({{"code", e.code}, {"category", e.category}, {"name", e.name}, {"conditions", e.conditions}, {"legal_source", e.legal_source},
                   {"updated_at", e.updated_at}, {"statutory", e.statutory}});
  return out.dump();
}

Result<std::string> published_catalog_document(store::Tx& tx, const std::string& agency_code) {
  auto a = org::find_agency(tx, agency_code);
  if (!a) return a.error();
  if (!*a) return Error::not_found("no such agency");
  auto c = published_catalog_json(tx, (*a)->id);
  if (!c) return c.error();
  return "{\"agency\":" + json((*a)->name).dump() + ",\"rules\":" + *c + "}";
}

}  // namespace zhifa::review
