#pragma once
// Byte encodings the ledger publishes: standard base64 (RFC 4648 §4, padded, strict) and
// lowercase hex.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zhifa::ledger {

std::string base64_encode(std::string_view bytes);
// Strict: padding required, no whitespace, no non-zero trailing bits. nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);

std::string hex_encode(std::string_view bytes);
// Lowercase or uppercase hex of even length; nullopt when malformed.
std::optional<std::string> hex_decode(std::string_view text);


}  // namespace zhifa::ledger
