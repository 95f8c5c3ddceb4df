// The HTTP server on Boost.Beast: the only translation unit that includes Beast and Asio. Each
// connection reads a request head first (async_read_header), decides from the route's body limit
// whether and how to take the body (in memory, streamed to a hashed temporary file, or not at all
// with a 413), calls the handler, and writes http::Response itself — status line and headers
// checked for CR, LF and NUL, file bodies streamed from disk in pieces.
#include <utility>  // Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <future>
#include <thread>

#include "platform/core/log.h"
#include "platform/http/body_cap.h"
#include "platform/http/server.h"
#include "platform/http/util.h"

namespace zhifa::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kChunk = 64 * 1024;                        // body and file pieces
constexpr std::size_t kMaxFieldName = 1024;                      // one header's name
constexpr std::size_t kMaxHead = 60 * 1024;                      // a whole request head
constexpr std::chrono::seconds kLingerTime{5};                   // reading what follows a refused body,
constexpr std::chrono::seconds kLingerIdle{2};                   // until the client is this long silent
constexpr std::uint64_t kLingerBytes = 256ull * 1024 * 1024;    // at most this much of it

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool has_control(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos; }

// A header name as it may appear in a log line: control and non-ASCII bytes escaped.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    }
  }
  return out;
}

Response error_answer(bool api, int status, const std::string& api_message, const std::string& page_message) {
  return api ? Response::json_error(status, api_message) : Response::text(page_message, status);
}

// The temporary file a streamed body goes to, with its running SHA-256.
struct BodySinkFile {
  int fd = -1;
  std::string path;
  std::uint64_t size = 0;
  EVP_MD_CTX* md = nullptr;

