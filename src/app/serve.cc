#include "app/serve.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/config.h"
#include "app/ledger_setup.h"
#include "app/periodic.h"
#include "app/upload_expiry.h"
#include "publicity/decisions.h"
#include "app/web.h"
#include "demo/seed.h"
#include "platform/core/log.h"
#include "platform/http/server.h"
#include "platform/render/templates.h"
#include "platform/store/database.h"

namespace zhifa::app {

int run_serve(const std::vector<std::string>& args) {
  for (auto& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << serve_help();
      return 0;
    }
  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  auto cfg = load_config(args);
  if (!cfg) {
    std::cerr << "zhifa serve: " << cfg.error().message << "\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(cfg->data_dir, ec);
  if (ec) {
    std::cerr << "zhifa serve: cannot create data directory " << cfg->data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  auto db = store::open(cfg->db_url(), cfg->db_pool);
  if (!db) {
    std::cerr << "zhifa serve: database " << (cfg->db.empty() ? cfg->db_url() : "(from --db)") << ": " << db.error().message << "\n";
    return 1;
  }
  auto templates = render::Templates::load();
  if (!templates) {
    std::cerr << "zhifa serve: " << templates.error().message << "\n";
    return 1;
  }
  // Where the public portal is, for every absolute URL (feeds, CSV, QR codes on paper, guides).
  std::string public_url = cfg->base_url();
  if (cfg->public_url.empty())
    logs::warn("serve.no_public_url", {{"message", "未设置公开网址（--public-url 或 ZHIFA_PUBLIC_URL），订阅源、CSV、二维码和服务指南中的网址将使用 " +
                                                      public_url + "；对外服务前请设置"}, {"using", public_url}});
  // Where this server keeps its blobs, recorded so that `zhifa verify --db URL` run without the
  // server's --data-dir finds the evidence files the server wrote (issue 23).
  std::string blob_dir = std::filesystem::absolute(cfg->data_dir + "/blobs", ec).lexically_normal().string();
  if (auto st = (*db)->write([&](store::Tx& tx) -> Status {
        if (auto s = store::put_setting(tx, "public_url", public_url); !s) return s;
        return store::put_setting(tx, "blob_dir", blob_dir);
      });
      !st) {
    std::cerr << "zhifa serve: " << st.error().message << "\n";
    return 1;
  }
  std::vector<org::DemoLogin> logins;
  if (cfg->demo) {
    auto r = seed_demo(**db, cfg->data_dir);
    if (!r) {
      std::cerr << "zhifa serve: demo data: " << r.error().message << "\n";
      return 1;
    }
    logins = std::move(*r);
  }
  auto key = ensure_ledger_key(*cfg, **db);
  if (!key) {
    std::cerr << "zhifa serve: ledger key: " << key.error().message << "\n";
    return 1;
  }
  CheckpointTimer checkpoints(**db, *key, cfg->checkpoint_interval_s);
  // Display periods (公示期): published decisions leave the public lists when theirs ends.
  PeriodicJob expiry("display periods", 3600, [&db] {
    int n = 0;
    Status st = (*db)->write([&n](store::Tx& tx) -> Status {
      // Once cluster-wide: with several instances on one PostgreSQL, one of them runs it.
      auto mine = store::claim_periodic_run(tx, "display_periods", 3600, instance_name());
      if (!mine) return mine.error();
      if (!*mine) return {};
      auto r = publicity::expire_display_periods(tx);
      if (!r) return r.error();
      n = *r;
      return {};
    });
    if (log_if_error("publicity.display_periods", st) && n > 0)
      logs::info("publicity.display_periods", {{"ended", std::to_string(n)}});
  });
  // tus expiration (issue 17): abandoned uploads removed after their Upload-Expires.
  PeriodicJob uploads("upload expiry", 600, [&db, &cfg] {
    auto n = expire_abandoned_uploads(**db, cfg->data_dir);
    if (log_if_error("av.upload_expiry", n) && *n > 0) logs::info("av.upload_expiry", {{"removed", std::to_string(*n)}});
  });
  App app(*cfg, **db, *templates, &*key);
  http::Server server;
  auto opts = cfg->server_options().value();
  opts.router = &app.router();  // per-route body limits
  // Streamed request bodies land beside the blob store, so that keeping one is a rename.
  opts.upload_dir = cfg->data_dir + "/tmp";
  std::filesystem::create_directories(opts.upload_dir, ec);
  if (auto st = server.start(opts, [&app](http::Request& req) { return app.handle(req); }); !st) {
    std::cerr << "zhifa serve: " << st.error().message << "\n";
    return 1;
  }
  std::string host = opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
  std::string url = "http://" + host + ":" + std::to_string(opts.port);
  logs::info("serve.started", {{"version", ZHIFA_VERSION}, {"listen", url}, {"public_url", public_url},
                               {"database", (*db)->backend() == store::Backend::kSqlite ? cfg->db_url() : "postgresql"},
                               {"blob_dir", blob_dir}, {"instance", instance_name()}});
  // The human banner of `make demo`, on stderr (journald keeps both; the JSON lines are on stdout).
  std::fprintf(stderr, "zhifa %s serving on %s\n", ZHIFA_VERSION, url.c_str());
  if (!logins.empty()) {
    std::fprintf(stderr, "demo logins (password for all: %s):\n", org::kDemoPassword);
    for (auto& l : logins)
      std::fprintf(stderr, "  %-10s %s — %s, %s\n", l.login.c_str(), l.name.c_str(), l.role_label.c_str(), l.agency.c_str());
  }
  int sig = 0;
  sigwait(&sigs, &sig);
  logs::info("serve.stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.stop();
  checkpoints.stop();
  expiry.stop();
  logs::info("serve.stopped");
  return 0;
}

}  // namespace zhifa::app
