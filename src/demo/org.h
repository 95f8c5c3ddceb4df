#pragma once
// The seed's organisation as demo data: 济宁市人民政府外事侨务办公室 with its three sections, the
// county offices and zones below it, and one person per role. Created once; later calls
// return the logins without changing anything.
#include <string>
#include <vector>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::org {

struct DemoLogin { std::string login, password, name, role_label, agency; };
inline constexpr const char* kDemoPassword = "zhifa-demo-2025";

Result<std::vector<DemoLogin>> ensure_demo_organisation(store::Database& db);

}  // namespace zhifa::org
