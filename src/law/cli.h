#pragma once
// `zhifa law …` and the /api/v1/law/… handlers: thin shells over the pure rules.
//
// CLI (args are what follows "law"; exit 0 ok, 1 bad value or "invalid" verdict, 2 usage):
//   workday add DATE N             prints the date N working days after DATE (N 0…3650)
//   workday between DATE DATE      prints the number of working days in (DATE, DATE]
//   workday is DATE                prints "workday" or "restday"
//   calendar FROM TO               one line per date: "2025-09-28 workday" / "2025-10-01 restday"
//                                  (at most 3660 days)
//   calendar import FILE           loads a holiday-cn notice into the database (needs db)
//   check id|uscc|mobile|bank_card VALUE   prints "valid" or "invalid: REASON"
//   mask [--spans] [--name NAME]…  masks stdin to stdout; --spans prints
//                                  {"text": …, "spans": [{kind,start,end,original,replacement}]}
// Results that used days without a published notice print a "provisional: …" line on err.
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "law/calendar.h"

namespace zhifa::store { class Database; }

namespace zhifa::law {

// Without a database: the official calendar; `calendar import` fails with a message.
int run_law_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
// With a database: the calendar includes imported notices, and `calendar import` stores there.
int run_law_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
                store::Database* db);

// Reads a holiday-cn file's text, checks it and stores it (one write transaction). Returns the
// notice stored.
Result<Notice> import_calendar_notice(store::Database& db, std::string_view holiday_cn_json);

// ---- HTTP API handlers: pure, JSON in and out. Errors are {"error": message, "field": f}
// with status 400 (http_status of the error kind). Mount them at:
//   GET  /api/v1/law/workday/add?date=2025-09-26&n=7      -> {"date":"2025-10-13","provisional":false}
//   GET  /api/v1/law/workday/between?from=…&to=…          -> {"days":7,"provisional":false}
//   GET  /api/v1/law/calendar?from=…&to=…                 -> {"days":[{"date","working","provisional","name"}]}
//   GET  /api/v1/law/check?kind=id|uscc|mobile|bank_card&value=… -> {"valid":false,"reason":"…"}
//   POST /api/v1/law/mask        {"text":…, "names":[…]}  -> {"text":…, "spans":[…]}
//   POST /api/v1/law/mask/apply  {"text":…, "spans":[…]}  -> {"text":…}
struct LawApiReply {
  int status = 200;
  std::string body;  // JSON
};
using LawQuery = std::map<std::string, std::string>;

LawApiReply law_api_workday_add(const LawQuery& q, const Calendar& cal = Calendar::official());
LawApiReply law_api_workday_between(const LawQuery& q, const Calendar& cal = Calendar::official());
LawApiReply law_api_calendar(const LawQuery& q, const Calendar& cal = Calendar::official());
LawApiReply law_api_check(const LawQuery& q);
LawApiReply law_api_mask(std::string_view body);
LawApiReply law_api_mask_apply(std::string_view body);

}  // namespace zhifa::law
