#pragma once
// A case's running deadlines (law/deadline.h), one row per rule in rec_deadlines: started,
// completed, suspended and resumed as the case moves between steps (the procedure's clocks),
// and read as views with the days left.
#include <cstdint>
#include <string>
#include <vector>

#include "law/calendar.h"
#include "law/procedure.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording {

// Starts/completes/suspends/resumes the case's clocks on moving from step `from` to `to` on
// the Beijing date `date`.
Status move_clocks(store::Tx& tx, const law::Procedure& proc, std::int64_t case_id, const std::string& from, const std::string& to,
                   const std::string& date);

// The party waives a period it has (law::DeadlineRule::party_period; APL art. 64: the hearing
// request): recorded as ended on `date` with state "waived". Refused when the period is not
// running (not started, already ended or waived).
Status waive_party_period(store::Tx& tx, std::int64_t case_id, const std::string& rule_id, const std::string& date);

// A decision is not made while a period of the party still runs (APL arts. 62, 64: a party told
// of its right to a hearing has 5 working days to ask for one): conflict on field
// guard.hearing_period naming the last day, unless `waiving` (the act records the waiver).
Status check_party_periods(store::Tx& tx, std::int64_t case_id, const std::string& date, bool waiving);

// The guard "period_passed" (law/procedure.h): the act is refused (conflict, field
// guard.period_passed) when the deadline the case's current step runs under (Step::deadline) has
// passed on `date`, the day of the act. 行政强制法 arts. 25, 27, 28: a seizure is decided within
// its 30 (+30) days — counted by the deadline engine on the official calendar (calendar days for
// this rule, law/deadline.cc) — and when the term has passed the measure can only be released.
Status check_term_not_passed(store::Tx& tx, const law::Step& step, std::int64_t case_id, const std::string& act_label,
                             const std::string& date);

Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today);
// The same on a calendar loaded once (lists: one law::load_calendar for every case shown).
Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today, const law::Calendar& cal);

}  // namespace zhifa::recording
