// Procedure definitions (law/procedure.h): JSON from data/procedures/ or an operator's file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "law/procedure.h"

using namespace zhifa::law;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto p = parse_procedure("fuzz", s);
  if (!p) return 0;
  // A valid definition: walk it the way the case pages do.
  for (const auto& st : p->steps) {
    (void)p->step(st.id);
    for (const auto& t : st.transitions) {
      (void)st.transition(t.id);
      (void)p->step(t.to);
      (void)clock_changes(*p, st.id, t.to);
    }
  }
  return 0;
}
