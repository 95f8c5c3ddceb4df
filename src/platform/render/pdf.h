#pragma once
// PDF rendering with Pango/Cairo in a GB/T 9704-like layout: A4, margins top 37 mm, bottom
// 35 mm, left 28 mm, right 26 mm; title in 小标宋-like bold serif, body 16 pt (三号) serif; the
// document number line (发文字号) centred under the title; CJK font embedded. The font is
// Noto Serif CJK SC (Cairo 1.16 embeds broken subsets of Noto Sans CJK SC Regular — see
// DESIGN.md), so it is never used here.
//
// Used for 文书 (recording), the 法制审核意见书 (review), service guides and badges (publicity).
#include <optional>
#include <string>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::render {

struct PdfBlock {
  // kSeal: the seal area (GB/T 9704-2012 7.3.5.1: the seal sits over the issuer's name and the
  // date) — a dashed circle of size_mm (default 42) drawn over the next lines; takes no height.
  enum class Kind { kHeading, kParagraph, kRight, kCentered, kTable, kQr, kImagePng, kSpacer, kPageBreak, kSeal };
  Kind kind = Kind::kParagraph;
  std::string text;                            // plain text (escaped by the renderer)
  std::vector<std::vector<std::string>> rows;  // kTable: first row is the header
  std::string data;                            // kQr: the URL to encode; kImagePng: PNG bytes
  double size_mm = 0;                          // kQr / kImagePng / kSpacer: size
  // Keep this block on the page of the block after it: a run of such blocks and the block ending
  // it move to the next page together when they do not fit (no signature block, seal or QR
  // code alone on a page; GB/T 9704-2012 7.3.5 practice).
  bool keep_with_next = false;
};

struct PdfDocument {
  std::string title;            // e.g. 行政处罚决定书
  std::string issuer;           // e.g. 济宁市人民政府外事侨务办公室 (above the title, red, for 文书)
  std::string doc_number;       // 发文字号, e.g. 济外侨罚〔2025〕3号; empty: none
  std::vector<PdfBlock> blocks;
  std::string footer;           // small text at the bottom of each page (page numbers are added)
  std::string page_size = "A4"; // "A4" or "A6" (badges)
  std::string watermark;        // e.g. 草稿: drawn large, light and diagonal on every page
};

// The PDF bytes.
Result<std::string> render_pdf(const PdfDocument& doc);

}  // namespace zhifa::render
