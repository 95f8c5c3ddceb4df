// 案卷评查: the items the records decide (issue 21). Each deduction names what is missing or late
// and cites the rule; the points per finding are fixed here, capped by the item's points.
#include <set>

#include "law/calendar.h"
#include "law/deadline.h"
#include "law/measures.h"
#include "law/money.h"
#include "law/procedure.h"
#include "platform/core/clock.h"
#include "recording/av/coverage.h"
#include "recording/case.h"
#include "recording/cases.h"
#include "recording/decision.h"
#include "review/gate.h"
#include "supervision/evaluation.h"

namespace zhifa::supervision {

namespace {

using Checks = std::map<std::string, std::vector<Deduction>>;

// 行政处罚法第四十二条: 执法人员不得少于两人，并持有行政执法证件 (国办发〔2018〕118号: 持证上岗).
Status officers_check(store::Tx& tx, const store::Row& c, Checks& out) {
  std::string opened = c.text("opened_on");
  for (const char* col : {"lead_officer_id", "co_officer_id"}) {
    auto id = c.opt_integer(col);
    if (!id) {
      out["officers"].push_back({"officers", 5, "案件只有一名执法人员（《行政处罚法》第四十二条：执法人员不得少于两人）"});
      continue;
    }
    auto r = tx.query_one(
        "SELECT p.name, (SELECT COUNT(*) FROM certificates x WHERE x.person_id = p.id AND x.revoked = 0 AND x.valid_from <= ? "
        "AND x.valid_to >= ?) FROM people p WHERE p.id = ?",
        {opened, opened, *id});
    if (!r) return r.error();
    if (*r && (*r)->integer(1) == 0)
      out["officers"].push_back({"officers", 5, "执法人员" + (*r)->text(0) + "在立案之日（" + clock::chinese_date(opened) +
                                                     "）没有有效的行政执法证件（《行政处罚法》第四十二条）"});
  }
  return {};
}

// The running time limits (law::Deadline, official calendar, suspensions and extensions counted).
Status deadlines_check(store::Tx& tx, std::int64_t case_id, const law::Calendar& cal, law::Date today, Checks& out) {
  auto rows = tx.query("SELECT rule_id, deadline FROM rec_deadlines WHERE case_id = ? ORDER BY rule_id", {case_id});
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    auto d = law::Deadline::from_json(r.text(1));
    if (!d) continue;
    auto rep = d->report(cal, today);
    if (!rep || rep->state == law::DeadlineState::kNotStarted || !rep->overdue) continue;
    auto def = law::find_deadline_rule(r.text(0));
    std::string label = def ? law::deadline_label_zh(*def) : r.text(0);
    bool done = rep->state == law::DeadlineState::kCompleted;
    out["deadlines"].push_back({"deadlines", 5, label + (done ? "超过期限完成" : "已超过期限仍未完成") + (rep->due ? "（期限 " + clock::chinese_date(rep->due->str()) + "）" : std::string())});
  }
  return {};
}

// APL art. 58: a major decision only after its legal review passed (the gate's own reading).
Status review_check(store::Tx& tx, const org::Principal& p, const Scope& s, std::int64_t case_id, const std::string& decision, Checks& out) {
  if (decision.empty()) return {};
  auto c = recording::load_case(tx, viewer(p, s), case_id);
  if (!c) return c.error();
  auto facts = recording::decision_facts(tx, *c, decision);
  if (!facts) return facts.error();
  auto gate = review::check_decision_gate(tx, *facts);
  if (!gate) return gate.error();
  if (gate->major && !gate->review_passed)
    out["review"].push_back({"review", 10, "重大执法决定未经法制审核通过即作出（《行政处罚法》第五十八条）"});
  return {};
}

// 国办发〔2018〕118号: 行政许可、行政处罚决定 7 working days after the decision (others 20).
Status publication_check(store::Tx& tx, std::int64_t case_id, const std::string& today, Checks& out) {
  auto r = tx.query_one("SELECT state, due_on, published_on FROM pub_decisions WHERE source = ?", {"case:" + std::to_string(case_id)});
  if (!r) return r.error();
  if (!*r) return {};
  std::string due = (*r)->text(1), on = (*r)->is_null(2) ? std::string() : (*r)->text(2);
  if (!on.empty() && on > due)
    out["publication"].push_back({"publication", 5, "执法决定于" + clock::chinese_date(on) + "公示，晚于期限 " + clock::chinese_date(due) +
                                                        "（国办发〔2018〕118号：决定作出之日起 7 个工作日内公示）"});
  else if (on.empty() && (*r)->text(0) == "pending" && due < today)
    out["publication"].push_back({"publication", 5, "执法决定逾期未公示（期限 " + clock::chinese_date(due) + "，国办发〔2018〕118号）"});
  return {};
}

// 行政处罚法第三十四条: the discretion benchmark — an amount or a kind of penalty outside the band
// applied needs the reason. Outside is recording's rule (Case::outside_band), not a copy of it.
Status band_check(store::Tx& tx, std::int64_t case_id, Checks& out) {
  auto row = tx.query_one(std::string(recording::kCaseSelect) + "WHERE c.id = ?", {case_id});
  if (!row) return row.error();
  if (!*row) return {};
  recording::Case c = recording::case_from_row(**row);
  if (!c.outside_band() || !c.outside_band_reason.empty()) return {};
  if (c.fine_outside_band()) {
    std::string range = c.band_min_fen && c.band_max_fen ? "（" + law::format_yuan(*c.band_min_fen) + "至" + law::format_yuan(*c.band_max_fen) + "元）" : "";
    out["band"].push_back({"band", 5, "罚款" + law::format_yuan(c.fine_fen) + "元超出所适用的裁量基准" + range + "且未说明理由（《行政处罚法》第三十四条）"});
  }
  for (const auto& m : c.measures_outside_band())
    out["band"].push_back({"band", 5, "处罚种类“" + law::measure_label(m) + "”不在所适用的裁量基准之内且未说明理由（《行政处罚法》第三十四条）"});
  return {};
}

// 国办发〔2018〕118号 (执法全过程记录): every document signed; every act's required documents on file.
Status documents_check(store::Tx& tx, std::int64_t case_id, const law::Procedure* proc, Checks& out) {
  auto docs = tx.query("SELECT kind, name, status FROM rec_documents WHERE case_id = ? ORDER BY id", {case_id});
  if (!docs) return docs.error();
  std::set<std::string> signed_kinds;
  for (auto& d : *docs) {
    if (d.text(2) == "signed") signed_kinds.insert(d.text(0));
    else if (d.text(2) == "draft") out["signed"].push_back({"signed", 2, "文书《" + d.text(1) + "》未签发（国办发〔2018〕118号：文字记录）"});
  }
  if (signed_kinds.empty()) {
    out["documents"].push_back({"documents", 10, "案卷中没有已签发的文书（国办发〔2018〕118号：执法全过程记录）"});
    return {};
  }
  if (!proc) return {};
  auto acts = tx.query("SELECT from_step, transition, label FROM rec_acts WHERE case_id = ? ORDER BY id", {case_id});
  if (!acts) return acts.error();
  for (auto& a : *acts) {
    const law::Step* st = proc->step(a.text(0));
    const law::Transition* t = st ? st->transition(a.text(1)) : nullptr;
    if (!t) continue;
    for (auto& kind : t->requires_documents) {
      if (signed_kinds.count(kind)) continue;
      std::string name = kind;
      for (auto& spec : proc->documents)
        if (spec.kind == kind) name = spec.name;
      out["documents"].push_back({"documents", 5, "“" + a.text(2) + "”所需的《" + name + "》不在案卷中"});
    }
  }
  return {};
}

// 国办发〔2018〕118号 全过程记录: each act that required A/V recording without evidence attached
// (recording::av, the one definition of A/V coverage the statistics count too).
Status av_check(store::Tx& tx, std::int64_t case_id, const law::Procedure* proc, Checks& out) {
  auto acts = recording::av::av_required_acts(tx, {case_id});
  if (!acts) return acts.error();
  for (auto& a : *acts) {
    if (a.covered) continue;
    const law::Step* st = proc ? proc->step(a.step) : nullptr;
    out["av"].push_back({"av", 5, "“" + (st ? st->name : a.label) + "”环节要求音像记录，案卷中没有该环节的音像记录（国办发〔2018〕118号）"});
  }
  return {};
}

}  // namespace

