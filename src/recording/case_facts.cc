// What the officer records about a decision before it is made (issue 14): every fact the legal
// review catalog can test, and the discretion band (裁量基准情节) applied.
#include <algorithm>

#include "law/measures.h"
#include "law/money.h"
#include "org/events.h"
#include "org/ledger_privacy.h"
#include "platform/core/clock.h"
#include "publicity/matters.h"
#include "recording/case_access.h"
#include "recording/cases.h"
#include "recording/decision.h"
#include "review/catalog.h"

namespace zhifa::recording {

using json = nlohmann::json;

namespace {

// The published bands of the case's matter (empty when none).
Result<json> bands_of(store::Tx& tx, const Case& c) {
  if (!c.matter_id) return json::array();
  auto m = publicity::find_published_matter(tx, *c.matter_id);
  if (!m) return m.error();
  if (!*m) return json::array();
  auto j = json::parse((*m)->discretion_json, nullptr, false);
  return j.is_array() ? j : json::array();
}

std::optional<std::int64_t> yuan_to_fen(const json& band, const char* key) {
  if (!band.contains(key) || !band[key].is_number_integer()) return std::nullopt;
  return band[key].get<std::int64_t>() * 100;
}

std::string range_text(const std::optional<std::int64_t>& lo, const std::optional<std::int64_t>& hi) {
  if (lo && hi) return law::format_yuan(*lo) + "–" + law::format_yuan(*hi) + " 元";
  if (lo) return law::format_yuan(*lo) + " 元以上";
  if (hi) return law::format_yuan(*hi) + " 元以下";
  return "不限";
}

std::string labels_of(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& m : codes) out += (out.empty() ? "" : "、") + law::measure_label(m);
  return out.empty() ? "无" : out;
}

}  // namespace

Result<bool> matter_has_fine_bands(store::Tx& tx, const Case& c) {
  auto bands = bands_of(tx, c);
  if (!bands) return bands.error();
  return std::any_of(bands->begin(), bands->end(),
                     [](const json& b) { return b.contains("fine_min_yuan") || b.contains("fine_max_yuan"); });
}

Status check_band_for_decision(const Case& c, const law::Transition& t, bool has_fine_bands) {
  if (!t.imposes) return {};
  if (c.fine_fen > 0 && has_fine_bands && c.band_facts.empty())
    return Error::invalid("请先在“决定要素”中选择适用的裁量基准情节，决定书应当载明适用的情节（国办发〔2018〕118号）", "band");
  if (c.fine_outside_band() && c.outside_band_reason.empty())
    return Error::invalid("罚款金额超出所适用情节的裁量幅度（" + range_text(c.band_min_fen, c.band_max_fen) + "），须说明理由并经法制审核", "fine_yuan");
  if (c.outside_band() && c.outside_band_reason.empty())  // 行政处罚法 第三十四条: the kind of penalty too
    return Error::invalid("处罚种类“" + labels_of(c.measures_outside_band()) + "”不在所适用情节的裁量基准之内，须说明理由并经法制审核", "measures");
  return {};
}

