#pragma once
// Appends an org event (a person created, a certificate revoked …) to the ledger inside the
// caller's transaction, so that the change and its record commit together.
#include <string>
#include <vector>

#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::org {
// actor: the principal, or "system" when p is anonymous (demo creation, migrations).
Status record_event(store::Tx& tx, const Principal& p, const std::string& agency_code, const std::string& kind,
                    const std::string& subject, const std::string& payload_json);
// The same, returning the event's index in the log (for records that point at their event);
// evidence: lowercase hex SHA-256 of the files the event refers to.
Result<std::int64_t> append_event(store::Tx& tx, const Principal& p, const std::string& agency_code, const std::string& kind,
                                  const std::string& subject, const std::string& payload_json, std::vector<std::string> evidence = {});
// The agency code of an agency id ("" when none).
std::string agency_code_of(store::Tx& tx, std::int64_t agency_id);
}  // namespace zhifa::org
