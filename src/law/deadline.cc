#include "law/deadline.h"

#include <map>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace zhifa::law {
namespace {

using nlohmann::json;

DeadlineRule rule(std::string id, std::string trigger, std::string description, int period, PeriodUnit unit,
                  std::string source) {
  DeadlineRule r;
  r.id = std::move(id);
  r.trigger = std::move(trigger);
  r.description = std::move(description);
  r.period = period;
  r.unit = unit;
  r.source = std::move(source);
  return r;
}

std::vector<DeadlineRule> make_default_rules() {
  constexpr auto W = PeriodUnit::kWorkingDays;
  constexpr auto C = PeriodUnit::kCalendarDays;
  std::vector<DeadlineRule> r;
  // ALL art. 32: missing materials are notified on the spot or within 5 working days, all at once.
  r.push_back(rule("licence.materials_notice", "application received", "notify all missing materials at once", 5, W,
                   "ALL art. 32"));
  // ALL art. 42: decide within 20 working days of acceptance; +10 with the head's approval.
  r.push_back(rule("licence.decision", "application accepted (受理)", "licence decision", 20, W, "ALL art. 42"));
  r.back().extension_days = 10;
  r.back().extension_source = "ALL art. 42";
  // ALL art. 44: deliver the certificate within 10 working days of the decision.
  r.push_back(rule("licence.certificate", "licence granted (准予行政许可决定)", "issue and deliver the licence certificate", 10,
                   W, "ALL art. 44"));
  // APL art. 60: penalty decision within 90 days of filing unless a law/regulation/rule says otherwise.
  r.push_back(rule("penalty.decision", "case filed (立案)", "penalty decision", 90, C, "APL art. 60"));
  r.back().roll_to_working_day = true;
  // APL arts. 64, 85: the party asks for a hearing within 5 working days of being told.
  r.push_back(rule("penalty.hearing_request", "party informed of the right to a hearing", "party may ask for a hearing",
                   5, W, "APL arts. 64, 85"));
  r.back().party_period = true;
  // APL arts. 64, 85: notify the party of the hearing 7 working days before it.
  r.push_back(rule("penalty.hearing_notice", "hearing date", "notify the party of the hearing time and place", 7, W,
                   "APL arts. 64, 85"));
  r.back().direction = PeriodDirection::kBefore;
  // APL arts. 61, 85: when the party is absent, serve the decision within 7 working days.
  r.push_back(rule("penalty.service", "decision made with the party absent", "serve the penalty decision", 7, W,
                   "APL arts. 61, 85"));
  // APL art. 67: pay within 15 days of receiving the decision (late: art. 72 surcharge).
  r.push_back(rule("penalty.fine_payment", "penalty decision received", "pay the fine", 15, C, "APL art. 67"));
  r.back().roll_to_working_day = true;
  // APL arts. 56, 85: evidence registered and preserved (先行登记保存) — decide how to handle it
  // within 7 days, working days ("七日" of the APL are working days, art. 85).
  r.push_back(rule("penalty.preservation", "evidence registered and preserved (先行登记保存)", "decide how to handle the preserved evidence",
                   7, W, "APL arts. 56, 85"));
  // 行政强制法 art. 25: seizure / impoundment at most 30 days; +30 at most with the head's
  // approval. Calendar days; no roll to the next working day: the limit protects the party's
  // property, so the last day is never moved later (art. 69 makes only periods of ten days or
  // less working days).
  r.push_back(rule("compulsion.seizure", "seizure or impoundment carried out (查封、扣押)", "release, or decide on the seized property", 30, C,
                   "行政强制法 art. 25"));
  r.back().extension_days = 30;
  r.back().extension_source = "行政强制法 art. 25";
  // 国办发〔2018〕118号: publish licence and penalty decisions within 7 working days; others 20.
  r.push_back(rule("publicity.decision", "licence or penalty decision made", "publish the decision", 7, W,
                   "国办发〔2018〕118号"));
  r.push_back(rule("publicity.other_decision", "other enforcement decision made", "publish the decision", 20, W,
                   "国办发〔2018〕118号"));
  // APL art. 48: withdraw a published decision that was changed, revoked, confirmed illegal or void.
  r.push_back(rule("publicity.withdrawal", "published penalty decision changed, revoked, confirmed illegal or void",
                   "withdraw the publication and publish the reason", 3, W, "APL art. 48"));
  // 118: last year's enforcement statistics by 31 January (trigger: 31 December).
  r.push_back(rule("publicity.annual_report", "end of the reporting year (12-31)",
                   "publish the annual enforcement data report (行政执法数据年度报告)", 31, C, "国办发〔2018〕118号"));
  // Local practice (DOMAIN.md): legal review of a major decision in 7 working days, +3.
  r.push_back(rule("review.major_decision", "submitted for legal review (法制审核)", "legal review opinion", 7, W,
                   "local practice (configurable)"));
  r.back().extension_days = 3;
  r.back().extension_source = "local practice (configurable)";
  return r;
}

std::string unit_words(PeriodUnit u) { return u == PeriodUnit::kWorkingDays ? "working days" : "calendar days"; }

// Days in (a, b] in the rule's unit; b >= a.
Result<std::int64_t> count_days(const Calendar& cal, PeriodUnit unit, Date a, Date b, bool& provisional) {
  if (unit == PeriodUnit::kCalendarDays) return static_cast<std::int64_t>(b.serial()) - a.serial();
  auto c = cal.working_days_between(a, b);
  if (!c) return c.error();
  provisional = provisional || c->provisional;
  return c->days;
}

Result<Date> advance(const Calendar& cal, PeriodUnit unit, Date a, std::int64_t n, bool& provisional) {
  if (unit == PeriodUnit::kCalendarDays) return add_calendar_days(a, n);
  auto d = cal.add_working_days(a, n);
  if (!d) return d.error();
  provisional = provisional || d->provisional;
  return d->date;
}

// "2025-10-01 … 2025-10-08 国庆节、中秋节" for runs of consecutive days with one name.
std::vector<std::string> describe_runs(const std::vector<CountedDay>& days) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < days.size();) {
    std::size_t j = i;
    while (j + 1 < days.size() && days[j + 1].name == days[i].name && days[j + 1].date == days[j].date.plus_days(1)) ++j;
    out.push_back(days[i].date.str() + (j > i ? " … " + days[j].date.str() : "") + " " + days[i].name);
    i = j + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? sep : "") + parts[i];
  return s;
}

}  // namespace

