#include "publicity/staff.h"

#include "org/directory.h"

namespace zhifa::publicity {

Result<std::optional<nlohmann::json>> certificate_check(store::Tx& tx, const std::string& number, const std::string& today) {
  auto r = tx.query_one("SELECT c.*, p.name AS person, p.post, p.active, a.name AS agency, a.code AS agency_code FROM certificates c "
                        "JOIN people p ON p.id = c.person_id JOIN agencies a ON a.id = p.agency_id WHERE c.number = ?",
                        {number});
  if (!r) return r.error();
  if (!*r) return std::optional<nlohmann::json>();
  auto& row = **r;
  org::Certificate c{0, 0, number, row.text("scope"), row.text("valid_from"), row.text("valid_to"), row.integer("revoked") != 0};
  bool valid = c.valid_on(today) && row.integer("active") != 0;
  return std::optional<nlohmann::json>(nlohmann::json{{"person", row.text("person")}, {"post", row.text("post")}, {"agency", row.text("agency")},
                                                      {"agency_code", row.text("agency_code")}, {"scope", c.scope}, {"valid_from", c.valid_from},
                                                      {"valid_to", c.valid_to}, {"revoked", c.revoked}, {"valid", valid}});
}

}  // namespace zhifa::publicity
