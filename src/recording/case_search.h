#pragma once
// The case list as a paged, filtered, sorted query (issue 16): what /workspace/cases, its XLSX
// export and GET /api/v1/cases show. Always within the principal's agency.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording {

struct CaseQuery {
  bool mine = true;             // the principal leads or goes along; else the whole agency
  std::string status = "open";  // open | closed | all
  std::string category;         // 行政许可, 行政处罚, … (law/categories.h); empty: any
  std::string from, to;         // opened between (Beijing dates, inclusive); empty: open-ended
  std::optional<std::int64_t> officer_id;  // lead or co-officer
  std::string q;                // in the case number, the title or the party's name
  std::string sort = "opened_on";  // opened_on | case_no | title | party | step | updated
  bool desc = true;
  int page = 1;
  int per_page = 20;
};

// Counting stops here: past it the total reads "1000+" (counting more would be slow).
inline constexpr std::int64_t kCaseCountCap = 1000;
inline constexpr int kCaseExportMax = 5000;

struct CasePage {
  std::vector<Case> items;
  std::int64_t total = 0;
  bool capped = false;  // total is at least kCaseCountCap + 1
  int page = 1;
  int per_page = 20;
};

// Checks the query (dates, state, sort: a refusal names the field) and runs it.
Result<CasePage> search_cases(store::Tx& tx, const org::Principal& p, const CaseQuery& q);

// The page as JSON: {"items": [case_json + the nearest running deadline (due, overdue, warn)],
// "cases": the same (the list's older name), "page", "per_page", "total", "total_capped",
// "officers": [{id, name}] of the agency (the officer filter's options)}.
Result<nlohmann::json> case_search_json(store::Tx& tx, const org::Principal& p, const CaseQuery& q);

}  // namespace zhifa::recording
