#include "platform/render/qr.h"

#include <qrencode.h>

#include <mutex>

namespace zhifa::render {

Result<QrMatrix> qr_encode(std::string_view text) {
  if (text.empty()) return Error::invalid("QR 码内容为空");
  if (text.size() > 2000) return Error::invalid("QR 码内容过长");
  std::string s(text);
  // libqrencode keeps no state between calls, but its error reporting is errno: serialise.
  static std::mutex mu;
  std::lock_guard lk(mu);
  QRcode* code = QRcode_encodeData(static_cast<int>(s.size()), reinterpret_cast<const unsigned char*>(s.data()), 0, QR_ECLEVEL_M);
  if (!code) return Error::internal("QR 码生成失败");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (int i = 0; i < m.size * m.size; ++i) m.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

std::string qr_svg(const QrMatrix& m, int module_px) {
  const int quiet = 4, total = (m.size + 2 * quiet) * module_px;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + std::to_string(total) + " " +
                    std::to_string(total) + "\" width=\"" + std::to_string(total) + "\" height=\"" + std::to_string(total) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.at(x, y))
        out += "M" + std::to_string((x + quiet) * module_px) + " " + std::to_string((y + quiet) * module_px) + "h" +
               std::to_string(module_px) + "v" + std::to_string(module_px) + "h-" + std::to_string(module_px) + "z";
  out += "\"/></svg>";
  return out;
}

Result<std::string> qr_svg(std::string_view text, int module_px) {
  auto m = qr_encode(text);
  if (!m) return m.error();
  return qr_svg(*m, module_px);
}

}  // namespace zhifa::render
