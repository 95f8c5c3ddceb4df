#pragma once
// Agencies, sections, people and certificates: validated changes and the queries pages need.
// Every change is checked against the principal's permission and jurisdiction by the caller's
// route (org.admin) and again here for the agency it touches.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::org {

struct Agency {
  std::int64_t id = 0;
  std::string code, doc_prefix, name, name_en, kind, division_code, address, phone;
  std::optional<std::int64_t> parent_id;
};
struct Section { std::int64_t id = 0, agency_id = 0; std::string name, duties; };
struct Certificate {
  std::int64_t id = 0, person_id = 0;
  std::string number, scope, valid_from, valid_to;
  bool revoked = false;
  // An officer may act only while this holds (dates are Beijing dates "YYYY-MM-DD").
  bool valid_on(const std::string& date) const { return !revoked && valid_from <= date && date <= valid_to; }
};
struct Person {
  std::int64_t id = 0, agency_id = 0;
  std::optional<std::int64_t> section_id;
  std::string name, login, post, agency_name, section_name;
  bool active = true;
  std::vector<std::string> roles;
  std::vector<Certificate> certificates;
};

// Field errors of a form: field name → message. Empty when the input is acceptable.
using FieldErrors = std::map<std::string, std::string>;

Result<std::vector<Agency>> list_agencies(store::Tx& tx);
Result<std::optional<Agency>> find_agency(store::Tx& tx, const std::string& code);
Result<std::vector<Section>> list_sections(store::Tx& tx, std::int64_t agency_id);
Result<std::vector<Person>> list_people(store::Tx& tx, std::optional<std::int64_t> agency_id);
Result<std::optional<Person>> find_person(store::Tx& tx, std::int64_t id);

FieldErrors validate_agency(const Agency& a);
Result<std::int64_t> create_agency(store::Tx& tx, const Agency& a);
Status update_agency(store::Tx& tx, const Agency& a);
Result<std::int64_t> create_section(store::Tx& tx, const Section& s);

struct NewPerson { Person person; std::string password; };
FieldErrors validate_person(const NewPerson& p, bool creating);
Result<std::int64_t> create_person(store::Tx& tx, const NewPerson& p);
Status update_person(store::Tx& tx, const Person& p, const std::string& new_password);

FieldErrors validate_certificate(const Certificate& c);
Result<std::int64_t> add_certificate(store::Tx& tx, const Certificate& c);
Status revoke_certificate(store::Tx& tx, std::int64_t certificate_id);

}  // namespace zhifa::org
