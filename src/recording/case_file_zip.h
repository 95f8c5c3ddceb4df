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
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/blob/blob_store.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// What goes into the ZIP, read in one transaction: the manifest's case, the files (case-file.pdf
// and every signed document), the ledger indices of the case's and its documents' events, and
// the ledger's verifier key (kUnavailable when the ledger has none yet).
struct CaseFileContents {
  nlohmann::json case_summary;                               // {id, case_no, title}
  std::vector<std::pair<std::string, std::string>> files;    // path, bytes
  std::vector<std::int64_t> event_indices;                   // ascending
  std::string verifier_key;
};
Result<CaseFileContents> case_file_contents(store::Tx& tx, blob::BlobStore* blobs, const org::Principal& p, std::int64_t case_id);

// The ZIP of the contents, with each event's ledger bundle (ledger::make_bundle, in the order of
// event_indices) in the manifest.
Result<std::string> case_file_zip(CaseFileContents contents, const std::vector<std::string>& bundles);

// Checks a case-file ZIP (see above); trusted_keys empty: the manifest's key is used and the
// report asks the reader to compare it with the published one.
Status verify_case_file_zip(const std::string& path, std::span<const std::string> trusted_keys, std::ostream& report);

// True when the file starts like a ZIP archive.
bool looks_like_zip(const std::string& path);

}  // namespace zhifa::recording
