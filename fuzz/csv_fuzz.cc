// CSV (and whatever else an upload holds) import, as POST /…/lists/<kind>/import reads it:
// read_table (size limit, sniffing, UTF-8 / GB18030 decoding, RFC 4180 parsing, or the XLSX
// reader for a ZIP) and then rows_from_table against every list definition, whose rows the
// import serialises.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "publicity/exchange.h"
#include "publicity/lists.h"

using namespace zhifa::publicity;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The CSV parser on its own too (read_table only reaches it for non-ZIP, decodable bytes).
  (void)parse_csv(bytes);
  auto table = read_table(bytes);
  if (!table) return 0;
  for (const auto& def : list_defs()) {
    std::vector<RowError> errors;
    json rows = rows_from_table(def, *table, errors);
    // The import stores the rows as JSON text: serialising them must not throw (it does on
    // invalid UTF-8).
    (void)rows.dump();
  }
  return 0;
}
