#include "platform/core/assets.h"

#include <algorithm>
#include <cstddef>

namespace zhifa::assets {
namespace generated {
struct Entry { const char* path; const unsigned char* data; std::size_t size; };
extern const Entry entries[];
}  // namespace generated

std::optional<std::string_view> find(std::string_view path) {
  for (const auto* e = generated::entries; e->path; ++e)
    if (path == e->path) return std::string_view(reinterpret_cast<const char*>(e->data), e->size);
  return std::nullopt;
}

std::vector<std::string> list(std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto* e = generated::entries; e->path; ++e)
    if (std::string_view(e->path).starts_with(prefix)) out.emplace_back(e->path);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace zhifa::assets
