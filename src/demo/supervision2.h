#pragma once
// 执法监督 (2)'s demo (src/demo/supervision2.cc, issue 21): last year's on-the-spot penalties of
// organisations, most handled by 任城区 and 兖州区 (one fine far above the others: the 同案同罚
// flag), an annual 评查 by the city office of its own and the county offices' files (drawn by
// RFC 3797, graded, with 整改 requests, one answered), a 督查通报 to the county offices with
// one reply on time, one late and the rest overdue (and a recent one still open), and the city
// office's published lists and annual report filed with 济宁市司法局 and acknowledged.
// Idempotent (settings marker "demo_supervision2").
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {
Status ensure_demo_supervision2(store::Database& db, blob::BlobStore* blobs = nullptr);
}  // namespace zhifa::supervision
