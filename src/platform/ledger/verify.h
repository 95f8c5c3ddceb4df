#pragma once
// Offline verification: of a whole ledger database (what `zhifa verify` runs), and of one
// exported record, a "bundle" a citizen can check with nothing else.
#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::ledger {

struct VerifyOptions {
  // Verifier keys (current and retired, see note.h) that may have signed checkpoints.
  std::vector<std::string> verifier_keys;
  // Optional: checks the evidence file with this SHA-256 (lowercase hex) referred to by event
  // `index`, e.g. re-hashes it from the blob store. Its error is reported with the index.
  std::function<Status(std::uint64_t index, std::string_view sha256_hex)> evidence;
};

// Recomputes every leaf from the stored event fields, every stored subtree hash, every
// checkpoint's root, and checks each checkpoint's signature and the consistency of successive
// checkpoints; writes progress to report. On failure the Error (kind kConflict) names the
// first bad item: "event 17 …", "events [16, 24) …", "checkpoint 40 …"; Error::field holds it
// as "event:17", "events:16-24" or "checkpoint:40". Reads one snapshot; memory ≈ 64 bytes per
// event.
Status verify_database(store::Database& db, const VerifyOptions& options, std::ostream& report);
Status verify_database(store::Database& db, const std::string& verifier_key, std::ostream& report);

// A bundle: one event with its inclusion proof to a signed checkpoint, as JSON:
//   {"checkpoint":"<signed note>","entry":"<base64 event bytes>","index":I,
//    "proof":{"hashes":["<base64>",…],"index":I,"size":N},"verifier_key":"<key>"}
// Made against the latest checkpoint; Error::conflict when that does not cover the event yet.
Result<std::string> make_bundle(store::Database& db, std::uint64_t index, const std::string& verifier_key);

// Checks a bundle: canonical event bytes, inclusion proof to the checkpoint's root, and the
// checkpoint's signature by one of trusted_keys (or, when trusted_keys is empty, by the key in
// the bundle — the report then asks the reader to compare it with the published key).
Status verify_bundle(std::string_view bundle_json, std::span<const std::string> trusted_keys, std::ostream& report);

}  // namespace zhifa::ledger
