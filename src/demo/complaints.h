#pragma once
// Demo data of 投诉举报: a dozen complaints, reports and suggestions across the city office, two
// counties and the 行政执法监督机构 (济宁市司法局), in every state — one about a published decision,
// one that opened a case — run through the same services as the form and the workspace, so every
// step is in the ledger. Runs after the demo cases and decisions; idempotent (settings marker
// demo_complaints). The tracking codes are public demo codes (kDemoTrackingCode and the like).
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::complaints {
// The tracking code of the demo complaint about a published decision (README).
inline constexpr const char* kDemoTrackingCode = "demo-tousu-2025-jnwqb-decision-01";
Status ensure_demo_complaints(store::Database& db, blob::BlobStore& blobs);
}  // namespace zhifa::complaints
