#include "law/identifiers.h"

#include <string>

namespace zhifa::law {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return "a non-ASCII byte";
  return std::string("'") + c + "'";
}

// Province-level prefixes of GB/T 2260 region codes (and 71 Taiwan, 81 Hong Kong, 82 Macao).
bool plausible_province(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
         (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || p == 81 || p == 82;
}

constexpr std::string_view kUsccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31: no I O Z S V

int uscc_value(char c) {
  auto p = kUsccChars.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

// GB 32100-2015 table 1: registration departments and the organisation types each may issue.
std::string_view uscc_types(char dept) {
  switch (dept) {
    case '1': return "1239";  // 机构编制: 机关, 事业单位, 中央编办直管群众团体, 其他
    case '2': return "19";    // 外交: 外国常驻新闻机构, 其他
    case '3': return "1234569";  // 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    case '4': return "19";    // 文化: 外国在华文化中心, 其他
    case '5': return "1239";  // 民政: 社会团体, 民办非企业单位, 基金会, 其他
    case '6': return "129";   // 旅游
    case '7': return "129";   // 宗教: 宗教活动场所, 宗教院校, 其他
    case '8': return "19";    // 工会
    case '9': return "123";   // 工商: 企业, 个体工商户, 农民专业合作社
    case 'A': return "19";    // 中央军委改革和编制办公室
    case 'N': return "1239";  // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    case 'Y': return "1";     // 其他
    default: return {};
  }
}

}  // namespace

char resident_id_check_char(std::string_view first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!is_digit(first17[i])) return '\0';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[sum % 11];  // ISO 7064 MOD 11-2
}

Status check_resident_id(std::string_view id, std::optional<Date> today) {
  auto bad = [](std::string why) { return Error::invalid("resident ID " + why, "id"); };
  if (id.size() == 15) return bad("has 15 digits: first-generation numbers are not accepted, 18 characters required");
  if (id.size() != 18) return bad("must be 18 characters, got " + std::to_string(id.size()));
  for (int i = 0; i < 17; ++i)
    if (!is_digit(id[i])) return bad("character " + std::to_string(i + 1) + " must be a digit, got " + quoted(id[i]));
  if (!is_digit(id[17]) && id[17] != 'X')
    return bad(std::string("check character must be a digit or upper-case X, got ") + quoted(id[17]));
  const int province = (id[0] - '0') * 10 + (id[1] - '0');
  if (!plausible_province(province))
    return bad("region code " + std::string(id.substr(0, 6)) + " does not start with a province code (GB/T 2260)");
  const int y = std::stoi(std::string(id.substr(6, 4)));
  const int m = std::stoi(std::string(id.substr(10, 2)));
  const int d = std::stoi(std::string(id.substr(12, 2)));
  auto birth = Date::from_ymd(y, m, d);
  if (!birth) return bad("birth date " + std::string(id.substr(6, 8)) + " is not a real date");
  if (y < 1850) return bad("birth year " + std::to_string(y) + " is implausible");
  if (today && *birth > *today) return bad("birth date " + birth->str() + " is in the future");
  const char want = resident_id_check_char(id.substr(0, 17));
  if (id[17] != want)
    return bad(std::string("check character should be ") + want + ", got " + id[17]);
  return {};
}

char uscc_check_char(std::string_view first17) {
  static const int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    int v = uscc_value(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  return kUsccChars[(31 - sum % 31) % 31];
}

Status check_uscc(std::string_view code) {
  auto bad = [](std::string why) { return Error::invalid("unified social credit code " + why, "uscc"); };
  if (code.size() != 18) return bad("must be 18 characters, got " + std::to_string(code.size()));
  for (int i = 0; i < 18; ++i) {
    const char c = code[i];
    if (uscc_value(c) < 0) {
      if (c >= 'a' && c <= 'z') return bad("character " + std::to_string(i + 1) + " must be upper-case, got " + quoted(c));
      if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
        return bad("character " + std::to_string(i + 1) + " is " + quoted(c) + ", which GB 32100 does not use (no I O Z S V)");
      return bad("character " + std::to_string(i + 1) + " must be 0-9 or A-Z, got " + quoted(c));
    }
  }
  const std::string_view types = uscc_types(code[0]);
  if (types.empty()) return bad("registration department " + quoted(code[0]) + " does not exist (char 1)");
  if (types.find(code[1]) == std::string_view::npos)
    return bad("organisation type " + quoted(code[1]) + " is not valid for registration department " +
               quoted(code[0]) + " (char 2)");
  for (int i = 2; i < 8; ++i)
    if (!is_digit(code[i])) return bad("region code (chars 3–8) must be digits, got " + quoted(code[i]));
  const char want = uscc_check_char(code.substr(0, 17));
  if (code[17] != want) return bad(std::string("check character should be ") + want + ", got " + code[17]);
  return {};
}

Status check_mobile(std::string_view n) {
  auto bad = [](std::string why) { return Error::invalid("mobile number " + why, "mobile"); };
  if (n.size() != 11) return bad("must be 11 digits, got " + std::to_string(n.size()) + " characters");
  for (char c : n)
    if (!is_digit(c)) return bad("must be digits only, got " + quoted(c));
  if (n[0] != '1' || n[1] < '3') return bad("must start with 13–19, got " + std::string(n.substr(0, 2)));
  return {};
}

char luhn_check_digit(std::string_view payload) {
  int sum = 0;
  bool twice = true;  // the digit next to the check digit is doubled
  for (auto it = payload.rbegin(); it != payload.rend(); ++it, twice = !twice) {
    if (!is_digit(*it)) return '\0';
    int v = *it - '0';
    if (twice) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Status check_bank_card(std::string_view n) {
  auto bad = [](std::string why) { return Error::invalid("bank card number " + why, "bank_card"); };
  if (n.size() < 16 || n.size() > 19) return bad("must be 16–19 digits, got " + std::to_string(n.size()) + " characters");
  for (char c : n)
    if (!is_digit(c)) return bad("must be digits only, got " + quoted(c));
  const char want = luhn_check_digit(n.substr(0, n.size() - 1));
  if (n.back() != want) return bad(std::string("Luhn check digit should be ") + want + ", got " + n.back());
  return {};
}

}  // namespace zhifa::law
