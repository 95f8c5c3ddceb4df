#include "app/demo.h"

namespace zhifa::app {

Result<std::vector<org::DemoLogin>> seed_demo(store::Database& db) {
  auto logins = org::ensure_demo_organisation(db);
  if (!logins) return logins;
  // Each pillar's demo data, in dependency order (publicity's matters before cases, cases
  // before reviews and publications). Every seeder is idempotent: it checks its own marker.
  return logins;
}

}  // namespace zhifa::app
