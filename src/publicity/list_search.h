#pragma once
// Reading the published lists: search over the current versions' rows, and the publications.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/store/database.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

// Search and filter the current published rows: every term of q must match (in the database:
// FTS5 on SQLite, tsvector on PostgreSQL); category "" = any. Newest position order.
struct Hit { std::string kind; json row; };
Result<std::vector<Hit>> search(store::Tx& tx, std::int64_t agency_id, const std::string& kind, const std::string& q,
                                const std::string& category, int limit = 1000);

// A publication for the Atom feed.
struct Publication { std::string agency_code, agency_name, kind, published_at, note; std::int64_t version = 0; };
Result<std::vector<Publication>> recent_publications(store::Tx& tx, std::optional<std::int64_t> agency_id, int limit = 50);

}  // namespace zhifa::publicity