  ~BodySinkFile() { discard(); }
  bool open(const std::string& dir) {
    std::string tmpl = (dir.empty() ? std::filesystem::temp_directory_path().string() : dir) + "/zhifa-body-XXXXXX";
    fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0) return false;
    path = tmpl;
    md = EVP_MD_CTX_new();
    return md && EVP_DigestInit_ex(md, EVP_sha256(), nullptr) == 1;
  }
  bool write(const char* p, std::size_t n) {
    if (EVP_DigestUpdate(md, p, n) != 1) return false;
    size += n;
    while (n > 0) {
      ssize_t w = ::write(fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  // Closes the file and hands it over (the path stays until remove_file()).
  BodyFile finish(bool complete) {
    BodyFile f;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (md && EVP_DigestFinal_ex(md, digest, &len) == 1) {
      static const char* hex = "0123456789abcdef";
      for (unsigned int i = 0; i < len; ++i) {
        f.sha256 += hex[digest[i] >> 4];
        f.sha256 += hex[digest[i] & 15];
      }
    }
    EVP_MD_CTX_free(md);
    md = nullptr;
    if (fd >= 0) ::close(fd);
    fd = -1;
    f.path = path;
    f.size = size;
    f.complete = complete;
    return f;
  }
  void discard() {
    if (md) EVP_MD_CTX_free(md);
    md = nullptr;
    if (fd >= 0) ::close(fd);
    fd = -1;
    remove_file();
  }
  void remove_file() {
    if (!path.empty()) ::unlink(path.c_str());  // gone already when the handler renamed it
    path.clear();
  }
};

// What the connections share with the server.
struct Shared {
  ServerOptions opts;
  Handler handler;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Shared& srv, tcp::socket socket) : srv_(srv), stream_(std::move(socket)) {}
  ~Session() { end_request(); }

  void start() {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = remote.address().to_string();
    read_header();
  }

 private:
  using Parser = bhttp::request_parser<bhttp::buffer_body>;

  Shared& srv_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::unique_ptr<std::array<char, kChunk>> chunk_;
  Request req_;
  std::string remote_;  // the client's address, once per connection
  BodyLimit limit_;
  std::uint64_t max_body_ = 0;
  std::optional<BodySinkFile> sink_;
  bool counted_ = false;   // this request is in Server::in_flight
  bool keep_alive_ = false;
  // The answer being written.
  std::string head_;
  std::string body_;
  int file_fd_ = -1;
  std::uint64_t file_off_ = 0, file_left_ = 0;
  std::chrono::steady_clock::time_point linger_until_;
  std::uint64_t lingered_ = 0;

  std::shared_ptr<Session> self() { return shared_from_this(); }
  char* chunk() {
    if (!chunk_) chunk_ = std::make_unique<std::array<char, kChunk>>();
    return chunk_->data();
  }

  void end_request() {
    if (file_fd_ >= 0) ::close(file_fd_);
    file_fd_ = -1;
    sink_.reset();  // removes an unclaimed temporary file
    if (counted_) --srv_.in_flight;
    counted_ = false;
  }

  void read_header() {
    parser_.emplace();
    // The head may hold a URL up to twice its limit and a few long fields, so that an over-long
    // URL or field still reaches on_header and gets its precise answer; a head longer than
    // that is answered from the header_limit branch. Never 64 KiB or more: Beast 1.74's fields
    // throw std::length_error for a single line that long.
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        kMaxHead, 2 * srv_.opts.max_url_bytes + 2 * srv_.opts.max_header_field_bytes + 4 * kMaxFieldName)));
    // Decided per route once the head is read. (Not boost::none: Beast 1.74 compares the
    // Content-Length with the optional limit as `len > limit`, which is true for none.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(srv_.opts.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [s = self()](beast::error_code ec, std::size_t) { s->on_header(ec); });
  }

  bool head_is_api() const {
    // Before the head is parsed: does the request line name an /api/ path?
    auto d = buffer_.data();
    std::string_view raw(static_cast<const char*>(d.data()), std::min<std::size_t>(d.size(), 64));
    auto sp = raw.find(' ');
    return sp != std::string_view::npos && raw.substr(sp + 1).starts_with("/api/");
  }

  void on_header(beast::error_code ec) {
    // buffer_body has no buffer yet: body bytes that came with the head wait in buffer_.
    if (ec == bhttp::error::need_buffer && parser_->is_header_done()) ec = {};
    if (ec == bhttp::error::header_limit) {
      // Too long a head: the URL when the request line did not even end (Beast has not parsed
      // it: no target yet), else the fields.
      auto target = parser_->get().target();
      bool api = target.empty() ? head_is_api() : std::string_view(target.data(), target.size()).starts_with("/api/");
      if (target.empty())
        return answer_and_close(error_answer(api, 414, "URL longer than " + std::to_string(srv_.opts.max_url_bytes) + " bytes",
                                             "网址过长 (URI too long)"));
      return answer_and_close(error_answer(api, 431, "request header fields too large", "请求头过大 (request header fields too large)"));
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) return;
    if (ec) {
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() && buffer_.size() > 0)
        return answer_and_close(error_answer(head_is_api(), 400, "malformed request: " + ec.message(), "请求格式错误 (bad request): " + ec.message()));
      return;  // the connection failed: nobody to answer
    }

    auto& h = parser_->get();
    req_ = Request{};
    req_.method = std::string(h.method_string().data(), h.method_string().size());
    req_.target = std::string(h.target().data(), h.target().size());
    std::string_view target(h.target().data(), h.target().size());
    auto hash = target.find('#');
    if (hash != std::string_view::npos) target = target.substr(0, hash);
    auto q = target.find('?');
    req_.path = url_decode(target.substr(0, q), false);
    if (q != std::string_view::npos) req_.query = parse_query(target.substr(q + 1));
    std::size_t fields = 0;
    bool field_too_long = false;
    for (auto& f : h) {
      ++fields;
      if (f.name_string().size() > kMaxFieldName || f.value().size() > srv_.opts.max_header_field_bytes) field_too_long = true;
      req_.headers.add(std::string(f.name_string().data(), f.name_string().size()), std::string(f.value().data(), f.value().size()));
    }
    req_.remote = remote_;
    req_.start = std::chrono::steady_clock::now();
    counted_ = true;
    ++srv_.in_flight;
    keep_alive_ = parser_->keep_alive();

    bool api = req_.is_api();
    if (srv_.draining)
      return answer_or_close(error_answer(api, 503, "server is shutting down", "服务器正在重启，请稍后再试 (shutting down)"));
    if (req_.target.size() > srv_.opts.max_url_bytes)
      return answer_or_close(error_answer(api, 414, "URL longer than " + std::to_string(srv_.opts.max_url_bytes) + " bytes",
                                          "网址过长 (URI too long)"));
    if (field_too_long || fields > srv_.opts.max_header_fields)
      return answer_or_close(error_answer(api, 431, "request header fields too large", "请求头过大 (request header fields too large)"));

    limit_ = BodyLimit{};
    // (A GET or HEAD without a body skips the lookup: the hot path of the portal.)
    bool bodiless_read = parser_->is_done() && (req_.method == "GET" || req_.method == "HEAD");
    if (srv_.opts.router && !bodiless_read) {
      std::map<std::string, std::string> params;
      limit_ = srv_.opts.router->body_limit(req_.method, req_.path, params);
      req_.params = std::move(params);
    }
    max_body_ = limit_.max_bytes ? limit_.max_bytes : srv_.opts.max_body_bytes;
    if (auto cl = parser_->content_length(); cl && *cl > max_body_) return answer_or_close(too_large(api));
    if (limit_.before_body) {
      std::optional<Response> early;
      take_body_cap();
      try {
        early = limit_.before_body(req_);
      } catch (const std::exception& e) {
        early = Response::text(std::string("internal error: ") + e.what(), 500);
      }
      auto cap = take_body_cap();  // (platform/http/body_cap.h)
      if (early) return answer_or_close(std::move(*early));
      if (cap && *cap < max_body_) max_body_ = *cap;
      if (auto cl = parser_->content_length(); cl && *cl > max_body_) return answer_or_close(too_large(api));
    }
    if (limit_.to_file) {
      sink_.emplace();
      if (!sink_->open(srv_.opts.upload_dir)) {
        logs::error("http.body_file", {{"error", "cannot create a temporary file for a request body"},
                                       {"dir", srv_.opts.upload_dir.empty() ? "the temporary directory" : srv_.opts.upload_dir}});
        return answer_or_close(error_answer(api, 500, "cannot store the request body", "无法保存上传内容 (cannot store the upload)"));
      }
    }
    if (parser_->is_done()) return handle();
    parser_->body_limit(max_body_);  // a chunked body is cut off (error::body_limit) once it passes
    if (iequals(req_.header("Expect"), "100-continue")) {
      head_ = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(srv_.opts.write_timeout);
      return asio::async_write(stream_, asio::buffer(head_), [s = self()](beast::error_code wec, std::size_t) {
        if (wec) return;
        s->read_body();
      });
    }
    read_body();
  }

  Response too_large(bool api) const {
    return error_answer(api, 413, "request body larger than " + std::to_string(max_body_) + " bytes",
                        "请求内容过大 (request body too large)");
  }

  void read_body() {
    auto& b = parser_->get().body();
    b.data = chunk();
    b.size = kChunk;
    b.more = true;
    stream_.expires_after(srv_.opts.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, [s = self()](beast::error_code ec, std::size_t) { s->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::need_buffer) ec = {};
    std::size_t got = kChunk - parser_->get().body().size;
    if (got > 0) {
      if (sink_) {
        if (!sink_->write(chunk(), got)) {
          logs::error("http.body_file", {{"error", "writing a request body failed"}, {"file", sink_->path}});
          return answer_and_close(error_answer(req_.is_api(), 500, "cannot store the request body", "无法保存上传内容 (cannot store the upload)"));
        }
      } else {
        req_.body.append(chunk(), got);
      }
    }
    if (ec == bhttp::error::body_limit) return answer_and_close(too_large(req_.is_api()));
    if (ec) {
      // The client went away or stalled part way. A streamed upload still reaches its handler
      // (complete = false) so that it can keep what arrived; there is nobody to answer.
      if (sink_) {
        req_.body_file = sink_->finish(false);
        run_handler();
      }
      return;
    }
    if (parser_->is_done()) return handle();
    read_body();
  }

  Response run_handler() {
    Response resp;
    try {
      resp = srv_.handler(req_);
    } catch (const std::exception& e) {
      resp = Response::text(std::string("internal error: ") + e.what(), 500);
    }
    if (sink_) sink_->remove_file();  // the handler has renamed or copied what it keeps
    return resp;
  }

  void handle() {
    if (sink_) req_.body_file = sink_->finish(true);
    Response resp = run_handler();
    write(std::move(resp), keep_alive_ && !srv_.draining, false);
  }

  // An answer before the body was read: keep the connection only when there was no body.
  void answer_or_close(Response resp) {
    if (parser_->is_done()) return write(std::move(resp), keep_alive_ && !srv_.draining, false);
    answer_and_close(std::move(resp));
  }
  // An answer after which the rest of the request is not read: send it, then read and drop what
  // the client still sends for a while before closing, so that its unread bytes do not make the
  // kernel reset the connection before the client has read the answer (a lingering close).
  void answer_and_close(Response resp) { write(std::move(resp), false, true); }

  void write(Response resp, bool keep, bool linger) {
    for (auto& [k, v] : resp.headers.items) {
      if (has_control(k) || has_control(v)) {
        logs::error("http.bad_header", {{"header", printable(k)}, {"error", "contains CR, LF or NUL; answering 500 instead"}});
        resp = Response::text("internal error: invalid response header", 500);
        break;
      }
    }
    bool head_only = req_.method == "HEAD";
    std::uint64_t length = resp.body.size();
    if (resp.file) {
      file_fd_ = ::open(resp.file->path.c_str(), O_RDONLY | O_CLOEXEC);
      struct stat st {};
      if (file_fd_ >= 0 && ::fstat(file_fd_, &st) == 0 &&
          resp.file->offset + resp.file->length <= static_cast<std::uint64_t>(st.st_size)) {
        file_off_ = resp.file->offset;
        file_left_ = resp.file->length;
        length = file_left_;
      } else {
        if (file_fd_ >= 0) ::close(file_fd_);
        file_fd_ = -1;
        length = 0;
      }
    }
    if (head_only && file_fd_ >= 0) {
      ::close(file_fd_);
      file_fd_ = -1;
    }
    head_.clear();
    head_ += "HTTP/1.1 ";
    head_ += std::to_string(resp.status);
    head_ += ' ';
    head_ += reason_phrase(resp.status);
    head_ += "\r\n";
    for (auto& [k, v] : resp.headers.items) {
      if (iequals(k, "Content-Length") || iequals(k, "Transfer-Encoding") || iequals(k, "Connection")) continue;
      head_ += k;
      head_ += ": ";
      head_ += v;
      head_ += "\r\n";
    }
    bool bodiless = resp.status < 200 || resp.status == 204 || resp.status == 304;
    if (!bodiless) {
      head_ += "Content-Length: ";
      head_ += std::to_string(length);
      head_ += "\r\n";
    }
    head_ += keep ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    body_ = (head_only || bodiless) ? std::string() : std::move(resp.body);
    if (bodiless && file_fd_ >= 0) {
      ::close(file_fd_);
      file_fd_ = -1;
    }
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head_), asio::buffer(body_)};
    stream_.expires_after(srv_.opts.write_timeout);
    asio::async_write(stream_, bufs, [s = self(), keep, linger](beast::error_code ec, std::size_t) {
      if (ec) return;
      s->after_write(keep, linger);
    });
  }

  void after_write(bool keep, bool linger) {
    if (file_fd_ >= 0 && file_left_ > 0) {
      ssize_t n;
      do n = ::pread(file_fd_, chunk(), static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, file_left_)),
                     static_cast<off_t>(file_off_));
      while (n < 0 && errno == EINTR);
      if (n <= 0) return;  // the file shrank under us: the length sent can no longer be met
      file_off_ += static_cast<std::uint64_t>(n);
      file_left_ -= static_cast<std::uint64_t>(n);
      stream_.expires_after(srv_.opts.write_timeout);
      return asio::async_write(stream_, asio::buffer(chunk(), static_cast<std::size_t>(n)),
                               [s = self(), keep, linger](beast::error_code ec, std::size_t) {
                                 if (ec) return;
                                 s->after_write(keep, linger);
                               });
    }
    end_request();
    if (linger) return start_linger();
    if (!keep) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    read_header();
  }

  void start_linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    linger_until_ = std::chrono::steady_clock::now() + kLingerTime;
    lingered_ = buffer_.size();
    buffer_.consume(buffer_.size());
    linger();
  }

  void linger() {
    auto now = std::chrono::steady_clock::now();
    if (now >= linger_until_ || lingered_ > kLingerBytes) return;
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(linger_until_ - now, kLingerIdle));
    stream_.async_read_some(asio::buffer(chunk(), kChunk), [s = self()](beast::error_code ec, std::size_t n) {
      if (ec) return;  // the client closed (or the time ran out): done
      s->lingered_ += n;
      s->linger();
    });
  }
};

}  // namespace

