#pragma once
// A workbook of plain tables (the first row of each sheet is its header, in bold), for the
// supervisor's exports and the annual report (libxlsxwriter).
#include <string>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::supervision {

struct Sheet {
  std::string name;                            // ≤ 31 characters, no []:*?/\ (Excel's rule)
  std::vector<std::vector<std::string>> rows;  // rows[0]: the header
};

Result<std::string> write_xlsx(const std::vector<Sheet>& sheets);

}  // namespace zhifa::supervision
