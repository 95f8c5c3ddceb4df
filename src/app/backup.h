#pragma once
// `zhifa backup` and `zhifa restore` (issue 23): an agency keeps its legal records for decades.
//
// A backup directory holds
//   zhifa.db or zhifa.pgdump   a consistent copy of the database, taken while the server serves
//                              (SQLite's online backup API; PostgreSQL's pg_dump, custom format,
//                              whose major version must equal the server's)
//   blobs/aa/bb/<sha256>       every blob of the store (content-addressed: a later backup into the
//                              same directory copies only the blobs it lacks)
//   ledger.pub                 the ledger's verifier keys (always)
//   ledger.key                 the private signing key, mode 0600 (only with --include-signing-key)
//   manifest.json              written last: the ledger checkpoint the copy contains and the
//                              SHA-256 of every file. A directory without it is not a backup.
// Restore refuses a non-empty target, checks every file against the manifest (naming the first
// bad one), copies, and ends with the checks of `zhifa verify` plus the manifest's checkpoint.
#include <ostream>
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::app {

int run_backup(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_restore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The checks of `zhifa verify` on an installation: every event, tree node and checkpoint, and
// every evidence file in <blob_dir>. `keys` empty: the verifier keys recorded in the database.
Status verify_installation(store::Database& db, const std::string& blob_dir, std::vector<std::string> keys,
                           std::ostream& out);

}  // namespace zhifa::app
