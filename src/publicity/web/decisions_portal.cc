// Publicity after enforcement (事后公开), the public side: the decision search, decision pages
// with in-browser ledger verification and a QR code, and open data (JSON, CSV, Atom).
#include <map>
#include <memory>

#include "org/directory.h"
#include "platform/render/qr.h"
#include "platform/http/util.h"
#include "publicity/decisions.h"
#include "publicity/lists.h"
#include "publicity/web/pages.h"
#include "publicity/web/routes.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using json = nlohmann::json;
using namespace pages;

namespace {

std::string category_en(const std::string& c) {
  static const std::map<std::string, std::string> m = {
      {"行政许可", "Licensing"}, {"行政处罚", "Penalty"},     {"行政强制", "Compulsion"}, {"行政征收", "Levy"},  {"行政检查", "Inspection"},
      {"行政确认", "Confirmation"}, {"行政给付", "Benefit"}, {"行政裁决", "Adjudication"}, {"其他", "Other"}};
  auto it = m.find(c);
  return it == m.end() ? c : it->second;
}


DecisionQuery query_of(const Request& req) {
  DecisionQuery q;
  q.q = std::string(req.query_param("q"));
  q.agency_code = std::string(req.query_param("agency"));
  q.category = std::string(req.query_param("category"));
  q.from = std::string(req.query_param("from"));
  q.to = std::string(req.query_param("to"));
  q.sort = std::string(req.query_param("sort"));
  auto num = [&](const char* k, int dflt) {
    std::string v(req.query_param(k));
    if (v.empty()) return dflt;
    if (v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return -1;  // refused by search_decisions
    return std::stoi(v);
  };
  q.page = num("page", 1);
  q.per_page = num("per_page", 20);
  return q;
}

std::string query_string(const DecisionQuery& q, int page, bool en) {
  std::string s;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) s += std::string(s.empty() ? "?" : "&") + k + "=" + http::url_encode(v);
  };
  add("q", q.q);
  add("agency", q.agency_code);
  add("category", q.category);
  add("from", q.from);
  add("to", q.to);
  add("sort", q.sort);
  if (page > 1) add("page", std::to_string(page));
  if (en) add("lang", "en");
  return s;
}

json hit_json(const DecisionHit& h) {
  return {{"id", h.id},
          {"agency_code", h.agency_code},
          {"agency", h.agency_name},
          {"category", h.category},
          {"matter", h.matter_name},
          {"party", h.party},
          {"conclusion", h.conclusion},
          {"decision_no", h.decision_no},
          {"decision_date", h.decision_date},
          {"published_on", h.published_on},
          {"fulfilment", h.fulfilment},
          {"snippet", h.snippet},
          {"url", "/decisions/" + std::to_string(h.id)}};
}

}  // namespace

