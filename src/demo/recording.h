#pragma once
// The recording pillar's demo cases (src/demo/recording.cc).
#include <optional>
#include <type_traits>
#include <utility>

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

// Runs one recording service call (which takes store::Tx&) in its own write transaction, as a
// route does with web::write: the demo seeding, the pillar's tests and bench/recording_bench.cc
// drive the services one change at a time through this. Returns what the service returned.
template <class Change>
auto in_write(store::Database& db, Change&& change) -> decltype(change(std::declval<store::Tx&>())) {
  using R = decltype(change(std::declval<store::Tx&>()));
  if constexpr (std::is_same_v<R, Status>) {
    return db.write([&](store::Tx& tx) { return change(tx); });
  } else {
    std::optional<R> out;
    auto st = db.write([&](store::Tx& tx) -> Status {
      out.emplace(change(tx));
      return *out ? Status{} : Status(out->error());
    });
    if (!st) return st.error();
    return std::move(*out);
  }
}

}  // namespace zhifa::recording
