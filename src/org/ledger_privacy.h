#pragma once
// The public ledger's privacy rule. The ledger is append-only and world-readable, so what enters
// it is public forever (PIPL art. 28: identity numbers, addresses … are sensitive; 国办发〔2018〕118号:
// publish decisions with personal data masked). An event's payload therefore carries only
// ids, codes, categories, states, dates, amounts, document numbers and SHA-256 digests —
// never text a person typed (titles, facts, names, addresses, notes, reasons).
//
// Every event kind has a whitelist of payload fields with their type (kEventSchemas in the .cc);
// org::append_event checks each payload against it, so a new event kind, or a new field of an
// old one, cannot reach the ledger without a line in that table.
//
// Private content an event must still bind (a case's party, a draft, a note, a review opinion)
// enters as a salted commitment: SHA-256(salt ‖ content) with a random 256-bit salt kept in the
// private database (ledger_commitments). Nobody can read it or confirm a guess by hashing names;
// the agency proves the content later by revealing the salt and the content (open_commitment).
// Records that are public anyway (a published decision's masked text, a published list, a
// signed PDF) keep their plain SHA-256.
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::org {

// Checks kind, subject and payload against the whitelist; the error names the kind and the field,
// never the value.
Status check_event_payload(std::string_view kind, std::string_view subject, const nlohmann::json& payload);

// A code as the ledger takes it (ids of matters, rules, list rows, certificates …): 1–80 ASCII
// letters, digits and - _ . : /. The editors of lists and catalogs are held to it where they type
// one, so that a code never fails the ledger's check after the fact.
bool is_ledger_code(std::string_view s);

// A salted commitment to private content; the salt is stored in the caller's transaction.
Result<std::string> commit_private(store::Tx& tx, std::string_view content);
// The same for a JSON value (committed over its compact dump).
Result<std::string> commit_private_json(store::Tx& tx, const nlohmann::json& value);
// True when `content` is what `commitment` binds (the agency's proof; the salt stays private).
Result<bool> open_commitment(store::Tx& tx, std::string_view commitment, std::string_view content);
// SHA-256(salt ‖ content) in lowercase hex; salt as 64 hex digits.
std::string commitment_of(std::string_view salt_hex, std::string_view content);

// Every event kind the product can emit (for tests and documentation).
std::vector<std::string> event_kinds();

}  // namespace zhifa::org
