#include "platform/sheet/xlsx_reader.h"

#include <libxml/xmlreader.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace zhifa::sheet {

namespace {

constexpr std::size_t kMaxColumns = 16384;   // XFD
constexpr std::size_t kMaxSheetRows = 1048576;
constexpr zip_int64_t kMaxMembers = 10000;

Error bad(std::string message) { return Error::invalid(std::move(message), "file"); }

std::string mb(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }

// --- the ZIP container (libzip) ---

class Archive {
 public:
  static Result<std::unique_ptr<Archive>> open(std::string_view bytes, std::uint64_t budget) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (!src) {
      zip_error_fini(&err);
      return Error::internal("无法读取上传的文件");
    }
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!z) {
      int code = zip_error_code_zip(&err);
      zip_source_free(src);
      zip_error_fini(&err);
      if (code == ZIP_ER_NOZIP) return bad("XLSX 文件已损坏或不完整（找不到 ZIP 目录）");
      return bad("XLSX 文件已损坏，无法打开（ZIP 结构错误）");
    }
    zip_error_fini(&err);
    auto a = std::unique_ptr<Archive>(new Archive(z, budget));
    if (auto st = a->check_members(); !st) return st.error();
    return a;
  }
  ~Archive() { zip_discard(z_); }

  // The member's bytes; nullopt when the archive has no such member.
  Result<std::optional<std::string>> read(const std::string& name) {
    zip_int64_t idx = zip_name_locate(z_, name.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) return std::optional<std::string>();
    zip_file_t* f = zip_fopen_index(z_, static_cast<zip_uint64_t>(idx), 0);
    if (!f) return bad("XLSX 文件已损坏：无法读取 " + name + "（" + zip_strerror(z_) + "）");
    std::string out;
    char buf[65536];
    for (;;) {
      zip_int64_t n = zip_fread(f, buf, sizeof buf);
      if (n < 0) {
        std::string why = zip_file_strerror(f);
        zip_fclose(f);
        return bad("XLSX 文件已损坏：" + name + " 解压失败（" + why + "）");
      }
      if (n == 0) break;
      // The declared sizes were checked already; the actual bytes are counted too, since a
      // crafted archive can declare less than it inflates to.
      if (static_cast<std::uint64_t>(n) > budget_) {
        zip_fclose(f);
        return bad("XLSX 文件解压后超过 " + mb(limit_) + "，拒绝处理（可能是压缩炸弹）");
      }
      budget_ -= static_cast<std::uint64_t>(n);
      out.append(buf, static_cast<std::size_t>(n));
    }
    zip_fclose(f);
    return std::optional<std::string>(std::move(out));
  }

 private:
  Archive(zip_t* z, std::uint64_t budget) : z_(z), budget_(budget), limit_(budget) {}

  Status check_members() {
    zip_int64_t n = zip_get_num_entries(z_, 0);
    if (n < 0 || n > kMaxMembers) return bad("XLSX 文件含有过多的成员（" + std::to_string(n) + "），拒绝处理");
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(z_, static_cast<zip_uint64_t>(i), 0, &st) != 0) return bad("XLSX 文件已损坏：无法读取目录");
      if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return bad("XLSX 文件已加密（" + std::string(st.name ? st.name : "?") + "）：请取消密码保护后再上传");
      if (st.valid & ZIP_STAT_SIZE) total += st.size;
    }
    if (total > limit_) return bad("XLSX 文件解压后有 " + mb(total) + "，超过 " + mb(limit_) + " 的上限，拒绝处理（可能是压缩炸弹）");
    return {};
  }

  zip_t* z_;
  std::uint64_t budget_, limit_;
};

// --- XML (libxml2's streaming reader: constant memory per node, no DTDs) ---

