#pragma once
#include <string>
#include <string_view>

#include "platform/http/message.h"

namespace zhifa::http {
// gzip (RFC 1952) of data, with zlib.
std::string gzip(std::string_view data);
// Compresses a text response in place when the client accepts gzip and it is worth it.
void maybe_compress(const Request& req, Response& resp);
}  // namespace zhifa::http
