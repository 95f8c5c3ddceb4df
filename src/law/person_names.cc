#include "law/person_names.h"

#include <algorithm>
#include <array>

#include "platform/core/text.h"

namespace zhifa::law {
namespace {

// Words after which a person is named. Longer words first (代理人 before 人-less forms).
constexpr std::array<std::string_view, 38> kContexts = {
    "委托代理人", "法定代理人", "受托人", "代理人", "证人", "亲属", "家属", "近亲属", "监护人", "被监护人",
    "之子", "之女", "之妻", "之夫", "之父", "之母", "其子", "其女", "其妻", "其夫", "其父", "其母", "儿子", "女儿",
    "妻子", "丈夫", "父亲", "母亲", "配偶", "兄弟", "姐妹", "员工", "雇员", "职工", "邻居", "同事", "朋友", "介绍人"};

// Common single surnames (about 150, covering the great majority of the population) and the
// compound ones.
constexpr std::string_view kSingle =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
    "夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷"
    "詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆"
    "农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明"
    "佘池查麻苑迟邝";
constexpr std::array<std::string_view, 12> kCompound = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
                                                        "慕容", "长孙", "夏侯", "令狐"};

// Characters that end a name: function words and the verbs that follow a name in decisions.
constexpr std::string_view kStops =
    "于在的等和与及向为系是将把被曾已也均都对因经称说证陈表出到来去作了过并或即其该此本某之所以由从自给让使请"
    "称认供述签提交办填同拒未不无有在内外上下中共";

bool is_han(std::string_view ch) {
  if (ch.size() != 3) return false;
  unsigned c = (static_cast<unsigned char>(ch[0]) & 0x0F) << 12 | (static_cast<unsigned char>(ch[1]) & 0x3F) << 6 |
               (static_cast<unsigned char>(ch[2]) & 0x3F);
  return c >= 0x4E00 && c <= 0x9FFF;
}

// The UTF-8 character at `at` (empty at the end).
std::string_view char_at(std::string_view s, std::size_t at) {
  if (at >= s.size()) return {};
  std::size_t n = text::utf8_seq_len(static_cast<unsigned char>(s[at]));
  return s.substr(at, std::min(n, s.size() - at));
}

bool contains_char(std::string_view set, std::string_view ch) {
  for (std::size_t i = 0; i < set.size(); i += text::utf8_seq_len(static_cast<unsigned char>(set[i])))
    if (set.substr(i, ch.size()) == ch) return true;
  return false;
}

// A name starting at `at`: surname + 1–2 given-name characters; empty when none.
std::string name_at(std::string_view s, std::size_t at) {
  std::size_t p = at;
  bool found = false;
  for (auto c : kCompound)
    if (s.substr(p, c.size()) == c) {
      p += c.size();
      found = true;
      break;
    }
  if (!found) {
    auto ch = char_at(s, p);
    if (!is_han(ch) || !contains_char(kSingle, ch)) return {};
    p += ch.size();
  }
  int given = 0;
  while (given < 2) {
    auto ch = char_at(s, p);
    if (!is_han(ch) || contains_char(kStops, ch)) break;
    p += ch.size();
    ++given;
  }
  if (given == 0) return {};
  return std::string(s.substr(at, p - at));
}

}  // namespace

std::vector<std::string> detect_person_names(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t step = std::max<std::size_t>(1, text::utf8_seq_len(static_cast<unsigned char>(text[i])));
    for (auto ctx : kContexts) {
      if (text.substr(i, ctx.size()) != ctx) continue;
      std::size_t at = i + ctx.size();
      for (std::string_view sep : {"：", ":", "为", "是"})  // 证人：李四 / 代理人为王五
        if (text.substr(at, sep.size()) == sep) {
          at += sep.size();
          break;
        }
      std::string name = name_at(text, at);
      if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
      step = ctx.size();
      break;
    }
    i += step;
  }
  return out;
}

}  // namespace zhifa::law
