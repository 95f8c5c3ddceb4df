#pragma once
// `zhifa migrate-to --db URL [--data-dir DIR]` (issue 23, docs/OPERATIONS.md "Moving to
// PostgreSQL"): copies a SQLite installation (<data-dir>/zhifa.db) into an empty PostgreSQL
// database — every table, the ledger included, ids kept — rebuilds the search indexes there, and
// ends with the checks of `zhifa verify` on the target. The blobs and the ledger key stay in the
// data directory; the server is then started with the same --data-dir and the new --db.
#include <ostream>
#include <string>
#include <vector>

namespace zhifa::app {

int run_migrate_to(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace zhifa::app
