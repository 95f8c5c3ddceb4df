#include "publicity/lists.h"
#include "publicity/risk_proportions.h"

#include "law/measures.h"

#include "law/money.h"
#include "platform/core/text.h"

#include <set>

#include <algorithm>
#include <cctype>
#include <map>

namespace zhifa::publicity {

namespace {

FieldDef text(std::string key, std::string zh, std::string en, bool required = true) {
  return {std::move(key), std::move(zh), std::move(en), required, FieldType::kText, {}, false};
}
FieldDef longtext(std::string key, std::string zh, std::string en, bool required = true) {
  return {std::move(key), std::move(zh), std::move(en), required, FieldType::kLongText, {}, false};
}
FieldDef choice(std::string key, std::string zh, std::string en, std::vector<std::string> choices) {
  return {std::move(key), std::move(zh), std::move(en), true, FieldType::kChoice, std::move(choices), true};
}

std::string trim(std::string_view s) {
  auto ws = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  // Full-width spaces (U+3000) too: what Chinese input methods type.
  while (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
  while (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
  return std::string(s);
}

std::string str(const json& row, const std::string& key) {
  auto it = row.find(key);
  if (it == row.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes decode as U+FFFD.
char32_t next_cp(std::string_view s, std::size_t& i) {
  unsigned char c = s[i];
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) { ++i; return 0xFFFD; }
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

bool is_cjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}
bool is_word(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFF00 && c <= 0xFFEF) return false;  // full-width forms
  if (c == 0xFFFD || c == 0xFEFF) return false;
  return !is_cjk(c) && c >= 0xC0;
}

// Runs of CJK characters and words, in order.
struct Piece { bool cjk; std::vector<std::string> chars; };
std::vector<Piece> pieces(std::string_view s) {
  std::vector<Piece> out;
  Piece cur{false, {}};
  auto flush = [&] {
    if (!cur.chars.empty()) out.push_back(std::move(cur));
    cur = {false, {}};
  };
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    char32_t c = next_cp(s, i);
    bool cjk = is_cjk(c);
    if (!cjk && !is_word(c)) { flush(); continue; }  // a separator ends a run
    if (!cur.chars.empty() && cur.cjk != cjk) flush();
    std::string ch(s.substr(start, i - start));
    if (c < 0x80) ch[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(ch[0])));
    cur.cjk = cjk;
    cur.chars.push_back(std::move(ch));
  }
  flush();
  return out;
}

}  // namespace

const FieldDef* ListDef::field(std::string_view k) const {
  for (auto& f : fields)
    if (f.key == k) return &f;
  return nullptr;
}

const std::vector<ListDef>& list_defs() {
  static const std::vector<ListDef> defs = [] {
    std::vector<ListDef> d;
    FieldDef bands{"discretion", "裁量基准", "Discretion benchmark", false, FieldType::kBands, {}, false};
    d.push_back({"matters", "行政执法事项清单", "Enforcement matters", "code", false, "国办发〔2018〕118号；济外侨办字〔2017〕28号 一.1",
                 {text("code", "事项编码", "Code"), choice("category", "事项类别", "Category", kMatterCategories),
                  text("name", "事项名称", "Matter"), longtext("legal_basis", "设定依据", "Legal basis"), bands,
                  text("handling_unit", "承办机构", "Handling unit"), text("time_limit", "法定办理时限", "Statutory time limit"),
                  text("procedure", "适用程序", "Procedure", false)}});
    d.push_back({"inspections", "随机抽查事项清单", "Random inspection matters", "code", false, "国办发〔2018〕118号；济外侨办字〔2017〕28号 一.2",
                 {text("code", "事项编码", "Code"), text("name", "抽查事项", "Matter"), text("inspecting_body", "检查主体", "Inspecting body"),
                  longtext("legal_basis", "检查依据", "Legal basis"), text("objects", "检查对象", "Inspected objects"),
                  longtext("content", "检查内容", "Content"), choice("method", "检查方式", "Method", {"书面检查", "实地核查", "网络监测", "书面检查、实地核查"}),
                  text("proportion", "抽查比例", "Proportion"), text("frequency", "抽查频次", "Frequency"),
                  text("risk_proportions", "分级抽查比例", "Proportion by risk grade", false)}});
    d.push_back({"subjects", "行政执法主体资格清单", "Enforcement subject qualifications", "name", true,
                 "济外侨办字〔2017〕28号 一.4（公布前报市法制办审核）",
                 {text("name", "主体名称", "Agency"), text("nature", "机构性质", "Nature"), text("funding", "经费来源", "Funding"),
                  text("staffing", "编制情况", "Staffing"),
                  choice("subject_type", "主体类别", "Subject type", {"法定行政机关", "法律法规授权组织", "受委托组织"}),
                  longtext("duties", "职责权限", "Duties and powers"), text("legal_representative", "法定代表人", "Legal representative"),
                  text("address", "办公地址", "Address"), text("complaint_phone", "投诉举报电话", "Complaints phone")}});
    d.push_back({"guides", "行政执法服务指南", "Service guides", "matter_code", false, "济外侨办字〔2017〕28号 一.5",
                 {text("matter_code", "事项编码", "Matter code"), text("name", "事项名称", "Matter"), longtext("basis", "设定依据", "Legal basis"),
                  text("handling_unit", "承办机构", "Handling unit"), longtext("preferential", "优惠政策", "Preferential policies", false),
                  longtext("materials", "申请材料", "Required materials"), longtext("process", "办理流程", "Process"),
                  text("time_limit", "办理时限", "Time limit"), longtext("supervision", "监督方式", "Supervision"),
                  longtext("accountability", "责任追究", "Accountability"),
                  longtext("remedy", "救济途径（复议、诉讼）", "Remedies (reconsideration, litigation)"),
                  text("office_hours", "办公时间", "Office hours"), text("address", "办公地址", "Address"), text("phone", "咨询电话", "Phone")}});
    d.push_back({"av", "音像记录事项清单", "Audio/video recording matters", "code", false, "国办发〔2018〕118号（执法全过程记录）",
                 {text("code", "编号", "No."), text("name", "执法环节", "Enforcement act"),
                  choice("requirement", "记录要求", "Requirement", {"全过程音像记录", "根据情况音像记录"}),
                  longtext("basis", "依据", "Basis"), text("equipment", "记录设备", "Equipment"), longtext("note", "说明", "Notes", false),
                  // The procedure steps the row makes A/V mandatory for (their names: 调查取证、现场实施 …);
                  // recording/av/requirement.h refuses completing such a step without its recording.
                  text("steps", "适用环节", "Procedure steps", false)}});
    d.push_back({"review_catalog", "重大执法决定法制审核目录清单", "Major decisions subject to legal review", "code", false,
                 "《行政处罚法》第五十八条；济外侨办字〔2017〕28号 三.3",
                 {text("code", "编号", "No."), choice("category", "类别", "Category", kMatterCategories), text("name", "审核事项", "Decision"),
                  longtext("condition", "情形与标准", "Condition / threshold"), longtext("basis", "依据", "Basis")}});
    // Issue 14: the published 目录清单 is the rule set the review gate enforces — derived from
    // the catalog rules on every change (review/catalog.h), never edited as a list.
    d.back().fields[1].required = false;  // a rule may apply to every category
    return d;
  }();
  return defs;
}

std::string derived_from(std::string_view kind) {
  return kind == "review_catalog" ? "法制审核目录规则（法制审核 → 目录清单）" : "";
}

const ListDef* find_list(std::string_view kind) {
  for (auto& d : list_defs())
    if (d.kind == kind) return &d;
  return nullptr;
}

// --- bands ---

// A band's fine: whole yuan, digits only (no decimals, no separators), as before; the amount
// itself is read and bounded by the one money parser (law/money.h).
static std::optional<std::int64_t> whole_yuan(std::string_view s) {
  std::string t = trim(s);
  if (t.empty() || t.size() > 12 || t.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  auto fen = law::parse_yuan(t, "discretion", "罚款幅度");
  if (!fen || !*fen) return std::nullopt;
  return **fen / 100;
}

Result<std::vector<Band>> parse_bands(std::string_view text) {
  std::vector<Band> out;
  int line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    std::string l = trim(line);
    if (l.empty()) continue;
    // "|" or the full-width "｜" separate the parts.
    for (std::size_t at; (at = l.find("\xEF\xBD\x9C")) != std::string::npos;) l.replace(at, 3, "|");
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = l.find('|', start)) != std::string::npos; start = at + 1) parts.push_back(trim(l.substr(start, at - start)));
    parts.push_back(trim(l.substr(start)));
    std::string where = "第" + std::to_string(line_no) + "行";
    if (parts.size() < 2 || parts[0].empty() || parts[1].empty())
      return Error::invalid("裁量基准" + where + "应为“情节 | 处罚幅度 | 最低-最高罚款（元，可省略） | 处罚种类（可省略）”", "discretion");
    Band b{parts[0], parts[1], std::nullopt, std::nullopt, {}};
    if (parts.size() >= 3 && !parts[2].empty()) {
      auto dash = parts[2].find('-');
      auto lo = whole_yuan(parts[2].substr(0, dash));
      auto hi = dash == std::string::npos ? lo : whole_yuan(parts[2].substr(dash + 1));
      if (!lo || !hi || *lo > *hi) return Error::invalid("裁量基准" + where + "的罚款幅度应写作“最低-最高”（元），如 200-1000", "discretion");
      b.fine_min_yuan = lo;
      b.fine_max_yuan = hi;
    }
    if (parts.size() >= 4 && !parts[3].empty()) {  // 行政处罚法 第九条: the kinds this band allows
      auto m = law::parse_band_measures(parts[3]);
      if (!m) return Error::invalid("裁量基准" + where + "：" + m.error().message, "discretion");
      b.measures = std::move(*m);
    }
    out.push_back(std::move(b));
  }
  return out;
}

