#pragma once
// Small text helpers for the web layer: URL coding, HTML escaping, UTF-8 validation, JSON strings.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::http {

std::string url_decode(std::string_view s, bool plus_is_space = true);
std::string url_encode(std::string_view s);
// Parses "a=1&b=%E4%B8%AD" (also a form body). Repeated keys: the last wins in the map.
std::map<std::string, std::string> parse_query(std::string_view s);
std::vector<std::pair<std::string, std::string>> parse_query_all(std::string_view s);
std::string html_escape(std::string_view s);
// A database id from a URL or form: 1–18 decimal digits, nothing else.
std::optional<std::int64_t> parse_id(std::string_view s);
// A JSON string literal, quotes included.
std::string json_string(std::string_view s);
// A random token of n bytes, URL-safe base64 (libsodium's randombytes underneath is in org;
// here /dev/urandom through std::random_device is enough for request ids).
std::string random_id(std::size_t bytes = 12);

}  // namespace zhifa::http
