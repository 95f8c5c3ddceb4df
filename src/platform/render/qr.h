#pragma once
// QR codes (ISO/IEC 18004) with libqrencode: the matrix, and an SVG drawing of it. Used for the
// service-guide and badge PDFs (a link to the online version / the certificate check page)
// and anywhere a page wants a scannable link.
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::render {

struct QrMatrix {
  int size = 0;               // modules per side (without the quiet zone)
  std::vector<bool> dark;     // row-major, size * size
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// Encodes UTF-8 text (8-bit mode, error correction level M). Text over 2,000 bytes is refused.
Result<QrMatrix> qr_encode(std::string_view text);
// An SVG of the matrix with a 4-module quiet zone; module_px user units per module.
std::string qr_svg(const QrMatrix& m, int module_px = 4);
// Both at once.
Result<std::string> qr_svg(std::string_view text, int module_px = 4);

}  // namespace zhifa::render