class Xml {
 public:
  Xml(const std::string& bytes, std::string name) : name_(std::move(name)) {
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    r_ = xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), name_.c_str(), nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (r_) xmlTextReaderSetStructuredErrorHandler(r_, &Xml::on_error, this);
  }
  ~Xml() {
    if (r_) xmlFreeTextReader(r_);
  }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  // Advances to the next node; false at the end. Check status() afterwards.
  bool next() {
    if (!r_ || failed_) return false;
    int rc = xmlTextReaderRead(r_);
    if (rc < 0) {
      failed_ = true;
      if (message_.empty()) message_ = "XML 格式错误";
      return false;
    }
    if (rc == 0) return false;
    if (type() == XML_READER_TYPE_DOCUMENT_TYPE) {
      failed_ = true;
      message_ = "含有 DTD 声明（不允许）";
      return false;
    }
    return true;
  }
  Status status() const {
    if (!r_) return bad("XLSX 文件已损坏：" + name_ + " 无法解析");
    if (failed_) return bad("XLSX 文件已损坏：" + name_ + " " + message_);
    return {};
  }
  int type() const { return xmlTextReaderNodeType(r_); }
  bool start(std::string_view local) const { return type() == XML_READER_TYPE_ELEMENT && name() == local; }
  bool end(std::string_view local) const { return type() == XML_READER_TYPE_END_ELEMENT && name() == local; }
  bool empty_element() const { return xmlTextReaderIsEmptyElement(r_) == 1; }
  bool text() const {
    int t = type();
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
           t == XML_READER_TYPE_WHITESPACE;
  }
  std::string_view name() const { return sv(xmlTextReaderConstLocalName(r_)); }
  std::string_view value() const { return sv(xmlTextReaderConstValue(r_)); }
  // An attribute by local name; with_namespace: only one in some namespace (r:id), else only
  // one without (plain id).
  std::optional<std::string> attribute(std::string_view local, bool with_namespace = false) {
    std::optional<std::string> out;
    if (xmlTextReaderMoveToFirstAttribute(r_) != 1) return out;
    do {
      bool namespaced = xmlTextReaderConstNamespaceUri(r_) != nullptr;
      if (name() == local && namespaced == with_namespace) {
        out = std::string(value());
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(r_) == 1);
    xmlTextReaderMoveToElement(r_);
    return out;
  }

 private:
  static std::string_view sv(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view(); }
  static void on_error(void* self, xmlErrorPtr e) {
    auto* x = static_cast<Xml*>(self);
    if (!x->message_.empty() || !e) return;
    std::string m = e->message ? e->message : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    x->message_ = "第 " + std::to_string(e->line) + " 行 XML 格式错误（" + m + "）";
  }

  std::string name_;
  xmlTextReaderPtr r_ = nullptr;
  bool failed_ = false;
  std::string message_;
};

// OOXML escapes characters XML cannot carry as _xHHHH_ (e.g. _x000D_ for CR; _x005F_ for _).
// HHHH is a UTF-16 code unit: a high surrogate followed by an escaped low one is one
// character; a surrogate on its own (not UTF-8-encodable) becomes U+FFFD.
std::string decode_escapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  auto escape_at = [&](std::size_t i, unsigned& cp) {
    return s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
           std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16).ptr == s.data() + i + 6;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned cp = 0, low = 0;
    if (escape_at(i, cp)) {
      i += 7;
      if (cp >= 0xD800 && cp <= 0xDBFF && i < s.size() && escape_at(i, low) && low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 7;
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      if (cp < 0x80) out += static_cast<char>(cp);
      else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
      else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
      continue;
    }
    out += s[i++];
  }
  return out;
}

// Relationships of a part: Id → target path inside the archive, and the first target of each type.
struct Rels {
  std::map<std::string, std::string> by_id;
  std::map<std::string, std::string> by_type;  // last path segment of the Type URI → target
};

std::string resolve(const std::string& base_dir, std::string target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string dir = base_dir;
  while (target.rfind("./", 0) == 0) target = target.substr(2);
  while (target.rfind("../", 0) == 0) {
    target = target.substr(3);
    auto slash = dir.rfind('/');
    dir = slash == std::string::npos ? "" : dir.substr(0, slash);
  }
  return dir.empty() ? target : dir + "/" + target;
}

Result<Rels> read_rels(Archive& zip, const std::string& path, const std::string& base_dir) {
  Rels rels;
  auto bytes = zip.read(path);
  if (!bytes) return bytes.error();
  if (!*bytes) return rels;
  Xml x(**bytes, path);
  while (x.next()) {
    if (!x.start("Relationship")) continue;
    auto id = x.attribute("Id"), target = x.attribute("Target"), type = x.attribute("Type");
    if (!target || x.attribute("TargetMode").value_or("") == "External") continue;
    std::string resolved = resolve(base_dir, *target);
    if (id) rels.by_id[*id] = resolved;
    if (type) {
      std::string kind = type->substr(type->rfind('/') + 1);
      rels.by_type.emplace(kind, resolved);
    }
  }
  if (auto st = x.status(); !st) return st.error();
  return rels;
}

