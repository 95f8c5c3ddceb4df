#include "publicity/matters.h"

namespace zhifa::publicity {

namespace {
const char* kSelect = "SELECT id, agency_id, code, category, name, legal_basis, handling_unit, time_limit, procedure, discretion FROM matters";

Matter from_row(const store::Row& r) {
  Matter m;
  m.id = r.integer("id");
  m.agency_id = r.integer("agency_id");
  m.code = r.text("code");
  m.category = r.text("category");
  m.name = r.text("name");
  m.legal_basis = r.text("legal_basis");
  m.handling_unit = r.text("handling_unit");
  m.time_limit = r.text("time_limit");
  m.procedure = r.text("procedure");
  m.discretion_json = r.text("discretion");
  return m;
}
}  // namespace

Result<std::vector<Matter>> published_matters(store::Tx& tx, std::int64_t agency_id) {
  auto rows = tx.query(std::string(kSelect) + " WHERE agency_id = ? AND published = 1 ORDER BY code", {agency_id});
  if (!rows) return rows.error();
  std::vector<Matter> out;
  for (auto& r : *rows) out.push_back(from_row(r));
  return out;
}

Result<std::optional<Matter>> find_published_matter(store::Tx& tx, std::int64_t matter_id) {
  auto r = tx.query_one(std::string(kSelect) + " WHERE id = ? AND published = 1", {matter_id});
  if (!r) return r.error();
  if (!*r) return std::optional<Matter>();
  return std::optional<Matter>(from_row(**r));
}

}  // namespace zhifa::publicity