const std::vector<DeadlineRule>& default_deadline_rules() {
  static const std::vector<DeadlineRule> rules = make_default_rules();
  return rules;
}

Result<DeadlineRule> find_deadline_rule(std::string_view id) {
  for (const auto& r : default_deadline_rules())
    if (r.id == id) return r;
  return Error::not_found("no deadline rule \"" + std::string(id) + "\"");
}

std::string_view deadline_state_name(DeadlineState s) {
  switch (s) {
    case DeadlineState::kNotStarted: return "not_started";
    case DeadlineState::kRunning: return "running";
    case DeadlineState::kSuspended: return "suspended";
    case DeadlineState::kCompleted: return "completed";
  }
  return "running";
}

DeadlineState Deadline::state() const {
  if (!start_) return DeadlineState::kNotStarted;
  if (completed_) return DeadlineState::kCompleted;
  if (!suspensions_.empty() && !suspensions_.back().to) return DeadlineState::kSuspended;
  return DeadlineState::kRunning;
}

Status Deadline::start(Date date) {
  if (start_) return Error::conflict("deadline already started on " + start_->str());
  if (rule_.period < 0) return Error::invalid("rule period must not be negative", "period");
  start_ = date;
  return {};
}

Status Deadline::suspend(Date from, std::string reason) {
  if (rule_.direction == PeriodDirection::kBefore)
    return Error::conflict("a deadline counted back from an event cannot be suspended");
  switch (state()) {
    case DeadlineState::kNotStarted: return Error::conflict("deadline not started");
    case DeadlineState::kCompleted: return Error::conflict("deadline already completed");
    case DeadlineState::kSuspended: return Error::conflict("deadline already suspended since " + suspensions_.back().from.str());
    case DeadlineState::kRunning: break;
  }
  if (from <= *start_) return Error::invalid("suspension must start after the start date " + start_->str(), "date");
  if (!suspensions_.empty() && from <= *suspensions_.back().to)
    return Error::invalid("suspension must start after the previous one ended (" + suspensions_.back().to->str() + ")", "date");
  if (reason.empty()) return Error::invalid("a suspension needs a reason (ALL art. 45: hearing, testing, expert review …)", "reason");
  suspensions_.push_back({from, std::nullopt, std::move(reason)});
  return {};
}

