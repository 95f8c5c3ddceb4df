#include "recording/deadlines.h"

#include "law/deadline.h"

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

Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today) {
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  return case_deadlines(tx, case_id, today, *cal);
}

Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today, const law::Calendar& cal) {
  auto rows = tx.query("SELECT deadline FROM rec_deadlines WHERE case_id = ? ORDER BY rule_id", {case_id});
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
    for (auto& e : rep->explanation) v.explanation += (v.explanation.empty() ? "" : "；") + e;
    v.extendable = d->rule().extension_days > 0 && d->extensions().empty() && rep->state == law::DeadlineState::kRunning && !rep->overdue;
    for (const auto& x : d->extensions())
      v.extension = x.on.str() + " 延长" + std::to_string(x.days) + "个工作日（" + x.approval + "；《行政许可法》第四十二条）";
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace zhifa::recording
