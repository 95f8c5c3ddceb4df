#include "law/mask.h"

#include "platform/core/text.h"

#include <algorithm>
#include <cstring>

#include "law/identifiers.h"

namespace zhifa::law {
namespace {

constexpr std::string_view kCompoundSurnames[] = {
    "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "申屠", "太史", "轩辕", "钟离", "闻人", "万俟",
    "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "仲孙", "呼延", "赫连", "东郭", "百里",
    "左丘", "拓跋", "司空", "第五", "梁丘", "羊舌", "微生", "公羊", "谷梁", "乐正", "漆雕", "巫马",
    "公西", "颛孙", "亓官", "司寇", "鲜于", "闾丘", "东门", "公良", "呼衍", "即墨", "达奚", "褚师"};

bool digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool alnum(unsigned char c) { return digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }


char32_t decode(std::string_view cp) {
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(cp[k])); };
  switch (cp.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x323AF);
}

bool is_name_separator(char32_t c) {
  return c == ' ' || c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == '-' || c == '.' || c == 0x3000;
}

std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = text::utf8_valid_len(s, i);
    if (len == 0) len = 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// Every ASCII digit and X/x becomes '*'; everything else stays.
std::string star_digits(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (digit(static_cast<unsigned char>(c)) || c == 'X' || c == 'x') c = '*';
  return r;
}

// The scanner over one text; spans are produced in increasing start order per kind.
class Scanner {
 public:
  explicit Scanner(std::string_view t) : t_(t), n_(t.size()) {}

  void emails(std::vector<MaskSpan>& out) {
    std::size_t from = 0;
    while (true) {
      const void* hit = n_ > from ? std::memchr(t_.data() + from, '@', n_ - from) : nullptr;
      if (!hit) break;
      const std::size_t at = static_cast<const char*>(hit) - t_.data();
      from = at + 1;
      std::size_t l = at;
      while (l > 0 && local_char(t_[l - 1])) --l;
      std::size_t r = at + 1;
      while (r < n_ && domain_char(t_[r])) ++r;
      while (r > at + 1 && (t_[r - 1] == '.' || t_[r - 1] == '-')) --r;
      while (l < at && t_[l] == '.') ++l;
      if (l == at || r == at + 1 || t_[at + 1] == '.' || t_[at + 1] == '-') continue;
      if (!out.empty() && out.back().end > l) continue;
      std::string_view domain = t_.substr(at + 1, r - at - 1);
      const std::size_t dot = domain.rfind('.');
      if (dot == std::string_view::npos || domain.size() - dot - 1 < 2) continue;
      bool tld_alpha = true;
      for (char c : domain.substr(dot + 1)) tld_alpha = tld_alpha && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
      if (!tld_alpha) continue;
      std::string repl(at - l, '*');
      repl += domain.empty() ? "" : "@";
      repl += domain;
      out.push_back({MaskKind::kEmail, l, r, std::string(t_.substr(l, r - l)), std::move(repl)});
      from = r;
    }
  }

  // Numbers, skipping the email spans already found (sorted).
  void numbers(const std::vector<MaskSpan>& emails, std::vector<MaskSpan>& out) {
    std::size_t e = 0;
    std::size_t i = 0;
    while (i < n_) {
      while (e < emails.size() && emails[e].end <= i) ++e;
      if (e < emails.size() && emails[e].start <= i) { i = emails[e].end; continue; }
      const unsigned char c = static_cast<unsigned char>(t_[i]);
      if (c == '(' || (c == 0xEF && t_.substr(i, 3) == "（")) {
        if (std::size_t end = paren_landline(i); end) {
          add(out, MaskKind::kLandline, i, end);
          i = end;
          continue;
        }
        ++i;
        continue;
      }
      if (!digit(c) || (i > 0 && alnum(static_cast<unsigned char>(t_[i - 1]))) ||
          (i > 1 && t_[i - 1] == '.' && digit(static_cast<unsigned char>(t_[i - 2])))) {  // a decimal part
        ++i;
        continue;
      }
      const std::size_t j = run_end(i);
      if (std::size_t end = number_at(i, j, out); end) { i = end; continue; }
      i = j;
    }
  }