Status Deadline::resume(Date to) {
  if (state() != DeadlineState::kSuspended) return Error::conflict("deadline is not suspended");
  if (to < suspensions_.back().from)
    return Error::invalid("resume date " + to.str() + " is before the suspension began (" + suspensions_.back().from.str() + ")", "date");
  suspensions_.back().to = to;
  return {};
}

Status Deadline::extend(Date on, std::string approval) {
  if (state() == DeadlineState::kNotStarted) return Error::conflict("deadline not started");
  if (state() == DeadlineState::kCompleted) return Error::conflict("deadline already completed");
  if (rule_.extension_days <= 0) return Error::conflict("rule " + rule_.id + " allows no extension");
  if (!extensions_.empty()) return Error::conflict("the extension was already granted on " + extensions_.front().on.str());
  if (approval.empty()) return Error::invalid("an extension needs the approval (who approved, reference)", "approval");
  if (on < *start_) return Error::invalid("extension date is before the start", "date");
  extensions_.push_back({on, std::move(approval), rule_.extension_days});
  return {};
}

Status Deadline::complete(Date date) {
  if (state() == DeadlineState::kNotStarted) return Error::conflict("deadline not started");
  if (state() == DeadlineState::kCompleted) return Error::conflict("deadline already completed on " + completed_->str());
  if (state() == DeadlineState::kSuspended) return Error::conflict("deadline is suspended; resume it first");
  if (rule_.direction == PeriodDirection::kAfter && date < *start_)
    return Error::invalid("completion date is before the start date " + start_->str(), "date");
  completed_ = date;
  return {};
}

namespace {
// The latest day e with at least `period` working days in (e, last] (a period before an event
// on `start`, last = the day before it): a binary search over the official calendar.
Result<Date> latest_with_working_days(const Calendar& cal, Date last, std::int64_t period, Date start) {
  std::int64_t lo = std::max<std::int64_t>(Calendar::first_day().serial(), last.serial() - 2LL * period - 40);
  std::int64_t hi = last.serial();
  auto enough = [&](std::int64_t e) -> Result<bool> {
    auto c = cal.working_days_between(Date::from_serial(static_cast<std::int32_t>(e)), last);
    if (!c) return c.error();
    return c->days >= period;
  };
  auto at_lo = enough(lo);
  if (!at_lo) return at_lo.error();
  if (!*at_lo) return Error::invalid(start.str() + " is too close to the first notice (" + Calendar::first_day().str() + ")", "date");
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo + 1) / 2;
    auto ok = enough(mid);
    if (!ok) return ok.error();
    if (*ok) lo = mid; else hi = mid - 1;
  }
  return Date::from_serial(static_cast<std::int32_t>(lo));
}
}  // namespace

