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
// A list's SHA-256 is of its "candidates" array serialised compactly (keys sorted, UTF-8 as
// is) — the same bytes JSON.stringify gives for these objects. Inspectors for the object drawn
// at position P are drawn with the key KEY + "P./" (one more source: the position), picking
// until `need` are assigned; a pick that is skipped (回避 or 无有效证件) says so, never why.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace zhifa::inspection {

// SHA-256 (lowercase hex) of a candidates array as defined above.
std::string candidates_sha256(const nlohmann::json& candidates);
// KEY + "P./": the key of the inspector draw for the object at position P.
std::string inspector_key(const std::string& key, std::int64_t object_position);

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
