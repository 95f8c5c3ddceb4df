#include "review/gate.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "law/money.h"
#include "law/procedure.h"
#include "review/catalog.h"

namespace zhifa::review {

using nlohmann::json;

std::string decision_label(const DecisionFacts& f) {
  auto procs = law::load_procedures();
  if (procs)
    for (const auto& p : **procs)
      if (p.category == f.category)
        for (const auto* t : p.decisions())
          if (t->id == f.decision) return t->label;
  return f.decision;
}

std::string facts_json(const DecisionFacts& f) {
  json j{{"decision", f.decision},
         {"agency_id", f.agency_id},
         {"case_id", f.case_id},
         {"category", f.category},
         {"matter_code", f.matter_code},
         {"party_kind", f.party_kind},
         {"fine_fen", f.fine_fen},
         {"confiscation_fen", f.confiscation_fen},
         {"measures", f.measures},
         {"hearing_held", f.hearing_held},
         {"outside_discretion_benchmark", f.outside_discretion_benchmark},
         {"complex", f.complex},
         {"major_social_impact", f.major_social_impact}};
  return j.dump();
}

Result<DecisionFacts> parse_facts_json(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::invalid("决定要素不是 JSON 对象", "facts");
  DecisionFacts f;
  try {
    f.decision = j.value("decision", std::string());
    f.agency_id = j.value("agency_id", std::int64_t{0});
    f.case_id = j.value("case_id", std::int64_t{0});
    f.category = j.value("category", std::string());
    f.matter_code = j.value("matter_code", std::string());
    f.party_kind = j.value("party_kind", std::string());
    f.fine_fen = j.value("fine_fen", std::int64_t{0});
    f.confiscation_fen = j.value("confiscation_fen", std::int64_t{0});
    if (j.contains("measures")) f.measures = j.at("measures").get<std::vector<std::string>>();
    f.hearing_held = j.value("hearing_held", false);
    f.outside_discretion_benchmark = j.value("outside_discretion_benchmark", false);
    f.complex = j.value("complex", false);
    f.major_social_impact = j.value("major_social_impact", false);
  } catch (const json::exception& e) {
    return Error::invalid(std::string("决定要素格式不正确：") + e.what(), "facts");
  }
  return f;
}

std::string GateDecision::refusal() const {
  if (allowed()) return {};
  std::string rules;
  for (auto& r : reasons) rules += (rules.empty() ? "" : "；") + r.rule_id + " " + r.rule_name + "（" + r.legal_source + "）";
  std::string why;
  if (!mismatch.empty())
    why = "拟作出的决定与法制审核的内容不一致（" + mismatch + "），须重新提交审核";
  else if (review_id == 0)
    why = "该案件尚未提交法制审核";
  else
    why = "该案件最近一次法制审核尚未通过（审核编号 " + std::to_string(review_id) + "）";
  if (!major) return why + "。法制审核意见只对审核过的决定有效，决定内容改变的，应当重新审核。";
  return "属于重大执法决定（" + rules + "），" + why +
         "。依据《中华人民共和国行政处罚法》第五十八条，未经法制审核或者审核未通过的，不得作出决定。";
}

namespace {
std::string measures_text(std::vector<std::string> m) {
  std::sort(m.begin(), m.end());
  std::string s;
  for (auto& x : m) s += (s.empty() ? "" : "、") + measure_label(x);
  return s.empty() ? "无" : s;
}
std::string yes_no(bool b) { return b ? "是" : "否"; }
}  // namespace

// What the opinion covered: the decision, its category, party kind, amounts, measures and the
// circumstances the catalog tests must be the same.
std::string differences(const DecisionFacts& reviewed, const DecisionFacts& now) {
  std::string d;
  auto add = [&](const std::string& s) { d += (d.empty() ? "" : "；") + s; };
  if (!reviewed.decision.empty() && !now.decision.empty() && reviewed.decision != now.decision)
    add("决定：" + decision_label(reviewed) + " → " + decision_label(now));
  if (reviewed.category != now.category) add("类别：" + reviewed.category + " → " + now.category);
  if (reviewed.party_kind != now.party_kind) add("当事人类型");
  if (reviewed.fine_fen != now.fine_fen) add("罚款金额：" + law::format_yuan(reviewed.fine_fen) + " 元 → " + law::format_yuan(now.fine_fen) + " 元");
  if (reviewed.confiscation_fen != now.confiscation_fen)
    add("没收金额：" + law::format_yuan(reviewed.confiscation_fen) + " 元 → " + law::format_yuan(now.confiscation_fen) + " 元");
  if (measures_text(reviewed.measures) != measures_text(now.measures))
    add("处理措施：" + measures_text(reviewed.measures) + " → " + measures_text(now.measures));
  if (reviewed.outside_discretion_benchmark != now.outside_discretion_benchmark)
    add("超出裁量基准：" + yes_no(reviewed.outside_discretion_benchmark) + " → " + yes_no(now.outside_discretion_benchmark));
  if (reviewed.complex != now.complex) add("疑难复杂：" + yes_no(reviewed.complex) + " → " + yes_no(now.complex));
  if (reviewed.major_social_impact != now.major_social_impact)
    add("重大社会影响：" + yes_no(reviewed.major_social_impact) + " → " + yes_no(now.major_social_impact));
  return d;
}

// APL art. 58: a major decision may not be made before its legal review has passed.
Result<GateDecision> check_decision_gate(store::Tx& tx, const DecisionFacts& facts) {
  GateDecision g;
  auto matches = assess(tx, facts);
  if (!matches) return matches.error();
  g.reasons = std::move(*matches);
  g.major = !g.reasons.empty();
  auto sub = tx.query_one(
      "SELECT s.id, s.state, r.facts_json FROM review_submissions s JOIN review_rounds r ON r.submission_id = s.id AND r.round = s.round "
      "WHERE s.case_id = ? AND s.agency_id = ? ORDER BY s.id DESC LIMIT 1",
      {facts.case_id, facts.agency_id});
  if (!sub) return sub.error();
  if (*sub) {
    g.review_id = (*sub)->integer(0);
    g.review_state = (*sub)->text(1);
    // passed: the reviewer agreed; decided: the agency head / collective discussion accepted
    // the handling unit's view after a disagreement (the coordination mechanism of seed 三.5).
    bool passed = g.review_state == "passed" || g.review_state == "decided";
    if (passed) {
      auto reviewed = parse_facts_json((*sub)->text(2));
      if (!reviewed) return reviewed.error();
      g.mismatch = differences(*reviewed, facts);
      passed = g.mismatch.empty();
    }
    g.review_passed = passed;
  }
  return g;
}

Result<std::optional<ReviewOutcome>> case_review_outcome(store::Tx& tx, std::int64_t case_id, std::int64_t agency_id) {
  auto r = tx.query_one(
      "SELECT s.id, s.round, s.state, s.opinion_number, r.facts_json, r.opinion, r.opinion_text, r.opinion_at, p.name AS opinion_by "
      "FROM review_submissions s JOIN review_rounds r ON r.submission_id = s.id AND r.round = s.round "
      "LEFT JOIN people p ON p.id = r.opinion_by WHERE s.case_id = ? AND s.agency_id = ? ORDER BY s.id DESC LIMIT 1",
      {case_id, agency_id});
  if (!r) return r.error();
  if (!*r) return std::optional<ReviewOutcome>();
  const auto& row = **r;
  ReviewOutcome o;
  o.id = row.integer("id");
  o.round = row.integer("round");
  o.state = row.text("state");
  o.opinion_number = row.text("opinion_number");
  o.opinion = row.text("opinion");
  o.opinion_text = row.text("opinion_text");
  o.opinion_at = row.opt_text("opinion_at").value_or("");
  o.opinion_by = row.opt_text("opinion_by").value_or("");
  auto f = parse_facts_json(row.text("facts_json"));
  if (!f) return f.error();
  o.reviewed = std::move(*f);
  return std::optional<ReviewOutcome>(std::move(o));
}

}  // namespace zhifa::review
