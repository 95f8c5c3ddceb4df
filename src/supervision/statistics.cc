#include "supervision/statistics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "complaints/service.h"
#include "law/calendar.h"
#include "law/deadline.h"
#include "law/money.h"
#include "law/procedure.h"
#include "platform/core/clock.h"
#include "recording/av/coverage.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

std::string in_list(const Scope& s, store::Params& params) {
  std::string out;
  for (auto& a : s.agencies) {
    out += out.empty() ? "?" : ",?";
    params.emplace_back(a.id);
  }
  return "(" + out + ")";
}

// The transitions that are a decision (the procedures' "decision": true transitions).
bool is_decision(const std::string& t) {
  return t == "impose" || t == "decide" || t == "no_penalty" || t == "grant" || t == "refuse" || t == "confirm";
}

struct CaseFig {
  std::int64_t agency_id = 0, fine = 0;
  std::string category, procedure, status, step, outcome = "open", decided_on, accepted_on;
  bool opened_in = false;  // opened in the period (else only decided in it)
};

json counts_array(const std::map<std::string, std::int64_t>& m, const char* key, const std::function<std::string(const std::string&)>& label) {
  json a = json::array();
  for (auto& [k, n] : m) a.push_back({{key, k}, {"label", label(k)}, {"count", n}});
  return a;
}

struct PerAgency {
  std::int64_t cases = 0, open = 0, overdue = 0, fines = 0, fine_fen = 0, pub_late = 0, deadlines_missed = 0;
};

}  // namespace

std::string outcome_label(const std::string& key, const std::string& procedure_id) {
  if (key == "impose" || key == "decide") return "给予行政处罚";
  if (key == "no_penalty") return "不予行政处罚";
  if (key == "grant") return "准予行政许可";
  if (key == "refuse") return procedure_id == "confirmation" ? "不予确认" : "不予行政许可";
  if (key == "confirm") return "予以确认";
  if (key == "open") return "在办";
  if (key.rfind("ended:", 0) == 0) {
    const law::Procedure* proc = law::find_procedure(procedure_id);
    const law::Step* st = proc ? proc->step(key.substr(6)) : nullptr;
    return st ? st->name : "已终结";
  }
  return key;
}