json bands_json(const std::vector<Band>& bands) {
  json out = json::array();
  for (auto& b : bands) {
    json j{{"facts", b.facts}, {"penalty", b.penalty}};
    if (b.fine_min_yuan) j["fine_min_yuan"] = *b.fine_min_yuan;
    if (b.fine_max_yuan) j["fine_max_yuan"] = *b.fine_max_yuan;
    if (!b.measures.empty()) j["measures"] = b.measures;
    out.push_back(j);
  }
  return out;
}

std::string bands_text(const json& bands) {
  std::string out;
  if (!bands.is_array()) return out;
  for (auto& b : bands) {
    out += b.value("facts", "") + " | " + b.value("penalty", "");
    bool range = b.contains("fine_min_yuan");
    if (range)
      out += " | " + std::to_string(b["fine_min_yuan"].get<std::int64_t>()) + "-" + std::to_string(b.value("fine_max_yuan", std::int64_t{0}));
    if (b.contains("measures") && b["measures"].is_array() && !b["measures"].empty())
      out += std::string(range ? "" : " | ") + " | " + law::measures_text(b["measures"].get<std::vector<std::string>>());
    out += "\n";
  }
  return out;
}

std::string bands_summary(const json& bands) {
  std::string out;
  if (!bands.is_array()) return out;
  for (auto& b : bands) {
    if (!out.empty()) out += "；";
    out += b.value("facts", "") + " → " + b.value("penalty", "");
    if (b.contains("fine_min_yuan"))
      out += "（" + std::to_string(b["fine_min_yuan"].get<std::int64_t>()) + "–" + std::to_string(b.value("fine_max_yuan", std::int64_t{0})) + " 元）";
  }
  return out;
}

