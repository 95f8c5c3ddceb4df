#pragma once
// Files compiled into the binary (migrations/, templates/, static/, data/), by path relative
// to the source root, e.g. "templates/layout/base.html".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::assets {

// The bytes of an embedded file, or nullopt when there is none at that path.
std::optional<std::string_view> find(std::string_view path);

// Every embedded path that starts with prefix, sorted.
std::vector<std::string> list(std::string_view prefix);

}  // namespace zhifa::assets
