#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "app/ledger_setup.h"
#include "demo/seed.h"
#include "demo/org.h"
#include "platform/http/util.h"
#include "platform/render/templates.h"
#include "platform/store/testing.h"

namespace zhifa::testing {

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(fd);
  return port;
}

HttpResult raw_request(int port, const std::string& bytes, int timeout_ms, const std::string& from) {
  HttpResult res;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (!from.empty()) {
    sockaddr_in src{};
    src.sin_family = AF_INET;
    inet_pton(AF_INET, from.c_str(), &src.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
      close(fd);
      return res;
    }
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return res;
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  std::size_t header_end = std::string::npos, need = std::string::npos;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = in.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = in.substr(0, header_end);
        std::size_t line_end = head.find("\r\n");
        std::string status_line = head.substr(0, line_end);
        if (status_line.size() >= 12) res.status = std::atoi(status_line.substr(9, 3).c_str());
        std::size_t pos = line_end;
        while (pos != std::string::npos && pos < head.size()) {
          std::size_t next = head.find("\r\n", pos + 2);
          std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
          auto colon = line.find(':');
          if (colon != std::string::npos) {
            std::string k = line.substr(0, colon), v = line.substr(colon + 1);
            for (auto& c : k) c = static_cast<char>(std::tolower(c));
            while (!v.empty() && v.front() == ' ') v.erase(0, 1);
            if (res.headers.count(k)) res.headers[k] += "\n" + v;
            else res.headers[k] = v;
          }
          pos = next;
        }
        if (res.headers.count("content-length")) need = header_end + 4 + std::stoul(res.headers["content-length"]);
        bool head_request = bytes.rfind("HEAD ", 0) == 0;
        if (head_request || res.status == 304 || res.status == 204) need = header_end + 4;
      }
    }
    if (need != std::string::npos && in.size() >= need) break;
  }
  close(fd);
  if (header_end != std::string::npos) res.body = in.substr(header_end + 4, need == std::string::npos ? std::string::npos : need - header_end - 4);
  return res;
}

TestServer::TestServer(bool demo, void (*tweak)(app::Config&)) {
  db_ = store::testing::fresh_database();
  std::string data_dir = store::testing::temp_dir();
  if (demo) {
    auto r = app::seed_demo(*db_, data_dir);
    if (!r) throw std::runtime_error(r.error().message);
  }
  auto templates = render::Templates::load();
  if (!templates) throw std::runtime_error(templates.error().message);
  app::Config cfg;
  port_ = free_port();
  cfg.listen = "127.0.0.1:" + std::to_string(port_);
  cfg.threads = 4;
  cfg.access_log = false;
  if (tweak) tweak(cfg);
  cfg.data_dir = data_dir;
  auto key = app::ensure_ledger_key(cfg, *db_);
  if (!key) throw std::runtime_error(key.error().message);
  key_ = *key;
  app_ = std::make_unique<app::App>(cfg, *db_, *templates, &key_);
  auto opts = cfg.server_options().value();
  opts.router = &app_->router();  // per-route body limits, as zhifa serve does
  auto st = server_.start(opts, [this](http::Request& req) { return app_->handle(req); });
  if (!st) throw std::runtime_error(st.error().message);
}

TestServer::~TestServer() { server_.stop(std::chrono::milliseconds(2000)); }

std::string form_encode(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (auto& [k, v] : fields) out += (out.empty() ? "" : "&") + http::url_encode(k) + "=" + http::url_encode(v);
  return out;
}

HttpResult Client::send(const std::string& method, const std::string& path, const std::string& body,
                        const std::map<std::string, std::string>& headers) {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!cookies.empty()) {
    std::string c;
    for (auto& [k, v] : cookies) c += (c.empty() ? "" : "; ") + k + "=" + v;
    req += "Cookie: " + c + "\r\n";
  }
  for (auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (method != "GET" && method != "HEAD") {
    if (!headers.count("Content-Type")) req += "Content-Type: application/x-www-form-urlencoded\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  auto res = raw_request(port_, req, 5000, from);
  if (auto sc = res.headers.find("set-cookie"); sc != res.headers.end()) {
    std::size_t pos = 0;
    while (pos <= sc->second.size()) {
      auto nl = sc->second.find('\n', pos);
      std::string line = sc->second.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      auto eq = line.find('='), semi = line.find(';');
      if (eq != std::string::npos) {
        std::string k = line.substr(0, eq), v = line.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
        if (v.empty()) cookies.erase(k);
        else cookies[k] = v;
      }
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
  }
  auto p = res.body.find("name=\"_csrf\" value=\"");
  if (p != std::string::npos) csrf_ = res.body.substr(p + 20, res.body.find('"', p + 20) - p - 20);
  return res;
}

HttpResult Client::get(const std::string& path, const std::map<std::string, std::string>& headers) {
  return send("GET", path, "", headers);
}
HttpResult Client::post(const std::string& path, const std::string& form_body, const std::map<std::string, std::string>& headers) {
  return send("POST", path, form_body, headers);
}

int Client::login(const std::string& login, const std::string& password) {
  get("/login");
  auto r = post("/login", form_encode({{"_csrf", csrf_}, {"login", login}, {"password", password}, {"next", "/workspace"}}));
  if (r.status == 303) get("/workspace");  // picks up the session's CSRF token
  return r.status;
}

}  // namespace zhifa::testing