Result<std::vector<std::string>> read_shared_strings(Archive& zip, const std::string& path) {
  std::vector<std::string> out;
  auto bytes = zip.read(path);
  if (!bytes) return bytes.error();
  if (!*bytes) return out;
  Xml x(**bytes, path);
  std::string cur;
  bool in_si = false, in_t = false, in_phonetic = false;
  while (x.next()) {
    if (x.start("si")) {
      if (x.empty_element()) out.emplace_back();
      else { in_si = true; cur.clear(); }
    } else if (x.end("si")) {
      out.push_back(decode_escapes(std::move(cur)));
      cur.clear();
      in_si = false;
    } else if (x.start("rPh")) {
      in_phonetic = !x.empty_element();
    } else if (x.end("rPh")) {
      in_phonetic = false;
    } else if (x.start("t")) {
      in_t = !x.empty_element();
    } else if (x.end("t")) {
      in_t = false;
    } else if (in_si && in_t && !in_phonetic && x.text()) {
      cur += x.value();
    }
  }
  if (auto st = x.status(); !st) return st.error();
  return out;
}

Result<std::size_t> parse_row_number(std::string_view s) {
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 1 || n > kMaxSheetRows)
    return bad("工作表的行号“" + std::string(s) + "”无效");
  return n;
}

// Whether a number format shows a date or time: Excel's built-in date formats (14–22, 45–47,
// and the CJK ones 27–36, 50–58), or a custom code with date/time letters outside quoted text,
// brackets ([Red], [$-804]) and escapes.
bool is_date_format(int id, std::string_view code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  if (id < 164 || code.empty()) return false;
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) { quoted = c != '"'; continue; }
    if (c == '"') quoted = true;
    else if (c == '\\' || c == '_' || c == '*') ++i;
    else if (c == '[') ++bracket;
    else if (c == ']') bracket = bracket > 0 ? bracket - 1 : 0;
    else if (bracket == 0 && std::strchr("yYmMdDhHsS", c)) return true;
  }
  return false;
}

// xf index (a cell's s attribute) → whether its number format is a date (xl/styles.xml).
Result<std::vector<bool>> read_date_styles(Archive& zip, const std::string& path) {
  std::vector<bool> out;
  auto bytes = zip.read(path);
  if (!bytes) return bytes.error();
  if (!*bytes) return out;
  std::map<int, std::string> custom;
  Xml x(**bytes, path);
  bool in_cell_xfs = false;
  auto id_of = [](const std::optional<std::string>& a) {
    int n = 0;
    if (a) std::from_chars(a->data(), a->data() + a->size(), n);
    return n;
  };
  while (x.next()) {
    if (x.start("numFmt")) custom[id_of(x.attribute("numFmtId"))] = x.attribute("formatCode").value_or("");
    else if (x.start("cellXfs")) in_cell_xfs = !x.empty_element();
    else if (x.end("cellXfs")) in_cell_xfs = false;
    else if (in_cell_xfs && x.start("xf")) {
      int id = id_of(x.attribute("numFmtId"));
      auto it = custom.find(id);
      out.push_back(is_date_format(id, it == custom.end() ? "" : it->second));
    }
  }
  if (auto st = x.status(); !st) return st.error();
  return out;
}

// An Excel date serial as YYYY-MM-DD, with " HH:MM:SS" when it has a time of day.
std::optional<std::string> date_text(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return std::nullopt;  // 9999-12-31
  auto whole = static_cast<std::int64_t>(std::floor(serial));
  auto seconds = static_cast<std::int64_t>(std::llround((serial - static_cast<double>(whole)) * 86400));
  if (seconds >= 86400) { ++whole; seconds -= 86400; }
  // Days since 1970-01-01. The 1900 system counts a 29 February 1900 that never was (serial 60).
  std::int64_t days = date1904 ? whole - 24107 : whole >= 61 ? whole - 25569 : whole - 25568;
  if (!date1904 && whole == 0) return std::nullopt;
  // civil_from_days (H. Hinnant).
  std::int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[32];
  int n = seconds ? std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", static_cast<long long>(y), static_cast<long long>(m),
                                  static_cast<long long>(d), static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                                  static_cast<long long>(seconds % 60))
                  : std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d));
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

FileKind sniff(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4)) || bytes.starts_with(std::string_view("PK\x05\x06", 4))) return FileKind::kZip;
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) return FileKind::kOle2;
  return FileKind::kOther;
}

