#pragma once
// The bytes of tus uploads in progress (issue 17): <dir>/<id>.part on disk, never in memory.
// A PATCH body arrives as a temporary file (http::BodyFile, hashed while it streamed); it is
// renamed into place when it is the first piece, else appended with copy_file_range, so memory
// stays flat whatever the size. A finished part file becomes a content-addressed blob.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "platform/blob/blob_store.h"
#include "platform/core/result.h"

namespace zhifa::recording::av {

class UploadFiles {
 public:
  explicit UploadFiles(std::string dir);
  const std::string& dir() const { return dir_; }
  std::string part_path(const std::string& id) const;
  // Puts the body's bytes at `offset` of the upload's part file (under flock), after cutting bytes
  // past `offset` (never acknowledged). A part file that is missing or shorter than `offset` is
  // never created or extended: conflict (the caller resets the stored offset to held()). The
  // part file and the uploads directory are fsynced before it returns the new size.
  Result<std::uint64_t> append(const std::string& id, std::uint64_t offset, const std::string& body_path, std::uint64_t body_size);
  // The bytes the part file holds (0 when there is none).
  std::uint64_t held(const std::string& id) const;
  // Removes the part file (termination, expiry); no error when there is none.
  void remove(const std::string& id);
  // Moves the finished part file into the blob store as `sha256` (filesystem backend: a rename
  // after fsync; a copy across filesystems). Ok when the blob is already there.
  Status adopt(const std::string& id, const std::string& sha256, blob::BlobStore& blobs);
  // One request at a time per upload, process-wide (every UploadFiles shares the locks: the
  // expiry job skips an upload whose lock is held); the database's conditional offset update
  // guards across processes.
  std::shared_ptr<std::mutex> lock_for(const std::string& id);

 private:
  std::string dir_;
};

// Seconds since the epoch of a stored time ("2026-12-03T18:00:00Z"); 0 when it is not one.
std::int64_t unix_from_iso(const std::string& iso_utc);
// The digest of a file, base64 (tus Upload-Checksum); algorithm "sha1" or "sha256". Read in
// pieces: memory stays flat.
Result<std::string> file_digest_base64(const std::string& path, const std::string& algorithm);
// Lower-case hex → base64 (a SHA-256 computed while a body streamed in, as tus writes it).
std::string hex_to_base64(const std::string& hex);

}  // namespace zhifa::recording::av
