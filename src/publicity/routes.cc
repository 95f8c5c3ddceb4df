#include "publicity/routes.h"

#include <map>
#include <mutex>

#include "law/procedure.h"
#include "org/directory.h"
#include "platform/core/clock.h"
#include "platform/http/multipart.h"
#include "platform/http/static_files.h"
#include "platform/http/util.h"
#include "platform/render/flowchart.h"
#include "platform/render/pdf.h"
#include "platform/render/qr.h"
#include "publicity/exchange.h"
#include "publicity/matters.h"
#include "publicity/service.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;

std::string base_url(const web::Site& site) { return site.options.public_url; }

namespace {

std::optional<std::int64_t> to_int(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string date_of(const std::string& iso) { return iso.substr(0, 10); }

json agency_json(const org::Agency& a, bool en) {
  return {{"id", a.id}, {"code", a.code}, {"name", en && !a.name_en.empty() ? a.name_en : a.name}, {"name_zh", a.name},
          {"address", a.address}, {"phone", a.phone}};
}

std::string title_of(const ListDef& def, const json& row) {
  for (const char* k : {"name", "act"})
    if (row.contains(k) && row[k].is_string() && !row[k].get<std::string>().empty()) return row[k].get<std::string>();
  return row.value(def.key, "");
}

// A row as templates show it: title, key, and every field with its label.
json row_view(const ListDef& def, const json& row, bool en, int index = 0) {
  json fields = json::array();
  for (auto& f : def.fields) {
    std::string v = field_text(f, row);
    if (f.key == "procedure" && !v.empty())
      if (const law::Procedure* proc = law::find_procedure(v)) v = proc->name;
    json fj{{"empty", v.empty()}, {"key", f.key}, {"label", en ? f.en : f.zh}, {"value", v}, {"long", f.type == FieldType::kLongText || f.type == FieldType::kBands}};
    if (f.type == FieldType::kBands) {
      json bands = json::array();
      if (row.contains(f.key) && row[f.key].is_array())
        for (auto& b : row[f.key]) {
          std::string range;
          if (b.contains("fine_min_yuan"))
            range = std::to_string(b["fine_min_yuan"].get<std::int64_t>()) + "–" + std::to_string(b.value("fine_max_yuan", std::int64_t{0})) + (en ? " yuan" : " 元");
          bands.push_back({{"facts", b.value("facts", "")}, {"penalty", b.value("penalty", "")}, {"range", range}});
        }
      fj["bands"] = bands;
      fj["has_bands"] = !bands.empty();
    }
    fields.push_back(fj);
  }
  return {{"title", title_of(def, row)}, {"key", row.value(def.key, "")}, {"fields", fields}, {"index", index},
          {"is_guide", def.kind == "guides"}, {"is_matter", def.kind == "matters"}, {"procedure", row.value("procedure", "")}};
}

json diff_view(const ListDef& def, const std::vector<RowDiff>& diff, bool en) {
  json out = json::array();
  for (auto& d : diff) {
    json j{{"key", d.key}, {"title", title_of(def, d.row)}};
    if (d.op == RowDiff::Op::kAdded) { j["added"] = true; j["row"] = row_view(def, d.row, en); }
    else if (d.op == RowDiff::Op::kRemoved) { j["removed"] = true; j["row"] = row_view(def, d.row, en); }
    else {
      j["changed"] = true;
      json ch = json::array();
      for (auto& c : d.changes) {
        const FieldDef* f = def.field(c.field);
        ch.push_back({{"label", f && en ? f->en : c.label}, {"before", c.before}, {"after", c.after}});
      }
      j["changes"] = ch;
    }
    out.push_back(j);
  }
  return out;
}

// The agency named in the URL, or an error page.
Result<org::Agency> agency_by_code(store::Tx& tx, const std::string& code, bool en) {
  auto a = org::find_agency(tx, code);
  if (!a) return a.error();
  if (!*a) return Error::not_found(en ? "No such agency" : "没有这个执法主体");
  return **a;
}

const ListDef* list_or_null(const Request& req) { return find_list(std::string(req.param("kind"))); }

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

std::string atom_escape(std::string_view s) { return http::html_escape(s); }

}  // namespace

void register_publicity_routes(http::Router& router, web::Site& site) {
  // My tasks: lists waiting for my review, approval or publication.
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& tasks) -> Status {
    if (p.anonymous()) return {};
    auto rows = tx.query("SELECT l.agency_id, l.kind, l.state, a.code, a.name FROM publicity_lists l JOIN agencies a ON a.id = l.agency_id "
                         "WHERE l.state IN ('submitted', 'approved', 'superior_approved', 'rejected')");
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      std::int64_t agency = r.integer(0);
      const ListDef* d = find_list(r.text(1));
      if (!d) continue;
      std::string state = r.text(2), href = "/workspace/publicity/" + r.text(3) + "/" + d->kind, text;
      bool own = p.agency_id == agency;
      if (state == "submitted" && own && org::authorize(p, "publicity.review", agency).allowed) text = d->zh + " 已提交，待您审查";
      else if (state == "approved" && d->superior_approval && is_superior_reviewer(tx, p, agency)) text = r.text(4) + " 的" + d->zh + " 待上级法制机构审核（济外侨办字〔2017〕28号 一.4）";
      else if (own && org::authorize(p, "publicity.edit", agency).allowed &&
               (state == (d->superior_approval ? "superior_approved" : "approved")))
        text = d->zh + " 已审查通过，可以发布";
      else if (own && state == "rejected" && org::authorize(p, "publicity.edit", agency).allowed) text = d->zh + " 被退回，请修改后重新提交";
      if (!text.empty()) tasks.push_back({{"level", state == "rejected" ? "warn" : "info"}, {"text", text}, {"href", href}});
    }
    return {};
  });

  // ================= the public column (行政执法公示, seed 一.9) =================

  router.add("GET", "/agencies/{code}/publicity", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    std::string q(req.query_param("q"));
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
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
        ctx["results"] = out;
        ctx["searched"] = true;
      }
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["q"] = q;
    return site.portal_page(req, en ? "Enforcement disclosure" : "行政执法公示", "portal/publicity", ctx);
  });

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
    std::string cache_key = req.path + (en ? "|en|" : "|zh|") + std::to_string(version);
    auto generation = site.content_generation();
    if (!generation) return site.error(req, generation.error());
    std::uint64_t gen = *generation;
    if (cacheable) {
      std::lock_guard lk(list_cache->mu);
      if (auto it = list_cache->entries.find(cache_key); it != list_cache->entries.end() && it->second.generation == gen)
        return http::serve_bytes(req, it->second.html, "text/html; charset=utf-8", it->second.etag, it->second.at, "public, max-age=60");
    }
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
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
      ctx["rows"] = rows;
      ctx["count"] = rows.size();
      ctx["total"] = (*v)->rows.size();
      ctx["filtered"] = filtered;
      return {};
    });
    if (!st) return site.error(req, st.error());
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

  router.add("GET", "/agencies/{code}/publicity/{kind}/history", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, en ? "No such list" : "没有这种清单");
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
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
    });
    if (!st) return site.error(req, st.error());
    ctx["list"] = {{"kind", def->kind}, {"name", en ? def->en : def->zh}};
    return site.portal_page(req, (en ? def->en + " — history" : def->zh + " · 历史版本"), "portal/history", ctx);
  });

  // Open data: every list as JSON and CSV (current version, or ?version=N): list.json, list.csv.
  router.add("GET", "/agencies/{code}/publicity/{kind}/data/{file}", "public", [&site](Request& req) {
    const ListDef* def = list_or_null(req);
    std::string file(req.param("file"));
    if (!def || (file != "list.json" && file != "list.csv" && file != "list.xlsx")) return site.error(req, 404, "没有这个文件 (not found)");
    auto version = to_int(req.query_param("version")).value_or(0);
    std::optional<Version> v;
    std::string agency_code(req.param("code")), agency_name;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, agency_code, false);
      if (!a) return a.error();
      agency_name = a->name;
      auto r = find_version(tx, a->id, def->kind, version);
      if (!r) return r.error();
      if (!*r) return Error::not_found("尚未公布 (not published)");
      v = **r;
      return {};
    });
    if (!st) return site.error(req, st.error());
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

  // Atom feed of publications (RFC 4287).
  router.add("GET", "/agencies/{code}/feed.atom", "public", [&site](Request& req) {
    std::string base = base_url(site), code(req.param("code"));
    std::string xml;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
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
    });
    if (!st) return site.error(req, st.error());
    return Response::text(xml, 200, "application/atom+xml; charset=utf-8");
  });

  // --- service guides (服务指南, seed 一.5): online, and as a printable PDF with a QR code ---
  auto load_guide = [&site](Request& req, bool en, json& ctx, json& row) -> Status {
    return site.db.read([&](store::Tx& tx) -> Status {
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
    });
  };

  router.add("GET", "/agencies/{code}/guides/{matter}", "public", [&site, load_guide](Request& req) {
    bool en = web::Site::english(req);
    json ctx, row;
    if (auto st = load_guide(req, en, ctx, row); !st) return site.error(req, st.error());
    const ListDef* def = find_list("guides");
    ctx["guide"] = row_view(*def, row, en);
    std::string url = base_url(site) + "/agencies/" + std::string(req.param("code")) + "/guides/" + http::url_encode(std::string(req.param("matter")));
    auto qr = render::qr_svg(url, 3);
    if (qr) ctx["qr"] = *qr;
    ctx["url"] = url;
    ctx["matter"] = std::string(req.param("matter"));
    return site.portal_page(req, row.value("name", ""), "portal/guide", ctx);
  });

  router.add("GET", "/agencies/{code}/guides/{matter}/pdf", "public", [&site, load_guide](Request& req) {
    json ctx, row;
    if (auto st = load_guide(req, false, ctx, row); !st) return site.error(req, st.error());
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

  // --- the certificate check behind a badge's QR code: is it valid today? ---
  router.add("GET", "/certificates/{number}", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    std::string number(req.param("number")), today = clock::today_beijing();
    json ctx{{"number", number}, {"today", today}};
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto r = tx.query_one("SELECT c.*, p.name AS person, p.post, p.active, a.name AS agency, a.code AS agency_code FROM certificates c "
                            "JOIN people p ON p.id = c.person_id JOIN agencies a ON a.id = p.agency_id WHERE c.number = ?",
                            {number});
      if (!r) return r.error();
      if (!*r) { ctx["unknown"] = true; return {}; }
      auto& row = **r;
      org::Certificate c{0, 0, number, row.text("scope"), row.text("valid_from"), row.text("valid_to"), row.integer("revoked") != 0};
      bool valid = c.valid_on(today) && row.integer("active") != 0;
      ctx["cert"] = {{"person", row.text("person")}, {"post", row.text("post")}, {"agency", row.text("agency")},
                     {"agency_code", row.text("agency_code")}, {"scope", c.scope}, {"valid_from", c.valid_from}, {"valid_to", c.valid_to},
                     {"revoked", c.revoked}, {"valid", valid}};
      return {};
    });
    if (!st) return site.error(req, st.error());
    return site.portal_page(req, en ? "Certificate check" : "执法证查验", "portal/certificate", ctx, ctx.contains("unknown") ? 404 : 200);
  });

  // ================= the workspace: edit, review, publish =================

  auto workspace_agency = [](store::Tx& tx, const Request& req) -> Result<org::Agency> {
    auto a = agency_by_code(tx, std::string(req.param("agency")), false);
    if (!a) return a.error();
    // Another agency's drafts: answered as an unknown agency code (org::require).
    if (auto st = org::require(web::Site::principal(req), "publicity.view", a->id, "没有这个执法主体"); !st) return st.error();
    return *a;
  };

  router.add("GET", "/workspace/publicity", "publicity.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx;
    std::string today = clock::today_beijing();
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto all = org::list_agencies(tx);
      if (!all) return all.error();
      json agencies = json::array(), pending = json::array();
      for (auto& a : *all) {
        bool mine = a.id == p.agency_id;
        bool superior = is_superior_reviewer(tx, p, a.id);
        if (!mine && !superior && !p.jurisdiction.count(a.id)) continue;
        json lists = json::array();
        for (auto& d : list_defs()) {
          auto s = load_list(tx, a.id, d.kind);
          if (!s) return s.error();
          json l{{"kind", d.kind}, {"name", d.zh}, {"state", s->state}, {"state_label", s->id ? state_label(s->state) : "未建立"},
                 {"version", s->published_version}, {"rows", s->rows.size()}, {"agency", a.code}};
          if (d.superior_approval && superior && s->state == "approved")
            pending.push_back({{"agency", a.code}, {"agency_name", a.name}, {"kind", d.kind}, {"name", d.zh}});
          lists.push_back(l);
        }
        if (mine) agencies.push_back({{"code", a.code}, {"name", a.name}, {"lists", lists}});
      }
      ctx["agencies"] = agencies;
      ctx["pending"] = pending;
      ctx["has_pending_review"] = !pending.empty();
      // Staff publicity and badges (seed 一.7): the agency's certified people.
      auto people = org::list_people(tx, p.agency_id);
      if (!people) return people.error();
      json staff = json::array();
      for (auto& x : *people)
        for (auto& c : x.certificates)
          staff.push_back({{"id", x.id}, {"name", x.name}, {"post", x.post}, {"section", x.section_name}, {"number", c.number},
                           {"valid", c.valid_on(today)}, {"valid_to", c.valid_to}});
      ctx["staff"] = staff;
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["can_edit"] = org::authorize(p, "publicity.edit").allowed;
    return site.workspace_page(req, "公示清单", "publicity/index", ctx);
  });

  // The editor page of one list: state, actions, rows, add/edit row.
  auto render_editor = [&site, workspace_agency](Request& req, const ListDef& def, json extra, int status) {
    const auto& p = web::Site::principal(req);
    json ctx = std::move(extra);
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto a = workspace_agency(tx, req);
      if (!a) return a.error();
      ctx["agency"] = {{"code", a->code}, {"name", a->name}};
      auto s = load_list(tx, a->id, def.kind);
      if (!s) return s.error();
      json rows = json::array();
      int i = 0;
      for (auto& r : s->rows) rows.push_back(row_view(def, r, false, ++i));
      ctx["rows"] = rows;
      ctx["count"] = rows.size();
      ctx["revision"] = s->revision;
      ctx["state"] = s->state;
      ctx["state_label"] = s->id ? state_label(s->state) : "未建立";
      ctx["reason"] = s->reason;
      ctx["info"] = {{"updated_at", s->updated_at}, {"updated_by", s->updated_by}, {"submitted_at", s->submitted_at},
                     {"submitted_by", s->submitted_by}, {"approved_at", s->approved_at}, {"approved_by", s->approved_by},
                     {"superior_at", s->superior_at}, {"superior_by", s->superior_by}};
      ctx["published_version"] = s->published_version;
      bool own = p.agency_id == a->id;
      bool editable = s->state == "draft" || s->state == "rejected" || s->state == "published";
      ctx["can_edit"] = own && org::authorize(p, "publicity.edit", a->id).allowed && editable;
      ctx["can_submit"] = ctx["can_edit"].get<bool>() && s->id && s->state != "published";
      ctx["can_review"] = s->state == "submitted" && org::authorize(p, "publicity.review", a->id).allowed;
      ctx["can_superior"] = def.superior_approval && s->state == "approved" && is_superior_reviewer(tx, p, a->id);
      std::string ready = def.superior_approval ? "superior_approved" : "approved";
      ctx["can_publish"] = s->state == ready && org::authorize(p, "publicity.edit", a->id).allowed;
      ctx["awaiting_superior"] = def.superior_approval && s->state == "approved";
      // What would change on publishing: the draft against the current version.
      auto cur = find_version(tx, a->id, def.kind, 0);
      if (!cur) return cur.error();
      if (s->id && s->state != "published") {
        auto diff = diff_rows(def, *cur ? (*cur)->rows : json::array(), s->rows);
        ctx["pending_diff"] = diff_view(def, diff, false);
        ctx["has_pending"] = !diff.empty();
      }
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["list"] = {{"kind", def.kind}, {"name", def.zh}, {"rule", def.rule}, {"superior", def.superior_approval}};
    json fields = json::array();
    for (auto& f : def.fields) {
      json fj{{"key", f.key}, {"label", f.zh}, {"required", f.required}, {"long", f.type == FieldType::kLongText},
              {"bands", f.type == FieldType::kBands}, {"choice", f.type == FieldType::kChoice}};
      std::string value = ctx.contains("form") && ctx["form"].contains(f.key) ? ctx["form"][f.key].get<std::string>() : "";
      fj["value"] = value;
      if (f.type == FieldType::kChoice) {
        json opts = json::array();
        for (auto& c : f.choices) opts.push_back({{"value", c}, {"selected", c == value}});
        fj["options"] = opts;
      }
      if (ctx.contains("errors") && ctx["errors"].contains(f.key)) fj["error"] = ctx["errors"][f.key];
      fields.push_back(fj);
    }
    ctx["fields"] = fields;
    return site.workspace_page(req, def.zh, "publicity/edit", ctx, status);
  };

  router.add("GET", "/workspace/publicity/{agency}/{kind}", "publicity.view", [&site, render_editor](Request& req) {
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, "没有这种清单");
    json extra = json::object();
    if (auto e = to_int(req.query_param("row")); e) extra["editing"] = *e;
    // Editing an existing row: prefill the form.
    if (auto n = to_int(req.query_param("row")); n && *n > 0) {
      (void)site.db.read([&](store::Tx& tx) -> Status {
        auto a = agency_by_code(tx, std::string(req.param("agency")), false);
        if (!a) return a.error();
        auto s = load_list(tx, a->id, def->kind);
        if (s && *n <= static_cast<std::int64_t>(s->rows.size())) {
          json f = json::object();
          const json& r = s->rows[*n - 1];
          for (auto& fd : def->fields)
            f[fd.key] = fd.type == FieldType::kBands ? bands_text(r.contains(fd.key) ? r[fd.key] : json::array()) : r.value(fd.key, "");
          extra["form"] = f;
          extra["editing_title"] = title_of(*def, r);
        }
        return {};
      });
    }
    return render_editor(req, *def, extra, 200);
  });

  // Save one row (n = 0: a new row) or delete it; the form carries the revision it was read at.
  router.add("POST", "/workspace/publicity/{agency}/{kind}/rows", "publicity.edit", [&site, render_editor](Request& req) {
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, "没有这种清单");
    const auto& p = web::Site::principal(req);
    auto revision = to_int(req.form_value("revision")).value_or(-1);
    auto index = to_int(req.form_value("row")).value_or(0);
    bool remove = req.form_value("action") == "delete";
    std::vector<std::pair<std::string, std::string>> values;
    for (auto& f : def->fields) values.push_back({f.key, req.form_value(f.key)});
    std::vector<RowError> errors;
    json row = row_from_strings(*def, values, static_cast<int>(index ? index : 0), errors);
    json form_echo = json::object();
    for (auto& [k, v] : values) form_echo[k] = v;
    std::string agency_code(req.param("agency"));
    Error failure;
    bool ok = false;
    if (errors.empty()) {
      auto st = site.db.write([&](store::Tx& tx) -> Status {
        auto a = agency_by_code(tx, agency_code, false);
        if (!a) return a.error();
        auto s = load_list(tx, a->id, def->kind);
        if (!s) return s.error();
        if (s->revision != revision) return Error::conflict(kChangedMessage);
        json rows = s->rows;
        if (index > static_cast<std::int64_t>(rows.size())) return Error::conflict(kChangedMessage);
        if (remove) {
          if (index < 1) return Error::invalid("没有选中要删除的行", "row");
          rows.erase(rows.begin() + (index - 1));
        } else if (index >= 1) {
          rows[index - 1] = row;
        } else {
          rows.push_back(row);
        }
        auto r = save_draft(tx, p, a->id, def->kind, rows, revision, errors);
        return r ? Status{} : Status(r.error());
      });
      ok = st.ok();
      if (!ok) failure = st.error();
    } else {
      failure = Error::invalid(errors.front().message, errors.front().field);
    }
    if (ok) {
      return Response::redirect("/workspace/publicity/" + agency_code + "/" + def->kind);
    }
    if (failure.kind != ErrorKind::kInvalid && failure.kind != ErrorKind::kConflict) return site.error(req, failure);
    json extra{{"form", form_echo}, {"errors", json::object()}, {"editing", index}};
    // Row errors of the row being edited become field errors; others (e.g. a duplicate key
    // with another row) name their row.
    json list_errors = json::array();
    for (auto& e : errors) {
      if (e.row == 0 || e.row == (index ? index : e.row)) extra["errors"][e.field.empty() ? "_" : e.field] = e.message;
      list_errors.push_back("第" + std::to_string(e.row) + "行 " + (def->field(e.field) ? def->field(e.field)->zh : e.field) + "：" + e.message);
    }
    if (failure.kind == ErrorKind::kConflict) {
      extra["conflict"] = failure.message;
      // Show what the other save changed against what this form holds (same row key).
      (void)site.db.read([&](store::Tx& tx) -> Status {
        auto a = agency_by_code(tx, agency_code, false);
        if (!a) return a.error();
        auto s = load_list(tx, a->id, def->kind);
        if (!s) return s.error();
        std::string key = row.value(def->key, "");
        for (auto& r : s->rows)
          if (r.value(def->key, "") == key) {
            auto d = diff_rows(*def, json::array({r}), json::array({row}));
            json changes = json::array();
            for (auto& x : d)
              for (auto& c : x.changes) changes.push_back({{"label", c.label}, {"current", c.before}, {"yours", c.after}});
            extra["conflict_changes"] = changes;
            extra["has_conflict_changes"] = !changes.empty();
          }
        return {};
      });
    }
    if (!errors.empty() && extra["errors"].empty()) extra["errors"][errors.front().field] = errors.front().message;
    extra["list_errors"] = list_errors;
    extra["has_list_errors"] = !list_errors.empty();
    return render_editor(req, *def, extra, failure.kind == ErrorKind::kConflict ? 409 : 400);
  });

  // Review actions. Each route declares the permission the act needs; the service checks it
  // again with the agency (jurisdiction) and the state.
  struct Act { const char* path; const char* permission; };
  for (Act act : {Act{"submit", "publicity.edit"}, Act{"approve", "publicity.review"}, Act{"reject", "publicity.view"},
                  Act{"superior-approve", "publicity.superior"}, Act{"publish", "publicity.edit"}}) {
    std::string name = act.path;
    router.add("POST", "/workspace/publicity/{agency}/{kind}/" + name, act.permission, [&site, render_editor, name](Request& req) {
      const ListDef* def = list_or_null(req);
      if (!def) return site.error(req, 404, "没有这种清单");
      const auto& p = web::Site::principal(req);
      std::string agency_code(req.param("agency"));
      auto st = site.db.write([&](store::Tx& tx) -> Status {
        auto a = agency_by_code(tx, agency_code, false);
        if (!a) return a.error();
        if (name == "submit") return submit(tx, p, a->id, def->kind, to_int(req.form_value("revision")).value_or(-1));
        if (name == "approve") return approve(tx, p, a->id, def->kind);
        if (name == "reject") return reject(tx, p, a->id, def->kind, req.form_value("reason"));
        if (name == "superior-approve") return superior_approve(tx, p, a->id, def->kind);
        auto v = publish(tx, p, a->id, def->kind, req.form_value("note"));
        return v ? Status{} : Status(v.error());
      });
      if (st) {
        return Response::redirect("/workspace/publicity/" + agency_code + "/" + def->kind);
      }
      if (st.error().kind == ErrorKind::kInvalid || st.error().kind == ErrorKind::kConflict) {
        json extra{{"action_error", st.error().message}};
        if (!st.error().field.empty()) extra["action_field"] = st.error().field;
        return render_editor(req, *def, extra, st.error().kind == ErrorKind::kConflict ? 409 : 400);
      }
      return site.error(req, st.error());
    });
  }

  // Export of the working draft (CSV or XLSX), e.g. to edit in a spreadsheet and import again.
  router.add("GET", "/workspace/publicity/{agency}/{kind}/export/{file}", "publicity.view", [&site, workspace_agency](Request& req) {
    const ListDef* def = list_or_null(req);
    std::string file(req.param("file"));
    if (!def || (file != "list.csv" && file != "list.xlsx")) return site.error(req, 404, "没有这个文件");
    json rows;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto a = workspace_agency(tx, req);
      if (!a) return a.error();
      auto s = load_list(tx, a->id, def->kind);
      if (!s) return s.error();
      rows = s->rows;
      return {};
    });
    if (!st) return site.error(req, st.error());
    std::string name = std::string(req.param("agency")) + "-" + def->kind + "-draft";
    Response resp;
    if (file == "list.xlsx") {
      auto x = to_xlsx(*def, rows);
      if (!x) return site.error(req, x.error());
      resp = Response::text(*x, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      resp.headers.set("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    } else {
      resp = Response::text(to_csv(*def, rows), 200, "text/csv; charset=utf-8");
      resp.headers.set("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    }
    resp.headers.set("Cache-Control", "no-store");
    return resp;
  });

  // Import: the whole draft is replaced by the file's rows, or nothing happens (all-or-nothing,
  // every error reported by row and column). The table comes as a pasted form field (csv), as a
  // file upload (multipart/form-data part "file": CSV or XLSX), or as the raw request body (API:
  // text/csv in UTF-8 or GBK/GB18030, or the bytes of an .xlsx). CSV or XLSX is told by content.
  auto import_handler = [&site, render_editor](Request& req) {
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, "没有这种清单");
    const auto& p = web::Site::principal(req);
    std::string ctype(req.header("Content-Type"));
    std::string bytes, revision_text(req.query_param("revision"));
    if (ctype.find("application/x-www-form-urlencoded") != std::string::npos) {
      bytes = req.form_value("csv");
      revision_text = req.form_value("revision");
    } else if (ctype.find("multipart/") != std::string::npos) {
      auto parts = http::parse_multipart(ctype, req.body);
      if (!parts) return req.is_api() ? Response::json_error(400, parts.error().message, "body") : site.error(req, 400, parts.error().message);
      const http::Part* file = http::find_part(*parts, "file");
      if (!file || file->bytes.empty()) {
        std::string m = "请选择要导入的文件（.csv 或 .xlsx）";
        if (req.is_api()) return Response::json_error(400, m, "file");
        return render_editor(req, *def, json{{"import_error", m}}, 400);
      }
      bytes = file->bytes;
      if (auto* r = http::find_part(*parts, "revision")) revision_text = r->bytes;
    } else {
      bytes = req.body;
    }
    std::vector<RowError> errors;
    std::int64_t count = 0;
    Error failure;
    bool ok = false;
    auto table = read_table(bytes);
    if (!table) {
      errors.push_back({0, "file", table.error().message});
    } else {
      json rows = rows_from_table(*def, *table, errors);
      count = static_cast<std::int64_t>(rows.size());
      if (errors.empty()) {
        auto st = site.db.write([&](store::Tx& tx) -> Status {
          auto a = agency_by_code(tx, std::string(req.param("agency")), false);
          if (!a) return a.error();
          auto cur = load_list(tx, a->id, def->kind);
          if (!cur) return cur.error();
          std::int64_t expected = to_int(revision_text).value_or(cur->revision);
          auto r = save_draft(tx, p, a->id, def->kind, rows, expected, errors);
          return r ? Status{} : Status(r.error());
        });
        ok = st.ok();
        if (!ok) failure = st.error();
      }
    }
    if (ok) {
      if (req.is_api()) return Response::json(json{{"imported", count}}.dump());
      return Response::redirect("/workspace/publicity/" + std::string(req.param("agency")) + "/" + def->kind);
    }
    if (errors.empty() && failure.kind != ErrorKind::kInvalid && failure.kind != ErrorKind::kConflict) return site.error(req, failure);
    json report = json::array(), lines = json::array();
    for (auto& e : errors) {
      const FieldDef* f = def->field(e.field);
      std::string column = f ? f->zh : e.field == "file" ? "" : e.field;
      report.push_back({{"row", e.row}, {"column", column}, {"message", e.message}});
      lines.push_back((e.row ? "第" + std::to_string(e.row) + "行" : std::string("文件")) + (column.empty() ? "" : " · " + column) + "：" + e.message);
    }
    int status = failure.kind == ErrorKind::kConflict && errors.empty() ? 409 : 400;
    std::string message = status == 409 ? failure.message : "导入失败，没有保存任何内容（共 " + std::to_string(errors.size()) + " 处错误）";
    if (req.is_api()) return Response::json(json{{"error", message}, {"rows", report}}.dump(), status);
    json extra{{"import_error", message}, {"import_errors", lines}, {"has_import_errors", !lines.empty()}};
    return render_editor(req, *def, extra, status);
  };
  router.add("POST", "/workspace/publicity/{agency}/{kind}/import", "publicity.edit", import_handler);
  router.add("POST", "/api/v1/publicity/{agency}/{kind}/import", "publicity.edit", import_handler);

  // Staff badge / desk signboard (公示牌, seed 一.7) as an A6 PDF with a QR code to the
  // public certificate check.
  router.add("GET", "/workspace/publicity/badges/{person}", "publicity.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = to_int(req.param("person"));
    if (!id) return site.error(req, 404, "没有这个人员");
    render::PdfDocument doc;
    std::string base = base_url(site), today = clock::today_beijing();
    auto st = site.db.read([&](store::Tx& tx) -> Status {
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
    });
    if (!st) return site.error(req, st.error());
    auto pdf = render::render_pdf(doc);
    if (!pdf) return site.error(req, pdf.error());
    auto resp = Response::text(*pdf, 200, "application/pdf");
    resp.headers.set("Content-Disposition", "inline; filename=\"badge-" + std::to_string(*id) + ".pdf\"");
    resp.headers.set("Cache-Control", "no-store");
    return resp;
  });
}

}  // namespace zhifa::publicity
