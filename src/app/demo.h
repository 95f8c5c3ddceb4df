#pragma once
// `zhifa serve --demo`: creates the demo data once — the seed's organisation first, then each
// pillar's realistic matters, cases, reviews and publications on top of it.
#include <vector>

#include "org/demo.h"

namespace zhifa::app {
Result<std::vector<org::DemoLogin>> seed_demo(store::Database& db);
}  // namespace zhifa::app
