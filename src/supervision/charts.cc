#include "supervision/charts.h"

#include <algorithm>

namespace zhifa::supervision {

namespace {

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

const char* fill(const std::string& tone) {
  if (tone == "ok") return "#2e7d32";
  if (tone == "warn") return "#b26a00";
  if (tone == "bad") return "#c62828";
  return "#1f5fa8";
}

}  // namespace

std::string bar_chart(const std::string& title, const std::vector<Bar>& bars) {
  const int label_w = 300, bar_w = 300, row_h = 26, top = 8;
  const int width = label_w + bar_w + 70;
  const int height = top * 2 + row_h * static_cast<int>(std::max<std::size_t>(bars.size(), 1));
  std::int64_t max = 1;
  for (auto& b : bars) max = std::max(max, b.value);
  std::string desc;
  for (auto& b : bars) desc += (desc.empty() ? "" : "；") + b.label + " " + std::to_string(b.value);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title>" + esc(title) +
                    "</title><desc>" + esc(desc.empty() ? "无数据" : desc) + "</desc>";
  if (bars.empty())
    svg += "<text x=\"0\" y=\"" + std::to_string(top + 17) + "\" font-size=\"14\" fill=\"#555\">本期间无数据</text>";
  int y = top;
  for (auto& b : bars) {
    int w = static_cast<int>(static_cast<double>(b.value) / static_cast<double>(max) * bar_w);
    if (b.value > 0) w = std::max(w, 2);
    svg += "<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 17) +
           "\" font-size=\"13\" text-anchor=\"end\" fill=\"#222\">" + esc(b.label) + "</text>";
    svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" + std::to_string(w) +
           "\" height=\"" + std::to_string(row_h - 8) + "\" fill=\"" + fill(b.tone) + "\"/>";
    svg += "<text x=\"" + std::to_string(label_w + w + 6) + "\" y=\"" + std::to_string(y + 17) + "\" font-size=\"13\" fill=\"#222\">" +
           std::to_string(b.value) + "</text>";
    y += row_h;
  }
  return svg + "</svg>";
}

}  // namespace zhifa::supervision
