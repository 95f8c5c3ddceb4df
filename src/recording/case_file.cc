#include "recording/case_file.h"

#include <algorithm>

#include "law/procedure.h"
#include "platform/core/clock.h"
#include "platform/render/pdf.h"
#include "recording/av/items.h"
#include "recording/cases.h"
#include "recording/documents.h"

namespace zhifa::recording {

Result<std::string> case_file_pdf(store::Tx& tx, const Case& c) {
  auto docs = case_documents(tx, c.id);
  if (!docs) return docs.error();
  auto acts = case_acts(tx, c.id);
  if (!acts) return acts.error();
  const law::Procedure* proc = law::find_procedure(c.procedure_id);
  std::vector<Document> filed;
  for (auto& d : *docs)
    if (d.status != "draft") filed.push_back(d);
  // The standard order of the case file: by the procedure's document order, then by date.
  auto order = [&](const Document& d) {
    const law::DocumentSpec* s = proc ? proc->document(d.kind) : nullptr;
    return s ? s->order : 1000;
  };
  std::stable_sort(filed.begin(), filed.end(), [&](const Document& a, const Document& b) { return order(a) < order(b); });
  render::PdfDocument pdf;
  pdf.issuer = c.agency_name;
  pdf.title = "行政执法案卷";
  pdf.doc_number = c.case_no;
  using K = render::PdfBlock::Kind;
  pdf.blocks.push_back({K::kTable, "", {{"案由", c.title}, {"执法事项", c.matter_name + "（" + c.matter_code + "）"},
                                        {"适用程序", proc ? proc->name : c.procedure_id}, {"当事人", c.party.name},
                                        {"承办人", c.lead_officer_name + (c.co_officer_name.empty() ? "" : "、" + c.co_officer_name)},
                                        {"立案（受理）日期", c.opened_on}, {"状态", c.status == "open" ? "办理中" : "已办结"}}, {}, 0});
  pdf.blocks.push_back({K::kHeading, "卷内文件目录", {}, {}, 0});
  std::vector<std::vector<std::string>> toc{{"序号", "文书名称", "文号", "签发日期", "SHA-256（前16位）"}};
  int n = 0;
  for (auto& d : filed)
    toc.push_back({std::to_string(++n), d.name + (d.status == "superseded" ? "（已更正）" : ""), d.doc_number.empty() ? "—" : d.doc_number,
                   d.signed_at.substr(0, 10), d.pdf_sha256.substr(0, 16)});
  toc.push_back({std::to_string(++n), "执法过程记录", "—", "—", "—"});
  pdf.blocks.push_back({K::kTable, "", toc, {}, 0});
  // 音像记录: listed with their SHA-256 (the originals stay in the evidence store; the ZIP carries the photos).
  auto items = av::case_items(tx, c.id);
  if (!items) return items.error();
  if (!items->empty()) {
    pdf.blocks.push_back({K::kHeading, "音像记录目录", {}, {}, 0});
    std::vector<std::vector<std::string>> av{{"序号", "类别", "环节", "文件", "记录人", "拍摄时间", "SHA-256（前16位）"}};
    int k = 0;
    for (const auto& i : *items) {
      const law::Step* s = proc ? proc->step(i.step) : nullptr;
      av.push_back({std::to_string(++k), av::kind_label(i.kind), s ? s->name : i.step, i.filename, i.recorder_name,
                    clock::beijing_time_text(i.recorded_at.empty() ? i.uploaded_at : i.recorded_at), i.sha256.substr(0, 16)});
    }
    pdf.blocks.push_back({K::kTable, "", av, {}, 0});
  }
  for (auto& d : filed) {
    pdf.blocks.push_back({K::kPageBreak, "", {}, {}, 0});
    pdf.blocks.push_back({K::kCentered, d.name, {}, {}, 0});
    if (!d.doc_number.empty()) pdf.blocks.push_back({K::kCentered, d.doc_number, {}, {}, 0});
    pdf.blocks.push_back({K::kParagraph, d.body, {}, {}, 0});
    pdf.blocks.push_back({K::kRight, "签发人：" + d.signer_name + "　" + chinese_date(d.signed_at.substr(0, 10)), {}, {}, 0});
  }
  pdf.blocks.push_back({K::kPageBreak, "", {}, {}, 0});
  pdf.blocks.push_back({K::kHeading, "执法过程记录", {}, {}, 0});
  std::vector<std::vector<std::string>> log{{"时间", "环节", "操作", "执法人员", "地点"}};
  const auto step_name = [&](const std::string& id) {
    const law::Step* s = proc ? proc->step(id) : nullptr;
    return s ? s->name : id;
  };
  for (auto& a : *acts)
    log.push_back({a.at.substr(0, 16), step_name(a.to_step), a.label, a.actor_name + (a.co_actor_names.empty() ? "" : "、" + a.co_actor_names),
                   a.location.place + (a.location.latitude.empty() ? "" : " (" + a.location.latitude + "," + a.location.longitude + ")")});
  pdf.blocks.push_back({K::kTable, "", log, {}, 0});
  pdf.footer = "案卷 " + c.case_no;
  return render::render_pdf(pdf);
}

}  // namespace zhifa::recording
