#pragma once
// A ledger event and the exact bytes of it that are hashed into the Merkle tree.
//
// Canonical JSON (our definition; the bytes a citizen re-hashes):
//   - UTF-8, no byte-order mark; invalid UTF-8 is rejected.
//   - No insignificant whitespace anywhere.
//   - Object keys sorted by their UTF-8 bytes (memcmp order), each key at most once.
//   - Strings escape only what JSON requires: `"` as \", `\` as \\, the control characters
//     U+0008 U+000C U+000A U+000D U+0009 as \b \f \n \r \t, the other controls below U+0020
//     as \u00XX (lowercase hex); everything else, "/" and non-ASCII included, is written as is.
//   - Numbers are integers only, in -(2^53-1) … 2^53-1, written in shortest decimal form (no
//     "+", no leading zeros, no "-0"). Floats, exponents and fractions are rejected, so no
//     value has two spellings and JavaScript reads every number exactly.
//   - true, false, null as themselves.
//
// The event's hashed bytes are the canonical JSON of this object (keys in that order):
//   {"actor":…,"agency":…,"evidence_sha256":[…],"index":…,"kind":…,"payload":{…},
//    "subject":…,"time":…,"v":1}
// where "v" is the format version, evidence_sha256 lists lowercase hex SHA-256 digests of the
// evidence files the event refers to (in the order given), and payload is an object.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::ledger {

struct Event {
  std::int64_t index = -1;      // position in the log; assigned by append()
  std::string time;             // ISO-8601 UTC, "2025-09-26T08:00:00Z"
  std::string agency;           // the agency on whose behalf it happened, e.g. its code
  std::string actor;            // who did it, e.g. "person:12" or "system"
  std::string kind;             // what happened, e.g. "org.person.created"
  std::string subject;          // what it happened to, e.g. "person:12"
  std::string payload = "{}";   // a JSON object; canonicalised by append()
  std::vector<std::string> evidence_sha256;  // lowercase hex, 64 digits each
};

// Parses JSON text and returns its canonical encoding; Error::invalid says what is not allowed.
Result<std::string> canonical_json(std::string_view json);

// Checks the fields (non-empty kind, time shape, UTF-8, digests) and canonicalises the payload.
Result<Event> normalize(Event e);

// The hashed bytes of an event whose fields are valid and payload canonical (see normalize).
std::string event_bytes(const Event& e);

// Parses hashed bytes back into an Event; refuses bytes that are not exactly canonical.
Result<Event> parse_event_bytes(std::string_view bytes);

// Canonical JSON of a list of strings, as stored for evidence_sha256.
std::string string_list_json(const std::vector<std::string>& items);
Result<std::vector<std::string>> parse_string_list_json(std::string_view json);

}  // namespace zhifa::ledger
