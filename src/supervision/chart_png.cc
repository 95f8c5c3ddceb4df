// The bar chart as a PNG (Cairo + Pango, Noto Serif CJK SC), for the annual report's PDF: the
// same bars as the SVG of charts.cc; the PDF shows the same numbers in a table beside it.
#include <pango/pangocairo.h>

#include <algorithm>

#include "supervision/charts.h"

namespace zhifa::supervision {

namespace {

cairo_status_t append(void* out, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

void text(cairo_t* cr, const std::string& s, double x, double y, double size, bool right) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_new();
  pango_font_description_set_family(fd, "Noto Serif CJK SC");
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_layout_set_font_description(layout, fd);
  pango_layout_set_text(layout, s.c_str(), -1);
  int w = 0, h = 0;
  pango_layout_get_pixel_size(layout, &w, &h);
  cairo_move_to(cr, right ? x - w : x, y - h / 2.0);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(fd);
  g_object_unref(layout);
}

void rgb(cairo_t* cr, const std::string& tone) {
  if (tone == "ok") cairo_set_source_rgb(cr, 0.18, 0.49, 0.2);
  else if (tone == "warn") cairo_set_source_rgb(cr, 0.7, 0.42, 0);
  else if (tone == "bad") cairo_set_source_rgb(cr, 0.78, 0.16, 0.16);
  else cairo_set_source_rgb(cr, 0.12, 0.37, 0.66);
}

}  // namespace

std::string bar_chart_png(const std::string& title, const std::vector<Bar>& bars) {
  const double scale = 2, label_w = 300, bar_w = 300, row_h = 26, top = 34;
  const int width = static_cast<int>((label_w + bar_w + 70) * scale);
  const int height = static_cast<int>((top + row_h * static_cast<double>(std::max<std::size_t>(bars.size(), 1)) + 8) * scale);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
  text(cr, title, 8, 16, 15, false);
  std::int64_t max = 1;
  for (auto& b : bars) max = std::max(max, b.value);
  double y = top;
  for (auto& b : bars) {
    double w = static_cast<double>(b.value) / static_cast<double>(max) * bar_w;
    if (b.value > 0) w = std::max(w, 2.0);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    text(cr, b.label, label_w - 8, y + row_h / 2, 13, true);
    rgb(cr, b.tone);
    cairo_rectangle(cr, label_w, y + 4, w, row_h - 8);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    text(cr, std::to_string(b.value), label_w + w + 6, y + row_h / 2, 13, false);
    y += row_h;
  }
  if (bars.empty()) text(cr, "本期间无数据", 8, top + row_h / 2, 13, false);
  std::string png;
  cairo_surface_flush(surface);
  cairo_surface_write_to_png_stream(surface, append, &png);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return png;
}

}  // namespace zhifa::supervision
