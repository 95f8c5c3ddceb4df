// The public column of each agency (行政执法公示, seed 一.9): every list with search, one list
// (cached per content generation), its history and differences.
#include <map>
#include <mutex>

#include <set>

#include "platform/http/static_files.h"
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


// A matter row links to its service guide only when the agency's published 服务指南 has one
// (issue 15: no link to a page that answers 404): sets "has_guide" on each matter row.
Status mark_guides(store::Tx& tx, std::int64_t agency_id, json& rows) {
  auto guides = find_version(tx, agency_id, "guides", 0);
  if (!guides) return guides.error();
  std::set<std::string> with_guide;
  if (*guides)
    for (auto& r : (*guides)->rows) with_guide.insert(r.value("matter_code", ""));
  for (auto& r : rows)
    if (r.value("is_matter", false)) r["has_guide"] = with_guide.count(r.value("key", "")) > 0;
  return {};
}

void register_column(http::Router& router, web::Site& site) {
  router.add("GET", "/agencies/{code}/publicity", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    std::string q(req.query_param("q"));
    json ctx;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, std::string(req.param("code")), en);
      if (!a) return a.error();
      ctx["agency"] = agency_json(*a, en);
      json lists = json::array();
      for (auto& d : list_defs()) {
        auto v = find_version(tx, a->id, d.kind, 0);
        if (!v) return v.error();
        json l{{"kind", d.kind}, {"name", en ? d.en : d.zh}, {"rule", d.rule}};
        if (*v) { l["version"] = (*v)->version; l["date"] = date_of((*v)->published_at); l["count"] = (*v)->rows.size(); }
        lists.push_back(l);
      }
      ctx["lists"] = lists;
      if (!q.empty()) {
        auto hits = search(tx, a->id, "", q, "", 200);
        if (!hits) return hits.error();
        json out = json::array();
        for (auto& h : *hits) {
          const ListDef* d = find_list(h.kind);
          if (!d) continue;
          json r = row_view(*d, h.row, en);
          r["list"] = en ? d->en : d->zh;
          r["kind"] = d->kind;
          out.push_back(r);
        }
        if (auto s = mark_guides(tx, a->id, out); !s) return s;
        ctx["results"] = out;
        ctx["searched"] = true;
      }
      return {};
    }, [&] {
      ctx["q"] = q;
      return site.portal_page(req, en ? "Enforcement disclosure" : "行政执法公示", "portal/publicity", ctx);
    });
  });

}

void register_list_page(http::Router& router, web::Site& site) {
  // Rendered list pages, re-rendered when anything was published (site.content_generation(),
  // read from the database per request, so publications through any instance count): a
  // 1,000-row list is rendered once, then served as bytes with an ETag (bench/portal_list_bench).
  struct ListCache {
    std::mutex mu;
    struct Entry { std::uint64_t generation = 0; std::string html, etag; std::time_t at = 0; };
    std::map<std::string, Entry> entries;
  };
  auto list_cache = std::make_shared<ListCache>();

  router.add("GET", "/agencies/{code}/publicity/{kind}", "public", [&site, list_cache](Request& req) {
    bool en = web::Site::english(req);
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, en ? "No such list" : "没有这种清单");
    std::string q(req.query_param("q")), category(req.query_param("category"));
    auto version = to_int(req.query_param("version")).value_or(0);
    // Unfiltered pages are cached; searches are not (they are many and cheap to miss).
    bool cacheable = q.empty() && category.empty();
    std::string cache_key = req.path + (en ? "|en|" : "|zh|") + (web::Site::elder(req) ? "elder|" : "") + std::to_string(version);
    auto generation = site.content_generation();
    if (!generation) return site.error(req, generation.error());
    std::uint64_t gen = *generation;
    if (cacheable) {
      std::lock_guard lk(list_cache->mu);
      if (auto it = list_cache->entries.find(cache_key); it != list_cache->entries.end() && it->second.generation == gen)
        return http::serve_bytes(req, it->second.html, "text/html; charset=utf-8", it->second.etag, it->second.at, "public, max-age=60");
    }
    json ctx;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, std::string(req.param("code")), en);
      if (!a) return a.error();
      ctx["agency"] = agency_json(*a, en);
      auto v = find_version(tx, a->id, def->kind, version);
      if (!v) return v.error();
      auto current = find_version(tx, a->id, def->kind, 0);
      if (!current) return current.error();
      if (!*v) {
        if (version) return Error::not_found(en ? "No such version" : "没有这个版本");
        ctx["empty"] = true;
        return {};
      }
      ctx["version"] = (*v)->version;
      ctx["date"] = date_of((*v)->published_at);
      ctx["note"] = (*v)->note;
      if ((*v)->ledger_index >= 0) ctx["ledger_index"] = (*v)->ledger_index;
      ctx["old"] = *current && (*current)->version != (*v)->version;
      json rows = json::array();
      bool filtered = !q.empty() || !category.empty();
      if (filtered && !version) {
        auto hits = search(tx, a->id, def->kind, q, category);
        if (!hits) return hits.error();
        for (auto& h : *hits) rows.push_back(row_view(*def, h.row, en));
      } else {
        int i = 0;
        for (auto& r : (*v)->rows) rows.push_back(row_view(*def, r, en, ++i));
      }
      if (auto s = mark_guides(tx, a->id, rows); !s) return s;
      ctx["rows"] = rows;
      ctx["count"] = rows.size();
      ctx["total"] = (*v)->rows.size();
      ctx["filtered"] = filtered;
      return {};
    }, [&] {
      ctx["list"] = {{"kind", def->kind}, {"name", en ? def->en : def->zh}, {"rule", def->rule}};
      ctx["q"] = q;
      for (auto& f : def->fields)
        if (f.filter) {
          json opts = json::array();
          for (auto& c : f.choices) opts.push_back({{"value", c}, {"selected", c == category}});
          ctx["filter"] = {{"key", f.key}, {"label", en ? f.en : f.zh}, {"options", opts}};
        }
      auto page = site.portal_page(req, en ? def->en : def->zh, "portal/list", ctx);
      if (!cacheable || page.status != 200) return page;
      std::lock_guard lk(list_cache->mu);
      if (list_cache->entries.size() > 2000) list_cache->entries.clear();  // bounded: agencies × lists × versions × languages
      auto& e = list_cache->entries[cache_key];
      e = {gen, page.body, "\"list-" + std::to_string(gen) + "-" + std::to_string(std::hash<std::string>{}(cache_key)) + "\"", std::time(nullptr)};
      return http::serve_bytes(req, e.html, "text/html; charset=utf-8", e.etag, e.at, "public, max-age=60");
    });
  });

}

