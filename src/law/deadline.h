#pragma once
// The deadline engine: statutory time limits as rules, and running deadlines as values.
//
// A rule counts `period` working days (ALL art. 82, APL art. 85) or calendar days after its
// trigger date (the trigger day itself is not counted), or, for kBefore rules, gives the latest
// date by which something must happen before the trigger (APL art. 64: hearing notice 7 working
// days before the hearing — counted conservatively: the whole period must lie strictly before
// the trigger day).
//
// A running Deadline is a pure value: the events (start, suspensions, extension, completion)
// are recorded, and report() computes everything from them and a Calendar. It serialises to a
// JSON string so services can store it.
//
// Suspension (ALL art. 45: hearings, testing, expert review are not counted): suspend(from)
// and resume(to) exclude the days from..to inclusive — a one-day hearing is suspend(d),
// resume(d). While suspended the due date is unknown and the days left are frozen.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "law/calendar.h"
#include "platform/core/result.h"

namespace zhifa::law {

enum class PeriodUnit { kWorkingDays, kCalendarDays };
enum class PeriodDirection { kAfter, kBefore };

struct DeadlineRule {
  std::string id;           // e.g. "licence.decision"
  std::string trigger;      // the event that starts it, e.g. "application accepted (受理)"
  std::string description;  // what must happen by the due date
  int period = 0;
  PeriodUnit unit = PeriodUnit::kWorkingDays;
  PeriodDirection direction = PeriodDirection::kAfter;
  std::string source;                 // e.g. "ALL art. 42"
  int extension_days = 0;             // working days one approved extension adds (0: none)
  std::string extension_source;       // e.g. "ALL art. 42"
  // Calendar-day periods whose last day is a rest day end on the next working day (the general
  // rule for periods, e.g. Civil Procedure Law art. 85, Administrative Litigation Law art. 83).
  bool roll_to_working_day = false;
  // A period the party has, not a duty of the agency (APL art. 64: the hearing request within 5
  // working days of the notice): it ends on its last day or when the party waives it (recorded);
  // another step of the case beginning does not end it, and nobody is late when it passes.
  bool party_period = false;
};

// The DOMAIN.md table of national rules (plus the local-practice legal review period).
const std::vector<DeadlineRule>& default_deadline_rules();
// The rule's description and legal source as shown to people in the Chinese UI
// (e.g. "作出行政许可决定", "《行政许可法》第四十二条"); the English fields stay for logs and the API.
std::string deadline_label_zh(const DeadlineRule& rule);
std::string deadline_source_zh(const DeadlineRule& rule);
// The default rule with this id, or not_found.
Result<DeadlineRule> find_deadline_rule(std::string_view id);

struct Suspension {
  Date from;
  std::optional<Date> to;  // inclusive; nullopt while still suspended
  std::string reason;      // e.g. "hearing (听证)"
};

struct Extension {
  Date on;
  std::string approval;  // who approved, e.g. "head of agency approval 2025-10-20"
  int days = 0;
};

enum class DeadlineState { kNotStarted, kRunning, kSuspended, kCompleted };
std::string_view deadline_state_name(DeadlineState s);  // "not_started", "running", …

// A day the calendar notices name inside the counted span.
struct CountedDay {
  Date date;
  std::string name;
  bool off = true;  // holiday (not counted) or make-up working day (counted)
};

struct DeadlineReport {
  DeadlineState state = DeadlineState::kNotStarted;
  std::optional<Date> due;             // unknown while suspended or not started
  std::optional<std::int64_t> days_left;  // in the rule's unit, as of the report date; negative when overdue
  bool overdue = false;                // past due and not completed, or completed after due
  bool provisional = false;            // the computation used days without a published notice
  std::int64_t period = 0;             // total days: rule period + extensions
  // The explanation: what the count went through.
  std::vector<CountedDay> holidays;      // notice holidays in the counted span
  std::vector<CountedDay> makeup_days;   // make-up working days (调休) in the counted span
  std::vector<Suspension> suspensions;
  std::vector<Extension> extensions;
  std::optional<Date> rolled_from;       // the raw end date when it was moved to a working day
  std::vector<std::string> explanation;  // the same, as sentences for people
};

class Deadline {
 public:
  explicit Deadline(DeadlineRule rule) : rule_(std::move(rule)) {}

  // The trigger event happened on `date` (for kBefore rules: the date of the event itself).
  Status start(Date date);
  // Stops counting from `from` (inclusive); only kAfter rules; not twice at once.
  Status suspend(Date from, std::string reason);
  // The last day not counted; counting resumes the day after.
  Status resume(Date to);
  // Adds the rule's extension_days once (ALL art. 42: +10 working days with the head's approval).
  Status extend(Date on, std::string approval);
  Status complete(Date date);

  // Everything about the deadline as of `as_of`, on `calendar`.
  Result<DeadlineReport> report(const Calendar& calendar, Date as_of) const;

  const DeadlineRule& rule() const { return rule_; }
  DeadlineState state() const;
  const std::optional<Date>& started() const { return start_; }
  const std::optional<Date>& completed() const { return completed_; }
  const std::vector<Suspension>& suspensions() const { return suspensions_; }
  const std::vector<Extension>& extensions() const { return extensions_; }

  std::string to_json() const;
  static Result<Deadline> from_json(std::string_view json);

 private:
  DeadlineRule rule_;
  std::optional<Date> start_;
  std::vector<Suspension> suspensions_;
  std::vector<Extension> extensions_;
  std::optional<Date> completed_;
};

// Late-payment surcharge on a fine (APL art. 72): 3 % of the fine per day late, never more
// than the fine itself. Amounts in fen.
std::int64_t late_payment_surcharge(std::int64_t fine_fen, std::int64_t days_late);

}  // namespace zhifa::law