Result<DeadlineReport> Deadline::report(const Calendar& cal, Date as_of) const {
  DeadlineReport r;
  r.state = state();
  r.suspensions = suspensions_;
  r.extensions = extensions_;
  r.period = rule_.period;
  for (const auto& e : extensions_) r.period += e.days;
  if (!start_) {
    r.explanation.push_back("Not started: waits for \"" + rule_.trigger + "\".");
    return r;
  }
  const Date start = *start_;
  const PeriodUnit unit = rule_.unit;
  bool prov = false;
  auto& ex = r.explanation;
  Date due;
  Date span_from = start, span_to = start;  // the counted span (span_from, span_to]

  if (rule_.direction == PeriodDirection::kBefore) {
    ex.push_back(rule_.description + ": at least " + std::to_string(rule_.period) + " " + unit_words(unit) +
                 " before " + start.str() + " (" + rule_.source + "), the event day not counted.");
    const Date last = start.plus_days(-1);
    if (unit == PeriodUnit::kCalendarDays) {
      due = last.plus_days(-rule_.period);
    } else {
      auto e = latest_with_working_days(cal, last, rule_.period, start);
      if (!e) return e.error();
      due = *e;
    }
    prov = unit == PeriodUnit::kWorkingDays && cal.any_provisional(due, last);
    span_from = due;
    span_to = last;
  } else {
    ex.push_back(rule_.description + ": " + std::to_string(rule_.period) + " " + unit_words(unit) + " after \"" +
                 rule_.trigger + "\" on " + start.str() + " (" + rule_.source + "), that day not counted.");
    for (const auto& e : extensions_)
      ex.push_back("Extended by " + std::to_string(e.days) + " working days on " + e.on.str() + " with approval: " +
                   e.approval + " (" + rule_.extension_source + ").");
    Date cursor = start;
    std::int64_t remaining = r.period;
    bool done = false;
    for (const Suspension& s : suspensions_) {
      const Date seg_end = s.from.plus_days(-1);
      std::int64_t k = 0;
      if (seg_end > cursor) {
        auto c = count_days(cal, unit, cursor, seg_end, prov);
        if (!c) return c.error();
        k = *c;
      }
      if (k >= remaining) {
        auto d = advance(cal, unit, cursor, remaining, prov);
        if (!d) return d.error();
        due = *d;
        done = true;
        break;
      }
      remaining -= k;
      if (!s.to) {
        ex.push_back("Suspended since " + s.from.str() + " (" + s.reason + "): time not counted (ALL art. 45); " +
                     std::to_string(remaining) + " " + unit_words(unit) + " remain.");
        r.days_left = remaining;
        r.provisional = prov;
        return r;
      }
      ex.push_back("Suspended " + s.from.str() + " … " + s.to->str() + " (" + s.reason +
                   "): not counted (ALL art. 45).");
      cursor = std::max(cursor, *s.to);
    }
    if (!done) {
      auto d = advance(cal, unit, cursor, remaining, prov);
      if (!d) return d.error();
      due = *d;
    }
    if (unit == PeriodUnit::kCalendarDays && rule_.roll_to_working_day) {
      auto info = cal.day(due);
      if (!info) return info.error();
      prov = prov || info->provisional;
      if (!info->working) {
        auto next = cal.add_working_days(due, 1);
        if (!next) return next.error();
        prov = prov || next->provisional;
        r.rolled_from = due;
        ex.push_back("The last day " + due.str() + " is a rest day" + (info->name.empty() ? "" : " (" + info->name + ")") +
                     ": the period ends on the next working day, " + next->date.str() + ".");
        due = next->date;
      }
    }
    span_from = start;
    span_to = due;
  }

  if (unit == PeriodUnit::kWorkingDays) {
    for (const NoticeDay& d : cal.notice_days_between(span_from, span_to)) {
      bool suspended = false;
      for (const auto& s : suspensions_) suspended = suspended || (s.to && d.date >= s.from && d.date <= *s.to);
      if (suspended) continue;
      (d.off ? r.holidays : r.makeup_days).push_back({d.date, d.name, d.off});
    }
    if (!r.holidays.empty()) ex.push_back("Holidays not counted: " + join(describe_runs(r.holidays), "; ") + ".");
    if (!r.makeup_days.empty()) ex.push_back("Make-up working days (调休) counted: " + join(describe_runs(r.makeup_days), "; ") + ".");
  }
  r.due = due;
  r.provisional = prov;
  ex.push_back((rule_.direction == PeriodDirection::kBefore ? "Latest date: " : "Due: ") + due.str() + ".");
  if (prov)
    ex.push_back("Provisional: the count uses days after the last published holiday notice (" +
                 std::to_string(cal.last_notice_year()) + "), counted Monday to Friday.");

  // Days left, as of the report date (or the completion date once completed).
  const Date at = completed_ ? *completed_ : as_of;
  if (at <= due) {
    Date from = rule_.direction == PeriodDirection::kAfter ? std::max(at, start) : at;
    std::int64_t left = 0;
    if (due > from) {
      auto c = count_days(cal, unit, from, due, prov);
      if (!c) return c.error();
      left = *c;
      for (const auto& s : suspensions_) {
        if (!s.to) continue;
        const Date lo = std::max(from, s.from.plus_days(-1)), hi = std::min(due, *s.to);
        if (hi > lo) {
          auto sc = count_days(cal, unit, lo, hi, prov);
          if (!sc) return sc.error();
          left -= *sc;
        }
      }
    }
    r.days_left = left;
  } else {
    auto c = count_days(cal, unit, due, at, prov);
    if (!c) return c.error();
    r.days_left = -*c;
    r.overdue = true;
  }
  r.provisional = prov;
  if (completed_) ex.push_back("Completed on " + completed_->str() + (r.overdue ? ", late." : ", in time."));
  else if (r.overdue) ex.push_back("Overdue as of " + as_of.str() + ".");
  return r;
}

