#include "demo/portal.h"

namespace zhifa::app {

Status ensure_demo_portal_settings(store::Database& db) {
  // Settings an operator sets for a real site; only those not set yet are written.
  static const std::pair<const char*, const char*> kSettings[] = {
      {"portal.host", "济宁市人民政府外事侨务办公室"},
      {"portal.host_en", "Jining Foreign and Overseas Chinese Affairs Office"},
      {"portal.agency_code", "jnwqb"},
      {"portal.site_code", "3708000000（演示）"},
      {"portal.icp", "鲁ICP备00000000号（演示）"},
      {"portal.psb", "鲁公网安备37080002000000号（演示）"},
      {"dashboard.due_soon_working_days", "3"},
  };
  return db.write([&](store::Tx& tx) -> Status {
    for (const auto& [key, value] : kSettings) {
      auto v = store::get_setting(tx, key);
      if (!v) return v.error();
      if (*v) continue;
      if (auto st = store::put_setting(tx, key, value); !st) return st;
    }
    return {};
  });
}

}  // namespace zhifa::app
