#include "org/web/views.h"

#include <algorithm>

namespace zhifa::org::views {

using nlohmann::json;

json agency_json(const Agency& a) {
  return {{"id", a.id}, {"code", a.code}, {"doc_prefix", a.doc_prefix}, {"name", a.name}, {"name_en", a.name_en},
          {"kind", a.kind}, {"division_code", a.division_code}, {"address", a.address}, {"phone", a.phone},
          {"parent_id", a.parent_id ? json(*a.parent_id) : json(nullptr)}};
}

json person_json(const Person& p, const std::string& today) {
  json certs = json::array();
  bool certified = false;
  for (auto& c : p.certificates) {
    bool valid = c.valid_on(today);
    certified |= valid;
    certs.push_back({{"id", c.id}, {"number", c.number}, {"scope", c.scope}, {"valid_from", c.valid_from},
                     {"valid_to", c.valid_to}, {"revoked", c.revoked}, {"valid", valid}});
  }
  json roles = json::array(), role_labels = json::array();
  for (auto& r : p.roles) { roles.push_back(r); role_labels.push_back(std::string(role_label(r))); }
  return {{"id", p.id}, {"name", p.name}, {"login", p.login}, {"post", p.post}, {"agency", p.agency_name},
          {"agency_id", p.agency_id}, {"section", p.section_name}, {"active", p.active}, {"roles", roles},
          {"role_labels", role_labels}, {"certificates", certs}, {"certified", certified}};
}

json role_options(const std::vector<std::string>& selected) {
  json out = json::array();
  for (auto r : kRoles)
    out.push_back({{"value", std::string(r)}, {"label", std::string(role_label(r))},
                   {"checked", std::find(selected.begin(), selected.end(), r) != selected.end()}});
  return out;
}

json errors_json(const FieldErrors& e) {
  json out = json::object();
  for (auto& [k, v] : e) out[k] = v;
  return out;
}


}  // namespace zhifa::org::views
