#pragma once
// Server-rendered SVG charts (no JavaScript). Every chart names itself (role="img", <title>,
// <desc>) and the page shows the same numbers in a table beside it (the text alternative).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace zhifa::supervision {

struct Bar {
  std::string label;
  std::int64_t value = 0;
  std::string tone;  // "" | "ok" | "warn" | "bad": the bar's colour class
};

// A horizontal bar chart, labels on the left, values at the bar's end. Escapes its text.
std::string bar_chart(const std::string& title, const std::vector<Bar>& bars);
// The same chart as PNG bytes (chart_png.cc), titled, for PDFs.
std::string bar_chart_png(const std::string& title, const std::vector<Bar>& bars);

}  // namespace zhifa::supervision