struct Server::Impl : Shared {
  std::unique_ptr<asio::io_context> ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  bool started = false;
  bool stopped = false;

  void accept();
};

void Server::Impl::accept() {
  acceptor->async_accept(asio::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
    if (!ec) std::make_shared<Session>(*this, std::move(socket))->start();
    accept();
  });
}

Server::Server() : impl_(std::make_unique<Impl>()) {}
Server::~Server() { stop(std::chrono::milliseconds(0)); }
int Server::in_flight() const { return impl_->in_flight.load(); }

Status Server::start(const ServerOptions& o, Handler handler) {
  auto& m = *impl_;
  m.opts = o;
  m.handler = std::move(handler);
  std::size_t n = o.threads < 1 ? 1 : o.threads;
  m.ioc = std::make_unique<asio::io_context>(static_cast<int>(n));
  auto fail = [&](const std::string& why) -> Status {
    m.acceptor.reset();
    m.ioc.reset();
    return Error::unavailable("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + why);
  };
  beast::error_code ec;
  tcp::resolver resolver(*m.ioc);
  auto found = resolver.resolve(o.host, std::to_string(o.port), asio::ip::resolver_base::passive, ec);
  if (ec || found.empty()) return fail(ec ? ec.message() : "no such address");
  tcp::endpoint ep = found.begin()->endpoint();
  m.acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(*m.ioc));
  m.acceptor->open(ep.protocol(), ec);
  if (!ec) m.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) m.acceptor->bind(ep, ec);
  if (!ec) m.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec.message());
  m.accept();
  for (std::size_t i = 0; i < n; ++i)
    m.threads.emplace_back([ioc = m.ioc.get()] {
      for (;;) {
        try {
          ioc->run();
          return;
        } catch (const std::exception& e) {  // a bug; the connection it came from is dropped
          logs::error("http.uncaught", {{"error", e.what()}});
        }
      }
    });
  m.started = true;
  return {};
}

void Server::stop(std::chrono::milliseconds grace) {
  auto& m = *impl_;
  if (!m.started || m.stopped) return;
  m.stopped = true;
  m.draining = true;
  // Graceful: stop accepting (now, so that nothing new connects); answer what is in flight,
  // requests that arrive meanwhile on open connections get 503; then close everything.
  std::promise<void> closed;
  asio::post(m.acceptor->get_executor(), [&] {
    beast::error_code ec;
    m.acceptor->close(ec);
    closed.set_value();
  });
  closed.get_future().wait_for(std::chrono::seconds(5));
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (m.in_flight > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  m.ioc->stop();
  for (auto& t : m.threads)
    if (t.joinable()) t.join();
  m.acceptor.reset();
  m.ioc.reset();  // destroys the connections still waiting, closing their sockets
}

}  // namespace zhifa::http
