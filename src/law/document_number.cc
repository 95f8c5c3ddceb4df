#include "law/document_number.h"

#include "law/mask.h"
#include "platform/store/database.h"

namespace zhifa::law {
namespace {

constexpr std::string_view kOpen = "〔";   // U+3014
constexpr std::string_view kClose = "〕";  // U+3015
constexpr std::string_view kHao = "号";

Status check_code(std::string_view code, const char* field) {
  const std::string f = field;
  if (code.empty()) return Error::invalid(f + " must not be empty", f);
  if (auto st = check_utf8(code, f); !st) return st;
  if (code.size() > 64) return Error::invalid(f + " is too long", f);
  for (char c : code)
    if ((c >= '0' && c <= '9') || c == ' ' || c == '\t' || c == '[' || c == ']' || c == '(' || c == ')')
      return Error::invalid(f + " \"" + std::string(code) + "\" must not contain digits, spaces or brackets", f);
  for (std::string_view bad : {kOpen, kClose, kHao, std::string_view("（"), std::string_view("）"),
                               std::string_view("【"), std::string_view("】"), std::string_view("　")})
    if (code.find(bad) != std::string_view::npos)
      return Error::invalid(f + " \"" + std::string(code) + "\" must not contain " + std::string(bad), f);
  return {};
}

}  // namespace

Result<std::string> format_document_number(std::string_view agency_code, std::string_view kind, int year,
                                           std::int64_t sequence) {
  if (auto st = check_code(agency_code, "agency_code"); !st) return st.error();
  if (!kind.empty())
    if (auto st = check_code(kind, "kind"); !st) return st.error();
  if (year < 1000 || year > 9999) return Error::invalid("year must have four digits, got " + std::to_string(year), "year");
  if (sequence < 1) return Error::invalid("sequence must be at least 1, got " + std::to_string(sequence), "sequence");
  std::string out;
  out.append(agency_code).append(kind).append(kOpen).append(std::to_string(year)).append(kClose);
  out.append(std::to_string(sequence)).append(kHao);
  return out;
}

Result<DocumentNumber> parse_document_number(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Error::invalid("document number \"" + std::string(text.substr(0, 80)) + "\": " + why, "document_number");
  };
  if (auto st = check_utf8(text, "document_number"); !st) return st.error();
  const std::size_t open = text.find(kOpen);
  if (open == std::string_view::npos) {
    for (std::string_view alt : {"[", "（", "(", "【", "〔"})
      if (text.find(alt) != std::string_view::npos)
        return bad("the year must be in 〔〕 (U+3014, U+3015), not " + std::string(alt));
    return bad("no year in 〔〕, expected e.g. 济外侨许〔2025〕3号");
  }
  DocumentNumber n;
  n.prefix = std::string(text.substr(0, open));
  if (auto st = check_code(n.prefix, "agency_code"); !st) return bad(st.error().message);
  std::size_t p = open + kOpen.size();
  if (text.size() < p + 4 + kClose.size()) return bad("the year must have four digits");
  for (std::size_t i = 0; i < 4; ++i) {
    const char c = text[p + i];
    if (c < '0' || c > '9') return bad("the year must have four ASCII digits");
    n.year = n.year * 10 + (c - '0');
  }
  if (n.year < 1000) return bad("the year must have four digits");
  p += 4;
  if (text.substr(p, kClose.size()) != kClose) return bad("the year must be four digits closed by 〕");
  p += kClose.size();
  if (text.substr(p, std::string_view("第").size()) == "第") return bad("no 第 before the sequence");
  const std::size_t digits_at = p;
  while (p < text.size() && text[p] >= '0' && text[p] <= '9') ++p;
  const std::string_view seq = text.substr(digits_at, p - digits_at);
  if (seq.empty()) return bad("a sequence number must follow 〕");
  if (seq[0] == '0') return bad("the sequence must not be zero-padded or zero");
  if (seq.size() > 12) return bad("the sequence is implausibly large");
  for (char c : seq) n.sequence = n.sequence * 10 + (c - '0');
  if (text.substr(p) != kHao) return bad("the number must end with 号 right after the sequence");
  return n;
}

Result<std::int64_t> allocate_document_sequence(store::Tx& tx, std::string_view agency_code, std::string_view kind,
                                                int year) {
  if (auto st = check_code(agency_code, "agency_code"); !st) return st.error();
  if (!kind.empty())
    if (auto st = check_code(kind, "kind"); !st) return st.error();
  if (year < 1000 || year > 9999) return Error::invalid("year must have four digits, got " + std::to_string(year), "year");
  // One statement: the row lock taken by the upsert serialises concurrent allocations of the
  // same counter until the caller's transaction ends, so numbers are never repeated, and a
  // rollback undoes the increment, so no number is lost.
  auto rows = tx.query(
      "INSERT INTO law_doc_counters(agency, kind, year, last) VALUES(?, ?, ?, 1) "
      "ON CONFLICT(agency, kind, year) DO UPDATE SET last = law_doc_counters.last + 1 RETURNING last",
      {std::string(agency_code), std::string(kind), std::int64_t{year}});
  if (!rows) return rows.error();
  if (rows->size() != 1) return Error::internal("law_doc_counters upsert returned no row");
  return (*rows)[0].integer(0);
}

Result<bool> note_document_number_used(store::Tx& tx, std::string_view agency_code, std::string_view number) {
  auto n = parse_document_number(number);
  if (!n) return n.error();
  if (agency_code.empty() || n->prefix.rfind(agency_code, 0) != 0) return false;
  std::string kind = n->prefix.substr(agency_code.size());
  // The counter holds the last number given out: raise it to this one when it is higher.
  auto r = tx.exec(
      "INSERT INTO law_doc_counters(agency, kind, year, last) VALUES(?, ?, ?, ?) "
      "ON CONFLICT(agency, kind, year) DO UPDATE SET last = CASE WHEN law_doc_counters.last < excluded.last "
      "THEN excluded.last ELSE law_doc_counters.last END",
      {std::string(agency_code), kind, std::int64_t{n->year}, n->sequence});
  if (!r) return r.error();
  return true;
}

Result<std::string> allocate_document_number(store::Tx& tx, std::string_view agency_code, std::string_view kind,
                                             int year) {
  auto seq = allocate_document_sequence(tx, agency_code, kind, year);
  if (!seq) return seq.error();
  return format_document_number(agency_code, kind, year, *seq);
}

}  // namespace zhifa::law
