#pragma once
// The categories of administrative enforcement (行政执法类别), as the 行政执法事项清单 uses them
// (国办发〔2018〕118号; DOMAIN.md). One list for procedures, lists, catalog rules, decisions and
// the ledger's payload rule.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::law {

inline const std::vector<std::string>& enforcement_categories() {
  static const std::vector<std::string> c = {"行政许可", "行政处罚", "行政强制", "行政征收", "行政检查",
                                             "行政确认", "行政给付", "行政裁决", "其他"};
  return c;
}

inline bool is_enforcement_category(std::string_view c) {
  const auto& all = enforcement_categories();
  return std::find(all.begin(), all.end(), c) != all.end();
}

}  // namespace zhifa::law