// --- validation ---

std::string field_text(const FieldDef& f, const json& row) {
  if (f.type == FieldType::kBands) return bands_summary(row.contains(f.key) ? row[f.key] : json::array());
  return str(row, f.key);
}

json row_from_strings(const ListDef& def, const std::vector<std::pair<std::string, std::string>>& values, int row_no,
                      std::vector<RowError>& errors) {
  json row = json::object();
  for (auto& f : def.fields) {
    std::string v;
    for (auto& [k, val] : values)
      if (k == f.key) v = val;
    if (f.type == FieldType::kBands) {
      auto b = parse_bands(v);
      if (!b) { errors.push_back({row_no, f.key, b.error().message}); row[f.key] = json::array(); }
      else row[f.key] = bands_json(*b);
    } else {
      row[f.key] = trim(v);
    }
  }
  return row;
}

// 随机抽查事项清单: the proportion the draws use (inspection/model.h parses it the same way):
// a percent of 1–100 ("5%", "5", "5％") or a count ("10家", "10户", "10个").
static bool proportion_ok(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && v[i] == ' ') ++i;
  std::size_t start = i;
  long n = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 1000000) n = n * 10 + (v[i++] - '0');
  if (i == start || n <= 0) return false;
  std::string_view unit = v.substr(i);
  while (!unit.empty() && unit.back() == ' ') unit.remove_suffix(1);
  if (unit.empty() || unit == "%" || unit == "％") return n <= 100;
  return unit == "家" || unit == "户" || unit == "个";
}