namespace {

void register_search(http::Router& router, web::Site& site) {
  // --- public: search (HTML), open data (JSON, CSV), feed (Atom) ---
  auto run_search = [](store::Tx& tx, const Request& req, const DecisionQuery& q, json* agencies) -> Result<DecisionResults> {
    if (agencies) {
      auto all = org::list_agencies(tx);
      if (!all) return all.error();
      bool en = web::Site::english(req);
      for (auto& a : *all)
        agencies->push_back({{"code", a.code}, {"name", en && !a.name_en.empty() ? a.name_en : a.name}, {"selected", a.code == q.agency_code}});
    }
    return search_decisions(tx, q);
  };

  router.add("GET", "/decisions", "public", [&site, run_search](Request& req) {
    bool en = web::Site::english(req);
    DecisionQuery q = query_of(req);
    DecisionResults res;
    json agencies = json::array();
    json ctx{{"q", q.q}, {"from", q.from}, {"to", q.to}, {"by_relevance", q.sort == "relevance"}, {"agency_code", q.agency_code}};
    return read_outcome(site, [&](store::Tx& tx) { return run_search(tx, req, q, &agencies); }, [&](Result<DecisionResults>& r) {
      int status = 200;
      if (!r) {
        if (r.error().kind != ErrorKind::kInvalid) return site.error(req, r.error());
        ctx["error"] = r.error().message;
        status = 400;
      } else {
        res = std::move(*r);
      }
      json cats = json::array();
      for (auto& c : enforcement_categories()) cats.push_back({{"value", c}, {"label", en ? category_en(c) + " " + c : c}, {"selected", c == q.category}});
      json hits = json::array();
      for (auto& h : res.hits) hits.push_back(hit_json(h));
      ctx["agencies"] = agencies;
      ctx["categories"] = cats;
      ctx["hits"] = hits;
      ctx["total"] = res.total;
      ctx["capped"] = res.capped;
      ctx["ranked"] = res.ranked;
      ctx["notes"] = res.notes;
      std::int64_t pages = (res.total + q.per_page - 1) / std::max(1, q.per_page);
      if (q.page > 1) ctx["prev"] = "/decisions" + query_string(q, q.page - 1, en);
      if (q.page < std::min<std::int64_t>(pages, 50) || (res.capped && q.page < 50)) ctx["next"] = "/decisions" + query_string(q, q.page + 1, en);
      std::string qs = query_string(q, 1, false);
      ctx["json_url"] = "/decisions.json" + qs;
      ctx["csv_url"] = "/decisions.csv" + qs;
      return site.portal_page(req, en ? "Enforcement decisions" : "行政执法决定公示", "portal/decisions", ctx, status);
    });
  });

  auto open_json = [&site, run_search](Request& req) {
    DecisionQuery q = query_of(req);
    return read_outcome(site, [&](store::Tx& tx) { return run_search(tx, req, q, nullptr); }, [&](Result<DecisionResults>& r) {
      if (!r) return fail_as_data(site, req, r.error());
      const DecisionResults& res = *r;
      json items = json::array();
      for (auto& h : res.hits) items.push_back(hit_json(h));
      json doc{{"total", res.total}, {"total_capped", res.capped}, {"page", q.page}, {"per_page", q.per_page}, {"ranked", res.ranked},
               {"notes", res.notes}, {"items", items}};
      auto resp = Response::json(doc.dump());
      resp.headers.set("Access-Control-Allow-Origin", "*");
      resp.headers.set("Cache-Control", "public, max-age=30");
      return resp;
    });
  };
  router.add("GET", "/decisions.json", "public", open_json);
  router.add("GET", "/api/v1/decisions", "public", open_json);

  // CSV of the filtered decisions (up to 100 per page; page through with &page=N), UTF-8 with BOM for Excel.
  router.add("GET", "/decisions.csv", "public", [&site, run_search](Request& req) {
    DecisionQuery q = query_of(req);
    if (req.query_param("per_page").empty()) q.per_page = 100;
    return read_outcome(site, [&](store::Tx& tx) { return run_search(tx, req, q, nullptr); }, [&](Result<DecisionResults>& r) {
      if (!r) return fail_as_data(site, req, r.error());
      const DecisionResults& res = *r;
      std::string out = "\xEF\xBB\xBF";
      out += "编号,执法机关,类别,执法事项,当事人,执法结论,决定文号,决定日期,公示日期,履行情况,网址\r\n";
      std::string base = base_url(site);
      for (auto& h : res.hits) {
        for (const std::string& v : {std::to_string(h.id), h.agency_name, h.category, h.matter_name, h.party, h.conclusion, h.decision_no,
                                     h.decision_date, h.published_on, h.fulfilment})
          out += csv_cell(v) + ",";
        out += csv_cell(base + "/decisions/" + std::to_string(h.id)) + "\r\n";
      }
      auto resp = Response::text(out, 200, "text/csv; charset=utf-8");
      resp.headers.set("Content-Disposition", "attachment; filename=\"decisions-p" + std::to_string(q.page) + ".csv\"");
      resp.headers.set("Access-Control-Allow-Origin", "*");
      return resp;
    });
  });

  // Atom (RFC 4287): publications and withdrawals, newest first.
  router.add("GET", "/decisions.atom", "public", [&site](Request& req) {
    std::string agency(req.query_param("agency"));
    std::string base = base_url(site);
    std::vector<DecisionEvent> events;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto r = recent_decision_events(tx, agency, 50);
      if (!r) return r.error();
      events = std::move(*r);
      return {};
    }, [&] {
      auto esc = [](const std::string& s) { return http::html_escape(s); };
      std::string self = base + "/decisions.atom" + (agency.empty() ? "" : "?agency=" + http::url_encode(agency));
      std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
      xml += "<title>行政执法决定公示 · 公示与撤下</title>\n<id>" + esc(self) + "</id>\n<link rel=\"self\" href=\"" + esc(self) + "\"/>\n";
      xml += "<link rel=\"alternate\" href=\"" + esc(base + "/decisions") + "\"/>\n";
      xml += "<updated>" + (events.empty() ? std::string("2017-11-30T00:00:00Z") : events.front().at) + "</updated>\n<author><name>行政执法公示</name></author>\n";
      for (auto& e : events) {
        std::string url = base + "/decisions/" + std::to_string(e.id);
        bool w = e.kind == "withdrawn";
        std::string title = std::string(w ? "撤下：" : "公示：") + e.agency_name + " " + e.decision_no + " " + e.title;
        xml += "<entry><title>" + esc(title) + "</title><id>" + esc(url + (w ? "#withdrawn" : "#published")) + "</id><link href=\"" + esc(url) +
               "\"/><updated>" + e.at + "</updated><category term=\"" + e.kind + "\"/><summary>" + esc(w ? "撤下理由：" + e.reason : e.title) +
               "</summary></entry>\n";
      }
      xml += "</feed>\n";
      return Response::text(xml, 200, "application/atom+xml; charset=utf-8");
    });
  });

}

