#include "org/admin.h"

#include <nlohmann/json.hpp>

#include "org/ledger_privacy.h"
#include "org/events.h"

namespace zhifa::org {

using nlohmann::json;

namespace {
Status first_error(const FieldErrors& errors) {
  if (errors.empty()) return {};
  return Error::invalid(errors.begin()->second, errors.begin()->first);
}
}  // namespace

Result<Person> person_in_jurisdiction(store::Tx& tx, const Principal& p, std::int64_t person_id) {
  auto person = find_person(tx, person_id);
  if (!person) return person.error();
  if (!*person || !p.jurisdiction.count((*person)->agency_id)) return Error::not_found("没有这个人员");
  return std::move(**person);
}

Result<Agency> agency_in_jurisdiction(store::Tx& tx, const Principal& p, const std::string& code) {
  auto a = find_agency(tx, code);
  if (!a) return a.error();
  if (!*a || !p.jurisdiction.count((*a)->id)) return Error::not_found("没有这个执法主体");
  return std::move(**a);
}

Result<std::int64_t> create_agency_recorded(store::Tx& tx, const Principal& p, const Agency& a) {
  if (auto st = first_error(validate_agency(a)); !st) return st.error();
  auto id = create_agency(tx, a);
  if (!id) return id.error();
  auto rec = commit_private_json(tx, json{{"name", a.name}, {"address", a.address}, {"phone", a.phone}});
  if (!rec) return rec.error();
  auto ev = record_event(tx, p, a.code, "org.agency.created", "agency:" + std::to_string(*id),
                         json{{"code", a.code}, {"kind", a.kind}, {"parent", agency_code_of(tx, p.agency_id)}, {"record_commitment", *rec}}.dump());
  if (!ev) return ev.error();
  return *id;
}

Status update_agency_recorded(store::Tx& tx, const Principal& p, const std::string& code, const Agency& changes) {
  auto a = agency_in_jurisdiction(tx, p, code);
  if (!a) return a.error();
  Agency typed = *a;
  typed.name = changes.name;
  typed.name_en = changes.name_en;
  typed.doc_prefix = changes.doc_prefix;
  typed.kind = changes.kind;
  typed.division_code = changes.division_code;
  typed.address = changes.address;
  typed.phone = changes.phone;
  if (auto st = first_error(validate_agency(typed)); !st) return st;
  if (auto u = update_agency(tx, typed); !u) return u;
  auto rec = commit_private_json(tx, json{{"name", typed.name}, {"name_en", typed.name_en}, {"doc_prefix", typed.doc_prefix},
                                          {"division_code", typed.division_code}, {"address", typed.address}, {"phone", typed.phone}});
  if (!rec) return rec.error();
  return record_event(tx, p, typed.code, "org.agency.updated", "agency:" + std::to_string(typed.id),
                      json{{"code", typed.code}, {"kind", typed.kind}, {"record_commitment", *rec}}.dump());
}

Result<std::int64_t> create_person_recorded(store::Tx& tx, const Principal& p, const NewPerson& np) {
  if (auto st = first_error(validate_person(np, true)); !st) return st.error();
  if (np.person.section_id) {
    auto sections = list_sections(tx, np.person.agency_id);
    if (!sections) return sections.error();
    bool own = false;
    for (auto& s : *sections) own = own || s.id == *np.person.section_id;
    if (!own) return Error::invalid("科室不属于本机关", "section_id");
  }
  auto id = create_person(tx, np);
  if (!id) return id.error();
  auto rec = commit_private_json(tx, json{{"name", np.person.name}, {"login", np.person.login}, {"post", np.person.post}});
  if (!rec) return rec.error();
  auto ev = record_event(tx, p, agency_code_of(tx, np.person.agency_id), "org.person.created", "person:" + std::to_string(*id),
                         json{{"roles", np.person.roles}, {"record_commitment", *rec}}.dump());
  if (!ev) return ev.error();
  return *id;
}

Status update_person_recorded(store::Tx& tx, const Principal& p, std::int64_t person_id, const PersonChanges& c) {
  auto person = person_in_jurisdiction(tx, p, person_id);
  if (!person) return person.error();
  Person changed = *person;
  changed.name = c.name;
  changed.post = c.post;
  changed.active = c.active;
  changed.roles = c.roles;
  if (changed.id == p.person_id && !changed.active) return Error::invalid("不能停用自己的账号", "active");
  if (auto u = update_person(tx, changed, c.password); !u) return u;
  // The password itself never enters the record; only that it was reset.
  auto rec = commit_private_json(tx, json{{"name", changed.name}, {"post", changed.post}});
  if (!rec) return rec.error();
  return record_event(tx, p, agency_code_of(tx, changed.agency_id), "org.person.updated", "person:" + std::to_string(changed.id),
                      json{{"active", changed.active}, {"roles", changed.roles}, {"password_reset", !c.password.empty()},
                           {"record_commitment", *rec}}.dump());
}

Status add_certificate_recorded(store::Tx& tx, const Principal& p, const Certificate& cert) {
  auto person = person_in_jurisdiction(tx, p, cert.person_id);
  if (!person) return person.error();
  if (auto st = first_error(validate_certificate(cert)); !st) return st;
  auto c = add_certificate(tx, cert);
  if (!c) return c.error();
  auto scope = commit_private(tx, cert.scope);
  if (!scope) return scope.error();
  return record_event(tx, p, agency_code_of(tx, person->agency_id), "org.certificate.added", "certificate:" + std::to_string(*c),
                      json{{"person", cert.person_id}, {"number", cert.number}, {"scope_commitment", *scope}, {"valid_from", cert.valid_from},
                           {"valid_to", cert.valid_to}}.dump());
}

Status revoke_certificate_recorded(store::Tx& tx, const Principal& p, std::int64_t person_id, std::int64_t certificate_id) {
  auto person = person_in_jurisdiction(tx, p, person_id);
  if (!person) return person.error();
  bool owned = false;
  for (auto& c : person->certificates) owned = owned || c.id == certificate_id;
  if (!owned) return Error::not_found("没有这个执法证");
  if (auto rv = revoke_certificate(tx, certificate_id); !rv) return rv;
  return record_event(tx, p, agency_code_of(tx, person->agency_id), "org.certificate.revoked", "certificate:" + std::to_string(certificate_id),
                      json{{"person", person_id}}.dump());
}

Result<std::int64_t> count_active_people(store::Tx& tx) {
  auto n = tx.query_one("SELECT COUNT(*) FROM people WHERE active = 1");
  if (!n) return n.error();
  return (*n)->integer(0);
}

}  // namespace zhifa::org
