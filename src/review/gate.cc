#include "review/gate.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "law/money.h"
#include "review/catalog.h"

namespace zhifa::review {

using nlohmann::json;

std::string facts_json(const DecisionFacts& f) {
  json j{{"agency_id", f.agency_id},
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
  return "属于重大执法决定（" + rules + "），" + why +
         "。依据《中华人民共和国行政处罚法》第五十八条，未经法制审核或者审核未通过的，不得作出决定。";
}

namespace {
// What the opinion covered: category, party kind, amounts and measures must be the same.
std::string differences(const DecisionFacts& reviewed, const DecisionFacts& now) {
  std::string d;
  auto add = [&](const std::string& s) { d += (d.empty() ? "" : "；") + s; };
  if (reviewed.category != now.category) add("类别");
  if (reviewed.party_kind != now.party_kind) add("当事人类型");
  if (reviewed.fine_fen != now.fine_fen) add("罚款金额 " + law::format_yuan(reviewed.fine_fen) + " 元 → " + law::format_yuan(now.fine_fen) + " 元");
  if (reviewed.confiscation_fen != now.confiscation_fen) add("没收金额");
  auto a = reviewed.measures, b = now.measures;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a != b) add("处理措施");
  return d;
}
}  // namespace

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

}  // namespace zhifa::review