Status update_case_facts(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const CaseFactsInput& in) {
  if (auto a = law::check_amount_fen(in.fine_fen, "fine_yuan", "罚款金额"); !a) return a;
  if (auto a = law::check_amount_fen(in.confiscation_fen, "confiscation_yuan", "没收金额"); !a) return a;
  if (in.facts.size() > 20000) return Error::invalid("案情过长", "facts");
  if (in.outside_band_reason.size() > 4000) return Error::invalid("理由过长（最多4000字节）", "outside_band_reason");
  auto c = case_for_write(tx, p, case_id, "recording.handle");
  if (!c) return c.error();
  if (c->status != "open") return Error::conflict("案件已办结");
  auto dec = tx.query_one("SELECT COUNT(*) FROM rec_acts a WHERE a.case_id = ? AND a.transition IN ('impose','decide','grant','refuse','confirm','no_penalty','seize')",
                          {case_id});
  if (!dec) return dec.error();
  if ((*dec)->integer(0) > 0) return Error::conflict("已作出决定，案情和处罚内容不能再修改");
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  if (!proc) return Error::internal("unknown procedure " + c->procedure_id);
  // Only the facts this procedure supplies (the catalog refuses rules on any other).
  auto supplied = proc->supplied_facts();
  auto has = [&](const std::string& f) { return supplied.count(f) > 0; };
  if (in.fine_fen > 0 && !has("fine")) return Error::invalid(proc->name + "不处以罚款", "fine_yuan");
  if (in.confiscation_fen > 0 && !has("confiscation")) return Error::invalid(proc->name + "不作出没收决定", "confiscation_yuan");
  if (in.complex && !has("complex")) return Error::invalid(proc->name + "不适用“疑难复杂”情形", "complex");
  if (in.social_impact && !has("social_impact")) return Error::invalid(proc->name + "不适用“重大社会影响”情形", "social_impact");
  std::vector<std::string> measures;
  const auto decisions = proc->decisions();
  for (const auto& m : in.measures) {
    if (m.empty() || std::find(measures.begin(), measures.end(), m) != measures.end()) continue;
    if (!has("measure." + m) || std::any_of(decisions.begin(), decisions.end(), [&](auto* t) {
          return std::find(t->measures.begin(), t->measures.end(), m) != t->measures.end();
        }))
      return Error::invalid(proc->name + "不能在此记录“" + review::measure_label(m) + "”", "measures");
    measures.push_back(m);
  }
  if (!in.proposed_decision.empty()) {
    const auto& all = decisions;
    if (std::none_of(all.begin(), all.end(), [&](auto* t) { return t->id == in.proposed_decision; }))
      return Error::invalid("拟作出的决定不是本程序的决定", "proposed_decision");
  }
  // The band (情节) applied, as published now (a later list version does not change the case).
  std::string band_facts, band_penalty;
  std::optional<std::int64_t> lo, hi;
  std::vector<std::string> band_measures;
  if (in.band) {
    auto bands = bands_of(tx, *c);
    if (!bands) return bands.error();
    if (*in.band < 0 || static_cast<std::size_t>(*in.band) >= bands->size())
      return Error::invalid("请选择事项清单中公布的裁量基准情节", "band");
    const json& b = (*bands)[static_cast<std::size_t>(*in.band)];
    band_facts = b.value("facts", ""), band_penalty = b.value("penalty", "");
    lo = yuan_to_fen(b, "fine_min_yuan"), hi = yuan_to_fen(b, "fine_max_yuan");
    if (b.contains("measures") && b["measures"].is_array())
      for (auto& x : b["measures"])
        if (x.is_string()) band_measures.push_back(x.get<std::string>());
  }
  // The case as it will be: the band's range and measures against the fine and the measures.
  Case next = *c;
  next.fine_fen = in.fine_fen, next.warning = in.warning, next.confiscation_fen = in.confiscation_fen, next.measures = measures;
  next.band_facts = band_facts, next.band_min_fen = lo, next.band_max_fen = hi, next.band_measures = band_measures;
  bool outside = next.outside_band();
  std::string reason = in.outside_band_reason;
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) reason.clear();
  // 118; seed 三.4(六); 行政处罚法 第三十四条: outside the band — its fine range or the kinds of
  // penalty it allows — only with a recorded reason (and then legal review).
  if (outside && reason.empty()) {
    if (next.fine_outside_band())
      return Error::invalid("罚款金额超出所选情节的裁量幅度（" + range_text(lo, hi) + "）。确需超出的，请说明理由，并提请法制审核", "fine_yuan");
    return Error::invalid("处罚种类“" + labels_of(next.measures_outside_band()) + "”不在所选情节的裁量基准之内（该情节：" +
                              labels_of(band_measures) + "）。确需超出的，请说明理由，并提请法制审核",
                          "measures");
  }
  if (!outside) reason.clear();
  auto u = tx.exec(
      "UPDATE rec_cases SET facts = ?, fine_fen = ?, warning = ?, confiscation_fen = ?, measures = ?, is_complex = ?, social_impact = ?, "
      "proposed_decision = ?, band_facts = ?, band_penalty = ?, band_min_fen = ?, band_max_fen = ?, band_measures = ?, outside_band_reason = ?, "
      "updated_at = ? WHERE id = ?",
      {in.facts, in.fine_fen, std::int64_t(in.warning ? 1 : 0), in.confiscation_fen, json(measures).dump(), std::int64_t(in.complex ? 1 : 0),
       std::int64_t(in.social_impact ? 1 : 0), in.proposed_decision, band_facts, band_penalty, lo ? store::Value(*lo) : store::null(),
       hi ? store::Value(*hi) : store::null(), json(band_measures).dump(), reason, clock::now_iso(), case_id});
  if (!u) return u.error();
  auto committed = org::commit_private(tx, in.facts);
  if (!committed) return committed.error();
  json payload{{"case_no", c->case_no}, {"fine_fen", in.fine_fen}, {"warning", in.warning}, {"facts_commitment", *committed},
               {"confiscation_fen", in.confiscation_fen}, {"measures", measures}, {"complex", in.complex},
               {"social_impact", in.social_impact}, {"outside_band", outside}};
  auto ev = append_case_event(tx, p, c->agency_id, "recording.case.facts_updated", "case:" + std::to_string(case_id), payload);
  return ev ? Status{} : Status(ev.error());
}

Result<json> cases_outside_band(store::Tx& tx, const org::Principal& p) {
  if (auto st = org::require(p, "recording.discretion", p.agency_id, "执法主体不存在"); !st) return st.error();
  // The supervisor sees the agencies in its jurisdiction (its own and those below).
  std::vector<store::Row> rows;
  for (auto agency : p.jurisdiction) {
    auto part = tx.query(std::string(kCaseSelect) + "WHERE c.agency_id = ? AND c.band_facts <> '' ORDER BY c.id DESC", {agency});
    if (!part) return part.error();
    for (auto& r : *part) rows.push_back(std::move(r));
  }
  json items = json::array();
  for (auto& r : rows) {
    Case c = case_from_row(r);
    if (!c.outside_band()) continue;
    const law::Procedure* proc = law::find_procedure(c.procedure_id);
    const law::Step* st = proc ? proc->step(c.step) : nullptr;
    items.push_back({{"case_id", c.id}, {"agency_name", c.agency_name}, {"case_no", c.case_no}, {"title", c.title}, {"band", c.band_facts},
                     {"band_penalty", c.band_penalty}, {"range", range_text(c.band_min_fen, c.band_max_fen)},
                     {"fine_yuan", law::format_yuan(c.fine_fen)}, {"reason", c.outside_band_reason},
                     {"step_name", st ? st->name : c.step}, {"status", c.status}});
  }
  return items;
}

}  // namespace zhifa::recording
