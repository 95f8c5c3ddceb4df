#include "review/changes.h"

#include "law/labels.h"
#include <algorithm>

#include "law/money.h"
#include "review/catalog.h"

namespace zhifa::review {

using nlohmann::json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

json draft_diff(const std::string& before, const std::string& after) {
  auto a = lines_of(before), b = lines_of(after);
  json out = json::array();
  if (a.size() * b.size() > 4'000'000) {  // too large to align: say it changed
    out.push_back({{"op", "~"}, {"line", "（草稿全文已修改）"}});
    return out;
  }
  std::vector<std::vector<int>> l(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;) l[i][j] = a[i] == b[j] ? l[i + 1][j + 1] + 1 : std::max(l[i + 1][j], l[i][j + 1]);
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i, ++j;
    } else if (j < b.size() && (i == a.size() || l[i][j + 1] >= l[i + 1][j])) {
      out.push_back({{"op", "+"}, {"line", b[j++]}});
    } else {
      out.push_back({{"op", "-"}, {"line", a[i++]}});
    }
  }
  return out;
}

namespace {

std::string measures_text(const std::vector<std::string>& ms) {
  std::string s;
  for (auto& m : ms) s += (s.empty() ? "" : "、") + measure_label(m);
  return s.empty() ? "无" : s;
}

std::string yes_no(bool b) { return b ? "是" : "否"; }

}  // namespace

// What changed between two rounds: fields of the facts, the draft's lines, the materials.
json changes_between(const std::string& old_draft, const DecisionFacts& of, const std::vector<Material>& om,
                     const std::string& new_draft, const DecisionFacts& nf, const std::vector<Material>& nm) {
  json out = json::array();
  auto field = [&](const std::string& label, const std::string& a, const std::string& b) {
    if (a != b) out.push_back({{"what", label}, {"before", a}, {"after", b}});
  };
  field("执法类别", of.category, nf.category);
  field("执法事项", of.matter_code, nf.matter_code);
  field("当事人类型", std::string(law::party_kind_label(of.party_kind)), std::string(law::party_kind_label(nf.party_kind)));
  field("罚款（元）", law::format_yuan(of.fine_fen), law::format_yuan(nf.fine_fen));
  field("没收违法所得、非法财物（元）", law::format_yuan(of.confiscation_fen), law::format_yuan(nf.confiscation_fen));
  auto sa = of.measures, sb = nf.measures;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  field("处理措施", measures_text(sa), measures_text(sb));
  field("经过听证", yes_no(of.hearing_held), yes_no(nf.hearing_held));
  field("超出裁量基准", yes_no(of.outside_discretion_benchmark), yes_no(nf.outside_discretion_benchmark));
  field("疑难复杂", yes_no(of.complex), yes_no(nf.complex));
  field("重大社会影响", yes_no(of.major_social_impact), yes_no(nf.major_social_impact));
  for (auto& m : om)
    if (std::find(nm.begin(), nm.end(), m) == nm.end()) out.push_back({{"what", "材料"}, {"before", m.name}, {"after", "（删除）"}});
  for (auto& m : nm)
    if (std::find(om.begin(), om.end(), m) == om.end()) out.push_back({{"what", "材料"}, {"before", "（新增）"}, {"after", m.name}});
  if (old_draft != new_draft) out.push_back({{"what", "决定书草稿"}, {"diff", draft_diff(old_draft, new_draft)}});
  return out;
}

}  // namespace zhifa::review
