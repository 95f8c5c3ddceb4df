#pragma once
// Copying one installation's database into another, empty one (`zhifa migrate-to`, issue 23:
// SQLite → PostgreSQL). Every table the two schemas share is copied row for row, ids kept, in one
// write transaction on the target: a failure leaves the target as it was. Columns only one side
// has are left to their defaults (the search indexes: FTS5 tables on SQLite, tsvector columns on
// PostgreSQL — rebuilt by the caller's `after`, which runs in the same target transaction).
#include <functional>
#include <ostream>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::store {

// Refuses a target that holds data (any ledger event or agency) or is at another schema version.
// `progress` gets one line per table copied ("ledger_events: 1234 rows").
Status copy_into_empty(Database& from, Database& to, std::ostream& progress,
                       const std::function<Status(Tx& target)>& after = {});

}  // namespace zhifa::store
