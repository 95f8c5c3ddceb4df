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

Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today);
// The same on a calendar loaded once (lists: one law::load_calendar for every case shown).
Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today, const law::Calendar& cal);

}  // namespace zhifa::recording
