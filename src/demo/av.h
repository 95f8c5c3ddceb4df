#pragma once
// 音像记录 demo (issue 17): photos and a short video generated at seed time with ffmpeg's test
// sources (never downloaded), attached to a penalty case's steps; a 先行登记保存 step refused for
// missing A/V (国办发〔2018〕118号; the list's row AV-04) and completed once recorded.
#include <string>

#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// Idempotent (settings marker "demo_av"). `tmp_dir` holds the generated files while they are
// made. Without ffmpeg the items are not made (a line on stderr) and the rest of the demo stands.
Status ensure_demo_av(store::Database& db, blob::BlobStore& blobs, const std::string& tmp_dir);

}  // namespace zhifa::recording
