#pragma once
// `zhifa serve --demo`: creates the demo data once — the seed's organisation first, then each
// pillar's realistic matters, cases, reviews and publications on top of it.
#include <vector>

#include "demo/org.h"

namespace zhifa::app {
// data_dir: where the demo's documents (signed PDFs) are stored, under <data_dir>/blobs.
Result<std::vector<org::DemoLogin>> seed_demo(store::Database& db, const std::string& data_dir);
}  // namespace zhifa::app
