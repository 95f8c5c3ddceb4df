// Service guides (服务指南, seed 一.5) online and as a PDF with a QR code, and the procedure
// flowcharts (流程图) drawn from the definitions case handling executes.
#include <map>
#include <mutex>

#include "law/procedure.h"
#include "platform/render/flowchart.h"
#include "platform/render/pdf.h"
#include "platform/render/qr.h"
#include "publicity/list_workflow.h"
#include "publicity/web/routes.h"
#include "platform/http/util.h"
#include "publicity/web/pages.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using namespace pages;

namespace {


// --- flowcharts from the procedure definitions (src/law/procedure.h) ---

render::FlowGraph flow_graph(const law::Procedure& p) {
  render::FlowGraph g;
  g.title = p.name;
  for (auto& s : p.steps) {
    render::FlowNode n{s.id, s.name, render::FlowNode::Kind::kStep, ""};
    if (s.id == p.start) n.kind = render::FlowNode::Kind::kStart;
    else if (s.terminal) n.kind = render::FlowNode::Kind::kEnd;
    std::vector<std::string> notes;
    if (s.actors.on_site) notes.push_back("执法人员不少于" + std::to_string(std::max(2, s.actors.min_people)) + "人，出示执法证件");
    if (s.time_not_counted) notes.push_back("不计入办理期限");
    if (s.av_recording == "whole_process") notes.push_back("全过程音像记录");
    else if (s.av_recording == "as_needed") notes.push_back("根据情况音像记录");
    for (auto& x : notes) n.note += (n.note.empty() ? "" : "\n") + x;
    g.nodes.push_back(n);
  }
  for (auto& s : p.steps)
    for (auto& t : s.transitions) g.edges.push_back({s.id, t.to, t.label, t.kind != "forward"});
  return g;
}

Result<std::string> procedure_svg(const std::string& id) {
  // Rendering is deterministic per definition: cache the SVG (Graphviz is slow and serialised).
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  {
    std::lock_guard lk(mu);
    if (auto it = cache.find(id); it != cache.end()) return it->second;
  }
  auto all = law::load_procedures();
  if (!all) return all.error();
  const law::Procedure* p = law::find_procedure(id);
  if (!p) return Error::not_found("没有这个执法程序：" + id);
  auto svg = render::flowchart_svg(flow_graph(*p));
  if (!svg) return svg.error();
  std::lock_guard lk(mu);
  cache[id] = *svg;
  return *svg;
}

}  // namespace

void pages::register_guide_pages(http::Router& router, web::Site& site) {
  // --- service guides (服务指南, seed 一.5): online, and as a printable PDF with a QR code ---
  auto load_guide = [](store::Tx& tx, const Request& req, bool en, json& ctx, json& row) -> Status {
    auto a = agency_by_code(tx, std::string(req.param("code")), en);
    if (!a) return a.error();
    ctx["agency"] = agency_json(*a, en);
    ctx["agency_zh"] = a->name;
    auto v = find_version(tx, a->id, "guides", 0);
    if (!v) return v.error();
    std::string matter(req.param("matter"));
    if (*v)
      for (auto& r : (*v)->rows)
        if (r.value("matter_code", "") == matter) row = r;
    if (row.is_null()) return Error::not_found(en ? "No published service guide for this matter" : "这个事项没有已公布的服务指南");
    ctx["date"] = date_of((*v)->published_at);
    ctx["version"] = (*v)->version;
    return {};
  };

  router.add("GET", "/agencies/{code}/guides/{matter}", "public", [&site, load_guide](Request& req) {
    bool en = web::Site::english(req);
    json ctx, row;
    return web::read(site, req, [&](store::Tx& tx) { return load_guide(tx, req, en, ctx, row); }, [&] {
      const ListDef* def = find_list("guides");
      ctx["guide"] = row_view(*def, row, en);
      std::string url = base_url(site) + "/agencies/" + std::string(req.param("code")) + "/guides/" + http::url_encode(std::string(req.param("matter")));
      auto qr = render::qr_svg(url, 3);
      if (qr) ctx["qr"] = *qr;
      ctx["url"] = url;
      ctx["matter"] = std::string(req.param("matter"));
      return site.portal_page(req, row.value("name", ""), "portal/guide", ctx);
    });
  });

  router.add("GET", "/agencies/{code}/guides/{matter}/pdf", "public", [&site, load_guide](Request& req) {
    json ctx, row;
    return web::read(site, req, [&](store::Tx& tx) { return load_guide(tx, req, false, ctx, row); }, [&] {
      const ListDef* def = find_list("guides");
      std::string url = base_url(site) + "/agencies/" + std::string(req.param("code")) + "/guides/" + http::url_encode(std::string(req.param("matter")));
      render::PdfDocument doc;
      doc.title = "行政执法服务指南";
      doc.blocks.push_back({render::PdfBlock::Kind::kCentered, row.value("name", "") + "（" + row.value("matter_code", "") + "）", {}, {}, 0});
      std::vector<std::vector<std::string>> table{{"项目", "内容"}};
      for (auto& f : def->fields)
        if (f.key != "matter_code" && f.key != "name") table.push_back({f.zh, field_text(f, row)});
      doc.blocks.push_back({render::PdfBlock::Kind::kTable, "", table, {}, 0});
      doc.blocks.push_back({render::PdfBlock::Kind::kSpacer, "", {}, {}, 4});
      doc.blocks.push_back({render::PdfBlock::Kind::kQr, "", {}, url, 30});
      doc.blocks.push_back({render::PdfBlock::Kind::kParagraph, "扫描二维码查看在线版本：" + url, {}, {}, 0});
      doc.footer = ctx["agency_zh"].get<std::string>() + " · 第" + std::to_string(ctx["version"].get<std::int64_t>()) + "版 · " +
                   ctx["date"].get<std::string>() + " 公布";
      auto pdf = render::render_pdf(doc);
      if (!pdf) return site.error(req, pdf.error());
      auto resp = Response::text(*pdf, 200, "application/pdf");
      resp.headers.set("Content-Disposition", "inline; filename=\"guide-" + std::string(req.param("matter")) + ".pdf\"");
      return resp;
    });
  });

  // --- procedure flowcharts (流程图), drawn from the definitions case handling executes ---
  router.add("GET", "/flowcharts", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    auto all = law::load_procedures();
    if (!all) return site.error(req, all.error());
    json items = json::array();
    for (auto& p : **all) items.push_back({{"id", p.id}, {"name", p.name}, {"category", p.category}, {"legal_basis", p.legal_basis}});
    std::string only(req.query_param("id"));
    json charts = json::array();
    for (auto& p : **all) {
      if (!only.empty() && p.id != only) continue;
      auto svg = procedure_svg(p.id);
      if (!svg) return site.error(req, svg.error());
      charts.push_back({{"id", p.id}, {"name", p.name}, {"category", p.category}, {"legal_basis", p.legal_basis},
                        {"description", p.description}, {"svg", *svg}});
    }
    json ctx{{"procedures", items}, {"charts", charts}};
    return site.portal_page(req, en ? "Procedure flowcharts" : "行政执法程序流程图", "portal/flowcharts", ctx);
  });

  router.add("GET", "/flowcharts/{id}/svg", "public", [&site](Request& req) {
    auto svg = procedure_svg(std::string(req.param("id")));
    if (!svg) return site.error(req, svg.error());
    auto resp = Response::text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + *svg, 200, "image/svg+xml; charset=utf-8");
    resp.headers.set("Cache-Control", "public, max-age=3600");
    return resp;
  });

}

}  // namespace zhifa::publicity
