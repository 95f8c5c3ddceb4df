#include "app/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>

namespace zhifa::app {

const std::vector<OptionDoc>& serve_options() {
  static const std::vector<OptionDoc> docs = {
      {"--listen HOST:PORT", "ZHIFA_LISTEN", "listen", "address to serve on (default 127.0.0.1:8080)"},
      {"--data-dir DIR", "ZHIFA_DATA_DIR", "data_dir", "where the SQLite database, blobs and the ledger key live (default ./data)"},
      {"--db URL", "ZHIFA_DB", "db", "sqlite:PATH (default <data-dir>/zhifa.db) or postgresql://user@host:port/db"},
      {"--config FILE", "ZHIFA_CONFIG", "", "TOML file with any of these keys (default <data-dir>/zhifa.toml if it exists)"},
      {"--demo", "ZHIFA_DEMO", "demo", "create the demo organisation, people and data once, and print the logins"},
      {"--public-url URL", "ZHIFA_PUBLIC_URL", "public_url", "the portal's public address, used in QR codes, feeds, CSV and guides (default http://<listen>, with a warning)"},
      {"--origin NAME", "ZHIFA_ORIGIN", "origin", "ledger checkpoint origin (default: host of the public URL + /ledger)"},
      {"--threads N", "ZHIFA_THREADS", "threads", "request-handling threads (default 8)"},
      {"--db-pool N", "ZHIFA_DB_POOL", "db_pool", "database connections (default 8)"},
      {"--max-body BYTES", "ZHIFA_MAX_BODY", "max_body_bytes", "largest request body accepted (default 8388608)"},
      {"--read-timeout S", "ZHIFA_READ_TIMEOUT", "read_timeout_s", "seconds to read a request; also keep-alive idle time (default 30)"},
      {"--write-timeout S", "ZHIFA_WRITE_TIMEOUT", "write_timeout_s", "seconds to write a response (default 60)"},
      {"--checkpoint-interval S", "ZHIFA_CHECKPOINT_INTERVAL", "checkpoint_interval_s", "sign a new ledger checkpoint at most this often when the log grew (default 60)"},
      {"--secure-cookies", "ZHIFA_SECURE_COOKIES", "secure_cookies", "mark session and CSRF cookies Secure and send HSTS (default: on when the public URL is https; --secure-cookies=false turns it off)"},
      {"--max-amount-yuan N", "ZHIFA_MAX_AMOUNT_YUAN", "max_amount_yuan", "largest fine or other amount accepted, in yuan (default 100000000)"},
      {"--trusted-proxies ADDRS", "ZHIFA_TRUSTED_PROXIES", "trusted_proxies", "comma-separated addresses of reverse proxies whose X-Forwarded-For gives the client address (default none)"},
      {"--access-log BOOL", "ZHIFA_ACCESS_LOG", "access_log", "write the JSON-lines access log on stdout (default true)"},
  };
  return docs;
}

std::string serve_help() {
  std::string out =
      "Usage: zhifa serve [--listen 127.0.0.1:8080] [--data-dir ./data] [--db sqlite:PATH | --db postgresql://…] [--demo]\n\n"
      "Runs the web server: the public 行政执法公示 portal, the staff workspace and the JSON API on one port.\n"
      "Settings come from flags, then ZHIFA_* environment variables, then the TOML file, then defaults.\n\nOptions:\n";
  for (const auto& d : serve_options()) {
    std::string left = "  " + d.flag;
    if (left.size() < 28) left.resize(28, ' ');
    out += left + " " + d.help + "\n" + std::string(29, ' ') + "env " + d.env + (d.toml.empty() ? "" : ", toml key " + d.toml) + "\n";
  }
  return out;
}

namespace {

Status set_value(Config& c, const std::string& key, const std::string& v, const std::string& where) {
  auto to_int = [&](int& out, int lo, int hi) -> Status {
    try {
      std::size_t pos = 0;
      long long n = std::stoll(v, &pos);
      if (pos != v.size() || n < lo || n > hi) throw std::out_of_range("range");
      out = static_cast<int>(n);
      return {};
    } catch (...) {
      return Error::invalid(where + ": " + key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + v + "'", key);
    }
  };
  auto to_bool = [&](bool& out) -> Status {
    if (v == "1" || v == "true" || v == "yes" || v == "on") out = true;
    else if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty()) out = false;
    else return Error::invalid(where + ": " + key + " must be true or false, got '" + v + "'", key);
    return {};
  };
  if (key == "listen") c.listen = v;
  else if (key == "data_dir") c.data_dir = v;
  else if (key == "db") c.db = v;
  else if (key == "public_url") c.public_url = v;
  else if (key == "origin") c.origin = v;
  else if (key == "demo") return to_bool(c.demo);
  else if (key == "secure_cookies") {
    bool b = false;
    if (auto st = to_bool(b); !st) return st;
    c.secure_cookies = b;
  }
  else if (key == "access_log") return to_bool(c.access_log);
  else if (key == "trusted_proxies") {
    c.trusted_proxies.clear();
    std::size_t pos = 0;
    while (pos <= v.size()) {
      auto comma = v.find(',', pos);
      std::string a = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      a.erase(0, a.find_first_not_of(' '));
      a.erase(a.find_last_not_of(' ') + 1);
      if (!a.empty()) c.trusted_proxies.push_back(a);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  else if (key == "threads") return to_int(c.threads, 1, 256);
  else if (key == "db_pool") return to_int(c.db_pool, 1, 256);
  else if (key == "read_timeout_s") return to_int(c.read_timeout_s, 1, 3600);
  else if (key == "write_timeout_s") return to_int(c.write_timeout_s, 1, 3600);
  else if (key == "max_amount_yuan") return to_int(c.max_amount_yuan, 1, 2'000'000'000);
  else if (key == "checkpoint_interval_s") return to_int(c.checkpoint_interval_s, 1, 86400);
  else if (key == "max_body_bytes") {
    int mb = 0;
    if (auto st = to_int(mb, 1024, 1 << 30); !st) return st;
    c.max_body_bytes = static_cast<std::size_t>(mb);
  } else return Error::invalid(where + ": unknown setting '" + key + "'", key);
  return {};
}

std::string key_of_flag(const std::string& flag) {
  for (const auto& d : serve_options()) {
    auto name = d.flag.substr(0, d.flag.find(' '));
    if (name == flag) return d.toml;
  }
  return {};
}

}  // namespace

Result<Config> load_config(const std::vector<std::string>& args) {
  Config c;
  // Flags first pass: find --config and --data-dir, which decide where the file is.
  std::vector<std::pair<std::string, std::string>> flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i], val;
    auto eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      val = a.substr(eq + 1);
      a = a.substr(0, eq);
    } else if (a == "--demo" || a == "--secure-cookies") {
      val = "true";
    } else if (a.rfind("--", 0) == 0) {
      if (i + 1 >= args.size()) return Error::invalid("option " + a + " needs a value (see zhifa serve --help)", a);
      val = args[++i];
    } else {
      return Error::invalid("unexpected argument '" + a + "' (see zhifa serve --help)", a);
    }
    if (a != "--config" && key_of_flag(a).empty()) return Error::invalid("unknown option " + a + " (see zhifa serve --help)", a);
    flags.emplace_back(a, val);
  }
  std::string config_file, data_dir = c.data_dir;
  if (const char* e = std::getenv("ZHIFA_CONFIG")) config_file = e;
  if (const char* e = std::getenv("ZHIFA_DATA_DIR")) data_dir = e;
  for (auto& [f, v] : flags) {
    if (f == "--config") config_file = v;
    if (f == "--data-dir") data_dir = v;
  }
  if (config_file.empty() && std::filesystem::exists(data_dir + "/zhifa.toml")) config_file = data_dir + "/zhifa.toml";
  if (!config_file.empty()) {
    try {
      toml::table t = toml::parse_file(config_file);
      for (auto&& [k, node] : t) {
        std::string key(k.str()), v;
        if (auto s = node.value<std::string>()) v = *s;
        else if (auto n = node.value<long long>()) v = std::to_string(*n);
        else if (auto b = node.value<bool>()) v = *b ? "true" : "false";
        else return Error::invalid(config_file + ": " + key + " has an unsupported type", key);
        if (auto st = set_value(c, key, v, config_file); !st) return st.error();
      }
    } catch (const toml::parse_error& e) {
      return Error::invalid(config_file + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()), "config");
    }
    c.config_file = config_file;
  }
  for (const auto& d : serve_options()) {
    if (d.toml.empty()) continue;
    if (const char* e = std::getenv(d.env.c_str()))
      if (auto st = set_value(c, d.toml, e, "environment " + d.env); !st) return st.error();
  }
  for (auto& [f, v] : flags) {
    if (f == "--config") continue;
    if (auto st = set_value(c, key_of_flag(f), v, "option " + f); !st) return st.error();
  }
  if (auto so = c.server_options(); !so) return so.error();
  return c;
}