std::vector<std::string> risk_entries(std::string_view t) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < t.size();) {
    bool cut = false, drop = false;
    for (std::string_view s : {"；", "，", "、", ";", ","})
      if (!cut && t.substr(i, s.size()) == s) {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
        i += s.size();
        cut = true;
      }
    for (std::string_view s : {"：", ":", " "})
      if (!cut && !drop && t.substr(i, s.size()) == s) {
        i += s.size();
        drop = true;
      }
    if (!cut && !drop) cur += t[i++];
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// 分级抽查比例 (inspection/model.h parse_risk_proportions reads it the same way): empty, or entries
// such as "高 20%；中 10%；低 3%" — a risk grade 高 / 中 / 低 (each at most once), then a proportion.
static bool risk_proportions_ok(const std::string& v) {
  std::set<std::string> grades;
  for (const std::string& part : risk_entries(v)) {
    std::string grade = part.substr(0, 3);
    if ((grade != "高" && grade != "中" && grade != "低") || !grades.insert(grade).second || !proportion_ok(part.substr(3))) return false;
  }
  return true;
}

std::vector<RowError> validate_rows(const ListDef& def, const json& rows, const std::set<std::string>* known_matters) {
  std::vector<RowError> errors;
  if (!rows.is_array()) return {{0, "", "清单格式错误"}};
  if (rows.size() > 5000) return {{0, "", "清单超过 5000 行"}};
  std::map<std::string, int> seen;
  int n = 0;
  for (auto& row : rows) {
    ++n;
    if (!row.is_object()) { errors.push_back({n, "", "行格式错误"}); continue; }
    for (auto& f : def.fields) {
      if (f.type == FieldType::kBands) {
        if (row.contains(f.key) && !row[f.key].is_array()) errors.push_back({n, f.key, f.zh + "格式错误"});
        else if (row.contains(f.key))
          for (auto& b : row[f.key])  // the measures a band allows: 行政处罚法 第九条 (law/measures.h)
            if (b.is_object() && b.contains("measures")) {
              bool ok = b["measures"].is_array();
              for (auto& m : ok ? b["measures"] : json::array()) {
                const law::Measure* x = m.is_string() ? law::find_measure(m.get<std::string>()) : nullptr;
                ok = ok && x && x->band;
              }
              if (!ok) errors.push_back({n, f.key, f.zh + "的处罚种类应为《行政处罚法》第九条规定的种类"});
            }
        continue;
      }
      std::string v = str(row, f.key);
      if (f.required && v.empty()) { errors.push_back({n, f.key, "请填写" + f.zh}); continue; }
      if (v.size() > 4000) errors.push_back({n, f.key, f.zh + "过长（最多 4000 字节）"});
      if (f.type == FieldType::kChoice && !v.empty() && std::find(f.choices.begin(), f.choices.end(), v) == f.choices.end()) {
        std::string all;
        for (auto& c : f.choices) all += (all.empty() ? "" : "、") + c;
        errors.push_back({n, f.key, f.zh + "应为以下之一：" + all});
      }
    }
    if (def.kind == "inspections" && !str(row, "proportion").empty() && !proportion_ok(str(row, "proportion")))
      errors.push_back({n, "proportion", "抽查比例应为 1%–100% 的百分比（如 5%）或家数（如 10家），不能超过 100%"});
    if (def.kind == "inspections" && !str(row, "risk_proportions").empty() && !risk_proportions_ok(str(row, "risk_proportions")))
      errors.push_back({n, "risk_proportions", "分级抽查比例应为各风险等级（高、中、低，每级一次）及其比例，如“高 20%；中 10%；低 3%”，比例不能超过 100%"});
    std::string key = str(row, def.key);
    // A row's code is recorded in the ledger (events name matters and rules by code).
    if (def.key == "code" && !key.empty() && !zhifa::text::is_code(key))
      errors.push_back({n, def.key, def.field(def.key)->zh + "只能由字母、数字、连字符（-）和下划线等组成，如 JNWQB-XK-001"});
    if (!key.empty()) {
      auto [it, fresh] = seen.emplace(key, n);
      if (!fresh) errors.push_back({n, def.key, def.field(def.key)->zh + "“" + key + "”与第" + std::to_string(it->second) + "行重复"});
    }
    if (known_matters && def.kind == "guides" && !key.empty() && !known_matters->count(key))
      errors.push_back({n, "matter_code", "事项编码“" + key + "”不在行政执法事项清单中"});
  }
  return errors;
}

// --- diff ---

std::vector<RowDiff> diff_rows(const ListDef& def, const json& before, const json& after) {
  std::vector<RowDiff> out;
  std::map<std::string, const json*> old_rows;
  for (auto& r : before) old_rows[str(r, def.key)] = &r;
  std::set<std::string> kept;
  for (auto& r : after) {
    std::string key = str(r, def.key);
    auto it = old_rows.find(key);
    if (it == old_rows.end()) { out.push_back({RowDiff::Op::kAdded, key, r, {}}); continue; }
    kept.insert(key);
    RowDiff d{RowDiff::Op::kChanged, key, r, {}};
    for (auto& f : def.fields) {
      std::string a = field_text(f, *it->second), b = field_text(f, r);
      if (a != b) d.changes.push_back({f.key, f.zh, a, b});
    }
    if (!d.changes.empty()) out.push_back(std::move(d));
  }
  for (auto& r : before)
    if (!kept.count(str(r, def.key))) out.push_back({RowDiff::Op::kRemoved, str(r, def.key), r, {}});
  return out;
}

// --- CSV ---

namespace {
// What a spreadsheet (Excel, WPS, LibreOffice) may run as a formula when it opens a CSV.
bool formula_trigger(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }
}  // namespace

bool csv_needs_guard(std::string_view v) {
  if (v.empty()) return false;
  if (formula_trigger(v[0])) return true;
  // A value that already starts with the guard is guarded too, so that import (which strips
  // one guard) gives it back unchanged.
  return v.size() > 1 && v[0] == '\'' && formula_trigger(v[1]);
}

std::string csv_cell(const std::string& v) {
  bool guard = csv_needs_guard(v);
  if (!guard && v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = guard ? "\"'" : "\"";
  for (char c : v) { if (c == '"') out += '"'; out += c; }
  return out + "\"";
}

std::string csv_unguard(std::string v) {
  if (v.size() > 1 && v[0] == '\'' && csv_needs_guard(std::string_view(v).substr(1))) v.erase(0, 1);
  return v;
}

std::string to_csv(const ListDef& def, const json& rows, bool english_header) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < def.fields.size(); ++i) out += (i ? "," : "") + csv_cell(english_header ? def.fields[i].key : def.fields[i].zh);
  out += "\r\n";
  for (auto& r : rows) {
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
      const auto& f = def.fields[i];
      std::string v = f.type == FieldType::kBands ? bands_text(r.contains(f.key) ? r[f.key] : json::array()) : str(r, f.key);
      if (f.type == FieldType::kBands && !v.empty() && v.back() == '\n') v.pop_back();
      out += (i ? "," : "") + csv_cell(v);
    }
    out += "\r\n";
  }
  return out;
}

