// JSON request bodies: nlohmann::json as the API handlers parse them (no exceptions, then
// is_object() and field reads), and the ledger's canonical JSON (event payloads, evidence
// lists, event bytes), whose canonical form must be a fixed point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "platform/ledger/event.h"

using json = nlohmann::json;
using namespace zhifa::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  json j = json::parse(s, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    // What handlers do with a body: look fields up, read strings and numbers with defaults.
    for (const char* key : {"title", "facts", "id", "items", "name"}) {
      try {
        (void)j.value(key, std::string());
      } catch (const json::type_error&) {
      }
    }
    (void)j.dump();
  }

  auto c = canonical_json(s);
  if (c) {
    auto again = canonical_json(*c);
    if (!again || *again != *c) __builtin_trap();
  }
  if (auto list = parse_string_list_json(s)) {
    auto back = parse_string_list_json(string_list_json(*list));
    if (!back || *back != *list) __builtin_trap();
  }
  if (auto e = parse_event_bytes(s); e && event_bytes(*e) != s) __builtin_trap();
  return 0;
}
