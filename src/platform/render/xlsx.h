#pragma once
// A table as an XLSX workbook (libxlsxwriter): the header row bold and frozen, every cell text.
// For the workspace's "导出 Excel" of a filtered list: the rows the person sees, all pages.
#include <string>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::render {

struct XlsxColumn {
  std::string title;
  double width = 16;  // in characters
};

Result<std::string> xlsx_table(const std::vector<XlsxColumn>& columns, const std::vector<std::vector<std::string>>& rows);

}  // namespace zhifa::render
