#include "recording/case_access.h"

#include "org/directory.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/core/clock.h"

namespace zhifa::recording {

using json = nlohmann::json;

Result<Case> case_for_write(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::string_view permission,
                            std::string_view missing) {
  auto r = tx.query_one(std::string(kCaseSelect) + "WHERE c.id = ?", {case_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found(std::string(missing));
  Case c = case_from_row(**r);
  if (auto s = org::require(p, permission, c.agency_id, missing); !s) return s.error();
  return c;
}

Result<Case> case_to_read(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::string_view missing) {
  auto r = tx.query_one(std::string(kCaseSelect) + "WHERE c.id = ?", {case_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found(std::string(missing));
  Case c = case_from_row(**r);
  if (!p.jurisdiction.count(c.agency_id)) return Error::not_found(std::string(missing));
  return c;
}

Result<Document> document_row(store::Tx& tx, std::int64_t doc_id) {
  auto d = tx.query_one(std::string(kDocSelect) + "WHERE d.id = ?", {doc_id});
  if (!d) return d.error();
  if (!*d) return Error::not_found(std::string(kNoDocument));
  return document_from_row(**d);
}

Status touch_case(store::Tx& tx, std::int64_t case_id) {
  auto r = tx.exec("UPDATE rec_cases SET updated_at = ? WHERE id = ?", {clock::now_iso(), case_id});
  return r ? Status{} : Status(r.error());
}

Result<bool> certified_on(store::Tx& tx, std::int64_t person_id, const std::string& date) {
  auto person = org::find_person(tx, person_id);
  if (!person) return person.error();
  if (!*person) return false;
  for (const auto& c : (*person)->certificates)
    if (c.valid_on(date)) return true;
  return false;
}

Result<law::Actor> actor_of(store::Tx& tx, std::int64_t person_id, std::int64_t agency_id, const std::string& date) {
  auto person = org::find_person(tx, person_id);
  if (!person) return person.error();
  // A person of another agency is answered as a missing one: neither the id nor the name shows.
  if (!*person || (*person)->agency_id != agency_id) return Error::invalid("共同执法人员不存在", "co_officers");
  if (!(*person)->active) return Error::invalid((*person)->name + "不是本机关在岗人员", "co_officers");
  law::Actor a;
  a.person_id = person_id;
  a.name = (*person)->name;
  for (const auto& r : (*person)->roles) a.roles.insert(r);
  for (const auto& c : (*person)->certificates) a.certified = a.certified || c.valid_on(date);
  return a;
}

Result<std::int64_t> append_event(store::Tx& tx, const org::Principal& p, const std::string& agency_code, const std::string& kind,
                                  const std::string& subject, const json& payload, std::vector<std::string> evidence) {
  return org::append_event(tx, p, agency_code, kind, subject, payload.dump(), std::move(evidence));
}

Result<std::int64_t> append_case_event(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                                       const std::string& subject, const json& payload, std::vector<std::string> evidence) {
  return append_event(tx, p, org::agency_code_of(tx, agency_id), kind, subject, payload, std::move(evidence));
}

Result<std::string> location_commitment(store::Tx& tx, const Location& l) { return org::commit_private_json(tx, location_json(l)); }

}  // namespace zhifa::recording
