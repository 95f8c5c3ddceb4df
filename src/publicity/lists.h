#pragma once
// The standing lists of 事前公开 (国办发〔2018〕118号; seed 一.1–一.7) as data: each list kind
// names its fields (DOMAIN.md "Pillar 1"), which field identifies a row, and whether the
// superior agency must approve it before publishing (主体资格清单, seed 一.4). Rows are JSON
// objects of strings, except the discretion benchmark (裁量基准), which is structured bands:
// facts → penalty range. Everything here is pure: validation, diffs, CSV, the CJK tokenizer.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/categories.h"
#include "platform/core/result.h"

namespace zhifa::publicity {

using nlohmann::json;

enum class FieldType { kText, kLongText, kChoice, kBands };

struct FieldDef {
  std::string key, zh, en;
  bool required = true;
  FieldType type = FieldType::kText;
  std::vector<std::string> choices;  // kChoice
  bool filter = false;               // offered as a filter on the portal
};

struct ListDef {
  std::string kind;      // URL name: matters, inspections, subjects, guides, av, review_catalog
  std::string zh, en;
  std::string key;       // the field that identifies a row (unique within a list)
  bool superior_approval = false;  // seed 一.4: 主体资格清单 reviewed by the superior legal office first
  std::string rule;      // where the list comes from
  std::vector<FieldDef> fields;
  const FieldDef* field(std::string_view k) const;
};

const std::vector<ListDef>& list_defs();
const ListDef* find_list(std::string_view kind);
// Where a list comes from when it is not edited as a list but derived from the rules another
// pillar enforces (review_catalog: the legal review catalog, review/catalog.h, issue 14) — the
// place to edit it; "" for the lists edited here.
std::string derived_from(std::string_view kind);

inline const std::vector<std::string>& kMatterCategories = law::enforcement_categories();

// --- discretion bands (裁量基准) ---
// One band: the facts (情节) and the penalty range for them. Fines in yuan, optional. The
// measures (处罚种类) the band allows, codes of law/measures.h (issue 14; empty: not limited): a
// decision with another measure is outside the benchmark. JSON: "measures": ["warning", "fine"].
struct Band {
  std::string facts, penalty;
  std::optional<std::int64_t> fine_min_yuan, fine_max_yuan;
  std::vector<std::string> measures{};
};
// Text form, one band a line: "情节 | 处罚 | 最低-最高（元，可省略） | 处罚种类（可省略，如 警告、罚款）".
Result<std::vector<Band>> parse_bands(std::string_view text);
std::string bands_text(const json& bands);
json bands_json(const std::vector<Band>& bands);
std::string bands_summary(const json& bands);  // one line: "情节 → 处罚；…"

// --- validation ---
struct RowError {
  int row = 0;  // 1-based; 0 = the list as a whole
  std::string field, message;
};
// Every error of every row (missing required fields, unknown choices, duplicate keys, unknown
// matter references when known_matters is given). Empty = acceptable.
std::vector<RowError> validate_rows(const ListDef& def, const json& rows, const std::set<std::string>* known_matters = nullptr);
// A row from untrusted strings (form or CSV): trimmed, only known fields; bands parsed.
// Parse failures are reported as errors of the given row number.
json row_from_strings(const ListDef& def, const std::vector<std::pair<std::string, std::string>>& values, int row_no,
                      std::vector<RowError>& errors);
// The text shown for a field of a row (bands summarised).
std::string field_text(const FieldDef& f, const json& row);

// --- differences between two versions ---
struct FieldChange { std::string field, label, before, after; };
struct RowDiff {
  enum class Op { kAdded, kRemoved, kChanged };
  Op op = Op::kChanged;
  std::string key;
  json row;  // the new row (added/changed) or the old one (removed)
  std::vector<FieldChange> changes;
};
// Rows matched by the list's key field; unchanged rows are left out.
std::vector<RowDiff> diff_rows(const ListDef& def, const json& before, const json& after);

// --- CSV (RFC 4180, UTF-8 with BOM so that Excel reads Chinese) ---
std::string to_csv(const ListDef& def, const json& rows, bool english_header = false);
// One CSV field, quoted when it holds a comma, quote or line break. The only CSV writer: every
// CSV the product serves goes through it. A value a spreadsheet would run as a formula (it
// starts with =, +, -, @, tab or CR) is neutralised as OWASP advises: a single quote in front,
// and the cell quoted. "+86 537…" → "'+86 537…".
std::string csv_cell(const std::string& v);
// True when csv_cell puts the guard quote in front of v: v starts with a formula character, or
// with a quote and a formula character (so that csv_unguard is its exact inverse).
bool csv_needs_guard(std::string_view v);
// An imported cell without the guard csv_cell added (exactly one leading quote, and only in
// front of what csv_cell guards), so that export → edit in a spreadsheet → import round-trips.
std::string csv_unguard(std::string v);

// --- Chinese search (DESIGN.md): one app-side tokenizer feeds FTS5 and tsvector ---
// CJK runs → every character and every adjacent pair; other letters/digits → lower-case words.
std::vector<std::string> cjk_tokens(std::string_view text);
// The terms a query must all match: CJK runs of 2+ characters → their bigrams, a single CJK
// character → itself, words → lower-case words. Duplicates removed.
std::vector<std::string> query_terms(std::string_view query);
// What the index stores for a text's tokens: FTS5's column text (tokens joined by spaces, in
// order) and PostgreSQL's tsvector literal (each distinct token quoted; tokens hold letters,
// digits and CJK only, so no quote needs escaping).
std::string fts5_text(const std::vector<std::string>& tokens);
std::string tsvector_literal(const std::vector<std::string>& tokens);
// The words of a query as written (CJK runs; letter/digit words in lower case), in order, at
// most 16 — for phrase checks and highlighting.
struct QueryWord { bool cjk = false; std::string text; };
std::vector<QueryWord> query_words(std::string_view query);

}  // namespace zhifa::publicity
