// Staff publicity (seed 一.7): the public certificate check behind a badge's QR code, and the
// badge itself (公示牌) as an A6 PDF.
#include "platform/core/clock.h"
#include "platform/render/pdf.h"
#include "publicity/matters.h"
#include "publicity/staff.h"
#include "publicity/web/routes.h"
#include "platform/http/util.h"
#include "publicity/web/pages.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using namespace pages;

void pages::register_certificate_check(http::Router& router, web::Site& site) {
  // --- the certificate check behind a badge's QR code: is it valid today? ---
  router.add("GET", "/certificates/{number}", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    std::string number(req.param("number")), today = clock::today_beijing();
    json ctx{{"number", number}, {"today", today}};
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto cert = certificate_check(tx, number, today);
      if (!cert) return cert.error();
      if (!*cert) { ctx["unknown"] = true; return {}; }
      ctx["cert"] = std::move(**cert);
      return {};
    }, [&] {
      return site.portal_page(req, en ? "Certificate check" : "执法证查验", "portal/certificate", ctx, ctx.contains("unknown") ? 404 : 200);
    });
  });

}

void pages::register_badges(http::Router& router, web::Site& site) {
  // Staff badge / desk signboard (公示牌, seed 一.7) as an A6 PDF with a QR code to the
  // public certificate check.
  router.add("GET", "/workspace/publicity/badges/{person}", "publicity.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = to_int(req.param("person"));
    if (!id) return site.error(req, 404, "没有这个人员");
    render::PdfDocument doc;
    std::string base = base_url(site), today = clock::today_beijing();
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto person = org::find_person(tx, *id);
      if (!person) return person.error();
      if (!*person) return Error::not_found("没有这个人员");
      if (auto v = org::require(p, "publicity.view", (*person)->agency_id, "没有这个人员"); !v) return v;
      const org::Certificate* cert = nullptr;
      for (auto& c : (*person)->certificates)
        if (c.valid_on(today)) cert = &c;
      if (!cert) return Error::conflict("此人没有有效的执法证，不能制作公示牌");
      // Service items: the published matters handled by the person's section.
      std::string items;
      auto ms = published_matters(tx, (*person)->agency_id);
      if (!ms) return ms.error();
      for (auto& m : *ms)
        if ((*person)->section_name.empty() || m.handling_unit == (*person)->section_name) items += (items.empty() ? "" : "、") + m.name;
      doc.page_size = "A6";
      doc.title = "执法人员公示牌";
      doc.issuer = (*person)->agency_name;
      doc.blocks.push_back({render::PdfBlock::Kind::kHeading, (*person)->name, {}, {}, 0});
      std::vector<std::vector<std::string>> t{{"项目", "内容"},
                                              {"单位", (*person)->agency_name + ((*person)->section_name.empty() ? "" : " " + (*person)->section_name)},
                                              {"职务", (*person)->post},
                                              {"执法证号", cert->number},
                                              {"执法种类", cert->scope},
                                              {"有效期至", cert->valid_to}};
      if (!items.empty()) t.push_back({"服务事项", items});
      doc.blocks.push_back({render::PdfBlock::Kind::kTable, "", t, {}, 0});
      doc.blocks.push_back({render::PdfBlock::Kind::kQr, "", {}, base + "/certificates/" + http::url_encode(cert->number), 24});
      doc.blocks.push_back({render::PdfBlock::Kind::kParagraph, "扫码查验执法证是否有效", {}, {}, 0});
      return {};
    }, [&] {
      auto pdf = render::render_pdf(doc);
      if (!pdf) return site.error(req, pdf.error());
      auto resp = Response::text(*pdf, 200, "application/pdf");
      resp.headers.set("Content-Disposition", "inline; filename=\"badge-" + std::to_string(*id) + ".pdf\"");
      resp.headers.set("Cache-Control", "no-store");
      return resp;
    });
  });
}

}  // namespace zhifa::publicity
