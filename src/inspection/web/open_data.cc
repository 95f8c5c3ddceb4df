// The published inspection results (抽查结果公告) as open data, like the decisions: a page with
// search (/inspections/results), JSON, CSV (UTF-8 with BOM, for Excel) and Atom (RFC 4287), and
// one result's page. Only what publish_result fixed (masked) is shown; the filters are the same
// for every form: agency (code), result, from/to (publication date), q (words), page, per_page.
#include "inspection/directory.h"
#include "inspection/results.h"
#include "inspection/web/routes.h"
#include "platform/core/clock.h"
#include "platform/http/util.h"
#include "publicity/lists.h"
#include "web/handle.h"
#include "web/table.h"

namespace zhifa::inspection {

using http::Request;
using http::Response;

namespace {

std::int64_t query_int(const Request& req, const char* name, std::int64_t fallback, std::int64_t max) {
  auto v = http::parse_id(req.query_param(name));
  return v ? std::min(*v, max) : fallback;
}

// The query as every form reads it; an unknown agency code: not found (as a missing record).
Result<ResultQuery> query_of(store::Tx& tx, const Request& req, std::int64_t default_per_page) {
  ResultQuery q;
  q.q = std::string(req.query_param("q"));
  q.result = std::string(req.query_param("result"));
  q.from = std::string(req.query_param("from"));
  q.to = std::string(req.query_param("to"));
  q.page = query_int(req, "page", 1, 100000);
  q.per_page = query_int(req, "per_page", default_per_page, 500);
  if (std::string code(req.query_param("agency")); !code.empty()) {
    auto a = agency_id_of(tx, code);
    if (!a) return a.error();
    q.agency_id = *a;
  }
  return q;
}

Response open_reply(Response resp) {
  resp.headers.set("Access-Control-Allow-Origin", "*");
  resp.headers.set("Cache-Control", "public, max-age=60");
  return resp;
}

std::string query_string(const Request& req) {
  std::string qs;
  for (auto* k : {"agency", "q", "result", "from", "to"})
    if (auto v = std::string(req.query_param(k)); !v.empty()) qs += (qs.empty() ? "?" : "&") + std::string(k) + "=" + http::url_encode(v);
  return qs;
}

}  // namespace

void web_detail::register_open_data(http::Router& router, web::Site& site) {
  router.add("GET", "/inspections/results.json", "public", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
      auto q = query_of(tx, req, 50);
      if (!q) return q.error();
      return published_results(tx, *q);
    }, [&](json& j) { return open_reply(web::json_reply(j)); });
  });

  router.add("GET", "/inspections/results.csv", "public", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
      auto q = query_of(tx, req, 500);
      if (!q) return q.error();
      return published_results(tx, *q);
    }, [&](json& j) {
      std::string out = "\xEF\xBB\xBF";
      out += "编号,执法机关,抽查计划,抽查事项,检查对象,统一社会信用代码,检查结果,发现的问题,检查日期,公示日期,网址\r\n";
      for (auto& r : j["items"]) {
        out += std::to_string(r.value("id", std::int64_t{0})) + ",";
        for (const char* k : {"agency_name", "plan_number", "matter", "object_name", "object_code", "result_label", "findings", "inspected_on", "published_on"})
          out += publicity::csv_cell(r.value(k, "")) + ",";
        out += publicity::csv_cell(site.options.public_url + r.value("url", "")) + "\r\n";
      }
      auto resp = Response::text(out, 200, "text/csv; charset=utf-8");
      resp.headers.set("Content-Disposition", "attachment; filename=\"inspection-results.csv\"");
      return open_reply(std::move(resp));
    });
  });

  router.add("GET", "/inspections/results.atom", "public", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
      auto q = query_of(tx, req, 50);
      if (!q) return q.error();
      return published_results(tx, *q);
    }, [&](json& j) {
      auto esc = [](const std::string& s) { return http::html_escape(s); };
      const std::string base = site.options.public_url;
      std::string self = base + "/inspections/results.atom" + query_string(req);
      std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
      xml += "<title>双随机、一公开 · 抽查结果公告</title>\n<id>" + esc(self) + "</id>\n<link rel=\"self\" href=\"" + esc(self) + "\"/>\n";
      xml += "<link rel=\"alternate\" href=\"" + esc(base + "/inspections/results") + "\"/>\n";
      std::string updated = j["items"].empty() ? "2018-01-01" : j["items"][0].value("published_on", "2018-01-01");
      xml += "<updated>" + updated + "T00:00:00+08:00</updated>\n<author><name>行政执法公示</name></author>\n";
      for (auto& r : j["items"]) {
        std::string url = base + r.value("url", "");
        std::string title = r.value("agency_name", "") + " " + r.value("plan_number", "") + " " + r.value("object_name", "") + "：" + r.value("result_label", "");
        std::string summary = r.value("matter", "") + (r.value("findings", "").empty() ? "" : "。" + r.value("findings", ""));
        xml += "<entry><title>" + esc(title) + "</title><id>" + esc(url) + "</id><link href=\"" + esc(url) + "\"/><updated>" +
               r.value("published_on", "") + "T00:00:00+08:00</updated><category term=\"" + esc(r.value("result", "")) + "\"/><summary>" +
               esc(summary) + "</summary></entry>\n";
      }
      xml += "</feed>\n";
      return open_reply(Response::text(xml, 200, "application/atom+xml; charset=utf-8"));
    });
  });

  // The page: search box, filters, the table (cards on a phone), the open data links.
  router.add("GET", "/inspections/results", "public", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
      auto q = query_of(tx, req, 20);
      if (!q) return q.error();
      return published_results(tx, *q);
    }, [&](json& j) {
      json ctx = j;
      for (auto& r : ctx["items"]) {
        r["published_text"] = clock::chinese_date(r.value("published_on", ""));
        r["inspected_text"] = clock::chinese_date(r.value("inspected_on", ""));
      }
      std::string qs = query_string(req);
      ctx["q"] = std::string(req.query_param("q"));
      ctx["has_items"] = !j["items"].empty();
      ctx["json_url"] = "/inspections/results.json" + qs;
      ctx["csv_url"] = "/inspections/results.csv" + qs;
      ctx["atom_url"] = "/inspections/results.atom" + qs;
      json results = json::array({{{"value", ""}, {"label", "全部结果"}, {"selected", req.query_param("result").empty()}}});
      for (auto& c : result_codes()) results.push_back({{"value", c}, {"label", result_label(c)}, {"selected", req.query_param("result") == c}});
      ctx["results"] = results;
      ctx["agency"] = std::string(req.query_param("agency"));
      std::int64_t total = j["total"], per = j["per_page"], page = j["page"];
      ctx["total_text"] = "共 " + std::to_string(total) + " 条";
      auto with_page = [&](std::int64_t n) { return "/inspections/results" + (qs.empty() ? "?" : qs + "&") + "page=" + std::to_string(n); };
      if (page > 1) ctx["prev_href"] = with_page(page - 1);
      if (page * per < total) ctx["next_href"] = with_page(page + 1);
      return site.portal_page(req, "抽查结果公告", "inspection/results", ctx);
    });
  });

  router.add("GET", "/inspections/results/{id}", "public", [&site](Request& req) {
    auto id = web::path_id(req, "id", "没有这项抽查结果");
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, [&](store::Tx& tx) { return published_result(tx, *id); }, [&](json& r) {
      json ctx = r;
      ctx["published_text"] = clock::chinese_date(r.value("published_on", ""));
      ctx["inspected_text"] = clock::chinese_date(r.value("inspected_on", ""));
      ctx["draw_page"] = r.value("draw", "").substr(0, r.value("draw", "").size() - 5);
      return site.portal_page(req, "抽查结果 " + r.value("object_name", ""), "inspection/result", ctx);
    });
  });
}

}  // namespace zhifa::inspection
