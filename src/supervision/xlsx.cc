#include "supervision/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zhifa::supervision {

Result<std::string> write_xlsx(const std::vector<Sheet>& sheets) {
  // libxlsxwriter writes to a file only: a private temporary file, read back, removed.
  char path[] = "/tmp/zhifa-sup-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Error::internal("无法创建临时文件");
  ::close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    std::remove(path);
    return Error::internal("无法创建 XLSX");
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.empty() ? nullptr : sheet.name.c_str());
    if (!ws) continue;
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c)
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), sheet.rows[r][c].c_str(), r == 0 ? bold : nullptr);
    if (!sheet.rows.empty()) {
      worksheet_freeze_panes(ws, 1, 0);
      worksheet_set_column(ws, 0, static_cast<lxw_col_t>(sheet.rows[0].size()), 18, nullptr);
    }
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

}  // namespace zhifa::supervision
