#pragma once
// The Chinese search indexes of the portal, rebuilt from what they index: the standing lists'
// rows (their stored tokens) and the published decisions (their masked public text). Each backend
// keeps them differently — FTS5 tables on SQLite, tsvector columns on PostgreSQL — so a copy from
// one to the other (`zhifa migrate-to`) rebuilds them in the target, in its transaction.
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::publicity {

// Returns the number of entries indexed (list rows + published decisions).
Result<int> rebuild_search_index(store::Tx& tx);

}  // namespace zhifa::publicity
