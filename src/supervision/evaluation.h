#pragma once
// 案卷评查 (issue 21): case-file evaluation by the supervising agency.
//
// An evaluation standard (评查标准) is data per agency: items with points summing to 100, the
// rule each cites, the automatic checks it hosts (what the records decide: documents present and
// signed, deadlines met, two certified officers, legal review before a major decision,
// publication on time, the discretion band respected) and whether the evaluator scores it.
// An item's score: its points less the automatic deductions; an item the evaluator scores takes
// a score between 0 and that. Grades: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 < 60. An annual or
// special 评查 draws the files with RFC 3797 (inspection/rfc3797.h) from the decided cases of
// the year of each agency in scope, and records the key; the result goes back to the agency for
// 整改 with a due date. Scope as in docs/SUPERVISION.md: own agency and those below, else 404.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "supervision/scope.h"

namespace zhifa::supervision {

struct EvalItem {
  std::string code, name, rule;
  int points = 0;
  std::vector<std::string> checks;  // automatic checks: officers, deadlines, review, publication, band, signed, documents
  bool manual = false;              // the evaluator scores it (within points − automatic deductions)
};
std::vector<EvalItem> default_standard();
// Refused (invalid, naming the field): no items, an item without name or rule, points not a
// whole number from 1 to 100, an unknown check, two items with one code, a sum other than 100.
Status check_standard(const std::vector<EvalItem>& items);
nlohmann::json standard_to_json(const std::vector<EvalItem>& items);
Result<std::vector<EvalItem>> standard_from_json(const nlohmann::json& j);
// The agency's standard (its own row, else the default).
Result<std::vector<EvalItem>> load_standard(store::Tx& tx, std::int64_t agency_id);
// The standard page of the principal's agency, and saving it (supervision.evaluate).
Result<nlohmann::json> standard_page(store::Tx& tx, const org::Principal& p);
Status save_standard(store::Tx& tx, const org::Principal& p, const std::vector<EvalItem>& items);

// One automatic deduction: which check, how many points, why (Chinese, names the document,
// deadline or officer and cites the rule).
struct Deduction {
  std::string check;
  int points = 0;
  std::string reason;
};
// The automatic checks of one case as of `today`, by check code; `p` reads the case through
// viewer(p, s) (read-only), `s` the principal's scope.
Result<std::map<std::string, std::vector<Deduction>>> automatic_checks(store::Tx& tx, const org::Principal& p, const Scope& s, std::int64_t case_id,
                                                                       const std::string& today);
std::string grade_of(int score);
// The items of a file: each standard item with its automatic deductions (capped by its points),
// "cap" (points − deductions) and "score" (= cap; null for an item the evaluator scores).
nlohmann::json file_items(const std::vector<EvalItem>& standard, const std::map<std::string, std::vector<Deduction>>& checks);

struct NewEvaluation {
  std::string agency;   // scope code ("" = own agency)
  std::string year;     // the files' decision year
  std::string kind;     // annual | special
  std::string title;
  std::string sources;  // RFC 3797 randomness sources, one per line (e.g. lottery numbers)
  std::string per_agency;  // files drawn per agency
};
Result<std::int64_t> create_evaluation(store::Tx& tx, const org::Principal& p, const NewEvaluation& in, const std::string& today);

// The evaluations page: every evaluation the principal's scope holds, with its files.
Result<nlohmann::json> evaluations_page(store::Tx& tx, const org::Principal& p, const std::string& agency);
// GET /api/v1/supervision/evaluations?agency=CODE: each evaluated file of that agency and below.
Result<nlohmann::json> evaluations_api(store::Tx& tx, const org::Principal& p, const std::string& agency);
// One file with its items and automatic deductions (the grading form).
Result<nlohmann::json> eval_file_page(store::Tx& tx, const org::Principal& p, std::int64_t file_id, const std::string& today);

struct GradeInput {
  std::map<std::string, std::string> scores, notes;  // by item code, as typed
  std::string rectify_note, rectify_due_on;
};
Status grade_file(store::Tx& tx, const org::Principal& p, std::int64_t file_id, const GradeInput& in, const std::string& today);

// 整改: the requests made of the principal's own agency, and the agency's reply.
Result<nlohmann::json> rectifications_page(store::Tx& tx, const org::Principal& p);
Status reply_rectification(store::Tx& tx, const org::Principal& p, std::int64_t file_id, const std::string& reply, const std::string& today);

}  // namespace zhifa::supervision
