#pragma once
// Issue 14's demo (src/demo/compulsion.cc): a 查封、扣押 case in its holding period (行政强制法
// 第二十五条: 30 days running) and a penalty decision outside its discretion band — a kind of
// penalty the band does not allow — with the recorded reason, after legal review, so that
// 裁量基准执行 shows it. Run after review's demo (its catalog makes both major).
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// Idempotent: settings marker "demo_compulsion".
Status ensure_demo_compulsion(store::Database& db, blob::BlobStore* blobs = nullptr);

}  // namespace zhifa::recording
