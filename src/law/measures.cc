#include "law/measures.h"

#include <algorithm>

namespace zhifa::law {

const std::vector<Measure>& measures() {
  // 行政处罚法 第九条 (band = true), then the measures of other decisions. The codes are stored
  // (catalog rules, cases, bands): never renamed.
  static const std::vector<Measure> m = {
      {"warning", "警告", {"通报批评"}, false, true},
      {"fine", "罚款", {}, false, true},
      {"confiscate", "没收违法所得、没收非法财物", {"没收违法所得", "没收非法财物", "非法财物", "没收"}, false, true},
      {"restrict_licence", "降低资质等级、暂扣许可证件", {"暂扣许可证件", "暂扣许可证", "降低资质等级"}, true, true},
      {"revoke_licence", "吊销许可证件", {"吊销许可证", "吊销"}, true, true},
      {"limit_business", "限制开展生产经营活动", {"限制从业"}, true, true},
      {"stop_business", "责令停产停业、责令关闭", {"责令停产停业", "责令关闭", "责令停止邀请业务"}, true, true},
      {"detention_transfer", "移送行政拘留", {"行政拘留"}, true, true},
      {"refuse_licence", "不予行政许可", {}, true, false},
      {"withdraw_licence", "撤销、撤回行政许可", {}, true, false},
      {"seize", "查封、扣押", {}, true, false},
      {"forced_execution", "强制执行", {}, true, false},
  };
  return m;
}

const Measure* find_measure(std::string_view code) {
  for (const auto& m : measures())
    if (m.code == code) return &m;
  return nullptr;
}

std::string measure_label(std::string_view code) {
  const Measure* m = find_measure(code);
  return m ? m->label : std::string(code);
}

namespace {
const Measure* by_name(std::string_view name) {
  for (const auto& m : measures()) {
    if (m.label == name || m.code == name) return &m;
    if (std::find(m.aliases.begin(), m.aliases.end(), name) != m.aliases.end()) return &m;
  }
  return nullptr;
}
}  // namespace

Result<std::vector<std::string>> parse_band_measures(std::string_view text) {
  // Separators: 、 ， ； (UTF-8), ASCII , ; and spaces.
  static const std::vector<std::string> seps = {"\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B", ",", ";", " ", "\t"};
  std::vector<std::string> names;
  std::string cur;
  for (std::size_t i = 0; i < text.size();) {
    bool sep = false;
    for (const auto& s : seps)
      if (text.substr(i, s.size()) == s) {
        if (!cur.empty()) names.push_back(cur), cur.clear();
        i += s.size(), sep = true;
        break;
      }
    if (!sep) cur += text[i++];
  }
  if (!cur.empty()) names.push_back(cur);
  std::vector<std::string> codes;
  for (const auto& n : names) {
    // A label with 、 inside ("责令停产停业、责令关闭") arrives in pieces: each piece is an alias.
    const Measure* m = by_name(n);
    if (!m || !m->band) return Error::invalid("裁量基准中的处罚种类“" + n + "”不是《行政处罚法》第九条规定的处罚种类", "discretion");
    if (std::find(codes.begin(), codes.end(), m->code) == codes.end()) codes.push_back(m->code);
  }
  // In the order of the list (行政处罚法 第九条).
  std::vector<std::string> ordered;
  for (const auto& m : measures())
    if (std::find(codes.begin(), codes.end(), m.code) != codes.end()) ordered.push_back(m.code);
  return ordered;
}

std::string measures_text(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : "，") + measure_label(c);
  return out;
}

}  // namespace zhifa::law
