#include "platform/http/static_files.h"

#include <sys/stat.h>

#include <charconv>
#include <optional>

namespace zhifa::http {

std::string content_type_for(std::string_view path) {
  auto ends = [&](std::string_view s) { return path.ends_with(s); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".json")) return "application/json";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".mp4")) return "video/mp4";
  if (ends(".webm")) return "video/webm";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

namespace {

struct Range { std::uint64_t first, last; };

// Parses a single range "bytes=a-b" against size. nullopt: no (usable) Range header;
// first > last marks an unsatisfiable range.
std::optional<Range> parse_range(std::string_view h, std::uint64_t size, bool& unsatisfiable) {
  unsatisfiable = false;
  if (!h.starts_with("bytes=")) return std::nullopt;
  h.remove_prefix(6);
  if (h.find(',') != std::string_view::npos) return std::nullopt;  // multi-range: serve it whole
  auto dash = h.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto num = [](std::string_view s, std::uint64_t& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size();
  };
  std::uint64_t a = 0, b = 0;
  auto left = h.substr(0, dash), right = h.substr(dash + 1);
  if (left.empty()) {  // suffix: the last b bytes
    if (!num(right, b) || b == 0) { unsatisfiable = true; return std::nullopt; }
    if (size == 0) { unsatisfiable = true; return std::nullopt; }
    return Range{b >= size ? 0 : size - b, size - 1};
  }
  if (!num(left, a)) return std::nullopt;
  if (right.empty()) b = size ? size - 1 : 0;
  else if (!num(right, b) || b < a) return std::nullopt;
  if (a >= size) { unsatisfiable = true; return std::nullopt; }
  if (b >= size) b = size - 1;
  return Range{a, b};
}

bool not_modified(const Request& req, const std::string& etag, std::time_t mtime) {
  if (auto inm = req.headers.get("If-None-Match")) {
    return inm->find(etag) != std::string_view::npos || *inm == "*";
  }
  if (auto ims = req.headers.get("If-Modified-Since")) return *ims == http_date(mtime);
  return false;
}

}  // namespace

Response serve_bytes(const Request& req, std::string_view bytes, const std::string& content_type,
                     const std::string& etag, std::time_t last_modified, std::string_view cache_control) {
  Response r;
  r.headers.set("ETag", etag);
  r.headers.set("Last-Modified", http_date(last_modified));
  r.headers.set("Accept-Ranges", "bytes");
  if (!cache_control.empty()) r.headers.set("Cache-Control", std::string(cache_control));
  if (not_modified(req, etag, last_modified)) {
    r.status = 304;
    return r;
  }
  r.headers.set("Content-Type", content_type);
  bool bad = false;
  auto range_h = req.headers.get("Range");
  bool if_range_ok = !req.headers.get("If-Range") || *req.headers.get("If-Range") == etag;
  if (range_h && if_range_ok) {
    auto range = parse_range(*range_h, bytes.size(), bad);
    if (bad) {
      r.status = 416;
      r.headers.set("Content-Range", "bytes */" + std::to_string(bytes.size()));
      return r;
    }
    if (range) {
      r.status = 206;
      r.headers.set("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
                                         std::to_string(bytes.size()));
      r.body = std::string(bytes.substr(range->first, range->last - range->first + 1));
      return r;
    }
  }
  r.body = std::string(bytes);
  return r;
}

Response serve_file(const Request& req, const std::string& path, const std::string& content_type) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return Response::text("not found", 404);
  std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  std::string etag = "\"" + std::to_string(st.st_ino) + "-" + std::to_string(size) + "-" + std::to_string(st.st_mtime) + "\"";
  Response r;
  r.headers.set("ETag", etag);
  r.headers.set("Last-Modified", http_date(st.st_mtime));
  r.headers.set("Accept-Ranges", "bytes");
  if (not_modified(req, etag, st.st_mtime)) {
    r.status = 304;
    return r;
  }
  r.headers.set("Content-Type", content_type);
  FileBody fb{path, 0, size};
  bool bad = false;
  if (auto range_h = req.headers.get("Range")) {
    auto range = parse_range(*range_h, size, bad);
    if (bad) {
      r.status = 416;
      r.headers.set("Content-Range", "bytes */" + std::to_string(size));
      return r;
    }
    if (range) {
      r.status = 206;
      r.headers.set("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
                                         std::to_string(size));
      fb.offset = range->first;
      fb.length = range->last - range->first + 1;
    }
  }
  r.file = fb;
  return r;
}

}  // namespace zhifa::http
