#pragma once
// The ledger's event log in the database (tables in migrations/0050_ledger*.sql).
//
// append() is the only way to write an event. It runs inside the caller's write transaction,
// so a change and the event recording it commit together or not at all. There is no update
// or delete. Each append stores the event, its leaf hash and the hash of every complete
// subtree the new leaf completes (on average one), so an append costs O(log n) and no tree is
// ever rebuilt; roots and proofs read O(log n) stored hashes, in two queries.
#include <cstdint>
#include <vector>

#include "platform/ledger/event.h"
#include "platform/ledger/merkle.h"
#include "platform/store/database.h"

namespace zhifa::ledger {

// Appends e (its index is ignored) and returns the index it was given. Concurrent appends
// serialise on the ledger_head row until the transaction ends.
Result<std::int64_t> append(store::Tx& tx, const Event& e);

// The number of events in the log.
Result<std::uint64_t> log_size(store::Tx& tx);

// The newest `n` events, newest first: index, time, agency, kind, subject (no payload).
Result<std::vector<Event>> recent_events(store::Tx& tx, int n);

// Event `index` as stored (index set); Error::not_found beyond the end.
Result<Event> read_event(store::Tx& tx, std::uint64_t index);
// The exact bytes that were hashed for event `index`.
Result<std::string> read_entry(store::Tx& tx, std::uint64_t index);

// The root of the first `size` events. Requires size ≤ log_size.
Result<Hash> log_root(store::Tx& tx, std::uint64_t size);
// Requires index < size ≤ log_size.
Result<std::vector<Hash>> prove_inclusion(store::Tx& tx, std::uint64_t index, std::uint64_t size);
// Requires 0 < size1 ≤ size2 ≤ log_size.
Result<std::vector<Hash>> prove_consistency(store::Tx& tx, std::uint64_t size1, std::uint64_t size2);

}  // namespace zhifa::ledger
