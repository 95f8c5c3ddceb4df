#pragma once
// The public record of a draw (GET /inspections/draws/{id}.json) and its re-run: everything a
// citizen needs to repeat the draw with RFC 3797 and nothing private. Pure: no I/O.
//
//   {"id", "agency", "plan": {"id","number","matter_code","matter"}, "date",
//    "randomness": {"source": "…", "values": ["9319", "2 5 12 8 10"]},
//    "key": "9319./2.5.8.10.12./",                 canonical key of randomness.values
//    "objects": {"candidates": [{"code","name"}], "sha256": "…"},   name masked
//    "select": 5, "selected_positions": [17, 7, …],                  1-based, draw order
//    "inspectors": {"candidates": [{"certificate"}], "sha256": "…"},
//    "inspections": [{"object_position": 17, "key": KEY + "17./", "need": 2,
//                     "selected_positions": [3, 1, 4], "skipped": [{"position": 3, "kind": "回避"}],
//                     "assigned": [1, 4]}]}
//
// A draw of more than 65,536 objects (RFC 3797's 16-bit index) is split into sub-draws
// (rfc3797.h): the record then also holds
//    "sub_draws": [{"number": 1, "key": KEY + "/1", "select": 65536}, {"number": 2, "key": KEY + "/2", …}],
//    "sub_draw_rule": kSubDrawRule
// and "selected_positions" is all the sub-draws' picks in draw order; sub-draw n picks among the
// candidates still in the pool after sub-draws 1 … n-1, its index restarting at 0.
//
// Risk-grade pools (model.h grade_pools; only when the plan's list row states 分级抽查比例): each
// object candidate then also carries "risk_grade", and the record holds
//    "proportion": "5%", "risk_proportions": "高 20%；中 10%；低 3%", "pool_rule": kPoolRule,
//    "pools": [{"grade": "高", "proportion": "20%", "key": KEY + "/H", "size": 40, "select": 8,
//               "selected_positions": [3, 17, …], "sub_draws": […]}, …]
// in the order 高 (H), 中 (M), 低 (L), 未分级 (N; a grade not named, or none), a pool without
// candidates left out. Pool g is its own RFC 3797 draw with the derived key KEY + "/" + code
// (sub-draws, when over 65,536: KEY + "/" + code + "/" + n) among its candidates in their order
// in the list; "select" = the pool's proportion of its size (model.h objects_to_draw);
// "selected_positions" are 1-based within the pool. The top-level "selected_positions" are the
// pools' picks, as positions in the whole list, pool after pool.
//
// A list's SHA-256 is of its "candidates" array serialised compactly (keys sorted, UTF-8 as
// is) — the same bytes JSON.stringify gives for these objects. Inspectors for the object drawn
// at position P are drawn with the key KEY + "P./" (one more source: the position), picking
// until `need` are assigned; a pick that is skipped (回避 or 无有效证件) says so, never why.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inspection/model.h"

namespace zhifa::inspection {

// SHA-256 (lowercase hex) of a candidates array as defined above.
std::string candidates_sha256(const nlohmann::json& candidates);
// KEY + "P./": the key of the inspector draw for the object at position P.
std::string inspector_key(const std::string& key, std::int64_t object_position);

// The sub-draws of a draw of `count` picks with `key` as the record lists them (an empty array
// when count <= 65,536: one draw with KEY itself).
nlohmann::json sub_draws_of(const std::string& key, std::int64_t count);
inline constexpr const char* kSubDrawRule =
    "RFC 3797 每个种子至多抽取 65536 个：超出时分组抽签，第 n 组（n 从 1 起）的种子为 KEY + \"/\" + n，序号从 0 重新计，"
    "在前几组抽取后剩余的候选对象中按原顺序抽取；每组至多 65536 个，最后一组取余数。";

inline constexpr const char* kPoolRule =
    "按风险等级分库抽取：高、中、低、未分级各为一个抽取库，各按清单所列比例抽取（高 H、中 M、低 L、未分级 N），"
    "第 g 库的种子为 KEY + \"/\" + 库代码，在本库候选对象中（按名单原顺序）抽取；超过 65536 个时再按 KEY + \"/\" + 库代码 + \"/\" + n 分组抽签。";

// The object draw of a plan, as the product makes it and the verifier re-makes it. Pure.
struct ObjectDraw {
  std::vector<std::int64_t> positions;                    // in the whole list, draw order
  nlohmann::json sub_draws = nlohmann::json::array();     // of the one draw (no pools)
  nlohmann::json pools = nlohmann::json::array();         // each pool's draw (pools)
};
// pools empty: one draw of `select` among all candidates; else one draw per pool (select unused).
Result<ObjectDraw> draw_objects(const std::string& key, const nlohmann::json& candidates, const std::vector<GradePool>& pools, std::int64_t select);
// How many objects the pools draw in all.
std::int64_t pooled_select(const nlohmann::json& candidates, const std::vector<GradePool>& pools);

// The skip kinds the public record may name.
inline constexpr const char* kSkipConflict = "回避";
inline constexpr const char* kSkipCertificate = "无有效证件";

struct DrawCheck {
  int code = 0;  // 0 matches, 1 differs, 2 unreadable
  std::string message;
};
// Re-runs a public record: the key from the randomness values, each list's SHA-256, the object
// draw and every inspector draw. The message names the first difference.
DrawCheck verify_draw_record(const nlohmann::json& record);

}  // namespace zhifa::inspection
