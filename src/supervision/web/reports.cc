// The annual report's routes: the workspace (generate, write, review, publish; who has published)
// and the portal (/agencies/{code}/reports/{year}, .pdf, .xlsx). No SQL here.
#include "platform/core/clock.h"
#include "supervision/report.h"
#include "supervision/web/routes.h"
#include "web/handle.h"

namespace zhifa::supervision {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

Response file(const std::string& bytes, const std::string& type, const std::string& name) {
  Response r;
  r.status = 200;
  r.body = bytes;
  r.headers.set("Content-Type", type);
  r.headers.set("Content-Disposition", "inline; filename=\"" + name + "\"");
  return r;
}

Response workspace(web::Site& site, const Request& req, int year, const std::string& code, json extra = json::object(), int status = 200) {
  const auto& p = web::principal(req);
  return web::read(site, req, [&](store::Tx& tx) { return report_workspace(tx, p, code, year, clock::today_beijing()); },
                   [&](json& ctx) {
                     for (auto& [k, v] : extra.items()) ctx[k] = v;
                     ctx["csrf"] = web::Site::csrf_token(req);
                     return site.workspace_page(req, std::to_string(year) + "年度行政执法数据报告", "supervision/report", ctx, status);
                   });
}

}  // namespace

void register_report_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/supervision/reports/{year}", "supervision.view", [&site](Request& req) {
    auto year = parse_year(std::string(req.param("year")));
    if (!year) return web::fail(site, req, Error::not_found(kNoReportPage));
    return workspace(site, req, *year, std::string(req.query_param("agency")));
  });

  // generate | narrative | review | publish
  router.add("POST", "/workspace/supervision/reports/{year}/{step}", "supervision.report", [&site](Request& req) {
    auto year = parse_year(std::string(req.param("year")));
    if (!year) return web::fail(site, req, Error::not_found(kNoReportPage));
    const auto& p = web::principal(req);
    web::Input in(req);
    std::string code = in.text("agency"), step(req.param("step"));
    std::string today = clock::today_beijing();
    Narrative n{in.text("overview"), in.text("problems"), in.text("plans")};
    auto back = [&] { return web::see_other("/workspace/supervision/reports/" + std::to_string(*year) + "?agency=" + code); };
    auto refused = [&](const Error& e) { return workspace(site, req, *year, code, {{"error", e.message}}, 400); };
    if (step == "generate")
      return web::write(site, req, in, [&](store::Tx& tx) { return generate_report(tx, p, code, *year, today); },
                        [&](std::int64_t) { return back(); }, refused);
    if (step == "narrative")
      return web::write(site, req, in, [&](store::Tx& tx) { return save_narrative(tx, p, code, *year, n); }, back, refused);
    if (step == "review") return web::write(site, req, in, [&](store::Tx& tx) { return review_report(tx, p, code, *year); }, back, refused);
    if (step == "publish")
      return web::write(site, req, in, [&](store::Tx& tx) { return publish_report(tx, p, code, *year, today); }, back, refused);
    return web::fail(site, req, Error::not_found(kNoReportPage));
  });

  // The portal: "2025", "2025.pdf" or "2025.xlsx".
  router.add("GET", "/agencies/{code}/reports/{year}", "public", [&site](Request& req) {
    std::string code(req.param("code")), y(req.param("year")), ext;
    if (auto dot = y.find('.'); dot != std::string::npos) ext = y.substr(dot + 1), y = y.substr(0, dot);
    auto year = parse_year(y);
    if (!year || (ext != "" && ext != "pdf" && ext != "xlsx")) return web::fail(site, req, Error::not_found(kNoReportPage));
    std::string base = code + "-" + y;
    if (ext == "pdf")
      return web::read(site, req, [&](store::Tx& tx) { return report_pdf(tx, code, *year); },
                       [&](const std::string& b) { return file(b, "application/pdf", base + ".pdf"); });
    if (ext == "xlsx")
      return web::read(site, req, [&](store::Tx& tx) { return report_xlsx(tx, code, *year); }, [&](const std::string& b) {
        return file(b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", base + ".xlsx");
      });
    return web::read(site, req, [&](store::Tx& tx) { return public_report(tx, code, *year); }, [&](json& ctx) {
      return site.portal_page(req, ctx["agency_name"].get<std::string>() + y + "年度行政执法数据报告", "supervision/public_report", ctx);
    });
  });
}

}  // namespace zhifa::supervision
