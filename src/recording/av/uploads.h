#pragma once
// 音像记录 uploads (issue 17): the state of a tus 1.0 upload (the protocol itself is spoken by
// recording/web/upload_routes.cc; the bytes live in upload_files.h) and the evidence item a
// finished upload becomes. Who may upload: the officers handling an open case of their own agency
// (or its head); another agency's case is answered as a missing one (404), a closed case or a case
// the person does not handle 403.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/av/media.h"
#include "recording/case.h"

namespace zhifa::recording::av {

inline constexpr std::string_view kNoUpload = "上传不存在";

// Upload-Metadata (tus: comma-separated "key base64value" pairs).
struct UploadMeta {
  std::string filename, kind, step, device, recorded_at;  // kind: video | audio | photo | document
  std::int64_t case_id = 0;
  std::string raw;  // the header as given
};
// Parses and checks the metadata: filename, case_id and kind required; step, device,
// recorded_at (ISO-8601 UTC, "…Z") optional. An error names the key.
Result<UploadMeta> parse_metadata(std::string_view header);

struct Upload {
  std::string id;
  std::int64_t agency_id = 0, case_id = 0, person_id = 0;
  std::uint64_t length = 0, offset = 0;
  UploadMeta meta;
  std::string sha256, state, created_at, expires_at;  // state: open | done | terminated | expired | rejected
  std::string error;                                  // why it was rejected
  std::optional<std::int64_t> item_id;
};

// The case an item may be added to by p (404 / 403 as above); its step must be one of the case's
// procedure (empty: the case's current step).
Result<Case> case_for_evidence(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& step);

// A new upload of `length` bytes, open until `expires_at`.
Result<Upload> create_upload(store::Tx& tx, const org::Principal& p, const UploadMeta& meta, std::uint64_t length,
                             const std::string& id, const std::string& expires_at);
// The upload, for its uploader: another agency's or an unknown id → 404 kNoUpload; another person
// of the same agency → 403.
Result<Upload> upload_for(store::Tx& tx, const org::Principal& p, const std::string& id);
// Acknowledges bytes: offset from `from` to `to` (a conflict when another request moved it), the
// new expiry; `sha256` once every byte is held.
Status record_offset(store::Tx& tx, const std::string& id, std::uint64_t from, std::uint64_t to, const std::string& expires_at,
                     const std::string& sha256);
// An evidence item whose original is already the blob `sha256`: checked like an upload (the case
// open, handled by p, the step of its procedure), recorded with its ledger event
// (recording.av.item_added: ids, kind, step, size and the SHA-256 — never the file name, device or place).
struct NewItem {
  std::int64_t case_id = 0, size = 0;
  std::string step, kind, filename, sha256, device, recorded_at, upload_id, thumb_sha256;
  MediaFacts facts;
};
Result<std::int64_t> add_item(store::Tx& tx, const org::Principal& p, const NewItem& in);

// Every byte is held and stored as the blob u.sha256: the evidence item with its media facts and
// thumbnail, its ledger event (recording.av.item_added: ids, kind, step, size and the SHA-256), the
// upload done. Returns the item id.
Result<std::int64_t> complete_upload(store::Tx& tx, const org::Principal& p, const std::string& id, const MediaFacts& facts,
                                     const std::string& thumb_sha256);
// The bytes are not media of the upload's kind (probe_media's error): the upload is rejected with
// the reason; no item.
Status reject_upload(store::Tx& tx, const std::string& id, const std::string& reason);
// DELETE (tus termination): the upload ends; its bytes are removed by the caller.
Status terminate_upload(store::Tx& tx, const org::Principal& p, const std::string& id);
// Open uploads whose expiry has passed become expired; returns their ids (the caller removes the
// bytes).
// `busy(id)`: true skips the upload this time (its lock is held by a request).
Result<std::vector<std::string>> expire_uploads(store::Tx& tx, const std::string& now_iso,
                                                const std::function<bool(const std::string&)>& busy = {});
// Pushes an open upload's expiry out to `expires_at` (never earlier): a PATCH whose body is about
// to stream is not expired while it streams.
Status extend_upload(store::Tx& tx, const std::string& id, const std::string& expires_at);

}  // namespace zhifa::recording::av
