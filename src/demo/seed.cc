#include "demo/seed.h"

#include "platform/blob/blob_store.h"

#include "demo/inspection.h"
#include "demo/publicity.h"

#include "demo/review.h"
#include "demo/complaints.h"
#include "recording/cases.h"
#include "demo/recording.h"
#include "demo/compulsion.h"
#include "demo/av.h"
#include "demo/supervision.h"
#include "demo/supervision2.h"
#include "demo/portal.h"

namespace zhifa::app {

Result<std::vector<org::DemoLogin>> seed_demo(store::Database& db, const std::string& data_dir) {
  auto blobs = blob::open_filesystem_store(data_dir + "/blobs");
  auto logins = org::ensure_demo_organisation(db);
  if (!logins) return logins;
  // Each pillar's demo data, in dependency order (publicity's matters before cases, cases
  // before reviews and publications). Every seeder is idempotent: it checks its own marker.
  if (auto st = publicity::ensure_demo_publicity(db); !st) return st.error();
  if (auto st = recording::ensure_demo_cases(db, blobs.get()); !st) return st.error();
  if (auto st = publicity::ensure_demo_decisions(db); !st) return st.error();
  if (auto st = review::ensure_demo_review(db); !st) return st.error();
  if (auto st = recording::ensure_demo_review_case(db, blobs.get()); !st) return st.error();
  if (auto st = recording::ensure_demo_compulsion(db, blobs.get()); !st) return st.error();
  if (auto st = recording::ensure_demo_av(db, *blobs, data_dir + "/tmp"); !st) return st.error();
  if (auto st = complaints::ensure_demo_complaints(db, *blobs); !st) return st.error();
  if (auto st = inspection::ensure_demo_inspection(db, blobs.get()); !st) return st.error();
  if (auto st = supervision::ensure_demo_supervision(db, blobs.get()); !st) return st.error();
  if (auto st = supervision::ensure_demo_supervision2(db, blobs.get()); !st) return st.error();
  if (auto st = ensure_demo_portal_settings(db); !st) return st.error();
  return logins;
}

}  // namespace zhifa::app
