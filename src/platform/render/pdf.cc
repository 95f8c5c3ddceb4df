#include "platform/render/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

namespace zhifa::render {

namespace {

constexpr double kPtPerMm = 72.0 / 25.4;
// The only CJK face used: Noto Serif CJK SC (DESIGN.md: Cairo 1.16 embeds broken subsets of
// Noto Sans CJK SC Regular, so the sans face is never named here).
constexpr const char* kFamily = "Noto Serif CJK SC";

struct Geometry {
  double width, height;                 // page, pt
  double top, bottom, left, right;      // margins, pt
  double body_pt, title_pt, issuer_pt, small_pt;
};

Geometry geometry_for(const std::string& size) {
  if (size == "A6")
    return {105 * kPtPerMm, 148 * kPtPerMm, 10 * kPtPerMm, 10 * kPtPerMm, 8 * kPtPerMm, 8 * kPtPerMm, 11, 16, 12, 7};
  // GB/T 9704-2012 5.2.1: A4; 天头 37 mm, 订口 28 mm; type area 156 × 225 mm.
  return {210 * kPtPerMm, 297 * kPtPerMm, 37 * kPtPerMm, 35 * kPtPerMm, 28 * kPtPerMm, 26 * kPtPerMm,
          16 /* 三号 */, 22 /* 二号 */, 26, 10.5 /* 五号 */};
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct PngReader { const std::string* bytes; std::size_t pos = 0; };
cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->pos + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, r->bytes->data() + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

// Text with control characters other than newline and tab removed (Pango would draw boxes).
std::string clean(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s)
    if (c >= 0x20 || c == '\n' || c == '\t') out.push_back(static_cast<char>(c));
  return out;
}

// A run of 12 or more printable ASCII characters without a space.
bool has_long_ascii_run(const std::string& s) {
  int run = 0;
  for (unsigned char c : s) {
    run = (c > 0x20 && c < 0x7F) ? run + 1 : 0;
    if (run >= 12) return true;
  }
  return false;
}

class Renderer {
 public:
  Renderer(const PdfDocument& doc, std::string* out) : doc_(doc), g_(geometry_for(doc.page_size)) {
    surface_ = cairo_pdf_surface_create_for_stream(append_to_string, out, g_.width, g_.height);
    cr_ = cairo_create(surface_);
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "zhifa");
    y_ = g_.top;
  }
  ~Renderer() {
    if (cr_) cairo_destroy(cr_);
    if (surface_) cairo_surface_destroy(surface_);
  }

