#pragma once
// The ledger's signing key and checkpoint schedule for `zhifa serve` and `zhifa init`.
// The key lives in <data-dir>/ledger.key (mode 0600, never logged); its public half is kept in
// the settings table ("ledger_verifier_key") so verifiers can read it from the database.
// The key's name is the log's origin: fixed when the key is made.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/config.h"
#include "platform/ledger/note.h"
#include "platform/store/database.h"

namespace zhifa::app {

// The origin a new key gets: --origin, else host of --public-url + "/ledger", else
// "zhifa.localhost/ledger".
std::string default_origin(const Config& cfg);

// Loads <data-dir>/ledger.key, creating it (and recording its verifier key) when absent.
Result<ledger::SignerKey> ensure_ledger_key(const Config& cfg, store::Database& db);

// The verifier keys this database has used (current first), from settings.
Result<std::vector<std::string>> stored_verifier_keys(store::Database& db);

// Signs a checkpoint every interval when the log grew, on its own thread, until stopped.
class CheckpointTimer {
 public:
  CheckpointTimer(store::Database& db, ledger::SignerKey key, int interval_s);
  ~CheckpointTimer();
  void stop();

 private:
  store::Database& db_;
  ledger::SignerKey key_;
  int interval_s_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zhifa::app