namespace {

struct Ctx {
  store::Tx& tx;
  const Scope& s;
  const Period& period;
  const std::string& today;
  const law::Calendar& cal;
  law::Date today_d;
  std::map<std::int64_t, PerAgency> per;
  std::string case_where;
  store::Params case_params;
  std::set<std::int64_t> decided_cases;
  std::vector<std::int64_t> case_ids;  // the cases of the period
  json out;
};

Status case_figures(Ctx& x) {
  auto& tx = x.tx;
  auto& s = x.s;
  auto& period = x.period;
  auto& per = x.per;
  auto& cal = x.cal;
  auto& out = x.out;
  // Cases opened in the period (案件数, by category; deadlines and A/V take the same cases) and
  // cases decided in the period (办理结果, fines, licences: counted by the decision's date).
  store::Params& params = x.case_params;
  std::string agencies = in_list(s, params);
  params.emplace_back(period.from);
  params.emplace_back(period.to);
  x.case_where = " WHERE c.agency_id IN " + agencies + " AND c.opened_on >= ? AND c.opened_on <= ?";
  store::Params qp = params;
  qp.emplace_back(period.from);
  qp.emplace_back(period.to);
  auto rows = tx.query(
      "SELECT c.id, c.agency_id, c.category, c.procedure_id, c.status, c.step, c.fine_fen, x.transition, x.on_date, c.opened_on FROM rec_cases c "
      "LEFT JOIN rec_acts x ON x.case_id = c.id AND x.transition IN ('impose','decide','no_penalty','grant','refuse','confirm','accept') "
      "WHERE c.agency_id IN " + agencies + " AND ((c.opened_on >= ? AND c.opened_on <= ?) OR EXISTS (SELECT 1 FROM rec_acts d WHERE d.case_id = c.id "
      "AND d.transition IN ('impose','decide','no_penalty','grant','refuse','confirm') AND d.on_date >= ? AND d.on_date <= ?)) ORDER BY c.id, x.id",
      qp);
  if (!rows) return rows.error();
  std::map<std::int64_t, CaseFig> cases;
  for (auto& r : *rows) {
    CaseFig& c = cases[r.integer(0)];
    c.agency_id = r.integer(1);
    c.category = r.text(2);
    c.procedure = r.text(3);
    c.status = r.text(4);
    c.step = r.text(5);
    c.fine = r.integer(6);
    c.opened_in = r.text(9) >= period.from && r.text(9) <= period.to;
    if (r.is_null(7)) continue;
    std::string t = r.text(7);
    if (t == "accept") c.accepted_on = r.text(8);
    else if (is_decision(t)) c.outcome = t, c.decided_on = r.text(8);
  }
  std::map<std::string, std::int64_t> by_category, by_outcome;
  std::map<std::string, std::string> outcome_proc;
  std::vector<std::int64_t> fines;
  std::int64_t granted = 0, refused = 0, decided = 0, licence_days = 0, licence_max = 0, licence_n = 0;
  std::int64_t opened = 0;
  for (auto& [id, c] : cases) {
    bool decided_in = !c.decided_on.empty() && c.decided_on >= period.from && c.decided_on <= period.to;
    PerAgency& pa = per[c.agency_id];
    if (c.opened_in) {
      ++opened;
      x.case_ids.push_back(id);
      ++by_category[c.category];
      ++pa.cases;
      if (c.status == "open") ++pa.open;
    }
    // 办理结果: a decision dated in the period; for a case of the period without one, how it ended
    // (closed without a decision) or 在办 (no decision by the period's end).
    if (!decided_in) {
      if (!c.opened_in) continue;
      c.outcome = c.status == "closed" && c.decided_on.empty() ? "ended:" + c.step : "open";
    }
    std::string okey = c.outcome.rfind("ended:", 0) == 0 ? c.procedure + "|" + c.outcome : c.outcome == "refuse" ? c.procedure + "|refuse" : c.outcome;
    ++by_outcome[okey];
    outcome_proc[okey] = c.procedure;
    if (!decided_in) continue;
    ++decided, x.decided_cases.insert(id);
    if ((c.outcome == "impose" || c.outcome == "decide") && c.fine > 0) {
      fines.push_back(c.fine);
      ++pa.fines;
      pa.fine_fen += c.fine;
    }
    if (c.procedure == "licence" && (c.outcome == "grant" || c.outcome == "refuse")) {
      (c.outcome == "grant" ? granted : refused)++;
      auto a = law::Date::parse(c.accepted_on.empty() ? "" : c.accepted_on, "accepted");
      auto d = law::Date::parse(c.decided_on, "decided");
      if (a && d) {
        auto n = cal.working_days_between(*a, *d);
        if (n) {
          licence_days += n->days;
          licence_max = std::max(licence_max, n->days);
          ++licence_n;
        }
      }
    }
  }
  std::sort(fines.begin(), fines.end());
  std::int64_t fine_sum = 0;
  for (auto f : fines) fine_sum += f;
  std::int64_t median = fines.empty() ? 0 : fines.size() % 2 ? fines[fines.size() / 2] : (fines[fines.size() / 2 - 1] + fines[fines.size() / 2]) / 2;

  out["agency"] = {{"code", s.agencies.front().code}, {"name", s.agencies.front().name}};
  out["agencies"] = static_cast<std::int64_t>(s.agencies.size());
  out["from"] = period.from;
  out["to"] = period.to;
  out["as_of"] = x.today;
  out["cases"] = {{"total", opened},
                  {"by_category", counts_array(by_category, "category", [](const std::string& k) { return k; })},
                  {"by_outcome", counts_array(by_outcome, "outcome", [&](const std::string& k) {
                     auto bar = k.find('|');
                     return outcome_label(bar == std::string::npos ? k : k.substr(bar + 1), outcome_proc[k]);
                   })}};
  out["fines"] = {{"count", static_cast<std::int64_t>(fines.size())}, {"sum_fen", fine_sum}, {"median_fen", median},
                  {"sum_yuan", law::format_yuan(fine_sum)}, {"median_yuan", law::format_yuan(median)}};
  out["licences"] = {{"granted", granted}, {"refused", refused}, {"decided_with_days", licence_n},
                     {"average_working_days", licence_n ? std::round(10.0 * static_cast<double>(licence_days) / static_cast<double>(licence_n)) / 10.0 : 0.0},
                     {"max_working_days", licence_max}};
  out["decided"] = decided;  // taken by review_figures (the major share's denominator)
  return {};
}

Status deadline_figures(Ctx& x) {
  auto& tx = x.tx;
  auto& per = x.per;
  auto& out = x.out;
  // Deadlines of those cases: met = completed on or before the engine's due date.
  auto dl = tx.query("SELECT d.rule_id, d.deadline, c.agency_id FROM rec_deadlines d JOIN rec_cases c ON c.id = d.case_id" + x.case_where +
                         " ORDER BY d.case_id, d.rule_id",
                     x.case_params);
  if (!dl) return dl.error();
  std::map<std::string, std::array<std::int64_t, 4>> by_rule;  // met, missed, running, overdue
  std::array<std::int64_t, 4> dtot{};
  for (auto& r : *dl) {
    auto d = law::Deadline::from_json(r.text(1));
    if (!d) continue;
    auto rep = d->report(x.cal, x.today_d);
    if (!rep || rep->state == law::DeadlineState::kNotStarted) continue;
    int k = rep->state == law::DeadlineState::kCompleted ? (rep->overdue ? 1 : 0) : (rep->overdue ? 3 : 2);
    ++by_rule[r.text(0)][k];
    ++dtot[k];
    if (k == 1 || k == 3) ++per[r.integer(2)].deadlines_missed;
    if (k == 3) ++per[r.integer(2)].overdue;
  }
  json rules = json::array();
  for (auto& [rule, n] : by_rule) {
    auto def = law::find_deadline_rule(rule);
    rules.push_back({{"rule", rule}, {"label", def ? law::deadline_label_zh(*def) : rule}, {"met", n[0]}, {"missed", n[1]},
                     {"running", n[2]}, {"overdue", n[3]}});
  }
  out["deadlines"] = {{"met", dtot[0]}, {"missed", dtot[1]}, {"running", dtot[2]}, {"overdue", dtot[3]}, {"by_rule", rules}};

  return {};
}

Status review_figures(Ctx& x) {
  auto& tx = x.tx;
  auto& s = x.s;
  auto& period = x.period;
  auto& out = x.out;
  std::int64_t decided = out["decided"].get<std::int64_t>();
  out.erase("decided");
  // Legal reviews submitted in the period (法制审核).
  store::Params rp;
  std::string ra = in_list(s, rp);
  // created_at is UTC; the period is of Beijing dates: [from 00:00, to + 1 day 00:00) Beijing time.
  rp.emplace_back(clock::beijing_day_start_utc(period.from));
  rp.emplace_back(clock::beijing_day_start_utc(law::Date::parse(period.to)->plus_days(1).str()));
  auto rv = tx.query(
      "SELECT s.state, (SELECT COUNT(*) FROM review_rounds r WHERE r.submission_id = s.id AND r.opinion = 'problems'), "
      "(SELECT COUNT(*) FROM review_escalations e WHERE e.submission_id = s.id), s.case_id FROM review_submissions s "
      "WHERE s.agency_id IN " + ra + " AND s.created_at >= ? AND s.created_at < ?",
      rp);
  if (!rv) return rv.error();
  std::int64_t submitted = 0, passed = 0, returned = 0, escalated = 0;
  std::set<std::int64_t> reviewed_decided;
  for (auto& r : *rv) {
    ++submitted;
    if (x.decided_cases.count(r.integer(3))) reviewed_decided.insert(r.integer(3));
    std::string st = r.text(0);
    if (st == "passed" || st == "decided") ++passed;
    if (r.integer(1) > 0) ++returned;
    if (r.integer(2) > 0) ++escalated;
  }
  out["reviews"] = {{"submitted", submitted}, {"decisions", decided}, {"passed", passed}, {"returned", returned}, {"escalated", escalated},
                    {"decisions_reviewed", static_cast<std::int64_t>(reviewed_decided.size())},
                    {"major_share_pct", decided ? std::round(1000.0 * static_cast<double>(reviewed_decided.size()) / static_cast<double>(decided)) / 10.0 : 0.0}};

  return {};
}

Status publication_figures(Ctx& x) {
  auto& tx = x.tx;
  auto& s = x.s;
  auto& period = x.period;
  auto& per = x.per;
  auto& today = x.today;
  auto& out = x.out;
  // Publications of decisions made in the period (事后公开, 7 working days; 118).
  store::Params pp;
  std::string pa_list = in_list(s, pp);
  pp.emplace_back(period.from);
  pp.emplace_back(period.to);
  auto pub = tx.query("SELECT agency_id, state, due_on, published_on FROM pub_decisions WHERE agency_id IN " + pa_list +
                          " AND decision_date >= ? AND decision_date <= ?",
                      pp);
  if (!pub) return pub.error();
  std::int64_t on_time = 0, late = 0, overdue = 0, pending = 0;
  for (auto& r : *pub) {
    std::string due = r.text(2), on = r.is_null(3) ? std::string() : r.text(3);
    if (!on.empty()) {
      if (on <= due) ++on_time;
      else ++late, ++per[r.integer(0)].pub_late;
    } else if (r.text(1) == "pending") {
      if (due < today) ++overdue, ++per[r.integer(0)].pub_late;
      else ++pending;
    }
  }
  out["publications"] = {{"on_time", on_time}, {"late", late}, {"overdue", overdue}, {"pending", pending}};

  return {};
}

Status inspection_figures(Ctx& x) {
  auto& tx = x.tx;
  auto& s = x.s;
  auto& period = x.period;
  auto& out = x.out;
  // 双随机 inspections of plans inspected in the period.
  store::Params ip;
  std::string ia = in_list(s, ip);
  ip.emplace_back(period.from);
  ip.emplace_back(period.to);
  auto insp = tx.query("SELECT i.result, i.published_on, i.due_on FROM insp_inspections i JOIN insp_plans p ON p.id = i.plan_id "
                       "WHERE i.agency_id IN " + ia + " AND p.inspection_date >= ? AND p.inspection_date <= ?",
                       ip);
  if (!insp) return insp.error();
  std::int64_t drawn = 0, done = 0, published = 0, published_late = 0;
  for (auto& r : *insp) {
    ++drawn;
    if (!r.text(0).empty()) ++done;
    if (!r.text(1).empty()) {
      ++published;
      if (!r.text(2).empty() && r.text(1) > r.text(2)) ++published_late;
    }
  }
  out["inspections"] = {{"drawn", drawn}, {"done", done}, {"published", published}, {"published_late", published_late}};

  return {};
}

// 音像记录覆盖率 of the cases of the period: recording::av's one definition.
Status av_figures(Ctx& x) {
  auto acts = recording::av::av_required_acts(x.tx, x.case_ids);
  if (!acts) return acts.error();
  auto c = recording::av::av_coverage(*acts);
  x.out["av"] = {{"required", c.required}, {"covered", c.covered}, {"coverage_pct", c.pct()}};
  return {};
}

}  // namespace

