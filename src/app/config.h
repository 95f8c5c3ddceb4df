#pragma once
// Settings of `zhifa serve`, from (lowest to highest precedence) built-in defaults, a TOML file
// (--config FILE, or <data-dir>/zhifa.toml when present), ZHIFA_* environment variables, and
// command-line flags. Zero configuration works.
#include <optional>
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/http/server.h"

namespace zhifa::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string db;          // empty: sqlite:<data_dir>/zhifa.db
  std::string config_file;
  std::string origin;      // ledger checkpoint origin; empty: derived from the public URL
  std::string public_url;  // e.g. https://wqb.jining.gov.cn; empty: http://<listen>, with a warning
  bool demo = false;
  int threads = 8;
  int db_pool = 8;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  int read_timeout_s = 30;
  int write_timeout_s = 60;
  int checkpoint_interval_s = 60;
  std::optional<bool> secure_cookies;  // unset: on exactly when the public URL is https
  bool access_log = true;       // JSON lines on stdout, one per request
  int max_amount_yuan = 100'000'000;  // ceiling for fines and other amounts (1 亿元)
  // Addresses of reverse proxies (nginx) whose X-Forwarded-For is believed (issue 23); from
  // anyone else the header is ignored, since anyone can send it.
  std::vector<std::string> trusted_proxies;

  std::string db_url() const { return db.empty() ? "sqlite:" + data_dir + "/zhifa.db" : db; }
  // Where absolute URLs (feed ids, CSV, QR codes, guides) point: public_url without a trailing
  // "/", else http:// + the listen address (127.0.0.1 for 0.0.0.0, [::1] for [::]). Never what a
  // request says about itself (its Host header), which anyone can set.
  std::string base_url() const;
  // Session and CSRF cookies carry Secure (and responses HSTS): as set, else when base_url() is https.
  bool cookies_secure() const;
  Result<http::ServerOptions> server_options() const;
};

// One option: its flag, environment variable, TOML key and help text.
struct OptionDoc { std::string flag, env, toml, help; };
const std::vector<OptionDoc>& serve_options();

// Parses `serve` arguments (after "serve"). Reads the environment and the config file too.
Result<Config> load_config(const std::vector<std::string>& args);
std::string serve_help();

}  // namespace zhifa::app
