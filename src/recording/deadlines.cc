#include "recording/deadlines.h"

#include "law/deadline.h"
#include "platform/core/clock.h"

namespace zhifa::recording {

Status move_clocks(store::Tx& tx, const law::Procedure& proc, std::int64_t case_id, const std::string& from, const std::string& to,
                   const std::string& date_text) {
  auto ch = law::clock_changes(proc, from, to);
  auto date = law::Date::parse(date_text);
  if (!date) return date.error();
  auto load = [&](const std::string& rule) -> Result<std::optional<law::Deadline>> {
    auto r = tx.query_one("SELECT deadline FROM rec_deadlines WHERE case_id = ? AND rule_id = ?", {case_id, rule});
    if (!r) return r.error();
    if (!*r) return std::optional<law::Deadline>();
    auto d = law::Deadline::from_json((*r)->text(0));
    if (!d) return d.error();
    return std::optional<law::Deadline>(std::move(*d));
  };
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto save = [&](const law::Deadline& d) -> Status {
    auto rep = d.report(*cal, *date);
    std::string due = rep && rep->due ? rep->due->str() : "";
    auto r = tx.exec(
        "INSERT INTO rec_deadlines(case_id, rule_id, state, due, deadline) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (case_id, rule_id) DO UPDATE SET state = excluded.state, due = excluded.due, deadline = excluded.deadline",
        {case_id, d.rule().id, std::string(law::deadline_state_name(d.state())), due, d.to_json()});
    return r ? Status{} : Status(r.error());
  };
  for (const auto& rule : ch.resume) {
    auto d = load(rule);
    if (!d) return d.error();
    if (*d && (*d)->state() == law::DeadlineState::kSuspended) {
      // ALL art. 45: the hearing / expert review days up to yesterday are not counted.
      auto st = (*d)->resume(date->plus_days(-1) < (*d)->suspensions().back().from ? (*d)->suspensions().back().from : date->plus_days(-1));
      if (!st) return st;
      if (auto s = save(**d); !s) return s;
    }
  }
  for (const auto& rule : ch.complete) {
    auto d = load(rule);
    if (!d) return d.error();
    if (*d && ((*d)->state() == law::DeadlineState::kRunning)) {
      if (auto st = (*d)->complete(*date); !st) return st;
      if (auto s = save(**d); !s) return s;
    }
  }
  for (const auto& rule : ch.start) {
    auto d = load(rule);
    if (!d) return d.error();
    if (*d && (*d)->state() != law::DeadlineState::kNotStarted) continue;  // a return does not restart the clock
    auto r = law::find_deadline_rule(rule);
    if (!r) return r.error();
    law::Deadline nd(*r);
    if (auto st = nd.start(*date); !st) return st;
    if (auto s = save(nd); !s) return s;
  }
  for (const auto& rule : ch.suspend) {
    auto d = load(rule);
    if (!d) return d.error();
    if (*d && (*d)->state() == law::DeadlineState::kRunning) {
      const law::Step* st = proc.step(to);
      if (auto s = (*d)->suspend(*date, st ? st->name + "（时间不计入期限）" : to); !s) return s;
      if (auto s = save(**d); !s) return s;
    }
  }
  return {};
}

Status waive_party_period(store::Tx& tx, std::int64_t case_id, const std::string& rule_id, const std::string& date_text) {
  auto date = law::Date::parse(date_text);
  if (!date) return date.error();
  auto r = tx.query_one("SELECT deadline, state FROM rec_deadlines WHERE case_id = ? AND rule_id = ?", {case_id, rule_id});
  if (!r) return r.error();
  if (!*r) return Error::conflict("当事人要求听证的期限尚未开始计算（事先告知后开始），无从放弃", "waive_hearing");
  if ((*r)->text(1) == "waived") return {};  // already waived (e.g. notified again after a return): nothing more to record
  auto d = law::Deadline::from_json((*r)->text(0));
  if (!d) return d.error();
  if (!d->rule().party_period) return Error::invalid("只有当事人的期限可以由当事人放弃", "waive_hearing");
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto rep = d->report(*cal, *date);
  if (!rep) return rep.error();
  if (d->state() != law::DeadlineState::kRunning || (rep->due && *rep->due < *date))
    return Error::conflict("当事人要求听证的期限已经结束，无需记录放弃", "waive_hearing");
  // APL art. 64: the party may give up the hearing; the period ends on the day it says so.
  if (auto st = d->complete(*date); !st) return st;
  auto u = tx.exec("UPDATE rec_deadlines SET state = 'waived', deadline = ? WHERE case_id = ? AND rule_id = ?", {d->to_json(), case_id, rule_id});
  return u ? Status{} : Status(u.error());
}

Status check_party_periods(store::Tx& tx, std::int64_t case_id, const std::string& date_text, bool waiving) {
  auto rows = case_deadlines(tx, case_id, date_text);
  if (!rows) return rows.error();
  for (const auto& d : *rows) {
    auto rule = law::find_deadline_rule(d.rule_id);
    if (!rule || !rule->party_period || d.state != "running") continue;
    if (waiving && d.rule_id == "penalty.hearing_request") continue;
    return Error::conflict("当事人要求听证的期限至" + clock::chinese_date(d.due) +
                               "届满；期限届满或者当事人书面放弃听证之前，不得作出决定（《中华人民共和国行政处罚法》第六十二条、第六十四条）",
                           "guard.hearing_period");
  }
  return {};
}

Status check_term_not_passed(store::Tx& tx, const law::Step& step, std::int64_t case_id, const std::string& act_label,
                             const std::string& date_text) {
  auto date = law::Date::parse(date_text);
  if (!date) return date.error();
  auto r = tx.query_one("SELECT deadline FROM rec_deadlines WHERE case_id = ? AND rule_id = ?", {case_id, step.deadline});
  if (!r) return r.error();
  if (!*r) return {};  // the clock has not started: nothing has passed
  auto d = law::Deadline::from_json((*r)->text(0));
  if (!d) return d.error();
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  // The one deadline engine on the official calendar: the rule says calendar or working days.
  auto rep = d->report(*cal, *date);
  if (!rep) return rep.error();
  if (rep->state != law::DeadlineState::kRunning || !rep->due || *rep->due >= *date) return {};
  std::string msg = "“" + step.name + "”的期限已于" + clock::chinese_date(rep->due->str()) + "届满（" +
                    law::deadline_source_zh(d->rule()) + "），不能再“" + act_label + "”";
  // 行政强制法 第二十七条: the decision is made within the art. 25 term; 第二十八条第一款第（四）项:
  // when the term has passed, the seizure is released and the property returned at once.
  if (step.deadline == "compulsion.seizure")
    msg += "；应当立即解除查封、扣押，退还财物（《中华人民共和国行政强制法》第二十七条、第二十八条）";
  return Error::conflict(msg, "guard.period_passed");
}

Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today) {
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  return case_deadlines(tx, case_id, today, *cal);
}

Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today, const law::Calendar& cal) {
  auto rows = tx.query("SELECT deadline, state FROM rec_deadlines WHERE case_id = ? ORDER BY rule_id", {case_id});
  if (!rows) return rows.error();
  auto as_of = law::Date::parse(today);
  if (!as_of) return as_of.error();
  std::vector<DeadlineView> out;
  for (auto& r : *rows) {
    auto d = law::Deadline::from_json(r.text(0));
    if (!d) return d.error();
    auto rep = d->report(cal, *as_of);
    if (!rep) return rep.error();
    DeadlineView v;
    v.rule_id = d->rule().id;
    v.description = law::deadline_label_zh(d->rule());
    v.source = law::deadline_source_zh(d->rule());
    v.state = std::string(law::deadline_state_name(rep->state));
    v.due = rep->due ? rep->due->str() : "";
    v.days_left = rep->days_left;
    v.overdue = rep->overdue;
    v.warn = rep->state == law::DeadlineState::kRunning && rep->days_left && *rep->days_left <= 3 && !rep->overdue;
    if (d->rule().party_period) {
      // The party's period (APL art. 64): waived (recorded), or ended on its last day; the agency
      // is never "late" on it, and no step of the case ends it.
      v.overdue = false;
      if (r.text(1) == "waived") v.state = "waived";
      else if (rep->state == law::DeadlineState::kRunning && rep->due && *rep->due < *as_of) v.state = "ended", v.warn = false;
    }
    for (auto& e : rep->explanation) v.explanation += (v.explanation.empty() ? "" : "；") + e;
    v.extendable = d->rule().extension_days > 0 && d->extensions().empty() && rep->state == law::DeadlineState::kRunning && !rep->overdue;
    for (const auto& x : d->extensions())
      v.extension = x.on.str() + " 延长" + std::to_string(x.days) +
                    (d->rule().unit == law::PeriodUnit::kWorkingDays ? "个工作日（" : "日（") + x.approval + "；" + v.source + "）";
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace zhifa::recording
