#pragma once
// Backend constructors; use store::open() instead.
#include <memory>
#include <string>

#include "platform/store/database.h"

namespace zhifa::store {
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int readers);
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size);
}  // namespace zhifa::store
