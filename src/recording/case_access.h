#pragma once
// What every change and every read of the pillar starts from: a case or a document found by id
// and checked — for a change with org::require (permission, then jurisdiction), for a read
// against the jurisdiction — the acting officers as law::Actor (org's directory), and the ledger
// event every change appends in its own transaction. Services of the pillar include this;
// this includes only the model (case.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/procedure.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording {

// The case to change, checked with org::require. `missing`: what the caller answers for an id
// that does not exist (a document's routes say 文书不存在 for a document of another agency).
Result<Case> case_for_write(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::string_view permission,
                            std::string_view missing = kNoCase);
// A case of the principal's jurisdiction, else not_found(missing) — for another agency's case too.
Result<Case> case_to_read(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::string_view missing);
// One document by id, without a permission check (callers check through its case).
Result<Document> document_row(store::Tx& tx, std::int64_t doc_id);
// Marks the case as changed now.
Status touch_case(store::Tx& tx, std::int64_t case_id);

// Holds a valid 执法证 on the date (118: only certified officers act).
Result<bool> certified_on(store::Tx& tx, std::int64_t person_id, const std::string& date);
// An active person of the agency as the procedure's rules see them (roles, certified on the
// date); a person of another agency is answered as a missing one.
Result<law::Actor> actor_of(store::Tx& tx, std::int64_t person_id, std::int64_t agency_id, const std::string& date);

// The ledger event of a change, in the caller's transaction; returns its index.
Result<std::int64_t> append_event(store::Tx& tx, const org::Principal& p, const std::string& agency_code, const std::string& kind,
                                  const std::string& subject, const nlohmann::json& payload, std::vector<std::string> evidence = {});
// The same for a change of a case of the agency `agency_id`.
Result<std::int64_t> append_case_event(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                                       const std::string& subject, const nlohmann::json& payload, std::vector<std::string> evidence = {});
// The place of an act is private (it can be a home): the ledger binds it by commitment.
Result<std::string> location_commitment(store::Tx& tx, const Location& l);

}  // namespace zhifa::recording
