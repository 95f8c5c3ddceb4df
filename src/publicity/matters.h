#pragma once
// The 行政执法事项清单 as other pillars see it: a case is opened from a published matter.
// Implemented over the publicity tables (matters.cc): a matter keeps its id across list versions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::publicity {

struct Matter {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string code;          // stable code, e.g. "JNWQB-XK-001"
  std::string category;      // 行政许可 | 行政处罚 | 行政强制 | 行政征收 | 行政检查 | 行政确认 | 行政给付 | 行政裁决 | 其他
  std::string name;          // e.g. 华侨回国定居审批
  std::string legal_basis;   // law + article
  std::string handling_unit; // 承办机构
  std::string time_limit;    // statutory time limit, as published
  std::string procedure;     // the procedure definition id (data/procedures/<id>.json)
  // The discretion benchmark (裁量基准) as published: a JSON array of bands
  // [{"facts": "…", "penalty": "…", "fine_min_yuan": 200, "fine_max_yuan": 1000}] (fines optional).
  std::string discretion_json = "[]";
};

// The currently published matters of an agency (empty before anything is published).
Result<std::vector<Matter>> published_matters(store::Tx& tx, std::int64_t agency_id);
// One published matter, or nullopt. The id is stable across versions of the list (one id per
// agency + code); a matter dropped from the current version is no longer found.
Result<std::optional<Matter>> find_published_matter(store::Tx& tx, std::int64_t matter_id);

}  // namespace zhifa::publicity
