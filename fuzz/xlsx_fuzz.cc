// XLSX import: platform/sheet's reader (libzip + libxml2 streaming). Two kinds of input:
//   - bytes starting with "PK": the uploaded file as is (the ZIP container, its limits, …);
//   - anything else: the XML members of a workbook, separated by NUL bytes, in this order:
//     xl/worksheets/sheet1.xml, xl/sharedStrings.xml, xl/styles.xml, xl/workbook.xml (later ones
//     may be left out: then a fixed workbook is used). The target zips them (stored, so that
//     libzip's CRC checks pass) — mutating deflated members would rarely reach the XML at all.
// Every cell read must be valid UTF-8 (the importer stores and re-serialises it as JSON).
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/sheet/xlsx_reader.h"

using namespace zhifa::sheet;

namespace {

const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)";
const char* kPackageRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
const char* kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)";
const char* kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>)";

// A stored (uncompressed) ZIP of the members, in memory.
std::string make_zip(const std::vector<std::pair<const char*, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &error) : nullptr;
  std::string out;
  if (!z) {
    if (src) zip_source_free(src);
    zip_error_fini(&error);
    return out;
  }
  zip_source_keep(src);
  for (const auto& [name, bytes] : members) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    zip_int64_t idx = s ? zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) { if (s) zip_source_free(s); continue; }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
  } else if (zip_source_open(src) == 0) {
    char buf[16384];
    zip_int64_t n;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&error);
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    unsigned cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char d = s[i + k];
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string wrapped;
  if (!in.starts_with("PK")) {
    std::vector<std::string> xml;
    while (xml.size() < 3) {
      auto nul = in.find('\0');
      xml.emplace_back(in.substr(0, nul));
      if (nul == std::string_view::npos) { in = {}; break; }
      in.remove_prefix(nul + 1);
    }
    std::string workbook = in.empty() ? kWorkbook : std::string(in);
    std::vector<std::pair<const char*, std::string>> members = {
        {"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kPackageRels},
        {"xl/_rels/workbook.xml.rels", kWorkbookRels}, {"xl/workbook.xml", workbook},
        {"xl/worksheets/sheet1.xml", xml[0]}};
    if (xml.size() > 1) members.push_back({"xl/sharedStrings.xml", xml[1]});
    if (xml.size() > 2) members.push_back({"xl/styles.xml", xml[2]});
    wrapped = make_zip(members);
    if (wrapped.empty()) return 0;
    in = wrapped;
  }
  (void)sniff(in);
  XlsxLimits limits;
  limits.max_uncompressed_bytes = 8 * 1024 * 1024;
  limits.max_rows = 20'000;
  limits.max_cells = 200'000;
  auto grid = read_xlsx(in, limits);
  if (grid)
    for (const auto& row : *grid)
      for (const auto& cell : row)
        if (!valid_utf8(cell)) __builtin_trap();
  if (size < 64) {
    (void)parse_cell_ref(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)number_text(std::string_view(reinterpret_cast<const char*>(data), size));
  }
  return 0;
}
