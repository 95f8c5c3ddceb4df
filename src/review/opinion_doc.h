#pragma once
// The 重大行政执法决定法制审核意见书 (the written opinion of seed 三.5): the same content as a
// printable page and as a PDF (GB/T 9704-like layout through render/pdf.h).
#include <string>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"
#include "platform/render/pdf.h"

namespace zhifa::review {

// From submission_json: the context of templates/review/opinion.html ("issued" is false until
// the reviewer has given an opinion in some round).
nlohmann::json opinion_context(const nlohmann::json& submission);
// The document for render_pdf.
render::PdfDocument opinion_document(const nlohmann::json& submission);
// The PDF bytes.
Result<std::string> opinion_pdf(const nlohmann::json& submission);

}  // namespace zhifa::review
