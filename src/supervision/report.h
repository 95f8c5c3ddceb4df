#pragma once
// 行政执法数据年度报告 (issue 20; 国办发〔2018〕118号: by 31 January every agency publishes the
// previous year's enforcement data). Generated for one agency and one ended year from the
// statistics (its own records, not the agencies below), with three narrative sections the
// agency writes; reviewed by the agency head, then published on the portal at
// /agencies/{code}/reports/{year} with .pdf and .xlsx. Regenerating is possible until review.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {

struct Narrative {
  std::string overview, problems, plans;
};

// The workspace page: the report (or the generate form) and, for each supervised agency, the
// state of its report for `year` (the superior sees who has published).
Result<nlohmann::json> report_workspace(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const std::string& today);
// Generates (or regenerates, while a draft) the figures. Refused: a year not yet ended, an
// agency outside the jurisdiction (not_found), a report already reviewed or published.
Result<std::int64_t> generate_report(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const std::string& today);
Status save_narrative(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const Narrative& n);
// The head reviews (draft → reviewed), then publishes (reviewed → published; ledger event
// supervision.report.published with the year, the figures' SHA-256 and whether it was on time).
Status review_report(store::Tx& tx, const org::Principal& p, const std::string& code, int year);
Status publish_report(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const std::string& today);

// The published report (public): the page context, the PDF, the workbook. not_found otherwise.
Result<nlohmann::json> public_report(store::Tx& tx, const std::string& code, int year);
Result<std::string> report_pdf(store::Tx& tx, const std::string& code, int year);
Result<std::string> report_xlsx(store::Tx& tx, const std::string& code, int year);

// The year asked for in a path or form ("2025"); invalid otherwise.
Result<int> parse_year(const std::string& text);

// Reminders: from 1 January a yellow reminder, after 31 January a red warning, for each agency
// of `p`'s supervision that has not published last year's report.
Status report_tasks(store::Tx& tx, const org::Principal& p, const std::string& today, nlohmann::json& tasks);

}  // namespace zhifa::supervision
