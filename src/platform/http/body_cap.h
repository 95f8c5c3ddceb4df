#pragma once
// A route's BodyLimit::before_body may lower the body limit of the request it is looking at, once
// it knows more than the route's fixed limit (a tus PATCH: Upload-Length − Upload-Offset), so that
// a body without Content-Length (chunked) is cut off there rather than at the route's maximum.
// before_body runs on the server thread that then reads the body: the cap is thread-local and
// taken (cleared) by the server right after before_body returns.
#include <cstdint>
#include <optional>

namespace zhifa::http {

void cap_body(std::uint64_t max_bytes);
std::optional<std::uint64_t> take_body_cap();

}  // namespace zhifa::http