Result<CellRef> parse_cell_ref(std::string_view ref) {
  CellRef c;
  std::size_t i = 0, col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3) col = col * 26 + static_cast<std::size_t>(ref[i++] - 'A' + 1);
  if (i == 0 || col > kMaxColumns) return bad("单元格引用“" + std::string(ref) + "”无效");
  auto row = parse_row_number(ref.substr(i));
  if (!row) return bad("单元格引用“" + std::string(ref) + "”无效");
  c.column = col - 1;
  c.row = *row;
  return c;
}

Result<std::string> number_text(std::string_view stored) {
  while (!stored.empty() && stored.front() == ' ') stored.remove_prefix(1);
  while (!stored.empty() && stored.back() == ' ') stored.remove_suffix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), v);
  if (stored.empty() || ec != std::errc() || p != stored.data() + stored.size() || !std::isfinite(v))
    return bad("数值“" + std::string(stored.substr(0, 40)) + "”无效");
  char buf[64];
  std::to_chars_result r;
  if (v == std::trunc(v) && std::fabs(v) < 1e15)
    r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
  else
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
  return std::string(buf, r.ptr);
}

// What reading the first sheet needs from the rest of the package.
struct FirstSheet {
  std::string path, xml;
  std::vector<std::string> shared;  // shared strings
  std::vector<bool> date_styles;    // cell style index → shows a date
  bool date1904 = false;
};

Result<FirstSheet> first_sheet(Archive& zip) {
  // The workbook: named by the package relationships, else where every writer puts it.
  auto package = read_rels(zip, "_rels/.rels", "");
  if (!package) return package.error();
  std::string workbook_path = "xl/workbook.xml";
  if (auto it = package->by_type.find("officeDocument"); it != package->by_type.end()) workbook_path = it->second;
  auto workbook = zip.read(workbook_path);
  if (!workbook) return workbook.error();
  if (!*workbook) return bad("ZIP 文件中没有 Excel 工作簿（" + workbook_path + "）：请上传 Excel 保存的 .xlsx 文件");
  std::string first_sheet_id;
  bool date1904 = false;
  {
    Xml x(**workbook, workbook_path);
    while (x.next()) {
      if (x.start("workbookPr")) {
        auto d = x.attribute("date1904").value_or("");
        date1904 = d == "1" || d == "true";
      }
      if (x.start("sheet")) {
        first_sheet_id = x.attribute("id", true).value_or("");
        break;
      }
    }
    if (auto st = x.status(); !st) return st.error();
  }
  if (first_sheet_id.empty()) return bad("工作簿中没有工作表");

  auto slash = workbook_path.rfind('/');
  std::string base = slash == std::string::npos ? "" : workbook_path.substr(0, slash);
  std::string file = workbook_path.substr(slash == std::string::npos ? 0 : slash + 1);
  auto rels = read_rels(zip, (base.empty() ? "" : base + "/") + "_rels/" + file + ".rels", base);
  if (!rels) return rels.error();
  auto sheet_it = rels->by_id.find(first_sheet_id);
  if (sheet_it == rels->by_id.end()) return bad("XLSX 文件已损坏：找不到第一个工作表（" + first_sheet_id + "）");
  std::vector<std::string> shared;
  if (auto it = rels->by_type.find("sharedStrings"); it != rels->by_type.end()) {
    auto s = read_shared_strings(zip, it->second);
    if (!s) return s.error();
    shared = std::move(*s);
  }
  std::vector<bool> date_styles;
  if (auto it = rels->by_type.find("styles"); it != rels->by_type.end()) {
    auto st = read_date_styles(zip, it->second);
    if (!st) return st.error();
    date_styles = std::move(*st);
  }
  auto sheet_bytes = zip.read(sheet_it->second);
  if (!sheet_bytes) return sheet_bytes.error();
  if (!*sheet_bytes) return bad("XLSX 文件已损坏：缺少工作表 " + sheet_it->second);
  return FirstSheet{sheet_it->second, std::move(**sheet_bytes), std::move(shared), std::move(date_styles), date1904};

}

