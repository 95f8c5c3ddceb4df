#pragma once
// Masking personal data before publication (行政执法公示: 118 requires natural persons' ID
// numbers, phone numbers, bank accounts … to be hidden and their names masked; companies' names
// and unified social credit codes stay public).
//
// What is found in the text (UTF-8; anything else is refused):
//   resident_id  18-character numbers that pass check_resident_id (province prefix, real birth
//                date, MOD 11-2 check; a trailing lower-case x is accepted). Case numbers,
//                amounts and dates never pass, so they are never masked.
//   mobile       1[3-9] + 9 digits, also "138 1234 5678" / "138-1234-5678" and a leading 86.
//   landline     area code 0XX/0XXX then '-' or ' ' and 7–8 digits (0537-1234567), or the area
//                code in ASCII or full-width parentheses ((0537)2345678, （0537）2345678).
//   bank_card    16–19 digits with a valid Luhn digit and an issuer prefix used in China
//                (3, 4, 5, 6, 9, 2221–2720), plain or in groups of four
//                ("6222 0212 3456 7890 123"); an 18-character string that is a valid credit code
//                is left alone, and so are year-prefixed numbers (2025000123456789).
//   email        local@domain.tld (ASCII).
//   name         each natural person's name the caller supplies, wherever it occurs.
// A number is only taken whole: its neighbours must not be ASCII letters or digits, nor a
// decimal part, so a credit code such as 91370800MA3C12345X is never cut into pieces and
// 13812345678.50 is an amount.
//
// How it is masked (the reviewer sees the kind and can adjust; see apply_mask_spans):
//   numbers and IDs: every digit (and the ID's X) becomes '*', separators and the "86" prefix
//     stay, so the reader sees that a number was there and nothing of it. The ID keeps none of
//     its region or birth date (they identify the person together with a masked name).
//   email: the local part becomes '*' (one per byte), "@domain" stays.
//   names (2–4 Han characters): the surname stays and every other character becomes 某:
//     张三 → 张某, 张三丰 → 张某某, 张王小丽 → 张某某某. A name of 3–4 characters that starts with
//     a compound surname (欧阳, 司马, 诸葛, 上官 … see kCompoundSurnames in mask.cc) keeps both
//     characters: 欧阳娜娜 → 欧阳某某, 欧阳修 → 欧阳某; a 2-character name is always 1 + 1.
//   other names (5 or more Han characters, or any non-Han letters, e.g. 阿卜杜拉·艾买提 or
//     John Smith): the first character stays; every other Han character becomes 某, every other
//     letter '*', and separators (space, ·, •, ・, -, .) stay: 阿某某某·某某某, J*** *****.
//   A name also inside a longer word is masked there too (privacy first; the reviewer may drop
//   the span). Names must have at least 2 characters.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::law {

enum class MaskKind { kResidentId, kMobile, kLandline, kBankCard, kEmail, kName, kManual };

// "resident_id", "mobile", "landline", "bank_card", "email", "name", "manual".
std::string_view mask_kind_name(MaskKind kind);
Result<MaskKind> parse_mask_kind(std::string_view name);

struct MaskSpan {
  MaskKind kind = MaskKind::kManual;
  std::size_t start = 0;  // byte offsets in the original text, [start, end)
  std::size_t end = 0;
  std::string original;
  std::string replacement;
};

struct MaskResult {
  std::string text;             // the masked text
  std::vector<MaskSpan> spans;  // sorted by start, non-overlapping
};

// Ok if `text` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF);
// otherwise an invalid error naming the byte offset.
Status check_utf8(std::string_view text, std::string field = "text");

// Finds and masks personal data in `text`; `names` are the natural persons to mask.
Result<MaskResult> mask_personal_data(std::string_view text, const std::vector<std::string>& names = {});

// The masked form of one natural person's name, by the rule above.
Result<std::string> mask_name(std::string_view name);

// Applies a reviewer-adjusted span list to the original text: spans may be removed, added
// (kind manual) or given another replacement. Each span must lie on UTF-8 character boundaries
// inside the text, not overlap another, have a valid UTF-8 replacement, and, when `original`
// is non-empty, match the text there (so stale spans are caught).
Result<std::string> apply_mask_spans(std::string_view original, std::vector<MaskSpan> spans);

}  // namespace zhifa::law
