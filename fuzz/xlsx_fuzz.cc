// XLSX import: platform/sheet's reader (libzip + libxml2 streaming), with limits small enough
// that a run is not spent expanding legitimate-but-huge grids.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/sheet/xlsx_reader.h"

using namespace zhifa::sheet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)sniff(bytes);
  XlsxLimits limits;
  limits.max_uncompressed_bytes = 8 * 1024 * 1024;
  limits.max_rows = 20'000;
  limits.max_cells = 200'000;
  (void)read_xlsx(bytes, limits);
  // The small helpers read_xlsx uses, on raw text as well.
  if (size < 64) {
    (void)parse_cell_ref(bytes);
    (void)number_text(bytes);
  }
  return 0;
}