void register_decision_pages(http::Router& router, web::Site& site) {
  // --- public: one decision ---
  auto load_public = [](store::Tx& tx, std::int64_t id) -> Result<DecisionPub> {
    auto r = load_decision(tx, id);
    if (!r) return r.error();
    // Never public before publication; a decision withdrawn before it was published was never public.
    if (r->state == "pending" || (r->state == "withdrawn" && r->published_on.empty())) return Error::not_found("没有这条执法决定公示");
    return r;
  };

  router.add("GET", "/decisions/{id}", "public", [&site, load_public](Request& req) {
    bool en = web::Site::english(req);
    auto id = web::path_id(req, "id", "没有这条执法决定公示");
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, [&](store::Tx& tx) { return load_public(tx, *id); }, [&](const DecisionPub& d) {
      if (d.state == "expired")
        return site.error(req, 410, en ? "This decision's display period ended on " + d.display_until + "; it is no longer on display."
                                       : "该决定的公示期已于 " + d.display_until + " 届满，已不在公示中。");
      json ctx{{"id", d.id}, {"agency", en && !d.agency_name_en.empty() ? d.agency_name_en : d.agency_name}, {"agency_code", d.agency_code},
               {"decision_no", d.decision_no}};
      std::string url = base_url(site) + "/decisions/" + std::to_string(d.id);
      if (d.state == "published") {
        ctx["record"] = json::parse(d.record_json, nullptr, false);
        ctx["published_on"] = d.published_on;
        ctx["display_until"] = d.display_until;
        if (!d.fulfilment.empty()) ctx["fulfilment"] = {{"status", d.fulfilment}, {"on", d.fulfilment_on}, {"note", d.fulfilment_note}};
        if (d.publish_event)
          ctx["verify"] = {{"index", *d.publish_event}, {"record_url", "/decisions/" + std::to_string(d.id) + "/record.json"},
                           {"record_sha256", d.record_sha256}, {"kind", "published"}, {"kind_label", en ? "publication" : "公示"}};
        ctx["qr"] = {{"id", d.id}, {"url", url}};
      } else {  // withdrawn: the notice, not the content (APL art. 48)
        ctx["withdrawn"] = {{"decision_no", d.decision_no}, {"ground_label", en ? d.withdraw_ground : withdraw_ground_label(d.withdraw_ground)},
                            {"withdrawn_on", d.withdrawn_on}, {"reason", d.withdraw_reason}, {"published_on", d.published_on}};
        if (d.withdraw_event)
          ctx["verify"] = {{"index", *d.withdraw_event}, {"record_url", ""}, {"record_sha256", ""}, {"kind", "withdrawn"},
                           {"kind_label", en ? "withdrawal" : "撤下"}};
      }
      std::string title = d.state == "published" ? d.conclusion + " · " + d.matter_name : (en ? "Withdrawn decision" : "撤下公告");
      return site.portal_page(req, title, "portal/decision", ctx);
    });
  });

  // The QR code printed on a paper decision encodes its number: it leads to the publication
  // once there is one (the number is known at signing, the publication's id only later).
  router.add("GET", "/decisions/no/{number}", "public", [&site](Request& req) {
    std::string number(req.param("number"));
    return web::read(site, req, [&](store::Tx& tx) { return public_decision_by_number(tx, number); }, [&](const std::optional<std::int64_t>& id) {
      if (!id)
        return site.error(req, 404, web::Site::english(req) ? "Decision " + number + " has not been published (yet)."
                                                            : "决定书 " + number + " 尚未公示（行政许可、行政处罚决定自作出之日起 7 个工作日内公示）。");
      return Response::redirect("/decisions/" + std::to_string(*id) + (web::Site::english(req) ? "?lang=en" : ""), 303);
    });
  });

  // The public record exactly as hashed into the ledger event (publicity.decision.published).
  router.add("GET", "/decisions/{id}/record.json", "public", [&site, load_public](Request& req) {
    auto id = web::path_id(req, "id", "没有这条执法决定公示");
    if (!id) return fail_as_data(site, req, id.error());
    return read_outcome(site, [&](store::Tx& tx) { return load_public(tx, *id); }, [&](const Result<DecisionPub>& r) {
      if (!r) return fail_as_data(site, req, r.error());
      const DecisionPub& d = *r;
      if (d.state != "published") return Response::json_error(410, "该决定已不在公示中", "id");
      auto resp = Response::text(d.record_json, 200, "application/json; charset=utf-8");
      resp.headers.set("Access-Control-Allow-Origin", "*");
      return resp;
    });
  });

  router.add("GET", "/api/v1/decisions/{id}", "public", [&site, load_public](Request& req) {
    auto id = web::path_id(req, "id", "没有这条执法决定公示");
    if (!id) return fail_as_data(site, req, id.error());
    return read_outcome(site, [&](store::Tx& tx) { return load_public(tx, *id); }, [&](const Result<DecisionPub>& r) {
      if (!r) return fail_as_data(site, req, r.error());
      const DecisionPub& d = *r;
      auto resp = Response::json(public_json(d).dump());
      resp.headers.set("Access-Control-Allow-Origin", "*");
      return resp;
    });
  });

  // QR code for the paper decision: links to the public page.
  router.add("GET", "/decisions/{id}/qr.svg", "public", [&site](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这条执法决定公示");
    auto svg = render::qr_svg(base_url(site) + "/decisions/" + std::to_string(*id), 4);
    if (!svg) return site.error(req, svg.error());
    auto resp = Response::text(*svg, 200, "image/svg+xml");
    resp.headers.set("Cache-Control", "public, max-age=86400");
    return resp;
  });
}

}  // namespace

void pages::register_decisions_portal(http::Router& router, web::Site& site) {
  register_search(router, site);
  register_decision_pages(router, site);
}

}  // namespace zhifa::publicity
