// The fuzz targets embed no assets (see cmake/embed.cmake for the real table): an empty one.
#include <cstddef>

namespace zhifa::assets::generated {
struct Entry { const char* path; const unsigned char* data; std::size_t size; };
extern const Entry entries[];
const Entry entries[] = {{nullptr, nullptr, 0}};
}  // namespace zhifa::assets::generated
