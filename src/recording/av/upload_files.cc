#include "recording/av/upload_files.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <filesystem>
#include <map>

namespace zhifa::recording::av {

namespace {

// Appends `size` bytes of `from` to the end of `out` (kernel copy; a read/write loop when the
// filesystems do not support copy_file_range).
bool copy_range(int in, int out, std::uint64_t size) {
  std::uint64_t left = size;
  while (left > 0) {
    ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, left, 0);
    if (n > 0) {
      left -= static_cast<std::uint64_t>(n);
      continue;
    }
    if (n == 0) return false;
    if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP) return false;
    char buf[1 << 16];
    while (left > 0) {
      ssize_t r = ::read(in, buf, std::min<std::uint64_t>(sizeof buf, left));
      if (r <= 0) return false;
      for (ssize_t done = 0; done < r;) {
        ssize_t w = ::write(out, buf + done, static_cast<std::size_t>(r - done));
        if (w <= 0) return false;
        done += w;
      }
      left -= static_cast<std::uint64_t>(r);
    }
  }
  return true;
}

std::string to_base64(const unsigned char* bytes, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

// Makes a rename or a creation in `dir` durable.
bool fsync_dir(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return false;
  bool ok = ::fsync(dfd) == 0;
  ::close(dfd);
  return ok;
}

}  // namespace

UploadFiles::UploadFiles(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
}

std::string UploadFiles::part_path(const std::string& id) const { return dir_ + "/" + id + ".part"; }

std::uint64_t UploadFiles::held(const std::string& id) const {
  struct stat st {};
  return ::stat(part_path(id).c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

Result<std::uint64_t> UploadFiles::append(const std::string& id, std::uint64_t offset, const std::string& body_path,
                                          std::uint64_t body_size) {
  std::string part = part_path(id);
  if (offset == 0 && body_size > 0) {
    int fd = ::open(body_path.c_str(), O_RDONLY | O_CLOEXEC);
    bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (synced && ::rename(body_path.c_str(), part.c_str()) == 0) {
      if (!fsync_dir(dir_)) return Error::internal("cannot flush the uploads directory " + dir_);
      return body_size;
    }
  }
  // Only the first piece may create the part file, and a part file is never extended to the
  // offset: bytes it does not hold (a lost or cut file) would be zeros in the evidence.
  int out = ::open(part.c_str(), O_WRONLY | O_CLOEXEC | (offset == 0 ? O_CREAT : 0), 0640);
  if (out < 0) {
    if (errno == ENOENT) return Error::conflict("上传的临时文件缺失：已收到的字节须重新上传", "Upload-Offset");
    return Error::internal("cannot open upload file " + part);
  }
  // Another process appending to the same upload waits (the database's conditional offset update
  // then refuses the second).
  if (::flock(out, LOCK_EX) != 0) {
    ::close(out);
    return Error::internal("cannot lock upload file " + part);
  }
  struct stat st {};
  if (::fstat(out, &st) != 0 || static_cast<std::uint64_t>(st.st_size) < offset) {
    ::close(out);
    return Error::conflict("上传的临时文件短于已确认的字节数：缺少的字节须重新上传", "Upload-Offset");
  }
  // Bytes past the offset were never acknowledged: cut them.
  if ((static_cast<std::uint64_t>(st.st_size) != offset && ::ftruncate(out, static_cast<off_t>(offset)) != 0) ||
      ::lseek(out, static_cast<off_t>(offset), SEEK_SET) < 0) {
    ::close(out);
    return Error::internal("cannot cut upload file " + part);
  }
  bool ok = true;
  if (body_size > 0) {
    int in = ::open(body_path.c_str(), O_RDONLY | O_CLOEXEC);
    ok = in >= 0 && copy_range(in, out, body_size);
    if (in >= 0) ::close(in);
  }
  // Durable before the offset is acknowledged: a client is never told of bytes a crash could lose.
  ok = ok && ::fsync(out) == 0;
  ::close(out);  // releases the lock
  if (ok && offset == 0 && !fsync_dir(dir_)) ok = false;  // the file just created is in the directory
  if (!ok) return Error::internal("cannot append to upload file " + part + " (disk full?)");
  return offset + body_size;
}

void UploadFiles::remove(const std::string& id) { ::unlink(part_path(id).c_str()); }

Status UploadFiles::adopt(const std::string& id, const std::string& sha256, blob::BlobStore& blobs) {
  std::string part = part_path(id);
  if (blobs.exists(sha256)) {
    ::unlink(part.c_str());
    return {};
  }
  std::string target = blobs.path_of(sha256);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(target).parent_path(), ec);
  if (ec) return Error::internal("blob store: " + ec.message());
  int fd = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::internal("the finished upload's file is missing: " + part);
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Error::internal("cannot flush " + part + " to disk");
  if (::rename(part.c_str(), target.c_str()) != 0) {
    if (errno != EXDEV) return Error::internal("cannot move " + part + " into the blob store");
    std::string tmp = target + ".tmp." + std::to_string(::getpid());
    auto copied = blob::copy_file_sha256(part, tmp, 0640);
    if (!copied || *copied != sha256 || ::rename(tmp.c_str(), target.c_str()) != 0) {
      ::unlink(tmp.c_str());
      return Error::internal("cannot copy " + part + " into the blob store");
    }
    ::unlink(part.c_str());
  }
  if (!fsync_dir(std::filesystem::path(target).parent_path().string()) || !fsync_dir(dir_))
    return Error::internal("cannot flush the blob store or uploads directory after moving " + part);
  return {};
}

std::shared_ptr<std::mutex> UploadFiles::lock_for(const std::string& id) {
  // One registry for the whole process: the routes and the expiry job see the same locks.
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<std::mutex>> locks;
  std::lock_guard g(mu);
  for (auto it = locks.begin(); it != locks.end();) it = it->second.expired() ? locks.erase(it) : std::next(it);
  if (auto m = locks[id].lock()) return m;
  auto m = std::make_shared<std::mutex>();
  locks[id] = m;
  return m;
}

std::int64_t unix_from_iso(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

Result<std::string> file_digest_base64(const std::string& path, const std::string& algorithm) {
  const EVP_MD* md = algorithm == "sha1" ? EVP_sha1() : algorithm == "sha256" ? EVP_sha256() : nullptr;
  if (!md) return Error::invalid("不支持的校验算法 " + algorithm + "（支持 sha1、sha256）", "Upload-Checksum");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::internal("cannot read " + path);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, md, nullptr);
  std::string buf(1 << 20, '\0');
  bool ok = true;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) ok = false;
    if (n <= 0) break;
    EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, out, &len);
  EVP_MD_CTX_free(ctx);
  if (!ok) return Error::internal("read error on " + path);
  return to_base64(out, len);
}

std::string hex_to_base64(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return to_base64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace zhifa::recording::av
