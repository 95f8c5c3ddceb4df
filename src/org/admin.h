#pragma once
// Administration of the organisation as recorded changes: each validates, changes the directory
// and appends its ledger event (ids, codes and salted commitments only — names, addresses and
// phone numbers enter as commitments) in the caller's transaction. The caller holds org.admin;
// every record is checked against the principal's jurisdiction here.
#include <cstdint>
#include <string>
#include <vector>

#include "org/directory.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::org {

// A new agency below the principal's own. kInvalid with the field on bad input.
Result<std::int64_t> create_agency_recorded(store::Tx& tx, const Principal& p, const Agency& a);
// Changes an agency of the jurisdiction found by its code (the code stays): name, name_en,
// doc_prefix, kind, division_code, address, phone are taken from `changes`.
Status update_agency_recorded(store::Tx& tx, const Principal& p, const std::string& code, const Agency& changes);
// A new person of the principal's agency (section, if given, must be the agency's).
Result<std::int64_t> create_person_recorded(store::Tx& tx, const Principal& p, const NewPerson& np);
// Name, post, active and roles of a person of the jurisdiction; a non-empty password resets it.
struct PersonChanges { std::string name, post; bool active = true; std::vector<std::string> roles; std::string password; };
Status update_person_recorded(store::Tx& tx, const Principal& p, std::int64_t person_id, const PersonChanges& c);
Status add_certificate_recorded(store::Tx& tx, const Principal& p, const Certificate& c);
Status revoke_certificate_recorded(store::Tx& tx, const Principal& p, std::int64_t person_id, std::int64_t certificate_id);
// A person of the principal's jurisdiction (404 otherwise).
Result<Person> person_in_jurisdiction(store::Tx& tx, const Principal& p, std::int64_t person_id);
// An agency of the principal's jurisdiction by code (404 otherwise).
Result<Agency> agency_in_jurisdiction(store::Tx& tx, const Principal& p, const std::string& code);
// Active people (the administrator's dashboard).
Result<std::int64_t> count_active_people(store::Tx& tx);

}  // namespace zhifa::org
