#include "platform/http/compress.h"

#include <zlib.h>

namespace zhifa::http {

std::string gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

void maybe_compress(const Request& req, Response& resp) {
  if (resp.file || resp.body.size() < 1024 || resp.status == 206 || !req.wants_gzip()) return;
  if (resp.headers.get("Content-Encoding")) return;
  std::string_view type = resp.headers.get("Content-Type").value_or("");
  bool textual = type.starts_with("text/") || type.starts_with("application/json") ||
                 type.starts_with("image/svg") || type.starts_with("application/atom") ||
                 type.starts_with("application/javascript");
  if (!textual) return;
  std::string z = gzip(resp.body);
  if (z.empty() || z.size() >= resp.body.size()) return;
  resp.body = std::move(z);
  resp.headers.set("Content-Encoding", "gzip");
  resp.headers.add("Vary", "Accept-Encoding");
  // A strong ETag names one representation: mark the compressed one apart.
  if (auto etag = resp.headers.get("ETag"); etag && etag->size() > 2 && etag->back() == '"') {
    std::string e(*etag);
    e.insert(e.size() - 1, "-gz");
    resp.headers.set("ETag", e);
  }
}

}  // namespace zhifa::http