  Status run() {
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) return Error::internal("cairo: cannot create the PDF surface");
    header();
    const auto& blocks = doc_.blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i].keep_with_next && (i == 0 || !blocks[i - 1].keep_with_next)) {
        // A group kept together: when it does not fit below, it starts the next page.
        double h = 0;
        std::size_t j = i;
        for (; j < blocks.size(); ++j) {
          h += height(blocks[j]);
          if (!blocks[j].keep_with_next) break;
        }
        if (y_ > g_.top && y_ + h > bottom_limit() && h <= bottom_limit() - g_.top) new_page();
      }
      block(blocks[i]);
    }
    finish_page();
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
      return Error::internal(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface_)));
    return {};
  }

 private:
  double text_width() const { return g_.width - g_.left - g_.right; }
  double bottom_limit() const { return g_.height - g_.bottom; }

  PangoLayout* layout(const std::string& text, double pt, bool bold, PangoAlignment align, double width) {
    PangoLayout* l = pango_cairo_create_layout(cr_);
    PangoFontDescription* fd = pango_font_description_new();
    pango_font_description_set_family(fd, kFamily);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    std::string t = clean(text);
    pango_layout_set_text(l, t.c_str(), static_cast<int>(t.size()));
    return l;
  }

  // The height a layout takes when flowed with line_gap per line.
  double flowed_height(PangoLayout* l, double line_gap) {
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE + line_gap * pango_layout_get_line_count(l);
  }

  // The height a block will take (as block() draws it), for keeping groups together.
  double height(const PdfBlock& b) {
    auto text_height = [&](const std::string& t, bool bold, PangoAlignment align, double width, double gap, bool indent) {
      double sum = 0;
      std::size_t start = 0;
      while (start <= t.size()) {
        std::size_t nl = t.find('\n', start);
        PangoLayout* l = layout(t.substr(start, nl == std::string::npos ? std::string::npos : nl - start), g_.body_pt, bold, align, width);
        if (indent) pango_layout_set_indent(l, static_cast<int>(2 * g_.body_pt * PANGO_SCALE));
        sum += flowed_height(l, gap);
        g_object_unref(l);
        if (nl == std::string::npos || !indent) break;
        start = nl + 1;
      }
      return sum;
    };
    switch (b.kind) {
      case PdfBlock::Kind::kHeading: return text_height(b.text, true, PANGO_ALIGN_LEFT, text_width(), g_.body_pt * 0.5, false);
      case PdfBlock::Kind::kParagraph: return text_height(b.text, false, PANGO_ALIGN_LEFT, text_width(), g_.body_pt * 0.35, true);
      case PdfBlock::Kind::kRight: return text_height(b.text, false, PANGO_ALIGN_RIGHT, text_width() - 4 * g_.body_pt, g_.body_pt * 0.35, false);
      case PdfBlock::Kind::kCentered: return text_height(b.text, false, PANGO_ALIGN_CENTER, text_width(), g_.body_pt * 0.35, false);
      case PdfBlock::Kind::kQr: return (b.size_mm > 0 ? b.size_mm : 25) * kPtPerMm + 4;
      case PdfBlock::Kind::kSpacer: return (b.size_mm > 0 ? b.size_mm : 5) * kPtPerMm;
      case PdfBlock::Kind::kImagePng: return (b.size_mm > 0 ? b.size_mm : 40) * kPtPerMm + 4;  // square at most (approximation)
      case PdfBlock::Kind::kTable: return g_.body_pt * 2 * static_cast<double>(b.rows.size());
      case PdfBlock::Kind::kPageBreak:
      case PdfBlock::Kind::kSeal: return 0;
    }
    return 0;
  }

  // The seal area: a dashed red circle over the issuer's name and date that follow.
  void seal(const PdfBlock& b) {
    double r = (b.size_mm > 0 ? b.size_mm : 42) * kPtPerMm / 2;
    double cx = g_.left + text_width() - 4 * g_.body_pt - 5 * g_.body_pt, cy = y_ + g_.body_pt * 1.2;
    cairo_save(cr_);
    cairo_set_source_rgba(cr_, 0.8, 0.05, 0.05, 0.45);
    cairo_set_line_width(cr_, 0.8);
    double dash[] = {3.0, 3.0};
    cairo_set_dash(cr_, dash, 2, 0);
    cairo_arc(cr_, cx, cy, r, 0, 2 * 3.14159265358979);
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }

  // A large, light, diagonal mark on the page (草稿: the document is not signed).
  void watermark() {
    if (doc_.watermark.empty()) return;
    cairo_save(cr_);
    cairo_set_source_rgba(cr_, 0.55, 0.55, 0.55, 0.22);
    PangoLayout* l = layout(doc_.watermark, g_.body_pt * 7, true, PANGO_ALIGN_CENTER, g_.width);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_translate(cr_, g_.width / 2, g_.height / 2);
    cairo_rotate(cr_, -0.6);
    cairo_move_to(cr_, -g_.width / 2, -static_cast<double>(h) / PANGO_SCALE / 2);
    pango_cairo_show_layout(cr_, l);
    g_object_unref(l);
    cairo_restore(cr_);
  }

  // Draws a layout line by line, breaking pages between lines. line_gap: extra space per line.
  void flow(PangoLayout* l, double x, double line_gap) {
    PangoLayoutIter* it = pango_layout_get_iter(l);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      double h = static_cast<double>(logical.height) / PANGO_SCALE + line_gap;
      if (y_ + h > bottom_limit()) new_page();
      int baseline = pango_layout_iter_get_baseline(it);
      double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
      double base = static_cast<double>(baseline) / PANGO_SCALE - line_top;
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
      cairo_move_to(cr_, x + static_cast<double>(logical.x) / PANGO_SCALE, y_ + base + line_gap / 2);
      pango_cairo_show_layout_line(cr_, line);
      y_ += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }

  void header() {
    if (!doc_.issuer.empty()) {
      // The issuing organ's mark (发文机关标志), red, centred (GB/T 9704-2012 7.2.3).
      cairo_set_source_rgb(cr_, 0.8, 0.05, 0.05);
      PangoLayout* l = layout(doc_.issuer, g_.issuer_pt * (doc_.issuer.size() > 60 ? 0.8 : 1.0), true, PANGO_ALIGN_CENTER, text_width());
      flow(l, g_.left, 4);
      g_object_unref(l);
      y_ += 4;
      if (!doc_.doc_number.empty()) {
        cairo_set_source_rgb(cr_, 0, 0, 0);
        PangoLayout* n = layout(doc_.doc_number, g_.body_pt, false, PANGO_ALIGN_CENTER, text_width());
        flow(n, g_.left, 2);
        g_object_unref(n);
      }
      // The red separator line under the number (版头中的分隔线).
      cairo_set_source_rgb(cr_, 0.8, 0.05, 0.05);
      cairo_set_line_width(cr_, 1.2);
      cairo_move_to(cr_, g_.left, y_ + 4);
      cairo_line_to(cr_, g_.width - g_.right, y_ + 4);
      cairo_stroke(cr_);
      y_ += 18;
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    if (!doc_.title.empty()) {
      PangoLayout* l = layout(doc_.title, g_.title_pt, true, PANGO_ALIGN_CENTER, text_width());
      flow(l, g_.left, 6);
      g_object_unref(l);
      if (doc_.issuer.empty() && !doc_.doc_number.empty()) {
        PangoLayout* n = layout(doc_.doc_number, g_.body_pt, false, PANGO_ALIGN_CENTER, text_width());
        flow(n, g_.left, 2);
        g_object_unref(n);
      }
      y_ += g_.body_pt;  // one blank line under the title
    }
  }

  void block(const PdfBlock& b) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    switch (b.kind) {
      case PdfBlock::Kind::kHeading: {
        PangoLayout* l = layout(b.text, g_.body_pt, true, PANGO_ALIGN_LEFT, text_width());
        flow(l, g_.left, g_.body_pt * 0.5);
        g_object_unref(l);
        break;
      }
      case PdfBlock::Kind::kParagraph: {
        // Body text: first line indented two characters (GB/T 9704 7.3.3); lines of text in
        // paragraphs separated by '\n' are paragraphs of their own.
        std::string text = b.text;
        std::size_t start = 0;
        while (start <= text.size()) {
          std::size_t nl = text.find('\n', start);
          std::string para = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
          PangoLayout* l = layout(para, g_.body_pt, false, PANGO_ALIGN_LEFT, text_width());
          pango_layout_set_indent(l, static_cast<int>(2 * g_.body_pt * PANGO_SCALE));
          // Justified, except a line carrying a long number (an ID, a credit code, a URL): the
          // number cannot break, and justifying the line before it would stretch it.
          pango_layout_set_justify(l, !has_long_ascii_run(para));
          flow(l, g_.left, g_.body_pt * 0.35);
          g_object_unref(l);
          if (nl == std::string::npos) break;
          start = nl + 1;
        }
        break;
      }
      case PdfBlock::Kind::kRight:
      case PdfBlock::Kind::kCentered: {
        PangoLayout* l = layout(b.text, g_.body_pt, false, b.kind == PdfBlock::Kind::kRight ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER,
                                b.kind == PdfBlock::Kind::kRight ? text_width() - 4 * g_.body_pt : text_width());
        flow(l, g_.left, g_.body_pt * 0.35);
        g_object_unref(l);
        break;
      }
      case PdfBlock::Kind::kTable: table(b); break;
      case PdfBlock::Kind::kQr: qr(b); break;
      case PdfBlock::Kind::kImagePng: png(b); break;
      case PdfBlock::Kind::kSpacer: y_ += (b.size_mm > 0 ? b.size_mm : 5) * kPtPerMm; break;
      case PdfBlock::Kind::kPageBreak: new_page(); break;
      case PdfBlock::Kind::kSeal: seal(b); break;
    }
  }

  void table(const PdfBlock& b) {
    if (b.rows.empty()) return;
    std::size_t cols = 0;
    for (const auto& r : b.rows) cols = std::max(cols, r.size());
    if (cols == 0) return;
    double pt = g_.body_pt * 0.8, pad = 4;
    // Column widths: proportional to the longest cell (in characters), at least 2 characters.
    std::vector<double> weight(cols, 2);
    for (const auto& r : b.rows)
      for (std::size_t c = 0; c < r.size(); ++c) {
        double chars = 0;
        for (unsigned char ch : r[c]) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
        weight[c] = std::max(weight[c], std::min(chars, 24.0));
      }
    double total = 0;
    for (double w : weight) total += w;
    std::vector<double> width(cols);
    for (std::size_t c = 0; c < cols; ++c) width[c] = text_width() * weight[c] / total;
    cairo_set_line_width(cr_, 0.6);
    for (std::size_t ri = 0; ri < b.rows.size(); ++ri) {
      const auto& r = b.rows[ri];
      std::vector<PangoLayout*> cells;
      double h = 0;
      for (std::size_t c = 0; c < cols; ++c) {
        PangoLayout* l = layout(c < r.size() ? r[c] : "", pt, ri == 0, PANGO_ALIGN_LEFT, width[c] - 2 * pad);
        int lw, lh;
        pango_layout_get_size(l, &lw, &lh);
        h = std::max(h, static_cast<double>(lh) / PANGO_SCALE + 2 * pad);
        cells.push_back(l);
      }
      if (y_ + h > bottom_limit() && y_ > g_.top) new_page();
      double x = g_.left;
      for (std::size_t c = 0; c < cols; ++c) {
        cairo_rectangle(cr_, x, y_, width[c], h);
        cairo_stroke(cr_);
        cairo_move_to(cr_, x + pad, y_ + pad);
        pango_cairo_show_layout(cr_, cells[c]);
        g_object_unref(cells[c]);
        x += width[c];
      }
      y_ += h;
    }
    y_ += g_.body_pt * 0.5;
  }

  void qr(const PdfBlock& b) {
    QRcode* q = QRcode_encodeString(b.data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return;
    double size = (b.size_mm > 0 ? b.size_mm : 25) * kPtPerMm;
    if (y_ + size > bottom_limit()) new_page();
    double cell = size / q->width;
    double x0 = g_.left + (text_width() - size) / 2;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    for (int yy = 0; yy < q->width; ++yy)
      for (int xx = 0; xx < q->width; ++xx)
        if (q->data[yy * q->width + xx] & 1) cairo_rectangle(cr_, x0 + xx * cell, y_ + yy * cell, cell, cell);
    cairo_fill(cr_);
    QRcode_free(q);
    y_ += size + 4;
  }

  void png(const PdfBlock& b) {
    PngReader reader{&b.data};
    cairo_surface_t* img = cairo_image_surface_create_from_png_stream(read_png, &reader);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
      double w = (b.size_mm > 0 ? b.size_mm : 40) * kPtPerMm;
      double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
      double scale = iw > 0 ? w / iw : 1, h = ih * scale;
      if (y_ + h > bottom_limit()) new_page();
      cairo_save(cr_);
      cairo_translate(cr_, g_.left + (text_width() - w) / 2, y_);
      cairo_scale(cr_, scale, scale);
      cairo_set_source_surface(cr_, img, 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
      y_ += h + 4;
    }
    cairo_surface_destroy(img);
  }

  void footer() {
    watermark();
    // Page number "— n —" (GB/T 9704-2012 7.5) and the footer text, small, at the bottom.
    cairo_set_source_rgb(cr_, 0, 0, 0);
    std::string num = "— " + std::to_string(page_) + " —";
    PangoLayout* l = layout(num, g_.small_pt * 1.3, false, PANGO_ALIGN_CENTER, text_width());
    cairo_move_to(cr_, g_.left, g_.height - g_.bottom + 7 * kPtPerMm);
    pango_cairo_show_layout(cr_, l);
    g_object_unref(l);
    if (!doc_.footer.empty()) {
      PangoLayout* f = layout(doc_.footer, g_.small_pt, false, PANGO_ALIGN_CENTER, text_width());
      cairo_move_to(cr_, g_.left, g_.height - g_.bottom + 14 * kPtPerMm);
      pango_cairo_show_layout(cr_, f);
      g_object_unref(f);
    }
  }

  void finish_page() {
    footer();
    cairo_show_page(cr_);
  }

  void new_page() {
    finish_page();
    ++page_;
    y_ = g_.top;
  }

  const PdfDocument& doc_;
  Geometry g_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  double y_ = 0;
  int page_ = 1;
};

}  // namespace

Result<std::string> render_pdf(const PdfDocument& doc) {
  if (doc.page_size != "A4" && doc.page_size != "A6") return Error::invalid("page size must be A4 or A6", "page_size");
  // Pango's font map and fontconfig are not safe to initialise from several threads at once;
  // rendering itself is serialised too (a document takes milliseconds).
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::string out;
  {
    Renderer r(doc, &out);
    auto s = r.run();
    if (!s) return s.error();
  }
  return out;
}

}  // namespace zhifa::render
