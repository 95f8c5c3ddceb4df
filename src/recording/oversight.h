#pragma once
// Reads of recording for supervision (执法监督, issue 20): the cases of a set of agencies,
// filtered, sorted and paged, for the supervisor's workspace. No permission check here: the
// caller (supervision/scope.h) passes only agencies inside the supervisor's jurisdiction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

struct CaseQuery {
  std::vector<std::int64_t> agency_ids;      // never empty (an empty set finds nothing)
  std::string category, matter_code, state;  // state: "" | open | closed
  std::optional<std::int64_t> officer_id;    // lead or co-officer
  std::string from, to;                      // opened_on, inclusive; "" unbounded
  bool overdue_only = false;                 // a running deadline past its due date
  std::string sort = "opened_on";            // opened_on | case_no | agency | category | due | fine
  bool desc = true;
  int offset = 0, limit = 50;                // limit ≤ 0: every row (exports), at most 100 000
  std::string today;                         // Beijing date
};

struct CaseRow {
  std::int64_t id = 0, agency_id = 0, fine_fen = 0;
  std::string agency_name, case_no, title, category, matter_code, matter_name, procedure_id, step, status, lead_officer_name,
      opened_on, next_due;  // next_due: the earliest running deadline ("" none)
  bool overdue = false;
};

struct CasePage {
  std::int64_t total = 0;
  std::vector<CaseRow> rows;
};

Result<CasePage> search_cases(store::Tx& tx, const CaseQuery& q);

// The officers (id, name) who lead or accompany cases of these agencies, for the filter.
Result<std::vector<std::pair<std::int64_t, std::string>>> case_officers(store::Tx& tx, const std::vector<std::int64_t>& agency_ids);

// The agency a case belongs to (nullopt: no such case), for supervision's jurisdiction check.
Result<std::optional<std::int64_t>> case_agency(store::Tx& tx, std::int64_t case_id);

}  // namespace zhifa::recording