Result<std::vector<std::vector<std::string>>> read_xlsx(std::string_view bytes, const XlsxLimits& limits) {
  switch (sniff(bytes)) {
    case FileKind::kOle2:
      return bad("这是旧版 Excel（.xls）文件或设置了打开密码的工作簿：请在 Excel 中“另存为”不加密的 .xlsx 文件后再上传");
    case FileKind::kOther:
      return bad("不是有效的 XLSX 文件（不是 ZIP 格式）");
    case FileKind::kZip:
      break;
  }
  auto opened = Archive::open(bytes, limits.max_uncompressed_bytes);
  if (!opened) return opened.error();
  auto sheet = first_sheet(**opened);
  if (!sheet) return sheet.error();
  const std::vector<std::string>& shared = sheet->shared;
  const std::vector<bool>& date_styles = sheet->date_styles;
  const bool date1904 = sheet->date1904;

  // The cells. Rows and cells may omit their reference (then they follow the previous one).
  std::vector<std::vector<std::string>> grid;
  std::size_t cells = 0, row = 0, column = 0;
  bool have_column = false;
  std::string type, ref, v, inline_text;
  std::size_t style = 0;
  bool in_v = false, in_is = false, in_t = false, in_phonetic = false;
  auto place = [&](std::string value) -> Status {
    if (value.empty()) return {};
    if (row > limits.max_rows) return bad("工作表超过 " + std::to_string(limits.max_rows) + " 行，拒绝处理");
    if (grid.size() < row) grid.resize(row);
    auto& cells_of_row = grid[row - 1];
    if (cells_of_row.size() <= column) {
      cells += column + 1 - cells_of_row.size();
      if (cells > limits.max_cells) return bad("工作表超过 " + std::to_string(limits.max_cells) + " 个单元格，拒绝处理");
      cells_of_row.resize(column + 1);
    }
    cells_of_row[column] = std::move(value);
    return {};
  };
  Xml x(sheet->xml, sheet->path);
  while (x.next()) {
    if (x.start("row")) {
      if (auto r = x.attribute("r")) {
        auto n = parse_row_number(*r);
        if (!n) return n.error();
        row = *n;
      } else {
        ++row;
      }
      if (row > limits.max_rows) return bad("工作表超过 " + std::to_string(limits.max_rows) + " 行，拒绝处理");
      have_column = false;
    } else if (x.start("c")) {
      if (row == 0) row = 1;
      type = x.attribute("t").value_or("n");
      style = 0;
      if (auto sa = x.attribute("s")) std::from_chars(sa->data(), sa->data() + sa->size(), style);
      ref = x.attribute("r").value_or("");
      if (!ref.empty()) {
        auto c = parse_cell_ref(ref);
        if (!c) return c.error();
        column = c->column;
      } else {
        column = have_column ? column + 1 : 0;
        if (column >= kMaxColumns) return bad("工作表超过 16384 列");
        ref = "第 " + std::to_string(row) + " 行第 " + std::to_string(column + 1) + " 列";
      }
      have_column = true;
      v.clear();
      inline_text.clear();
      if (x.empty_element()) continue;
    } else if (x.end("c")) {
      std::string value;
      if (type == "s") {
        if (v.empty()) continue;
        std::size_t i = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
        if (ec != std::errc() || p != v.data() + v.size() || i >= shared.size())
          return bad("单元格 " + ref + " 引用了不存在的共享字符串（" + v + "）");
        value = shared[i];
      } else if (type == "inlineStr") {
        value = decode_escapes(inline_text);
      } else if (type == "b") {
        value = v == "1" ? "TRUE" : v == "0" ? "FALSE" : v;
      } else if (type == "n") {
        if (!v.empty()) {
          auto t = number_text(v);
          if (!t) return bad("单元格 " + ref + " 的" + t.error().message);
          value = *t;
          if (style < date_styles.size() && date_styles[style]) value = date_text(std::strtod(v.c_str(), nullptr), date1904).value_or(value);
        }
      } else if (type == "e") {
        return bad("单元格 " + ref + " 是 Excel 错误值 " + v + "（公式出错）：请改正后再导入");
      } else {  // str (formula result), d (ISO 8601 date)
        value = decode_escapes(v);
      }
      if (auto st = place(std::move(value)); !st) return st.error();
    } else if (x.start("v")) {
      in_v = !x.empty_element();
    } else if (x.end("v")) {
      in_v = false;
    } else if (x.start("is")) {
      in_is = !x.empty_element();
    } else if (x.end("is")) {
      in_is = false;
    } else if (x.start("rPh")) {
      in_phonetic = !x.empty_element();
    } else if (x.end("rPh")) {
      in_phonetic = false;
    } else if (x.start("t")) {
      in_t = !x.empty_element();
    } else if (x.end("t")) {
      in_t = false;
    } else if (x.text()) {
      if (in_v) v += x.value();
      else if (in_is && in_t && !in_phonetic) inline_text += x.value();
    }
  }
  if (auto st = x.status(); !st) return st.error();
  return grid;
}

}  // namespace zhifa::sheet