 private:
  static bool local_char(char c) {
    return alnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
  static bool domain_char(char c) { return alnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

  std::size_t run_end(std::size_t i) const {
    while (i < n_ && digit(static_cast<unsigned char>(t_[i]))) ++i;
    return i;
  }
  // A number ends at e when no letter or digit follows, nor a decimal part (13812345678.50 is
  // an amount, not a phone number).
  bool boundary(std::size_t e) const {
    if (e >= n_) return true;
    if (alnum(static_cast<unsigned char>(t_[e]))) return false;
    return !(t_[e] == '.' && e + 1 < n_ && digit(static_cast<unsigned char>(t_[e + 1])));
  }
  // Card numbers start with an issuer prefix in use in China: 62 (UnionPay) and the other 6s,
  // 4 (Visa), 5 and 2221–2720 (Mastercard), 3 (JCB, American Express), 9 (domestic 9xxxx cards).
  // Numbers starting with 1, 7, 8, 0 or a year (19xx, 20xx) are not taken for cards.
  static bool card_prefix(std::string_view d) {
    switch (d[0]) {
      case '3': case '4': case '5': case '6': case '9': return true;
      case '2': {
        const int p = std::stoi(std::string(d.substr(0, 4)));
        return p >= 2221 && p <= 2720;
      }
      default: return false;
    }
  }
  bool is_sep(std::size_t k) const { return k < n_ && (t_[k] == ' ' || t_[k] == '-'); }

  void add(std::vector<MaskSpan>& out, MaskKind kind, std::size_t s, std::size_t e, std::string repl = {}) {
    std::string original(t_.substr(s, e - s));
    if (repl.empty()) repl = star_digits(original);
    out.push_back({kind, s, e, std::move(original), std::move(repl)});
  }

  // (0537)2345678, （0537）2345678, (010) 12345678: returns the end, or 0.
  std::size_t paren_landline(std::size_t i) const {
    std::size_t k = i + (t_[i] == '(' ? 1 : 3);
    const std::size_t a = run_end(k);
    if (a - k < 3 || a - k > 4 || t_[k] != '0' || t_[k + 1] == '0') return 0;
    k = a;
    if (k < n_ && t_[k] == ')') k += 1;
    else if (t_.substr(k, 3) == "）") k += 3;
    else return 0;
    if (k < n_ && t_[k] == ' ') ++k;
    const std::size_t b = run_end(k);
    if (b - k < 7 || b - k > 8 || t_[k] == '0' || !boundary(b)) return 0;
    return b;
  }

  // The digit run [i, j) starts a number: add its span and return its end, or return 0.
  std::size_t number_at(std::size_t i, std::size_t j, std::vector<MaskSpan>& out) {
    const std::size_t len = j - i;
    // Resident ID: 17 digits + X/x, or 18 digits.
    if ((len == 18 || (len == 17 && j < n_ && (t_[j] == 'X' || t_[j] == 'x'))) && boundary(i + 18)) {
      std::string id(t_.substr(i, 18));
      if (id[17] == 'x') id[17] = 'X';
      if (check_resident_id(id).ok()) {
        add(out, MaskKind::kResidentId, i, i + 18);
        return i + 18;
      }
    }
    if (boundary(j)) {
      const std::string_view run = t_.substr(i, len);
      if (len == 11 && check_mobile(run).ok()) { add(out, MaskKind::kMobile, i, j); return j; }
      if (len == 13 && run.substr(0, 2) == "86" && check_mobile(run.substr(2)).ok()) {
        add(out, MaskKind::kMobile, i, j, "86" + std::string(11, '*'));
        return j;
      }
      if (len >= 16 && len <= 19 && card_prefix(run) && check_bank_card(run).ok() && !(len == 18 && check_uscc(run).ok())) {
        add(out, MaskKind::kBankCard, i, j);
        return j;
      }
    }
    // Landline with a separator: 0537-1234567, 010 12345678.
    if ((len == 3 || len == 4) && t_[i] == '0' && t_[i + 1] != '0' && is_sep(j)) {
      const std::size_t b = run_end(j + 1);
      if (b - j - 1 >= 7 && b - j - 1 <= 8 && t_[j + 1] != '0' && boundary(b)) {
        add(out, MaskKind::kLandline, i, b);
        return b;
      }
    }
    // Mobile in groups: 138 1234 5678 / 138-1234-5678.
    if (len == 3 && t_[i] == '1' && t_[i + 1] >= '3' && is_sep(j)) {
      const char sep = t_[j];
      const std::size_t b = run_end(j + 1);
      if (b - j - 1 == 4 && b < n_ && t_[b] == sep) {
        const std::size_t c = run_end(b + 1);
        if (c - b - 1 == 4 && boundary(c)) { add(out, MaskKind::kMobile, i, c); return c; }
      }
    }
    // Bank card in groups of four; the last group may be shorter.
    if (len == 4 && is_sep(j)) {
      const char sep = t_[j];
      std::string digits(t_.substr(i, 4));
      std::size_t end = j;
      while (end < n_ && t_[end] == sep && digits.size() < 19) {
        const std::size_t g = run_end(end + 1);
        const std::size_t glen = g - end - 1;
        if (glen == 0 || glen > 4) break;
        digits.append(t_.substr(end + 1, glen));
        end = g;
        if (glen < 4) break;
      }
      if (digits.size() >= 16 && digits.size() <= 19 && boundary(end) && card_prefix(digits) &&
          check_bank_card(digits).ok()) {
        add(out, MaskKind::kBankCard, i, end);
        return end;
      }
    }
    return 0;
  }

  std::string_view t_;
  std::size_t n_;
};

}  // namespace

std::string_view mask_kind_name(MaskKind kind) {
  switch (kind) {
    case MaskKind::kResidentId: return "resident_id";
    case MaskKind::kMobile: return "mobile";
    case MaskKind::kLandline: return "landline";
    case MaskKind::kBankCard: return "bank_card";
    case MaskKind::kEmail: return "email";
    case MaskKind::kName: return "name";
    case MaskKind::kManual: return "manual";
  }
  return "manual";
}

Result<MaskKind> parse_mask_kind(std::string_view name) {
  for (MaskKind k : {MaskKind::kResidentId, MaskKind::kMobile, MaskKind::kLandline, MaskKind::kBankCard,
                     MaskKind::kEmail, MaskKind::kName, MaskKind::kManual})
    if (mask_kind_name(k) == name) return k;
  return Error::invalid("unknown span kind \"" + std::string(name) + "\"", "kind");
}

Status check_utf8(std::string_view text, std::string field) {
  if (auto i = text::first_invalid_utf8(text); i != std::string_view::npos)
    return Error::invalid(field + " is not valid UTF-8 (byte " + std::to_string(i) + ")", field);
  return {};
}

Result<std::string> mask_name(std::string_view name) {
  if (auto st = check_utf8(name, "name"); !st) return st.error();
  const auto cps = code_points(name);
  if (cps.size() < 2)
    return Error::invalid("name \"" + std::string(name) + "\" is too short to mask (at least 2 characters)", "name");
  bool all_han = true;
  for (auto cp : cps) all_han = all_han && is_han(decode(cp));
  std::string out;
  if (all_han && cps.size() <= 4) {
    std::size_t keep = 1;
    if (cps.size() >= 3) {
      const std::string first_two = std::string(cps[0]) + std::string(cps[1]);
      for (auto s : kCompoundSurnames)
        if (s == first_two) keep = 2;
    }
    for (std::size_t i = 0; i < cps.size(); ++i) out += i < keep ? std::string(cps[i]) : std::string("某");
    return out;
  }
  out = cps[0];
  for (std::size_t i = 1; i < cps.size(); ++i) {
    const char32_t c = decode(cps[i]);
    if (is_name_separator(c)) out += cps[i];
    else if (is_han(c)) out += "某";
    else out += '*';
  }
  return out;
}

Result<MaskResult> mask_personal_data(std::string_view text, const std::vector<std::string>& names) {
  if (auto st = check_utf8(text); !st) return st.error();
  struct Name { std::string name, masked; };
  std::vector<Name> list;
  for (const auto& n : names) {
    auto m = mask_name(n);
    if (!m) return m.error();
    list.push_back({n, std::move(*m)});
  }
  // Longer names first, so 张三丰 is masked whole before 张三 could match inside it.
  std::sort(list.begin(), list.end(), [](const Name& a, const Name& b) { return a.name.size() > b.name.size(); });

  Scanner scan(text);
  std::vector<MaskSpan> emails, numbers;
  scan.emails(emails);
  scan.numbers(emails, numbers);
  std::vector<MaskSpan> spans;
  spans.reserve(emails.size() + numbers.size());
  std::merge(std::make_move_iterator(emails.begin()), std::make_move_iterator(emails.end()),
             std::make_move_iterator(numbers.begin()), std::make_move_iterator(numbers.end()),
             std::back_inserter(spans), [](const MaskSpan& a, const MaskSpan& b) { return a.start < b.start; });

  auto overlaps = [&](std::size_t s, std::size_t e) {
    auto it = std::lower_bound(spans.begin(), spans.end(), e, [](const MaskSpan& sp, std::size_t v) { return sp.start < v; });
    return it != spans.begin() && std::prev(it)->end > s;
  };
  for (const Name& n : list) {
    std::vector<MaskSpan> found;
    for (std::size_t p = text.find(n.name); p != std::string_view::npos; p = text.find(n.name, p + n.name.size())) {
      if (overlaps(p, p + n.name.size())) continue;
      found.push_back({MaskKind::kName, p, p + n.name.size(), n.name, n.masked});
    }
    if (found.empty()) continue;
    std::vector<MaskSpan> merged;
    merged.reserve(spans.size() + found.size());
    std::merge(std::make_move_iterator(spans.begin()), std::make_move_iterator(spans.end()),
               std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()),
               std::back_inserter(merged), [](const MaskSpan& a, const MaskSpan& b) { return a.start < b.start; });
    spans = std::move(merged);
  }

