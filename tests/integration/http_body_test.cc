// Request bodies and the response writer over real sockets: the head is read first and the body
// taken as the route says — refused with 413 before it is read (Content-Length, chunked,
// Expect: 100-continue), read into memory, or streamed to a hashed temporary file with constant
// memory; response headers with CR, LF or NUL are never written.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "harness.h"

namespace zhifa::testing {
namespace {

// A connection the test drives step by step (send part of a request, read, send more).
class Conn {
 public:
  explicit Conn(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~Conn() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  bool send_all(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // One response: status line and headers, then a Content-Length body (none for 1xx).
  HttpResult read_response(int timeout_ms = 10000) {
    HttpResult res;
    std::size_t end;
    while ((end = in_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(timeout_ms)) return res;
    std::string head = in_.substr(0, end);
    in_.erase(0, end + 4);
    res.status = std::atoi(head.substr(9, 3).c_str());
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      std::size_t next = head.find("\r\n", pos + 2);
      std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string k = line.substr(0, colon), v = line.substr(colon + 1);
        for (auto& c : k) c = static_cast<char>(std::tolower(c));
        while (!v.empty() && v.front() == ' ') v.erase(0, 1);
        res.headers[k] = res.headers.count(k) ? res.headers[k] + "\n" + v : v;
      }
      pos = next;
    }
    if (res.status >= 200 && res.headers.count("content-length")) {
      std::size_t need = std::stoul(res.headers["content-length"]);
      while (in_.size() < need)
        if (!fill(timeout_ms)) break;
      res.body = in_.substr(0, need);
      in_.erase(0, std::min(need, in_.size()));
    }
    return res;
  }
  // True when the server has closed its side (read returns 0) within the time.
  bool closed_by_server(int timeout_ms = 10000) {
    char buf[4096];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) return false;
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
  }

