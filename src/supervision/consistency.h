#pragma once
// 同案同罚 (issue 21): for the supervisor only — never published, never a judgement on a case.
//
// Comparable decisions: fines (> 0) of penalty decisions (impose / decide) of the agencies in
// scope, decided in the 24 months up to today, with the same matter (事项编码) and the same
// discretion band applied (裁量基准: facts and range as recorded on the case; no band is a group
// of its own). For each decision the others of its group are its comparables; with at least 5,
// the decision is flagged when its amount lies outside Tukey's fences of the comparables:
// below Q1 − 1.5 × IQR or above Q3 + 1.5 × IQR (quartiles by linear interpolation, IQR = Q3 − Q1).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {

inline constexpr int kMinComparables = 5;
inline constexpr int kComparableMonths = 24;

// The quartile q (0…1) of sorted values, linear interpolation between closest ranks.
double quantile(const std::vector<double>& sorted, double q);

// The page: each group with its statistic and every decision, flagged or not.
Result<nlohmann::json> consistency(store::Tx& tx, const org::Principal& p, const std::string& agency, const std::string& today);

}  // namespace zhifa::supervision
