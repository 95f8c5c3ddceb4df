#pragma once
// The recording pillar's demo cases (src/demo/recording.cc).
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// Demo cases for 济宁市人民政府外事侨务办公室 in several states with signed documents;
// idempotent (settings marker "demo_recording").
// blobs: where the demo's signed PDFs go (null: they wait in rec_pending_blobs).
Status ensure_demo_cases(store::Database& db, blob::BlobStore* blobs = nullptr);
// A major penalty case submitted to legal review from the case (taken by the reviewer 赵敏);
// run after review's demo (its catalog makes the case major). Marker "demo_recording_review".
Status ensure_demo_review_case(store::Database& db, blob::BlobStore* blobs = nullptr);

}  // namespace zhifa::recording