std::int64_t late_payment_surcharge(std::int64_t fine_fen, std::int64_t days_late) {
  if (fine_fen <= 0 || days_late <= 0) return 0;
  // 3 % a day, capped at the fine (APL art. 72); computed without overflow for any days_late.
  if (days_late >= 34) return fine_fen;
  // In 128 bits: 3 × days (< 102) × any int64 fine cannot overflow.
  __int128 s = static_cast<__int128>(fine_fen) * 3 * days_late / 100;
  return s > fine_fen ? fine_fen : static_cast<std::int64_t>(s);
}

// ---- JSON ----

std::string Deadline::to_json() const {
  json j;
  j["rule"] = {{"id", rule_.id},
               {"trigger", rule_.trigger},
               {"description", rule_.description},
               {"period", rule_.period},
               {"unit", rule_.unit == PeriodUnit::kWorkingDays ? "working_days" : "calendar_days"},
               {"direction", rule_.direction == PeriodDirection::kAfter ? "after" : "before"},
               {"source", rule_.source},
               {"extension_days", rule_.extension_days},
               {"extension_source", rule_.extension_source},
               {"roll_to_working_day", rule_.roll_to_working_day}};
  j["start"] = start_ ? json(start_->str()) : json(nullptr);
  j["completed"] = completed_ ? json(completed_->str()) : json(nullptr);
  json sus = json::array();
  for (const auto& s : suspensions_)
    sus.push_back({{"from", s.from.str()}, {"to", s.to ? json(s.to->str()) : json(nullptr)}, {"reason", s.reason}});
  j["suspensions"] = std::move(sus);
  json ext = json::array();
  for (const auto& e : extensions_) ext.push_back({{"on", e.on.str()}, {"approval", e.approval}, {"days", e.days}});
  j["extensions"] = std::move(ext);
  return j.dump();
}

