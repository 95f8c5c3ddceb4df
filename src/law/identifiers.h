#pragma once
// Checks of the identifiers the platform handles. Each returns ok, or an invalid Error whose
// message says precisely what is wrong ("check character should be X, got 5"). Pure; none of
// them normalises its input (strip spaces or upper-case before calling if you want that).
#include <optional>
#include <string_view>

#include "law/calendar.h"
#include "platform/core/result.h"

namespace zhifa::law {

// Resident identity number (居民身份证号码, GB 11643-1999): 18 characters = 6-digit region
// code (GB/T 2260; the first two digits must be a province-level code: 11–15, 21–23, 31–37,
// 41–46, 50–54, 61–65, 71, 81, 82), 8-digit birth date YYYYMMDD (a real date, year >= 1850,
// not after `today` when given), 3-digit sequence, check character (ISO 7064 MOD 11-2, '0'–'9'
// or upper-case 'X'). 15-digit first-generation numbers are refused.
Status check_resident_id(std::string_view id, std::optional<Date> today = std::nullopt);

// The check character GB 11643 gives for 17 digits, or '\0' if `first17` is not 17 digits.
char resident_id_check_char(std::string_view first17);

// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
// 0-9 A-Z without I O Z S V; char 1 the registration department (1 机构编制, 2 外交, 3 司法行政,
// 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他),
// char 2 an organisation type valid for that department, chars 3–8 a 6-digit region code,
// chars 9–17 the organisation code, char 18 the check character (weighted sum mod 31).
Status check_uscc(std::string_view code);

// The GB 32100 check character for 17 code characters, or '\0' if they are not all valid.
char uscc_check_char(std::string_view first17);

// Mainland mobile number: 11 ASCII digits, 1 then 3–9 (no +86, spaces or hyphens).
Status check_mobile(std::string_view number);

// Bank card number: 16–19 ASCII digits with a valid Luhn check digit (ISO/IEC 7812).
Status check_bank_card(std::string_view number);

// The Luhn check digit for `payload` digits (the card number without its last digit).
char luhn_check_digit(std::string_view payload);

}  // namespace zhifa::law
