#pragma once
// 执法监督's demo (src/demo/supervision.cc): last year's cases of the city office (so that the
// statistics and the annual report have figures), a licence decision past its time limit with
// one 督办 by the city supervisor 周健, and last year's annual report published by 31 January.
// Idempotent (settings marker "demo_supervision").
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {
Status ensure_demo_supervision(store::Database& db, blob::BlobStore* blobs = nullptr);
}  // namespace zhifa::supervision
