#pragma once
// Demo data of 双随机、一公开 (issue 18): directories of real-looking objects (被授权邀请单位,
// 旅行社, 侨资企业) for the city office (jnwqb) and two counties (rencheng, yanzhou); for jnwqb a
// plan from the published 随机抽查事项清单 row JNWQB-CC-001, frozen by 王强, randomness entered by
// 李丽, drawn, every drawn object inspected as a 行政检查 case by its two drawn inspectors (one
// finding that became a penalty case, one ordered to rectify) and the results published; for each
// county a head and certified officers, its published 随机抽查事项清单 and one plan drawn.
// Runs after the demo publicity lists; idempotent (settings key demo_inspection).
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::inspection {
Status ensure_demo_inspection(store::Database& db, blob::BlobStore* blobs);
}
