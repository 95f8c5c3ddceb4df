#include "app/ledger_setup.h"

#include <cstdio>
#include <filesystem>

#include "app/periodic.h"
#include "platform/http/util.h"
#include "platform/ledger/checkpoint.h"

namespace zhifa::app {

std::string default_origin(const Config& cfg) {
  if (!cfg.origin.empty()) return cfg.origin;
  if (!cfg.public_url.empty()) {
    std::string host = cfg.public_url;
    if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
    host = host.substr(0, host.find('/'));
    if (!host.empty()) return host + "/ledger";
  }
  return "zhifa.localhost/ledger";
}

Result<ledger::SignerKey> ensure_ledger_key(const Config& cfg, store::Database& db) {
  std::string path = cfg.data_dir + "/ledger.key";
  std::optional<ledger::SignerKey> key;
  if (std::filesystem::exists(path)) {
    auto k = ledger::load_key(path);
    if (!k) return Error{k.error().kind, path + ": " + k.error().message, "ledger.key"};
    key = *k;
  } else {
    auto k = ledger::generate_key(default_origin(cfg));
    if (!k) return k.error();
    if (auto st = ledger::save_key(path, *k); !st) return st.error();
    key = *k;
  }
  std::string vkey = ledger::encode_verifier_key(key->verifier);
  // Record the verifier key; a replaced key stays listed as retired so old checkpoints verify.
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto cur = store::get_setting(tx, "ledger_verifier_key");
    if (!cur) return cur.error();
    if (*cur && **cur == vkey) return {};
    if (*cur) {
      auto retired = store::get_setting(tx, "ledger_retired_keys");
      if (!retired) return retired.error();
      std::string list = (*retired ? **retired + "\n" : std::string()) + **cur;
      if (auto st = store::put_setting(tx, "ledger_retired_keys", list); !st) return st;
    }
    return store::put_setting(tx, "ledger_verifier_key", vkey);
  });
  if (!st) return st.error();
  return *key;
}

Result<std::vector<std::string>> stored_verifier_keys(store::Database& db) {
  std::vector<std::string> keys;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto cur = store::get_setting(tx, "ledger_verifier_key");
    if (!cur) return cur.error();
    if (*cur) keys.push_back(**cur);
    auto retired = store::get_setting(tx, "ledger_retired_keys");
    if (!retired) return retired.error();
    if (*retired) {
      std::string all = **retired;
      std::size_t pos = 0;
      while (pos < all.size()) {
        auto nl = all.find('\n', pos);
        keys.push_back(all.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        if (nl == std::string::npos) break;
        pos = nl + 1;
      }
    }
    return {};
  });
  if (!st) return st.error();
  return keys;
}

CheckpointTimer::CheckpointTimer(store::Database& db, ledger::SignerKey key, int interval_s)
    : db_(db), key_(std::move(key)), interval_s_(interval_s) {
  thread_ = std::thread([this] {
    std::unique_lock lk(mu_);
    for (;;) {
      lk.unlock();
      // One instance signs per interval, cluster-wide (issue 23: several `zhifa serve` on one
      // PostgreSQL); the on-demand checkpoints of /ledger stay unclaimed.
      auto r = ledger::make_checkpoint(db_, key_, key_.verifier.name, [this](store::Tx& tx) {
        return store::claim_periodic_run(tx, "ledger_checkpoint", interval_s_, instance_name());
      });
      log_if_error("ledger.checkpoint", r);
      lk.lock();
      if (cv_.wait_for(lk, std::chrono::seconds(interval_s_), [this] { return stop_; })) return;
    }
  });
}

CheckpointTimer::~CheckpointTimer() { stop(); }

void CheckpointTimer::stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace zhifa::app
