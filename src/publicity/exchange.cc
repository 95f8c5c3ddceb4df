#include "publicity/exchange.h"

#include "platform/core/text.h"
#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "platform/sheet/xlsx_reader.h"

namespace zhifa::publicity {


Result<std::string> decode_upload(std::string_view bytes) {
  if (bytes.size() > kMaxImportBytes) return Error::invalid("文件过大（最大 2 MB）", "file");
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (text::valid_utf8(bytes)) return std::string(bytes);  // strict: no overlong forms, surrogates, > U+10FFFF
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Error::internal("iconv 不支持 GB18030");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size(), out_left = out.size();
  char* o = out.data();
  std::size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1) || in_left != 0)
    return Error::invalid("无法识别文件编码：请使用 UTF-8 或 GBK/GB18030 编码的 CSV 文件", "file");
  out.resize(out.size() - out_left);
  return out;
}

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { cell += '"'; ++i; }
        else quoted = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && cell.empty()) { quoted = true; any = true; continue; }
    if (c == ',') { row.push_back(std::move(cell)); cell.clear(); any = true; continue; }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r') {
      row.push_back(std::move(cell));
      cell.clear();
      bool blank = row.size() == 1 && row[0].empty();
      if (!blank) rows.push_back(std::move(row));
      row.clear();
      any = false;
      ++line;
      continue;
    }
    cell += c;
    any = true;
  }
  if (quoted) return Error::invalid("CSV 第" + std::to_string(line) + "行：引号没有闭合", "file");
  if (any || !cell.empty()) { row.push_back(std::move(cell)); rows.push_back(std::move(row)); }
  return rows;
}

json rows_from_table(const ListDef& def, const std::vector<std::vector<std::string>>& table, std::vector<RowError>& errors) {
  json rows = json::array();
  if (table.empty()) { errors.push_back({0, "", "文件是空的"}); return rows; }
  std::vector<const FieldDef*> columns;
  for (auto& h : table[0]) {
    std::string name = h;
    while (!name.empty() && (name.back() == ' ' || name.back() == '*')) name.pop_back();
    const FieldDef* match = nullptr;
    for (auto& f : def.fields)
      if (f.zh == name || f.key == name || f.en == name) match = &f;
    if (!match && !name.empty()) errors.push_back({0, name, "未知的列“" + name + "”"});
    columns.push_back(match);
  }
  for (auto& f : def.fields) {
    bool present = false;
    for (auto* c : columns) present |= c == &f;
    if (f.required && !present) errors.push_back({0, f.key, "缺少必填列“" + f.zh + "”"});
  }
  if (table.size() - 1 > 5000) { errors.push_back({0, "", "超过 5000 行"}); return rows; }
  // Trailing blank rows (every cell empty: the ",,,," lines Excel writes below a formatted
  // table) end the table; a blank row between rows is a row with its fields missing.
  std::size_t end = table.size();
  auto blank = [](const std::vector<std::string>& row) {
    for (auto& cell : row)
      if (cell.find_first_not_of(" \t") != std::string::npos) return false;
    return true;
  };
  while (end > 1 && blank(table[end - 1])) --end;
  for (std::size_t r = 1; r < end; ++r) {
    std::vector<std::pair<std::string, std::string>> values;
    for (std::size_t c = 0; c < table[r].size(); ++c) {
      if (c >= columns.size()) {
        if (!table[r][c].empty()) errors.push_back({static_cast<int>(r), "", "多出的列（第" + std::to_string(c + 1) + "列）"});
        continue;
      }
      // The guard quote csv_cell put in front of "+86 537…" or "-5" comes off again, whether
      // the file comes back as CSV or was saved as XLSX by the spreadsheet in between.
      if (columns[c]) values.push_back({columns[c]->key, csv_unguard(table[r][c])});
    }
    rows.push_back(row_from_strings(def, values, static_cast<int>(r), errors));
  }
  return rows;
}

Result<std::string> to_xlsx(const ListDef& def, const json& rows) {
  // libxlsxwriter 1.1.5 writes to a file only: a private temporary file, read back, removed.
  char path[] = "/tmp/zhifa-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Error::internal("无法创建临时文件");
  ::close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) { std::remove(path); return Error::internal("无法创建 XLSX"); }
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  for (std::size_t c = 0; c < def.fields.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), def.fields[c].zh.c_str(), bold);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), def.fields[c].type == FieldType::kText ? 18 : 40, nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  lxw_row_t r = 1;
  for (auto& row : rows) {
    for (std::size_t c = 0; c < def.fields.size(); ++c) {
      const auto& f = def.fields[c];
      std::string v = f.type == FieldType::kBands ? bands_text(row.contains(f.key) ? row[f.key] : json::array()) : row.value(f.key, "");
      if (f.type == FieldType::kBands && !v.empty() && v.back() == '\n') v.pop_back();
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), v.c_str(), wrap);
    }
    ++r;
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) { std::remove(path); return Error::internal(std::string("XLSX 写入失败：") + lxw_strerror(err)); }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path);
  return ss.str();
}

Result<std::vector<std::vector<std::string>>> read_table(std::string_view bytes) {
  if (bytes.size() > kMaxImportBytes) return Error::invalid("文件过大（最大 2 MB）", "file");
  switch (sheet::sniff(bytes)) {
    case sheet::FileKind::kZip:
    case sheet::FileKind::kOle2:
      return sheet::read_xlsx(bytes);
    case sheet::FileKind::kOther:
      break;
  }
  auto text = decode_upload(bytes);
  if (!text) return text.error();
  return parse_csv(*text);
}

}  // namespace zhifa::publicity
