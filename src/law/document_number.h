#pragma once
// Document numbers (发文字号), e.g. 济外侨许〔2025〕3号: the agency code (机关代字, 济外侨) and the
// document-kind code (许) together, the full year in 〔〕 (U+3014/U+3015, not [] or （）), the
// sequence without zero-padding and without 第, then 号 (GB/T 9704-2012 7.2.4).
//
// Sequences run per (agency code, kind, year) from 1, gap-free and never repeated: allocation
// happens inside the transaction that stores the document, so a rolled-back document gives
// its number back and a committed one keeps it.
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/core/result.h"

namespace zhifa::store { class Tx; }

namespace zhifa::law {

struct DocumentNumber {
  std::string prefix;  // agency code + kind code, e.g. "济外侨许"
  int year = 0;
  std::int64_t sequence = 0;
};

// "济外侨许〔2025〕3号"; kind may be empty (济外侨办字〔2017〕28号). Invalid when agency_code is empty
// or a code is not UTF-8, or contains digits, spaces,
// brackets or 号, when year is not 1000–9999, or when sequence < 1.
Result<std::string> format_document_number(std::string_view agency_code, std::string_view kind, int year,
                                           std::int64_t sequence);

// Parses the exact form format_document_number writes; the error says what differs.
Result<DocumentNumber> parse_document_number(std::string_view text);

// The next sequence (1, 2, …) for (agency_code, kind, year), in the caller's write transaction (one
// statement on table law_doc_counters, migrations/0100_law.sql; both SQLite and PostgreSQL).
Result<std::int64_t> allocate_document_sequence(store::Tx& tx, std::string_view agency_code, std::string_view kind,
                                                int year);

// Records that `number` is in use — a paper decision, an imported record — so that the sequence
// it belongs to continues after it and never hands it out again. The kind is what follows
// agency_code in the number's prefix; a number of another agency's prefix is ignored (false).
Result<bool> note_document_number_used(store::Tx& tx, std::string_view agency_code, std::string_view number);

// allocate_document_sequence, formatted.
Result<std::string> allocate_document_number(store::Tx& tx, std::string_view agency_code, std::string_view kind,
                                             int year);

}  // namespace zhifa::law
