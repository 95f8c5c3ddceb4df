#pragma once
// tus expiration (issue 17): uploads left alone past their Upload-Expires are marked expired in
// one write transaction (claimed once cluster-wide, store::claim_periodic_run) and their bytes
// removed from <data-dir>/uploads. `zhifa serve` runs it every 10 minutes.
#include <string>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::app {

// Returns how many uploads expired. claim=false runs it whatever the last run (tests).
Result<int> expire_abandoned_uploads(store::Database& db, const std::string& data_dir, bool claim = true);

}  // namespace zhifa::app
