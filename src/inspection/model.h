#pragma once
// 双随机、一公开 (issue 18): the types of the inspection pillar and its pure rules — no I/O.
//   directory: inspectable objects (检查对象名录库) and declared conflicts (回避);
//   plan (抽查计划): made from a published row of the 随机抽查事项清单, numbered
//     济外侨抽查〔2026〕1号, published when made; then frozen (candidate lists + their SHA-256 +
//     the named randomness source, a ledger event), then drawn when a second person enters the
//     randomness (RFC 3797, inspection/rfc3797.h; public record inspection/draw_record.h);
//   inspection: one per drawn object, ≥ 2 inspectors, a result, its publication (抽查结果公告).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"

namespace zhifa::inspection {

using nlohmann::json;

inline constexpr int kInspectorsPerObject = 2;
// What a record of another agency answers, exactly as a missing agency does (404).
inline constexpr const char* kNoAgency = "执法主体不存在";
inline constexpr int kResultPublishWorkingDays = 20;  // default time limit for the 抽查结果公告

struct ObjectInput {
  std::string code, name, object_type, region, risk_grade, tags;
};
struct Object {
  std::int64_t id = 0, agency_id = 0;
  std::string code, name, object_type, region, risk_grade, tags;
};
// Field errors of one object: USCC (GB 32100) checked, name and type required, risk grade known.
std::vector<std::pair<std::string, std::string>> validate_object(const ObjectInput& o);
// The directory's CSV/XLSX columns (Chinese header names, in order).
const std::vector<std::pair<std::string, std::string>>& object_columns();  // {key, 中文}

// Conflict kinds (回避): kinship, a recent inspection of the same object, a declared interest.
const std::vector<std::string>& conflict_kinds();
std::string conflict_label(std::string_view kind);

// How many to draw, from the list row's 抽查比例: "5%" / "5" (percent, 1–100) or "10家" / "10户"
// / "10个" (a count). Refused: over 100 %, zero, anything else.
struct Proportion {
  int percent = 0;          // 0 when a count
  std::int64_t count = 0;   // 0 when a percent
};
Result<Proportion> parse_proportion(std::string_view text);
// The number of objects to draw from a pool of n: ceil(n × percent / 100) (at least 1 when
// n > 0), or min(count, n).
std::int64_t objects_to_draw(const Proportion& p, std::int64_t n);

// Risk-grade pools (issue 18: risk grades weight the draw only by the documented method): the
// list row's 分级抽查比例 (field risk_proportions), e.g. "高 20%；中 10%；低 3%" — each grade (高 / 中 /
// 低) at most once, each with a proportion as above. Objects of a grade not named (or without a
// grade) form the pool 未分级, drawn at the row's 抽查比例. Empty text: no pools (one draw).
struct GradePool {
  std::string grade;  // 高 / 中 / 低 / 未分级
  std::string proportion;  // as the row states it
  Proportion parsed;
};
Result<std::vector<GradePool>> parse_risk_proportions(std::string_view text);
// The pools a plan draws, in draw order 高, 中, 低, 未分级 (the last always, with the row's
// 抽查比例; a pool with no object is left out when the lists are frozen).
Result<std::vector<GradePool>> grade_pools(std::string_view risk_proportions, std::string_view proportion);
// The pool's code in derived keys: 高 H, 中 M, 低 L, 未分级 N (draw_record.h).
std::string grade_code(std::string_view grade);

struct PlanInput {
  std::string matter_code;       // the published row's code
  std::string object_type;       // the directory's objects of this type are the candidates
  std::string period_from, period_to, inspection_date;
};
struct Plan {
  std::int64_t id = 0, agency_id = 0, list_version = 0, proportion_pct = 0, fixed_count = 0, select_count = 0;
  std::string agency_code, agency_name, number, matter_code, matter_name, object_type, period_from, period_to,
      inspection_date, status, published_on, source, objects_sha256, inspectors_sha256, draw_key, drawn_on;
  std::optional<std::int64_t> created_by, frozen_by, randomness_by, published_event, frozen_event, drawn_event;
  json row = json::object();
};
std::string plan_status_label(std::string_view status);

// Whether a certificate's scope (执法范围, e.g. "外事侨务行政许可、行政检查") lets its holder inspect
// for a plan of this matter: the scope names inspection (检查 / 抽查) or the matter itself
// (issue 18: inspectors "from people with a valid certificate whose scope covers the matter").
bool scope_covers(std::string_view scope, std::string_view matter_name);

// Results (检查结果).
const std::vector<std::string>& result_codes();
std::string result_label(std::string_view code);

struct ResultInput {
  std::string result, findings, inspected_on;
};
struct Inspection {
  std::int64_t id = 0, plan_id = 0, agency_id = 0, object_id = 0, draw_order = 0, position = 0;
  std::string object_code, object_name, plan_number, matter_name, result, findings, inspected_on, due_on, published_on;
  std::vector<std::int64_t> inspector_ids;
  std::vector<std::string> inspector_names;
  std::optional<std::int64_t> case_id, penalty_case_id;  // the 行政检查 case; a penalty case it led to
};

}  // namespace zhifa::inspection