 private:
  bool fill(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[65536];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    in_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  std::string in_;
};

std::string sha256_hex(EVP_MD_CTX* md) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(md, d, &len);
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[d[i] >> 4];
    out += hex[d[i] & 15];
  }
  return out;
}

// This process's resident set, in KiB (VmRSS or VmHWM from /proc/self/status).
long proc_kib(const std::string& field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

std::string chunked(const std::vector<std::string>& chunks) {
  std::string out;
  char size[32];
  for (auto& c : chunks) {
    std::snprintf(size, sizeof size, "%zx\r\n", c.size());
    out += size + c + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// A route that answers with the size of the body it was given (in memory).
void add_size_route(TestServer& s) {
  s.app().router().add("POST", "/api/test/size", "public",
                       [](http::Request& r) { return http::Response::text(std::to_string(r.body.size())); });
}

TEST(HttpBody, ContentLengthOverTheLimitIsAnswered413BeforeTheBodyIsSent) {
  TestServer s(false);
  // Only the head is sent: the answer must come without the server waiting for 80 MB.
  auto page = raw_request(s.port(),
                          "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: 83886080\r\n\r\n");
  EXPECT_EQ(page.status, 413);
  EXPECT_NE(page.body.find("请求内容过大"), std::string::npos) << page.body;
  EXPECT_EQ(page.header("connection"), "close");
  auto api = raw_request(s.port(), "POST /api/v1/me HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 83886080\r\n\r\n");
  EXPECT_EQ(api.status, 413);
  EXPECT_EQ(api.body, "{\"error\":\"request body larger than 8388608 bytes\"}");
  Client c(s.port());
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST(HttpBody, An80MBBodyToAFormRouteGetsA413NotADroppedConnection) {
  TestServer s(false);
  std::string req = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    std::to_string(80 * 1024 * 1024) + "\r\n\r\n";
  req += std::string(80 * 1024 * 1024, 'a');
  auto r = raw_request(s.port(), req, 20000);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("请求内容过大"), std::string::npos);
}

TEST(HttpBody, ChunkedBodiesAreReadAndCutOffWithA413OnceOverTheLimit) {
  TestServer s(false, [](app::Config& c) { c.max_body_bytes = 4096; });
  add_size_route(s);
  std::string head = "POST /api/test/size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  auto ok = raw_request(s.port(), head + chunked({std::string(1000, 'a'), std::string(1000, 'b'), std::string(1000, 'c')}));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "3000");
  auto over = raw_request(s.port(), head + chunked(std::vector<std::string>(10, std::string(1000, 'x'))));
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(over.body, "{\"error\":\"request body larger than 4096 bytes\"}");
  // In memory up to the limit, by Content-Length too.
  Client c(s.port());
  EXPECT_EQ(c.send("POST", "/api/test/size", std::string(4096, 'y'), {{"Content-Type", "application/octet-stream"}}).body, "4096");
}

TEST(HttpBody, ExpectContinueIsAnswered413WhenTooLargeAnd100WhenAccepted) {
  TestServer s(false);
  add_size_route(s);
  {
    Conn c(s.port());
    ASSERT_TRUE(c.ok());
    c.send_all("POST /api/test/size HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 83886080\r\n\r\n");
    auto r = c.read_response();
    EXPECT_EQ(r.status, 413);  // not 100: the client never sends the body
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    Conn c(s.port());
    ASSERT_TRUE(c.ok());
    c.send_all("POST /api/test/size HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    auto cont = c.read_response();
    EXPECT_EQ(cont.status, 100);
    c.send_all("hello");
    auto r = c.read_response();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "5");
  }
}

struct Seen {
  std::mutex mu;
  std::vector<http::BodyFile> files;
  std::vector<bool> existed;  // the file was there while the handler ran
  std::vector<std::string> bodies;
};

void add_upload_route(TestServer& s, Seen& seen) {
  http::BodyLimit limit;
  limit.max_bytes = 1ull << 30;
  limit.to_file = true;
  limit.before_body = [](const http::Request& head) -> std::optional<http::Response> {
    if (head.header("Upload-Offset") != "" && head.header("Upload-Offset") != "0")
      return http::Response::json_error(409, "offset mismatch");
    return std::nullopt;
  };
  s.app().router().add(
      "POST", "/api/test/upload/{id}", "public",
      [&seen](http::Request& r) {
        std::lock_guard lock(seen.mu);
        EXPECT_TRUE(r.body.empty());
        EXPECT_EQ(r.param("id"), "u1");
        if (!r.body_file) return http::Response::json_error(500, "no body file");
        seen.files.push_back(*r.body_file);
        seen.existed.push_back(std::filesystem::exists(r.body_file->path) &&
                               std::filesystem::file_size(r.body_file->path) == r.body_file->size);
        if (r.body_file->size < 1024) {
          std::ifstream f(r.body_file->path, std::ios::binary);
          seen.bodies.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
        }
        return http::Response::json("{\"size\":" + std::to_string(r.body_file->size) + ",\"sha256\":\"" + r.body_file->sha256 + "\"}");
      },
      limit);
}

TEST(HttpBody, AStreamedUploadRouteGetsItsFileHashedWithConstantMemory) {
  Seen seen;  // outlives the server whose handler writes to it
  TestServer s(false);
  add_upload_route(s, seen);
  const std::size_t kPiece = 1 << 20, kPieces = 300;  // 300 MB
  std::string piece(kPiece, '\0');
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  {
    std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to the current RSS
  }
  long rss_before = proc_kib("VmRSS");
  Conn c(s.port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.send_all("POST /api/test/upload/u1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                         std::to_string(kPiece * kPieces) + "\r\n\r\n"));
  for (std::size_t i = 0; i < kPieces; ++i) {
    for (std::size_t j = 0; j < kPiece; j += 64) piece[j] = static_cast<char>(i * 31 + j / 64);
    EVP_DigestUpdate(md, piece.data(), piece.size());
    ASSERT_TRUE(c.send_all(piece)) << "piece " << i;
  }
  std::string want = sha256_hex(md);
  EVP_MD_CTX_free(md);
  auto r = c.read_response(60000);
  long peak = proc_kib("VmHWM");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "{\"size\":" + std::to_string(kPiece * kPieces) + ",\"sha256\":\"" + want + "\"}");
  std::lock_guard lock(seen.mu);
  ASSERT_EQ(seen.files.size(), 1u);
  EXPECT_TRUE(seen.files[0].complete);
  EXPECT_TRUE(seen.existed[0]);
  EXPECT_FALSE(std::filesystem::exists(seen.files[0].path));  // removed once the handler returned
  // Client and server are this one process: neither may hold the body. Memory, not time.
  ASSERT_GT(rss_before, 0);
  ASSERT_GT(peak, 0);
  EXPECT_LT(peak - rss_before, 64 * 1024) << "peak RSS grew by " << (peak - rss_before) << " KiB";
}

TEST(HttpBody, StreamedUploadsTakeChunkedBodiesAndRefuseEarly) {
  Seen seen;  // outlives the server whose handler writes to it
  TestServer s(false);
  add_upload_route(s, seen);
  auto r = raw_request(s.port(), "POST /api/test/upload/u1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                                     chunked({"abc", "defg"}));
  ASSERT_EQ(r.status, 200) << r.body;
  // SHA-256("abcdefg")
  EXPECT_EQ(r.body, "{\"size\":7,\"sha256\":\"7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a\"}");
  {
    std::lock_guard lock(seen.mu);
    ASSERT_EQ(seen.bodies.size(), 1u);
    EXPECT_EQ(seen.bodies[0], "abcdefg");
  }
  // before_body answers from the head alone (a resumable upload's offset check): the body is never read.
  Conn c(s.port());
  c.send_all("POST /api/test/upload/u1 HTTP/1.1\r\nHost: x\r\nUpload-Offset: 5\r\nContent-Length: 1000000\r\n\r\n");
  auto conflict = c.read_response();
  EXPECT_EQ(conflict.status, 409);
  EXPECT_TRUE(c.closed_by_server());
  std::lock_guard lock(seen.mu);
  EXPECT_EQ(seen.files.size(), 1u);  // the handler did not run
}

TEST(HttpBody, AnUploadCutShortStillReachesItsHandlerMarkedIncomplete) {
  Seen seen;  // outlives the server whose handler writes to it
  TestServer s(false);
  add_upload_route(s, seen);
  {
    Conn c(s.port());
    c.send_all("POST /api/test/upload/u1 HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + std::string(30000, 'z'));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }  // the client goes away part way
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(seen.mu);
      if (!seen.files.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::lock_guard lock(seen.mu);
  ASSERT_EQ(seen.files.size(), 1u);
  EXPECT_FALSE(seen.files[0].complete);
  EXPECT_EQ(seen.files[0].size, 30000u);
  EXPECT_FALSE(std::filesystem::exists(seen.files[0].path));
}

TEST(HttpBody, ResponseHeadersWithCrLfOrNulAreNeverWritten) {
  TestServer s(false);
  s.app().router().add("GET", "/test/inject", "public",
                       [](http::Request&) { return http::Response::redirect("/x\r\nSet-Cookie: injected=1"); });
  s.app().router().add("GET", "/test/inject-lf", "public",
                       [](http::Request&) { return http::Response::redirect("/x\nSet-Cookie: injected=1"); });
  s.app().router().add("GET", "/test/inject-name", "public", [](http::Request&) {
    auto r = http::Response::text("x");
    r.headers.add(std::string("X-A\0b", 5), "1");
    return r;
  });
  Client c(s.port());
  for (std::string path : {"/test/inject", "/test/inject-lf", "/test/inject-name"}) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_EQ(r.header("set-cookie").find("injected"), std::string::npos) << path;
    EXPECT_TRUE(r.header("location").empty()) << path;
  }
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST(HttpBody, HeadersOverTheFieldLimitsGetAnAnswer) {
  TestServer s(false);
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 120; ++i) many += "X-F" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(raw_request(s.port(), many + "\r\n").status, 431);
  EXPECT_EQ(raw_request(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n").status, 431);
  EXPECT_EQ(raw_request(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Huge: " + std::string(200 * 1024, 'a') + "\r\n\r\n").status, 431);
  EXPECT_EQ(raw_request(s.port(), "GET /" + std::string(200 * 1024, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n").status, 414);
  EXPECT_EQ(raw_request(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status, 200);
}

TEST(HttpBody, FileBodiesAreSentByOffsetAndLengthAndHeadHasTheGetsLength) {
  TestServer s(false);
  std::string path = std::filesystem::temp_directory_path().string() + "/zhifa-http-file-test-" + std::to_string(s.port());
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>('a' + i % 26);
  std::ofstream(path, std::ios::binary) << bytes;
  s.app().router().add("GET", "/test/file", "public", [path](http::Request&) {
    http::Response r;
    r.headers.set("Content-Type", "application/octet-stream");
    r.file = http::FileBody{path, 1000, 150000};
    return r;
  });
  Client c(s.port());
  auto got = c.get("/test/file");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, bytes.substr(1000, 150000));
  auto head = raw_request(s.port(), "HEAD /test/file HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "150000");
  EXPECT_TRUE(head.body.empty());
  auto head_page = raw_request(s.port(), "HEAD /static/site.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head_page.header("content-length"), std::to_string(c.get("/static/site.css").body.size()));
  std::filesystem::remove(path);
}

TEST(HttpBody, PipelinedRequestsAreAnsweredInOrder) {
  TestServer s(false);
  add_size_route(s);
  Conn c(s.port());
  c.send_all("POST /api/test/size HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
             "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
             "POST /api/test/size HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nz");
  auto a = c.read_response(), b = c.read_response(), d = c.read_response();
  EXPECT_EQ(a.body, "3");
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.header("connection"), "keep-alive");
  EXPECT_EQ(d.body, "1");
  EXPECT_EQ(d.header("connection"), "close");
}

}  // namespace
}  // namespace zhifa::testing