// --- tokenizer ---

std::vector<std::string> cjk_tokens(std::string_view text) {
  std::vector<std::string> out;
  for (auto& p : pieces(text)) {
    if (!p.cjk) {
      std::string w;
      for (auto& c : p.chars) w += c;
      out.push_back(std::move(w));
      continue;
    }
    for (std::size_t i = 0; i < p.chars.size(); ++i) {
      out.push_back(p.chars[i]);
      if (i + 1 < p.chars.size()) out.push_back(p.chars[i] + p.chars[i + 1]);
    }
  }
  return out;
}

std::vector<std::string> query_terms(std::string_view query) {
  std::vector<std::string> out;
  auto add = [&](std::string t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  };
  for (auto& p : pieces(query)) {
    if (!p.cjk) {
      std::string w;
      for (auto& c : p.chars) w += c;
      add(std::move(w));
    } else if (p.chars.size() == 1) {
      add(p.chars[0]);
    } else {
      for (std::size_t i = 0; i + 1 < p.chars.size(); ++i) add(p.chars[i] + p.chars[i + 1]);
    }
    if (out.size() >= 16) break;
  }
  return out;
}

std::string fts5_text(const std::vector<std::string>& tokens) {
  std::string joined;
  for (auto& t : tokens) joined += (joined.empty() ? "" : " ") + t;
  return joined;
}

std::string tsvector_literal(const std::vector<std::string>& tokens) {
  std::set<std::string> uniq(tokens.begin(), tokens.end());
  std::string tsv;
  for (auto& t : uniq) tsv += (tsv.empty() ? "'" : " '") + t + "'";
  return tsv;
}

std::vector<QueryWord> query_words(std::string_view query) {
  std::vector<QueryWord> out;
  for (auto& p : pieces(query)) {
    std::string w;
    for (auto& c : p.chars) w += c;
    out.push_back({p.cjk, std::move(w)});
    if (out.size() >= 16) break;
  }
  return out;
}

}  // namespace zhifa::publicity
