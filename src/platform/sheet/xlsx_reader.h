#pragma once
// Reading spreadsheets: the first worksheet of an XLSX (Office Open XML, ECMA-376) workbook
// as a grid of cell texts. libzip opens the container, libxml2's streaming reader parses
// xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/sharedStrings.xml, xl/styles.xml and the
// worksheet.
// No domain knowledge: callers (publicity/exchange.h) map the grid to their rows.
//
// Guards against hostile files: the uncompressed size of every member is checked before and
// while it is read (zip bombs), rows and cells are capped, DTDs are refused (no entity
// expansion, no network), and each kind of wrong file gets its own message.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::sheet {

struct XlsxLimits {
  std::uint64_t max_uncompressed_bytes = 50ull * 1024 * 1024;  // all members read, together
  std::size_t max_rows = 200'000;
  std::size_t max_cells = 2'000'000;  // the grid, gaps included
};

// What kind of file the bytes are, by their magic number.
enum class FileKind { kZip, kOle2, kOther };  // kOle2: old binary .xls, or an encrypted workbook
FileKind sniff(std::string_view bytes);

// The first worksheet (in workbook order) as rows from row 1 to the last row with a value;
// each row as cells from column A to its last value; gaps (missing rows or cells) are "".
// Shared strings, inline strings (rich-text runs concatenated, phonetic runs left out,
// _xHHHH_ escapes decoded), formula results, booleans (TRUE/FALSE) and numbers as text:
// integral numbers without a fraction or exponent (1.0E+3 → 1000), others with at most 15
// significant digits as Excel shows them (0.30000000000000004 → 0.3); numbers in a date
// format (xl/styles.xml) as YYYY-MM-DD[ HH:MM:SS] (1900 or 1904 date system).
// Errors (Error::invalid, field "file") name the problem in Chinese: not a ZIP, an .xls or
// encrypted workbook, a ZIP without a workbook, an encrypted member, a member or total
// larger than the limits, too many rows or cells, malformed XML (with the member's name), a
// cell holding an Excel error value such as #N/A (with the cell's reference).
Result<std::vector<std::vector<std::string>>> read_xlsx(std::string_view bytes, const XlsxLimits& limits = {});

// "C7" → {column 2 (0-based), row 7 (1-based)}; columns A…XFD; an error if malformed.
struct CellRef { std::size_t column = 0; std::size_t row = 0; };
Result<CellRef> parse_cell_ref(std::string_view ref);

// A numeric cell's stored text as Excel shows it (see read_xlsx). Error if not a number.
Result<std::string> number_text(std::string_view stored);

}  // namespace zhifa::sheet
