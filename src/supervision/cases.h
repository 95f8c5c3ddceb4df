#pragma once
// The supervisor's case list (issue 20): every case of the supervised agencies, filtered,
// sorted, paged, exported to XLSX, and one case read-only.
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {

// The filter as the query string gives it: agency, category, matter, state (open|closed),
// officer (id), from, to (opened, 年-月-日), overdue (1), sort, dir (asc|desc), page (1…).
using Filter = std::map<std::string, std::string>;

// The page's context: {filter, agencies, categories, officers, rows, total, page, pages, …}.
// A bad date range → invalid naming the field; an agency outside the jurisdiction → not_found.
Result<nlohmann::json> case_list(store::Tx& tx, const org::Principal& p, const Filter& f, const std::string& today);
// The same rows (all pages) as an XLSX workbook.
Result<std::string> case_export(store::Tx& tx, const org::Principal& p, const Filter& f, const std::string& today);
// One case as recording shows it, with every action removed (supervision only reads).
Result<nlohmann::json> case_view(store::Tx& tx, const org::Principal& p, std::int64_t case_id);

}  // namespace zhifa::supervision
