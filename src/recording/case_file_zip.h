#pragma once
// The case file (案卷) as a self-verifying ZIP:
//   manifest.json            {"format":"zhifa-case-file/1","case":{…},"verifier_key":"…",
//                             "files":[{"path","sha256","size"}…],"events":[<ledger bundle>…]}
//   case-file.pdf            the whole file in standard order with its table of contents
//   documents/NNN-<name>.pdf every signed document (文书), byte for byte as signed
// Each event is a ledger bundle (event bytes + inclusion proof + signed checkpoint, see
// platform/ledger/verify.h), so `zhifa verify --bundle FILE.zip` checks the files against the
// manifest, every event against the checkpoint, and that every document's SHA-256 was recorded
// by a ledger event — with nothing but the ZIP and the agency's published verifier key.
#include <functional>
#include <ostream>
#include <span>
#include <string>

#include "org/permissions.h"
#include "platform/blob/blob_store.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// sign_checkpoint: called when the latest checkpoint does not yet cover the case's newest event.
Result<std::string> case_file_zip(store::Database& db, blob::BlobStore* blobs, const org::Principal& p, std::int64_t case_id,
                                  const std::function<Status()>& sign_checkpoint);

// Checks a case-file ZIP (see above); trusted_keys empty: the manifest's key is used and the
// report asks the reader to compare it with the published one.
Status verify_case_file_zip(const std::string& path, std::span<const std::string> trusted_keys, std::ostream& report);

// True when the file starts like a ZIP archive.
bool looks_like_zip(const std::string& path);

}  // namespace zhifa::recording
