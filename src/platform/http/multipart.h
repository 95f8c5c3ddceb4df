#pragma once
// multipart/form-data bodies (RFC 7578), as browsers send a form with <input type=file>.
// A small parser of our own (RFC 2046 delimiters, RFC 7230 header fields, RFC 6266/5987
// Content-Disposition parameters); it works on a body already in memory.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::http {

struct Part {
  std::string name;          // the form field's name
  std::string filename;      // the uploaded file's name (filename*, else filename), "" if none
  bool file = false;         // the part came from a file input (a filename parameter was sent)
  std::string content_type;  // the part's Content-Type, "" when absent (text/plain)
  std::string bytes;         // the content, exactly as sent
};

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_name_bytes = 256;  // field and file names
};

// The parts of a multipart/form-data body, in order. Errors (Error::invalid, field "body"):
// not multipart/form-data, missing or malformed boundary, a body that does not open and close
// with the boundary, a part without a valid Content-Disposition: form-data; name="…", too many
// parts, names too long or not UTF-8. The message says which, for a 400 answer.
Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body,
                                          const MultipartLimits& limits = {});

// The first part with this name, or nullptr.
const Part* find_part(const std::vector<Part>& parts, std::string_view name);

}  // namespace zhifa::http
