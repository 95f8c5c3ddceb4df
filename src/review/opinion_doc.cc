#include "review/opinion_doc.h"

namespace zhifa::review {

using nlohmann::json;

namespace {
// The round that carries the latest opinion (rounds are newest first).
const json* opinion_round(const json& s) {
  for (auto& r : s["rounds"])
    if (!r["opinion"].get<std::string>().empty()) return &r;
  return nullptr;
}
}  // namespace

json opinion_context(const json& s) {
  const json* r = opinion_round(s);
  json ctx{{"issued", r != nullptr}, {"agency_name", s["agency_name"]}, {"case_title", s["case_title"]}, {"case_id", s["case_id"]},
           {"id", s["id"]}, {"handlers", s["handlers"]}, {"major", s["major"]}, {"number", s["opinion_number"]}};
  if (!r) return ctx;
  std::string handlers;
  for (auto& h : s["handlers"]) handlers += (handlers.empty() ? "" : "、") + h.get<std::string>();
  ctx["handlers_text"] = handlers;
  ctx["round"] = (*r)["round"];
  ctx["submitted_on"] = (*r)["submitted_on"];
  ctx["agree"] = (*r)["opinion_agree"];
  ctx["opinion_label"] = (*r)["opinion_agree"].get<bool>() ? "同意" : "存在问题，退回承办机构";
  ctx["opinion_text"] = (*r)["opinion_text"];
  ctx["opinion_by"] = (*r)["opinion_by"];
  ctx["opinion_at"] = (*r)["opinion_at"];
  ctx["opinion_date"] = (*r)["opinion_at"].get<std::string>().substr(0, 10);
  ctx["checklist"] = (*r)["checklist"];
  ctx["materials"] = (*r)["materials"];
  ctx["facts"] = (*r)["facts"];
  return ctx;
}

render::PdfDocument opinion_document(const json& s) {
  json c = opinion_context(s);
  render::PdfDocument d;
  d.issuer = c["agency_name"];
  d.title = "重大行政执法决定法制审核意见书";
  d.doc_number = c["number"];
  using K = render::PdfBlock::Kind;
  auto para = [&](const std::string& t) { d.blocks.push_back({K::kParagraph, t, {}, {}, 0}); };
  para("案件名称：" + c["case_title"].get<std::string>() + "（案件编号 " + std::to_string(c["case_id"].get<std::int64_t>()) + "）");
  if (c["issued"].get<bool>()) {
    para("承办人员：" + c["handlers_text"].get<std::string>() + "；提交日期：" + c["submitted_on"].get<std::string>() + "（第 " +
         std::to_string(c["round"].get<std::int64_t>()) + " 轮）");
    std::string reasons;
    for (auto& m : c["major"]) reasons += (reasons.empty() ? "" : "；") + m["name"].get<std::string>() + "（" + m["source"].get<std::string>() + "）";
    if (!reasons.empty()) para("属于重大执法决定的依据：" + reasons);
    d.blocks.push_back({K::kHeading, "审核要素", {}, {}, 0});
    render::PdfBlock table{K::kTable, "", {{"序号", "审核要素", "结论", "说明"}}, {}, 0};
    for (auto& e : c["checklist"])
      table.rows.push_back({std::to_string(e["element"].get<int>()), e["label"], e["answer_label"], e["comment"]});
    d.blocks.push_back(table);
    d.blocks.push_back({K::kHeading, "审核意见", {}, {}, 0});
    para(c["opinion_label"].get<std::string>() + "。" + c["opinion_text"].get<std::string>());
    d.blocks.push_back({K::kSpacer, "", {}, {}, 12});
    d.blocks.push_back({K::kRight, "法制审核人员：" + c["opinion_by"].get<std::string>(), {}, {}, 0});
    d.blocks.push_back({K::kRight, c["agency_name"].get<std::string>(), {}, {}, 0});
    d.blocks.push_back({K::kRight, c["opinion_date"].get<std::string>(), {}, {}, 0});
  }
  d.footer = "依据《中华人民共和国行政处罚法》第五十八条出具";
  return d;
}

Result<std::string> opinion_pdf(const json& s) {
  return render::render_pdf(opinion_document(s));
}

}  // namespace zhifa::review
