#pragma once
// Content-addressed blob store: a file is stored under its SHA-256 and never changes. The
// filesystem backend keeps <root>/<aa>/<bb>/<sha256>; writes go to a temporary file that is
// fsynced and renamed into place, so a crash leaves either the whole blob or nothing.
// (An S3-compatible backend comes with scale-out; it implements the same interface.)
#include <memory>
#include <string>
#include <string_view>

#include "platform/core/result.h"

namespace zhifa::blob {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores bytes; returns their SHA-256 (lowercase hex). Storing the same bytes twice is a no-op.
  virtual Result<std::string> put(std::string_view bytes) = 0;
  virtual Result<std::string> get(const std::string& sha256_hex) = 0;
  virtual bool exists(const std::string& sha256_hex) = 0;
  // Re-hashes the stored file: ok when its bytes still hash to its name.
  virtual Status check(const std::string& sha256_hex) = 0;
  // The file path, for serving with sendfile (filesystem backend only).
  virtual std::string path_of(const std::string& sha256_hex) const = 0;
};

std::unique_ptr<BlobStore> open_filesystem_store(const std::string& root);
std::string sha256_hex(std::string_view bytes);
bool is_sha256_hex(std::string_view s);
// The SHA-256 of a file, read in 1 MiB pieces (memory stays flat whatever its size).
Result<std::string> file_sha256(const std::string& path);
// Copies a file while hashing it (the copy, created with `mode`, is fsynced); returns the SHA-256
// of what was copied.
Result<std::string> copy_file_sha256(const std::string& from, const std::string& to, int mode = 0644);

}  // namespace zhifa::blob