Result<json> statistics(store::Tx& tx, const Scope& s, const Period& period, const std::string& today) {
  if (s.agencies.empty()) return Error::not_found("没有这个执法主体");
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto today_d = law::Date::parse(today, "today");
  if (!today_d) return today_d.error();

  Ctx x{tx, s, period, today, *cal, *today_d, {}, {}, {}, {}, {}, json::object()};
  for (auto* part : {&case_figures, &deadline_figures, &review_figures, &publication_figures, &inspection_figures, &av_figures})
    if (auto st = part(x); !st) return st.error();
  auto& out = x.out;
  auto& per = x.per;
  // Complaints received in the period, counted by the complaints pillar.
  auto cs = complaints::statistics(tx, period.from, period.to, today, s.ids);
  if (!cs) return cs.error();
  const json& tl = (*cs)["timeliness"];
  out["complaints"] = {{"received", (*cs)["total"]}, {"answered_on_time", tl["closed_on_time"]}, {"answered_late", tl["closed_late"]},
                       {"open_overdue", tl["open_overdue"]}};

  json by_agency = json::array();
  for (auto& a : s.agencies) {
    const PerAgency& pa = per[a.id];
    by_agency.push_back({{"code", a.code}, {"name", a.name}, {"cases", pa.cases}, {"open", pa.open}, {"overdue", pa.overdue}, {"has_overdue", pa.overdue > 0},
                         {"deadlines_missed", pa.deadlines_missed}, {"fines", pa.fines}, {"fine_fen", pa.fine_fen},
                         {"fine_yuan", law::format_yuan(pa.fine_fen)}, {"publications_late", pa.pub_late}});
  }
  out["by_agency"] = by_agency;
  return out;
}

}  // namespace zhifa::supervision