  MaskResult r;
  r.text.reserve(text.size());
  std::size_t at = 0;
  for (const MaskSpan& s : spans) {
    r.text.append(text.substr(at, s.start - at));
    r.text.append(s.replacement);
    at = s.end;
  }
  r.text.append(text.substr(at));
  r.spans = std::move(spans);
  return r;
}

Result<std::string> apply_mask_spans(std::string_view text, std::vector<MaskSpan> spans) {
  if (auto st = check_utf8(text); !st) return st.error();
  std::sort(spans.begin(), spans.end(), [](const MaskSpan& a, const MaskSpan& b) { return a.start < b.start; });
  auto char_boundary = [&](std::size_t k) {
    return k == 0 || k == text.size() || (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
  };
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const MaskSpan& s = spans[i];
    const std::string where = "span " + std::to_string(i + 1) + " [" + std::to_string(s.start) + ", " + std::to_string(s.end) + ")";
    if (s.start >= s.end || s.end > text.size()) return Error::invalid(where + " is empty or outside the text", "spans");
    if (s.start < at) return Error::invalid(where + " overlaps the span before it", "spans");
    if (!char_boundary(s.start) || !char_boundary(s.end))
      return Error::invalid(where + " cuts a UTF-8 character", "spans");
    if (!s.original.empty() && text.substr(s.start, s.end - s.start) != s.original)
      return Error::invalid(where + " does not match the text (\"" + s.original + "\" expected)", "spans");
    if (auto st = check_utf8(s.replacement, "replacement"); !st) return Error::invalid(where + ": " + st.error().message, "spans");
    out.append(text.substr(at, s.start - at));
    out.append(s.replacement);
    at = s.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace zhifa::law
