#pragma once
// Checkpoints: the log's size and root, published as a C2SP tlog-checkpoint
// (https://c2sp.org/tlog-checkpoint) inside a signed note (see note.h):
//
//   <origin>\n
//   <size, decimal>\n
//   <base64 root hash>\n
//
// A checkpoint is only ever signed after checking that the log it describes extends the
// previous checkpoint's log (a consistency proof from stored nodes against the previous
// signed root), so the published sequence of checkpoints is append-only.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "platform/ledger/merkle.h"
#include "platform/ledger/note.h"
#include "platform/store/database.h"

namespace zhifa::ledger {

struct Checkpoint {
  std::string origin;  // names the log, e.g. "zhifa.example.gov.cn/ledger"; no newline
  std::uint64_t size = 0;
  Hash root{};
};

std::string checkpoint_body(const Checkpoint& c);
// Parses a checkpoint body; extension lines after the root are allowed and ignored.
Result<Checkpoint> parse_checkpoint_body(std::string_view text);

Result<std::string> sign_checkpoint(const Checkpoint& c, const SignerKey& k);
// Verifies the note's signature (see open_note) and parses its body.
Result<Checkpoint> open_checkpoint(std::string_view note, std::span<const Verifier> known);

struct StoredCheckpoint {
  std::uint64_t size = 0;
  std::string time;  // ISO-8601 UTC, when it was signed
  Hash root{};
  std::string note;  // the signed note, as published
};

// The newest stored checkpoint, if any.
Result<std::optional<StoredCheckpoint>> latest_checkpoint(store::Tx& tx);
// The stored checkpoint of exactly `size` events, if any.
Result<std::optional<StoredCheckpoint>> checkpoint_at(store::Tx& tx, std::uint64_t size);

// Signs and stores a checkpoint of the whole log if it grew since the latest checkpoint;
// nullopt when it did not. Refuses (Error::conflict) when the stored tree is not consistent
// with the previous checkpoint. Safe to run from several processes at once.
// `may_sign`, when given, runs first in the same transaction: false means another instance has
// this turn (store::claim_periodic_run), and nothing is signed.
Result<std::optional<StoredCheckpoint>> make_checkpoint(store::Database& db, const SignerKey& k,
                                                        const std::string& origin,
                                                        const std::function<Result<bool>(store::Tx&)>& may_sign = {});

}  // namespace zhifa::ledger
