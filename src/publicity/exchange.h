#pragma once
// Import and export of the lists: CSV (UTF-8, or GBK/GB18030 as Excel in China writes it,
// detected and converted with iconv), XLSX import (platform/sheet) and XLSX export
// (libxlsxwriter). Imports are all-or-nothing: every row error is reported (row, column,
// reason) and nothing is saved.
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

inline constexpr std::size_t kMaxImportBytes = 2 * 1024 * 1024;

// UTF-8 text from uploaded bytes: UTF-8 (BOM stripped) as is; otherwise GB18030 (a superset of
// GBK) converted; otherwise an error saying which encodings are accepted.
Result<std::string> decode_upload(std::string_view bytes);

// RFC 4180 CSV → rows of cells (quoted fields, "" escapes, CRLF or LF, embedded newlines).
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text);

// Table rows (first row: the header, by Chinese label or field key) → list rows. Unknown
// columns, missing required columns and every row's field errors go to `errors` (row numbers
// count data rows from 1, as a spreadsheet shows them from line 2). Trailing blank rows (as
// Excel writes ",,," lines) are ignored.
json rows_from_table(const ListDef& def, const std::vector<std::vector<std::string>>& table, std::vector<RowError>& errors);

// The XLSX workbook bytes of a list (one sheet, header row in Chinese).
Result<std::string> to_xlsx(const ListDef& def, const json& rows);

// An uploaded table, by its content (not its name): XLSX (a ZIP: the first worksheet, via
// platform/sheet/xlsx_reader.h), an old .xls or encrypted workbook (refused, saying so), else
// CSV through decode_upload and parse_csv. Files over kMaxImportBytes are refused.
Result<std::vector<std::vector<std::string>>> read_table(std::string_view bytes);

}  // namespace zhifa::publicity