Result<Deadline> Deadline::from_json(std::string_view text) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return Error::invalid(std::string("deadline JSON: ") + e.what(), "deadline");
  }
  try {
    const json& rj = j.at("rule");
    DeadlineRule rule;
    rule.id = rj.at("id").get<std::string>();
    rule.trigger = rj.value("trigger", "");
    rule.description = rj.value("description", "");
    rule.period = rj.at("period").get<int>();
    const std::string unit = rj.at("unit").get<std::string>();
    if (unit != "working_days" && unit != "calendar_days") return Error::invalid("deadline JSON: bad unit " + unit, "unit");
    rule.unit = unit == "working_days" ? PeriodUnit::kWorkingDays : PeriodUnit::kCalendarDays;
    const std::string dir = rj.value("direction", "after");
    if (dir != "after" && dir != "before") return Error::invalid("deadline JSON: bad direction " + dir, "direction");
    rule.direction = dir == "after" ? PeriodDirection::kAfter : PeriodDirection::kBefore;
    rule.source = rj.value("source", "");
    rule.extension_days = rj.value("extension_days", 0);
    rule.extension_source = rj.value("extension_source", "");
    rule.roll_to_working_day = rj.value("roll_to_working_day", false);
    // Whose period it is follows the statute, not what was stored (a party's period, APL art. 64).
    if (auto known = find_deadline_rule(rule.id)) rule.party_period = known->party_period;
    if (rule.period < 0) return Error::invalid("deadline JSON: negative period", "period");
    Deadline d(std::move(rule));
    auto date = [](const json& v, const char* field) -> Result<std::optional<Date>> {
      if (v.is_null()) return std::optional<Date>{};
      auto p = Date::parse(v.get<std::string>(), field);
      if (!p) return p.error();
      return std::optional<Date>{*p};
    };
    // Replay the events through the same checks as live use, so a stored value is always valid.
    auto start = date(j.value("start", json(nullptr)), "start");
    if (!start) return start.error();
    if (*start) {
      if (auto st = d.start(**start); !st) return st.error();
    }
    for (const auto& s : j.value("suspensions", json::array())) {
      auto from = date(s.at("from"), "from");
      if (!from || !*from) return Error::invalid("deadline JSON: suspension without a valid from", "suspensions");
      if (auto st = d.suspend(**from, s.value("reason", "")); !st) return st.error();
      auto to = date(s.value("to", json(nullptr)), "to");
      if (!to) return to.error();
      if (*to) {
        if (auto st = d.resume(**to); !st) return st.error();
      }
    }
    for (const auto& e : j.value("extensions", json::array())) {
      auto on = date(e.at("on"), "on");
      if (!on || !*on) return Error::invalid("deadline JSON: extension without a valid date", "extensions");
      // Replayed directly: the extension may have been granted before a later completion.
      if (d.rule_.extension_days <= 0 || !d.extensions_.empty())
        return Error::invalid("deadline JSON: extension not allowed by the rule", "extensions");
      d.extensions_.push_back({**on, e.value("approval", ""), e.value("days", d.rule_.extension_days)});
    }
    auto completed = date(j.value("completed", json(nullptr)), "completed");
    if (!completed) return completed.error();
    if (*completed) {
      if (auto st = d.complete(**completed); !st) return st.error();
    }
    return d;
  } catch (const json::exception& e) {
    return Error::invalid(std::string("deadline JSON: ") + e.what(), "deadline");
  }
}

}  // namespace zhifa::law

namespace zhifa::law {

std::string deadline_label_zh(const DeadlineRule& rule) {
  static const std::map<std::string, std::string> labels = {
      {"licence.materials_notice", "一次性告知需要补正的全部材料"},
      {"licence.decision", "作出行政许可决定"},
      {"licence.certificate", "颁发、送达行政许可证件"},
      {"penalty.decision", "作出行政处罚决定"},
      {"penalty.hearing_request", "当事人提出听证要求"},
      {"penalty.hearing_notice", "通知当事人举行听证的时间、地点"},
      {"penalty.service", "送达行政处罚决定书"},
      {"penalty.fine_payment", "缴纳罚款"},
      {"penalty.preservation", "对先行登记保存的证据作出处理决定"},
      {"compulsion.seizure", "查封、扣押期限届满（逾期应当解除）"},
      {"publicity.decision", "公示行政执法决定"},
      {"publicity.other_decision", "公示其他行政执法决定"},
      {"publicity.withdrawal", "撤下已公示的决定并公开说明理由"},
      {"publicity.annual_report", "公布上年度行政执法数据年度报告"},
      {"review.major_decision", "出具法制审核意见"},
  };
  auto it = labels.find(rule.id);
  return it == labels.end() ? rule.description : it->second;
}

std::string deadline_source_zh(const DeadlineRule& rule) {
  static const std::map<std::string, std::string> sources = {
      {"ALL art. 32", "《行政许可法》第三十二条"},      {"ALL art. 42", "《行政许可法》第四十二条"},
      {"ALL art. 44", "《行政许可法》第四十四条"},      {"APL art. 60", "《行政处罚法》第六十条"},
      {"APL arts. 64, 85", "《行政处罚法》第六十四条、第八十五条"},
      {"APL arts. 61, 85", "《行政处罚法》第六十一条、第八十五条"},
      {"APL art. 67", "《行政处罚法》第六十七条"},      {"APL art. 48", "《行政处罚法》第四十八条"},
      {"local practice (configurable)", "本机关法制审核规定"},
      {"APL arts. 56, 85", "《行政处罚法》第五十六条、第八十五条"},
      {"行政强制法 art. 25", "《行政强制法》第二十五条"},
  };
  auto it = sources.find(rule.source);
  return it == sources.end() ? rule.source : it->second;
}

}  // namespace zhifa::law
