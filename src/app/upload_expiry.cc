#include "app/upload_expiry.h"

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "app/periodic.h"
#include "platform/core/clock.h"
#include "recording/av/upload_files.h"
#include "recording/av/uploads.h"

namespace zhifa::app {

Result<int> expire_abandoned_uploads(store::Database& db, const std::string& data_dir, bool claim) {
  std::vector<std::string> ids;
  recording::av::UploadFiles files((data_dir.empty() ? std::string("./data") : data_dir) + "/uploads");
  // The locks of the uploads taken, held until their files are gone: a request for one of them
  // waits, then finds it expired. An upload whose lock a request holds is skipped this time.
  std::vector<std::pair<std::shared_ptr<std::mutex>, std::unique_lock<std::mutex>>> held;
  auto busy = [&](const std::string& id) {
    auto m = files.lock_for(id);
    std::unique_lock l(*m, std::try_to_lock);
    if (!l.owns_lock()) return true;
    held.emplace_back(m, std::move(l));
    return false;
  };
  Status st = db.write([&](store::Tx& tx) -> Status {
    held.clear();
    if (claim) {
      auto mine = store::claim_periodic_run(tx, "av_upload_expiry", 600, instance_name());
      if (!mine) return mine.error();
      if (!*mine) return {};
    }
    auto r = recording::av::expire_uploads(tx, clock::now_iso(), busy);
    if (!r) return r.error();
    ids = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  // After the commit: an upload marked expired is never written again, so its bytes can go.
  for (const auto& id : ids) files.remove(id);
  return static_cast<int>(ids.size());
}

}  // namespace zhifa::app
