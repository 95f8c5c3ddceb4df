#pragma once
// "?,?,?" for an SQL IN list of n bound parameters (the values go in Params, never in the text).
#include <cstddef>
#include <string>

namespace zhifa::store {

inline std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s;
}

}  // namespace zhifa::store
