#pragma once
// Serving fixed bytes and files: ETag / If-None-Match, Last-Modified / If-Modified-Since, and
// single byte ranges (Range: bytes=a-b, a-, -n) for video playback.
#include <ctime>
#include <string>
#include <string_view>

#include "platform/http/message.h"

namespace zhifa::http {

std::string content_type_for(std::string_view path);
std::string http_date(std::time_t t);
// Serves bytes held in memory (embedded assets, rendered pages). body must outlive nothing:
// the bytes are copied into the response.
Response serve_bytes(const Request& req, std::string_view bytes, const std::string& content_type,
                     const std::string& etag, std::time_t last_modified, std::string_view cache_control);
// Serves a file from disk with sendfile; 404 when it does not exist.
Response serve_file(const Request& req, const std::string& path, const std::string& content_type);

}  // namespace zhifa::http
