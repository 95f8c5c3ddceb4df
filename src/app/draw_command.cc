#include "app/draw_command.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "inspection/draw_record.h"
#include "inspection/rfc3797.h"

namespace zhifa::app {
namespace {

bool parse_int(const std::string& s, std::int64_t& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

int run_select(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> f;
  for (std::size_t i = 0; i < args.size(); i += 2) {
    if (i + 1 >= args.size() || (args[i] != "--key" && args[i] != "--pool" && args[i] != "--select")) {
      err << "usage: zhifa draw rfc3797 --key KEY --pool N --select K\n";
      return 2;
    }
    f[args[i]] = args[i + 1];
  }
  std::int64_t pool = 0, count = 0;
  if (!f.count("--key") || !parse_int(f["--pool"], pool) || !parse_int(f["--select"], count)) {
    err << "usage: zhifa draw rfc3797 --key KEY --pool N --select K\n";
    return 2;
  }
  // Over 65,536 picks: the documented sub-draws (inspection/rfc3797.h), their keys said on stderr.
  auto s = inspection::rfc3797::select_in_sub_draws(f["--key"], pool, count);
  if (s && count > inspection::rfc3797::kMaxPicks)
    for (std::int64_t n = 1; n <= inspection::rfc3797::sub_draw_count(count); ++n)
      err << "zhifa draw: sub-draw " << n << " key " << inspection::rfc3797::sub_draw_key(f["--key"], n) << "\n";
  if (!s) {
    err << "zhifa draw: " << s.error().message << "\n";
    return 1;
  }
  std::string text;
  for (auto p : *s) text += std::to_string(p) + "\n";
  out << text;
  return 0;
}

// GET over plain HTTP/1.0 (a published record is public; for https fetch it with curl first).
bool http_get(const std::string& url, std::string& body, std::string& why) {
  std::string rest = url.substr(7);
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash), path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = hostport, port = "80";
  if (auto c = hostport.rfind(':'); c != std::string::npos) {
    host = hostport.substr(0, c);
    port = hostport.substr(c + 1);
  }
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) {
    why = "cannot resolve " + host;
    return false;
  }
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  timeval tv{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  bool ok = fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) == 0;
  freeaddrinfo(res);
  if (!ok) {
    if (fd >= 0) close(fd);
    why = "cannot connect to " + hostport;
    return false;
  }
  std::string req = "GET " + path + " HTTP/1.0\r\nHost: " + hostport + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
  if (send(fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) {
    close(fd);
    why = "cannot send the request";
    return false;
  }
  std::string raw;
  char buf[65536];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
    raw.append(buf, static_cast<std::size_t>(n));
    if (raw.size() > (256u << 20)) break;
  }
  close(fd);
  auto end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.compare(0, 5, "HTTP/") != 0) {
    why = "no HTTP answer";
    return false;
  }
  auto sp = raw.find(' ');
  std::string status = raw.substr(sp + 1, 3);
  if (status != "200") {
    why = "HTTP " + status;
    return false;
  }
  body = raw.substr(end + 4);
  return true;
}

int run_verify_record(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() != 1) {
    err << "usage: zhifa draw verify FILE|URL\n";
    return 2;
  }
  std::string text, why;
  const std::string& src = args[0];
  if (src.rfind("https://", 0) == 0) {
    err << "zhifa draw verify: https is not fetched here; save the record first (curl -o draw.json URL) and verify the file\n";
    return 2;
  }
  if (src.rfind("http://", 0) == 0) {
    if (!http_get(src, text, why)) {
      err << "zhifa draw verify: cannot read " << src << ": " << why << "\n";
      return 2;
    }
  } else {
    std::ifstream f(src, std::ios::binary);
    if (!f) {
      err << "zhifa draw verify: cannot read " << src << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    text = ss.str();
  }
  auto rec = nlohmann::json::parse(text, nullptr, false);
  if (rec.is_discarded()) {
    err << "zhifa draw verify: " << src << " is not JSON\n";
    return 2;
  }
  auto check = inspection::verify_draw_record(rec);
  if (check.code == 0) {
    out << check.message << "\n";
    return 0;
  }
  err << "zhifa draw verify: " << (check.code == 1 ? "MISMATCH: " : "unreadable record: ") << check.message << "\n";
  return check.code;
}

}  // namespace

int run_draw(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> rest(args.empty() ? args.end() : args.begin() + 1, args.end());
  if (!args.empty() && args[0] == "rfc3797") return run_select(rest, out, err);
  if (!args.empty() && args[0] == "verify") return run_verify_record(rest, out, err);
  err << "usage: zhifa draw rfc3797 --key KEY --pool N --select K | zhifa draw verify FILE|URL\n";
  return 2;
}

}  // namespace zhifa::app
