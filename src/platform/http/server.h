#pragma once
// The HTTP server (RESTinio underneath, kept to restinio_server.cc so that only one translation
// unit pays its compile time). Handlers run on a pool of threads and may block on the database.
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
  std::size_t max_body_bytes = 8 * 1024 * 1024;   // above: 413; above twice this: connection closed
  std::chrono::seconds read_timeout{30};          // also the keep-alive idle time
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds handle_timeout{60};
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
