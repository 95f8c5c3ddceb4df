#include "platform/render/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zhifa::render {

Result<std::string> xlsx_table(const std::vector<XlsxColumn>& columns, const std::vector<std::vector<std::string>>& rows) {
  // libxlsxwriter writes to a file only: a private temporary file, read back, removed.
  char path[] = "/tmp/zhifa-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Error::internal("无法创建临时文件");
  ::close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    std::remove(path);
    return Error::internal("无法创建 XLSX");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), columns[c].title.c_str(), bold);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width, nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  lxw_row_t r = 1;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size() && c < columns.size(); ++c)
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), row[c].c_str(), nullptr);
    ++r;
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::remove(path);
    return Error::internal(std::string("XLSX 写入失败：") + lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path);
  return ss.str();
}

}  // namespace zhifa::render
