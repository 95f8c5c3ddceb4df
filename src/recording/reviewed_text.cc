#include "recording/reviewed_text.h"

#include <algorithm>
#include <set>

#include "platform/core/text.h"
#include "review/changes.h"
#include "review/model.h"
#include "review/service.h"

namespace zhifa::recording {

namespace {

constexpr std::string_view kCapital = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整";

bool is_one_of(std::string_view set, std::string_view ch) {
  for (std::size_t i = 0; i < set.size(); i += text::utf8_seq_len(static_cast<unsigned char>(set[i])))
    if (set.substr(i, ch.size()) == ch && !ch.empty()) return true;
  return false;
}

// Amounts: a run of digits (with , and .) or of capital numerals, followed by 元 or 万元.
std::multiset<std::string> amounts(const std::string& s) {
  std::multiset<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || ((s[j] == ',' || s[j] == '.') && j > i))) ++j;
    if (j == i) {
      while (j < s.size()) {
        std::string_view ch(s.data() + j, std::min(text::utf8_seq_len(static_cast<unsigned char>(s[j])), s.size() - j));
        if (!is_one_of(kCapital, ch) || ch == "元") break;
        j += ch.size();
      }
    }
    if (j > i) {
      std::string_view rest(s.data() + j, s.size() - j);
      if (rest.substr(0, 3) == "元" || rest.substr(0, 6) == "万元") out.insert(s.substr(i, j - i) + std::string(rest.substr(0, rest.substr(0, 3) == "元" ? 3 : 6)));
      i = j;
    } else {
      i += std::max<std::size_t>(1, text::utf8_seq_len(static_cast<unsigned char>(s[i])));
    }
  }
  return out;
}

// Everything between `open` and `close` (《…》 titles, 第…条 articles), at most 40 bytes long.
std::set<std::string> between(const std::string& s, std::string_view open, std::string_view close) {
  std::set<std::string> out;
  for (std::size_t a = s.find(open); a != std::string::npos; a = s.find(open, a + open.size())) {
    std::size_t b = s.find(close, a + open.size());
    if (b == std::string::npos || b - a > 40) continue;
    out.insert(s.substr(a, b + close.size() - a));
  }
  return out;
}

std::string joined(const std::set<std::string>& v) {
  std::string out;
  for (auto& x : v) out += (out.empty() ? "" : "、") + x;
  return out.empty() ? "（无）" : out;
}

}  // namespace

Result<std::optional<std::string>> reviewed_decision_text(store::Tx& tx, std::int64_t case_id) {
  auto sub = review::latest_submission(tx, case_id);
  if (!sub) return sub.error();
  if (*sub == 0) return std::optional<std::string>();
  auto row = review::load_submission(tx, *sub);
  if (!row) return row.error();
  auto round = review::current_round(tx, *row);
  if (!round) return round.error();
  std::string draft = round->draft;
  // The submission's heading: "行政处罚决定书（草稿）\n".
  std::size_t nl = draft.find('\n');
  if (nl != std::string::npos && draft.substr(0, nl).ends_with("（草稿）")) draft.erase(0, nl + 1);
  return std::optional<std::string>(draft);
}

std::vector<std::string> material_changes(const std::string& reviewed, const std::string& now, const std::string& party_name) {
  std::vector<std::string> out;
  auto a0 = amounts(reviewed), a1 = amounts(now);
  if (a0 != a1) {
    auto show = [](const std::multiset<std::string>& m) { return joined(std::set<std::string>(m.begin(), m.end())); };
    out.push_back("金额（审核时：" + show(a0) + "；现在：" + show(a1) + "）");
  }
  auto b0 = between(reviewed, "《", "》"), b1 = between(now, "《", "》");
  auto c0 = between(reviewed, "第", "条"), c1 = between(now, "第", "条");
  if (b0 != b1 || c0 != c1) out.push_back("法律依据（审核时：" + joined(b0) + joined(c0) + "；现在：" + joined(b1) + joined(c1) + "）");
  std::set<std::string> m0, m1;
  for (std::string_view m : {"警告", "通报批评", "没收", "暂扣", "吊销", "降低资质等级", "限制开展生产经营活动", "责令停产停业", "责令关闭",
                             "限制从业", "行政拘留", "不予行政处罚", "准予", "不予"}) {
    if (reviewed.find(m) != std::string::npos) m0.insert(std::string(m));
    if (now.find(m) != std::string::npos) m1.insert(std::string(m));
  }
  if (m0 != m1) out.push_back("处理措施（审核时：" + joined(m0) + "；现在：" + joined(m1) + "）");
  if (!party_name.empty() && (reviewed.find(party_name) != std::string::npos) != (now.find(party_name) != std::string::npos))
    out.push_back("当事人");
  return out;
}

nlohmann::json reviewed_diff(const std::string& reviewed, const std::string& text) { return review::draft_diff(reviewed, text); }

}  // namespace zhifa::recording
