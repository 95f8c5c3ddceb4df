#include "platform/blob/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zhifa::blob {

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) { out += hex[md[i] >> 4]; out += hex[md[i] & 15]; }
  return out;
}

Result<std::string> copy_file_sha256(const std::string& from, const std::string& to, int mode) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Error::not_found("cannot read " + from);
  int out = -1;
  if (!to.empty()) {
    out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (out < 0) {
      ::close(in);
      return Error::unavailable("cannot write " + to);
    }
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::string buf(1 << 20, '\0');
  Status st;
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0) { st = Error::unavailable("read error on " + from); break; }
    if (n == 0) break;
    EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(n));
    for (ssize_t done = 0; out >= 0 && done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<std::size_t>(n - done));
      if (w <= 0) { st = Error::unavailable("cannot write " + to + " (disk full or not writable?)"); break; }
      done += w;
    }
    if (!st) break;
  }
  if (st && out >= 0 && ::fsync(out) != 0) st = Error::unavailable("cannot flush " + to + " to disk");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  ::close(in);
  if (out >= 0) ::close(out);
  if (!st) return st.error();
  static const char* hex = "0123456789abcdef";
  std::string h;
  for (unsigned i = 0; i < len; ++i) { h += hex[md[i] >> 4]; h += hex[md[i] & 15]; }
  return h;
}

Result<std::string> file_sha256(const std::string& path) { return copy_file_sha256(path, "", 0); }

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

namespace {

class FsStore final : public BlobStore {
 public:
  explicit FsStore(std::string root) : root_(std::move(root)) {}

  std::string path_of(const std::string& h) const override { return root_ + "/" + h.substr(0, 2) + "/" + h.substr(2, 2) + "/" + h; }

  Result<std::string> put(std::string_view bytes) override {
    std::string h = sha256_hex(bytes);
    std::string path = path_of(h);
    if (std::filesystem::exists(path)) return h;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) return Error::internal("blob store: " + ec.message());
    std::string tmp = path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(reinterpret_cast<std::uintptr_t>(&bytes));
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return Error::internal("blob store: cannot create " + tmp);
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return Error::internal("blob store: write failed (disk full?)");
      }
      done += static_cast<std::size_t>(n);
    }
    // Durable before it is named: fsync the file, rename, fsync the directory.
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
      ::unlink(tmp.c_str());
      return Error::internal("blob store: cannot store " + h);
    }
    int dfd = ::open(std::filesystem::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return h;
  }

  Result<std::string> get(const std::string& h) override {
    if (!is_sha256_hex(h)) return Error::invalid("not a SHA-256 hex digest: " + h, "sha256");
    std::ifstream f(path_of(h), std::ios::binary);
    if (!f) return Error::not_found("no blob " + h);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  bool exists(const std::string& h) override { return is_sha256_hex(h) && std::filesystem::exists(path_of(h)); }

  Status check(const std::string& h) override {
    // Read in pieces: A/V originals are gigabytes.
    if (!is_sha256_hex(h)) return Error::invalid("not a SHA-256 hex digest: " + h, "sha256");
    if (!std::filesystem::exists(path_of(h))) return Error::not_found("no blob " + h);
    auto hashed = file_sha256(path_of(h));
    if (!hashed) return hashed.error();
    const std::string& actual = *hashed;
    if (actual != h) return Error::conflict("evidence file " + h + " now hashes to " + actual + ": it was altered");
    return {};
  }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<BlobStore> open_filesystem_store(const std::string& root) { return std::make_unique<FsStore>(root); }

}  // namespace zhifa::blob
