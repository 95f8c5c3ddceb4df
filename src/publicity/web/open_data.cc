// Open data of the lists: JSON, CSV and XLSX of every published version, and the Atom feed of
// publications.
#include <map>
#include <mutex>

#include "publicity/exchange.h"
#include "publicity/list_workflow.h"
#include "platform/http/util.h"
#include "publicity/web/pages.h"
#include "publicity/web/routes.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using namespace pages;

namespace {
std::string atom_escape(std::string_view s) { return http::html_escape(s); }
}  // namespace

void pages::register_open_data(http::Router& router, web::Site& site) {
  // Open data: every list as JSON and CSV (current version, or ?version=N): list.json, list.csv.
  router.add("GET", "/agencies/{code}/publicity/{kind}/data/{file}", "public", [&site](Request& req) {
    const ListDef* def = list_or_null(req);
    std::string file(req.param("file"));
    if (!def || (file != "list.json" && file != "list.csv" && file != "list.xlsx")) return site.error(req, 404, "没有这个文件 (not found)");
    auto version = to_int(req.query_param("version")).value_or(0);
    std::optional<Version> v;
    std::string agency_code(req.param("code")), agency_name;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, agency_code, false);
      if (!a) return a.error();
      agency_name = a->name;
      auto r = find_version(tx, a->id, def->kind, version);
      if (!r) return r.error();
      if (!*r) return Error::not_found("尚未公布 (not published)");
      v = **r;
      return {};
    }, [&] {
      Response resp;
      if (file == "list.xlsx") {
        auto x = to_xlsx(*def, v->rows);
        if (!x) return site.error(req, x.error());
        resp = Response::text(*x, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        resp.headers.set("Content-Disposition", "attachment; filename=\"" + agency_code + "-" + def->kind + "-v" + std::to_string(v->version) + ".xlsx\"");
      } else if (file == "list.csv") {
        resp = Response::text(to_csv(*def, v->rows), 200, "text/csv; charset=utf-8");
        resp.headers.set("Content-Disposition", "attachment; filename=\"" + agency_code + "-" + def->kind + "-v" + std::to_string(v->version) + ".csv\"");
      } else {
        json fields = json::array();
        for (auto& f : def->fields) fields.push_back({{"key", f.key}, {"zh", f.zh}, {"en", f.en}});
        json doc{{"agency", {{"code", agency_code}, {"name", agency_name}}}, {"list", def->kind}, {"title", def->zh}, {"title_en", def->en},
                 {"version", v->version}, {"published_at", v->published_at}, {"note", v->note}, {"rows_sha256", v->rows_sha256},
                 {"ledger_index", v->ledger_index >= 0 ? json(v->ledger_index) : json(nullptr)}, {"fields", fields}, {"rows", v->rows}};
        resp = Response::json(doc.dump());
      }
      resp.headers.set("Access-Control-Allow-Origin", "*");
      resp.headers.set("Cache-Control", "public, max-age=60");
      return resp;
    });
  });

  // Atom feed of publications (RFC 4287).
  router.add("GET", "/agencies/{code}/feed.atom", "public", [&site](Request& req) {
    std::string base = base_url(site), code(req.param("code"));
    std::string xml;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, code, false);
      if (!a) return a.error();
      auto pubs = recent_publications(tx, a->id, 50);
      if (!pubs) return pubs.error();
      std::string updated = pubs->empty() ? "2017-11-30T00:00:00Z" : pubs->front().published_at;
      xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
      xml += "<title>" + atom_escape(a->name) + " · 行政执法公示</title>\n<id>" + atom_escape(base + "/agencies/" + code + "/publicity") + "</id>\n";
      xml += "<link rel=\"alternate\" href=\"" + atom_escape(base + "/agencies/" + code + "/publicity") + "\"/>\n";
      xml += "<link rel=\"self\" href=\"" + atom_escape(base + "/agencies/" + code + "/feed.atom") + "\"/>\n";
      xml += "<updated>" + updated + "</updated>\n<author><name>" + atom_escape(a->name) + "</name></author>\n";
      for (auto& p : *pubs) {
        const ListDef* d = find_list(p.kind);
        std::string title = (d ? d->zh : p.kind) + " 第" + std::to_string(p.version) + "版";
        std::string url = base + "/agencies/" + code + "/publicity/" + p.kind + "?version=" + std::to_string(p.version);
        xml += "<entry><title>" + atom_escape(title) + "</title><id>" + atom_escape(url) + "</id><link href=\"" + atom_escape(url) +
               "\"/><updated>" + p.published_at + "</updated><summary>" + atom_escape(p.note.empty() ? title : p.note) + "</summary></entry>\n";
      }
      xml += "</feed>\n";
      return {};
    }, [&] {
      return Response::text(xml, 200, "application/atom+xml; charset=utf-8");
    });
  });

}

}  // namespace zhifa::publicity
