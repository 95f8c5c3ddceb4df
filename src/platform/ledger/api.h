#pragma once
// Bodies of the public ledger API (no login). The HTTP layer mounts them at exactly:
//   GET /ledger/checkpoint                          checkpoint()      text/plain; charset=utf-8
//   GET /ledger/verifier-key                        verifier_key()    text/plain; charset=utf-8
//   GET /ledger/entries/{index}                     entry()           application/octet-stream
//   GET /ledger/entries/{index}.json                entry_json()      application/json
//   GET /ledger/proof/inclusion?index=I&size=N      inclusion()       application/json
//   GET /ledger/proof/consistency?from=M&to=N       consistency()     application/json
// Parameters arrive as the raw text from the URL; bad ones give Error::invalid (400) with a
// message saying which and why, absent things Error::not_found (404).
#include <string>
#include <string_view>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::ledger::api {

// The latest signed checkpoint note; not_found before the first checkpoint.
Result<std::string> checkpoint(store::Database& db);
// The verifier key line ("<name>+<id>+<key>\n"), from the encoded verifier key.
std::string verifier_key(const std::string& encoded_verifier_key);
// The exact bytes that were hashed for the event.
Result<std::string> entry(store::Database& db, std::string_view index);
// The event decoded: its fields, payload as an object, and "leaf_hash" (base64).
Result<std::string> entry_json(store::Database& db, std::string_view index);
// {"index":I,"size":N,"hashes":["base64",…]}; requires I < N ≤ log size.
Result<std::string> inclusion(store::Database& db, std::string_view index, std::string_view size);
// {"from":M,"to":N,"hashes":[…]}; requires 0 < M ≤ N ≤ log size.
Result<std::string> consistency(store::Database& db, std::string_view from, std::string_view to);

// A decimal parameter: digits only, no sign or leading zeros, below 2^63.
Result<std::uint64_t> parse_count(std::string_view text, const std::string& name);

}  // namespace zhifa::ledger::api
