#pragma once
// Demo data of the legal review: the 目录清单 of 济宁市人民政府外事侨务办公室 (jnwqb) and three
// review submissions in different states. Runs after the demo organisation; idempotent
// (settings marker demo_review).
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::review {
Status ensure_demo_review(store::Database& db);
}  // namespace zhifa::review
