#include "app/upload_expiry.h"

#include "app/periodic.h"
#include "platform/core/clock.h"
#include "recording/av/upload_files.h"
#include "recording/av/uploads.h"

namespace zhifa::app {

Result<int> expire_abandoned_uploads(store::Database& db, const std::string& data_dir, bool claim) {
  std::vector<std::string> ids;
  Status st = db.write([&](store::Tx& tx) -> Status {
    if (claim) {
      auto mine = store::claim_periodic_run(tx, "av_upload_expiry", 600, instance_name());
      if (!mine) return mine.error();
      if (!*mine) return {};
    }
    auto r = recording::av::expire_uploads(tx, clock::now_iso());
    if (!r) return r.error();
    ids = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  // After the commit: an upload marked expired is never written again, so its bytes can go.
  recording::av::UploadFiles files((data_dir.empty() ? std::string("./data") : data_dir) + "/uploads");
  for (const auto& id : ids) files.remove(id);
  return static_cast<int>(ids.size());
}

}  // namespace zhifa::app