Result<std::map<std::string, std::vector<Deduction>>> automatic_checks(store::Tx& tx, const org::Principal& p, const Scope& s, std::int64_t case_id,
                                                                       const std::string& today) {
  auto row = tx.query_one(
      "SELECT c.agency_id, c.procedure_id, c.lead_officer_id, c.co_officer_id, c.opened_on, (SELECT x.transition FROM rec_acts x WHERE x.case_id = c.id AND x.transition IN "
      "('impose','decide','no_penalty','grant','refuse','confirm') ORDER BY x.id DESC LIMIT 1) AS decision FROM rec_cases c WHERE c.id = ?",
      {case_id});
  if (!row) return row.error();
  if (!*row || !s.contains((*row)->integer("agency_id"))) return Error::not_found("案件不存在");
  const store::Row& c = **row;
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto t = law::Date::parse(today, "today");
  if (!t) return t.error();
  Checks out;
  if (auto st = officers_check(tx, c, out); !st) return st.error();
  if (auto st = deadlines_check(tx, case_id, *cal, *t, out); !st) return st.error();
  std::string decision = c.is_null("decision") ? std::string() : c.text("decision");
  if (auto st = review_check(tx, p, s, case_id, decision, out); !st) return st.error();
  if (auto st = publication_check(tx, case_id, today, out); !st) return st.error();
  if (auto st = band_check(tx, case_id, out); !st) return st.error();
  if (auto st = documents_check(tx, case_id, law::find_procedure(c.text("procedure_id")), out); !st) return st.error();
  if (auto st = av_check(tx, case_id, law::find_procedure(c.text("procedure_id")), out); !st) return st.error();
  return out;
}

}  // namespace zhifa::supervision