std::string Config::base_url() const {
  std::string u = public_url;
  if (u.empty()) {
    auto colon = listen.rfind(':');
    std::string host = listen.substr(0, colon), port = colon == std::string::npos ? "" : listen.substr(colon);
    if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "[::]" || host == "::") host = "[::1]";
    u = "http://" + host + port;
  }
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

bool Config::cookies_secure() const {
  if (secure_cookies) return *secure_cookies;
  return base_url().rfind("https://", 0) == 0;
}

Result<http::ServerOptions> Config::server_options() const {
  http::ServerOptions o;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Error::invalid("listen must be HOST:PORT, got '" + listen + "'", "listen");
  o.host = listen.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') o.host = o.host.substr(1, o.host.size() - 2);
  try {
    std::size_t pos = 0;
    int port = std::stoi(listen.substr(colon + 1), &pos);
    if (pos != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("port");
    o.port = static_cast<std::uint16_t>(port);
  } catch (...) {
    return Error::invalid("listen port must be 0–65535, got '" + listen.substr(colon + 1) + "'", "listen");
  }
  o.threads = static_cast<std::size_t>(threads);
  o.max_body_bytes = max_body_bytes;
  o.read_timeout = std::chrono::seconds(read_timeout_s);
  o.write_timeout = std::chrono::seconds(write_timeout_s);
  return o;
}

}  // namespace zhifa::app
