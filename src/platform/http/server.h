#pragma once
// The HTTP server (Boost.Beast underneath, kept to beast_server.cc so that only one translation
// unit pays its compile time). It reads each request's head first and then takes the body as the
// route says (router.h BodyLimit): into memory up to a limit, streamed to a hashed temporary file,
// or refused with 413 before it is read. Handlers run on the server's threads (several, so that
// one blocked on the database does not stop the others or the accepting) and may block.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "platform/core/result.h"
#include "platform/http/router.h"

namespace zhifa::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t threads = 8;
  std::size_t max_url_bytes = 8 * 1024;
  std::size_t max_header_field_bytes = 16 * 1024;  // one header's value
  std::size_t max_header_fields = 100;
  std::size_t max_body_bytes = 8 * 1024 * 1024;   // default per-request body limit; above: 413, body not read
  std::chrono::seconds read_timeout{30};          // also the keep-alive idle time
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds handle_timeout{60};         // kept for configuration; a blocking handler is not interrupted
  // Where per-route body limits come from (Router::body_limit on each request head). Without a
  // router every request gets max_body_bytes, in memory. Must outlive the server.
  const Router* router = nullptr;
  // Where streamed bodies (BodyLimit::to_file) are written; "" = the system temporary directory.
  // Put it on the filesystem where handlers keep uploads, so that they can rename the file.
  std::string upload_dir;
};

class Server {
 public:
  Server();
  ~Server();
  // Binds and starts serving; returns an error (address in use …) without throwing.
  Status start(const ServerOptions& opts, Handler handler);
  // Stops accepting, lets in-flight requests finish (up to grace), then closes everything.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));
  int in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhifa::http
