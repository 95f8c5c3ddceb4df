#pragma once
// The demo organisation's standing lists (the seed's 济宁市外侨办): rows for each list kind, as
// the editor would type them. Pure data, no database: used by the demo seeding
// (demo/publicity.cc) and by the fuzz seed generator (fuzz/make_seeds.cc).
#include <nlohmann/json.hpp>

namespace zhifa::publicity::demo_lists {
using json = nlohmann::json;

json matters_v1();
json matters_v2();
json guides(const json& matters);
json inspections();
json subjects();
json av_list();

}  // namespace zhifa::publicity::demo_lists
