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

// A code as the public ledger takes it (ids of matters, rules, list rows, certificates …): 1–80
// ASCII letters, digits and - _ . : / (org/ledger_privacy.h). Checked where people type codes.
bool is_code(std::string_view s);

}  // namespace zhifa::text