void register_history(http::Router& router, web::Site& site) {
  router.add("GET", "/agencies/{code}/publicity/{kind}/history", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, en ? "No such list" : "没有这种清单");
    json ctx;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, std::string(req.param("code")), en);
      if (!a) return a.error();
      ctx["agency"] = agency_json(*a, en);
      auto vs = list_versions(tx, a->id, def->kind, true);
      if (!vs) return vs.error();
      json versions = json::array();
      for (auto& v : *vs)
        versions.push_back({{"version", v.version}, {"date", date_of(v.published_at)}, {"at", v.published_at}, {"note", v.note},
                            {"count", v.rows.size()}, {"approved_by", v.approved_by}, {"superior_by", v.superior_by},
                            {"sha256", v.rows_sha256}, {"ledger_index", v.ledger_index}, {"has_ledger", v.ledger_index >= 0}});
      ctx["versions"] = versions;
      ctx["has_versions"] = !versions.empty();
      if (vs->size() >= 1) {
        std::int64_t newest = vs->front().version;
        std::int64_t to = to_int(req.query_param("to")).value_or(newest);
        std::int64_t from = to_int(req.query_param("from")).value_or(to > 1 ? to - 1 : 0);
        const Version *vf = nullptr, *vt = nullptr;
        for (auto& v : *vs) {
          if (v.version == from) vf = &v;
          if (v.version == to) vt = &v;
        }
        json fopts = json::array(), topts = json::array();
        for (auto& v : *vs) {
          fopts.push_back({{"version", v.version}, {"date", date_of(v.published_at)}, {"selected", v.version == from}});
          topts.push_back({{"version", v.version}, {"date", date_of(v.published_at)}, {"selected", v.version == to}});
        }
        ctx["from_options"] = fopts;
        ctx["to_options"] = topts;
        if (vf && vt) {
          auto diff = diff_rows(*def, vf->rows, vt->rows);
          ctx["diff"] = diff_view(*def, diff, en);
          ctx["compared"] = {{"from", from}, {"to", to}, {"from_date", date_of(vf->published_at)}, {"to_date", date_of(vt->published_at)},
                             {"same", diff.empty()}};
        }
      }
      return {};
    }, [&] {
      ctx["list"] = {{"kind", def->kind}, {"name", en ? def->en : def->zh}};
      return site.portal_page(req, (en ? def->en + " — history" : def->zh + " · 历史版本"), "portal/history", ctx);
    });
  });

}

}  // namespace

void pages::register_list_pages(http::Router& router, web::Site& site) {
  register_column(router, site);
  register_list_page(router, site);
  register_history(router, site);
}

}  // namespace zhifa::publicity
