#pragma once
// Integration-test harness: the real server (Boost.Beast, the real pipeline and routes) on a free
// loopback port, over the database backend under test, spoken to over real TCP sockets by a
// small client that can also send malformed bytes.
#include <map>
#include <memory>
#include <string>

#include "app/config.h"
#include "app/web.h"
#include "platform/http/server.h"
#include "platform/ledger/note.h"
#include "platform/store/database.h"

namespace zhifa::testing {

struct HttpResult {
  int status = 0;  // 0: the server closed the connection without answering
  std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie values joined by "\n"
  std::string body;
  std::string header(const std::string& name) const;
};

int free_port();
// Sends raw bytes, reads one response (Content-Length framed) or until close. `from`: the
// loopback address to connect from (any of 127.0.0.0/8), to look like another client address.
HttpResult raw_request(int port, const std::string& bytes, int timeout_ms = 5000, const std::string& from = "");

class TestServer {
 public:
  explicit TestServer(bool demo = true, void (*tweak)(app::Config&) = nullptr);
  ~TestServer();
  int port() const { return port_; }
  app::App& app() { return *app_; }
  store::Database& db() { return *db_; }
  http::Server& server() { return server_; }
  const ledger::SignerKey& key() const { return key_; }

 private:
  int port_ = 0;
  std::unique_ptr<store::Database> db_;
  ledger::SignerKey key_;
  std::unique_ptr<app::App> app_;
  http::Server server_;
};

// A browser-like client with a cookie jar.
class Client {
 public:
  explicit Client(int port) : port_(port) {}
  HttpResult get(const std::string& path, const std::map<std::string, std::string>& headers = {});
  HttpResult post(const std::string& path, const std::string& form_body, const std::map<std::string, std::string>& headers = {});
  HttpResult send(const std::string& method, const std::string& path, const std::string& body,
                  const std::map<std::string, std::string>& headers);
  // The _csrf value in the last page that had one.
  std::string csrf() const { return csrf_; }
  // Logs in through the form; returns the final response status of POST /login.
  int login(const std::string& login, const std::string& password);
  std::map<std::string, std::string> cookies;
  std::string from;  // the client address to connect from (default 127.0.0.1)

 private:
  int port_;
  std::string csrf_;
};

std::string form_encode(const std::map<std::string, std::string>& fields);

}  // namespace zhifa::testing
