#pragma once
// The entries of a 随机抽查事项清单 row's 分级抽查比例 text ("高 20%；中 10%；低 3%"): split at
// ；，、;, and with ：: and spaces dropped. One reading for the list's check (lists.cc) and the
// draw's pools (inspection/model.cc parse_risk_proportions).
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::publicity {

std::vector<std::string> risk_entries(std::string_view text);

}  // namespace zhifa::publicity
