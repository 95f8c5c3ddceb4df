#pragma once
// UTF-8 text measured in characters (code points), for limits and excerpts people read in
// characters ("at most 100 characters", "the first 6 characters"). The input is assumed to be
// valid UTF-8 (checked where it enters); a truncated sequence at the end counts as one character.
#include <cstddef>
#include <string>
#include <string_view>

namespace zhifa::text {

// Bytes of the UTF-8 sequence that starts with lead byte c (1–4).
inline std::size_t utf8_seq_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }
// Characters in s.
std::size_t char_count(std::string_view s);
// The first n characters of s (all of s when it has fewer).
std::string first_chars(std::string_view s, std::size_t n);

// UTF-8 validation — the one validator (RFC 3629: no overlong forms, no surrogates, nothing
// beyond U+10FFFF), with a fast path over ASCII.
// Length of the well-formed UTF-8 sequence at s[i] (1–4), or 0 if it is malformed or truncated.
std::size_t utf8_valid_len(std::string_view s, std::size_t i);
// The byte offset of the first malformed sequence, or npos when all of s is valid.
std::size_t first_invalid_utf8(std::string_view s);
inline bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

// A code as the public ledger takes it (ids of matters, rules, list rows, certificates …): 1–80
// ASCII letters, digits and - _ . : / (org/ledger_privacy.h). Checked where people type codes.
bool is_code(std::string_view s);

}  // namespace zhifa::text
