// Publicity after enforcement (事后公开): the public decision search, decision pages with
// in-browser ledger verification and a QR code, open data (JSON, CSV, Atom), and the workspace
// where the publicity editor reviews masking, publishes, records fulfilment and withdraws.
#include <memory>

#include "law/calendar.h"
#include "org/directory.h"
#include "platform/core/clock.h"
#include "platform/http/util.h"
#include "platform/render/qr.h"
#include "publicity/decisions.h"
#include "publicity/lists.h"
#include "publicity/routes.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

std::string category_en(const std::string& c) {
  static const std::map<std::string, std::string> m = {
      {"行政许可", "Licensing"}, {"行政处罚", "Penalty"},     {"行政强制", "Compulsion"}, {"行政征收", "Levy"},  {"行政检查", "Inspection"},
      {"行政确认", "Confirmation"}, {"行政给付", "Benefit"}, {"行政裁决", "Adjudication"}, {"其他", "Other"}};
  auto it = m.find(c);
  return it == m.end() ? c : it->second;
}

Response fail(const web::Site& site, const Request& req, const Error& e) {
  if (req.is_api() || req.path.ends_with(".json") || req.path.ends_with(".csv")) return Response::json_error(http_status(e.kind), e.message, e.field);
  return site.error(req, e);
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

std::string title_of(const DecisionPub& d) {
  return (d.decision_no.empty() ? d.case_no : d.decision_no) + " · " + d.matter_name;
}

}  // namespace

void register_decision_routes(http::Router& router, web::Site& site) {
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& tasks) { return decision_tasks(tx, p, tasks); });

  // --- public: search (HTML), open data (JSON, CSV), feed (Atom) ---
  auto run_search = [&site](const Request& req, DecisionQuery& q, DecisionResults& res, json* agencies) -> Status {
    return site.db.read([&](store::Tx& tx) -> Status {
      if (agencies) {
        auto all = org::list_agencies(tx);
        if (!all) return all.error();
        bool en = web::Site::english(req);
        for (auto& a : *all)
          agencies->push_back({{"code", a.code}, {"name", en && !a.name_en.empty() ? a.name_en : a.name}, {"selected", a.code == q.agency_code}});
      }
      auto r = search_decisions(tx, q);
      if (!r) return r.error();
      res = std::move(*r);
      return {};
    });
  };

  router.add("GET", "/decisions", "public", [&site, run_search](Request& req) {
    bool en = web::Site::english(req);
    DecisionQuery q = query_of(req);
    DecisionResults res;
    json agencies = json::array();
    json ctx{{"q", q.q}, {"from", q.from}, {"to", q.to}, {"by_relevance", q.sort == "relevance"}, {"agency_code", q.agency_code}};
    auto st = run_search(req, q, res, &agencies);
    int status = 200;
    if (!st) {
      if (st.error().kind != ErrorKind::kInvalid) return site.error(req, st.error());
      ctx["error"] = st.error().message;
      status = 400;
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

  auto open_json = [&site, run_search](Request& req) {
    DecisionQuery q = query_of(req);
    DecisionResults res;
    auto st = run_search(req, q, res, nullptr);
    if (!st) return fail(site, req, st.error());
    json items = json::array();
    for (auto& h : res.hits) items.push_back(hit_json(h));
    json doc{{"total", res.total}, {"total_capped", res.capped}, {"page", q.page}, {"per_page", q.per_page}, {"ranked", res.ranked},
             {"notes", res.notes}, {"items", items}};
    auto resp = Response::json(doc.dump());
    resp.headers.set("Access-Control-Allow-Origin", "*");
    resp.headers.set("Cache-Control", "public, max-age=30");
    return resp;
  };
  router.add("GET", "/decisions.json", "public", open_json);
  router.add("GET", "/api/v1/decisions", "public", open_json);

  // CSV of the filtered decisions (up to 100 per page; page through with &page=N), UTF-8 with BOM for Excel.
  router.add("GET", "/decisions.csv", "public", [&site, run_search](Request& req) {
    DecisionQuery q = query_of(req);
    if (req.query_param("per_page").empty()) q.per_page = 100;
    DecisionResults res;
    auto st = run_search(req, q, res, nullptr);
    if (!st) return fail(site, req, st.error());
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

  // Atom (RFC 4287): publications and withdrawals, newest first.
  router.add("GET", "/decisions.atom", "public", [&site](Request& req) {
    std::string agency(req.query_param("agency"));
    std::string base = base_url(site);
    std::vector<DecisionEvent> events;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto r = recent_decision_events(tx, agency, 50);
      if (!r) return r.error();
      events = std::move(*r);
      return {};
    });
    if (!st) return site.error(req, st.error());
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

  // --- public: one decision ---
  auto load_public = [&site](const Request& req, DecisionPub& d) -> Status {
    auto id = http::parse_id(req.param("id"));
    if (!id) return Error::not_found("没有这条执法决定公示");
    return site.db.read([&](store::Tx& tx) -> Status {
      auto r = load_decision(tx, *id);
      if (!r) return r.error();
      // Never public before publication; a decision withdrawn before it was published was never public.
      if (r->state == "pending" || (r->state == "withdrawn" && r->published_on.empty())) return Error::not_found("没有这条执法决定公示");
      d = std::move(*r);
      return {};
    });
  };

  router.add("GET", "/decisions/{id}", "public", [&site, load_public](Request& req) {
    bool en = web::Site::english(req);
    DecisionPub d;
    if (auto st = load_public(req, d); !st) return site.error(req, st.error());
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

  // The QR code printed on a paper decision encodes its number: it leads to the publication
  // once there is one (the number is known at signing, the publication's id only later).
  router.add("GET", "/decisions/no/{number}", "public", [&site](Request& req) {
    std::string number(req.param("number"));
    std::optional<std::int64_t> id;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto r = tx.query_one("SELECT id FROM pub_decisions WHERE decision_no = ? AND (state IN ('published', 'expired') OR "
                            "(state = 'withdrawn' AND published_on IS NOT NULL)) ORDER BY id DESC LIMIT 1",
                            {number});
      if (!r) return r.error();
      if (*r) id = (**r).integer(0);
      return {};
    });
    if (!st) return site.error(req, st.error());
    if (!id)
      return site.error(req, 404, web::Site::english(req) ? "Decision " + number + " has not been published (yet)."
                                                          : "决定书 " + number + " 尚未公示（行政许可、行政处罚决定自作出之日起 7 个工作日内公示）。");
    return Response::redirect("/decisions/" + std::to_string(*id) + (web::Site::english(req) ? "?lang=en" : ""), 303);
  });

  // The public record exactly as hashed into the ledger event (publicity.decision.published).
  router.add("GET", "/decisions/{id}/record.json", "public", [&site, load_public](Request& req) {
    DecisionPub d;
    if (auto st = load_public(req, d); !st) return fail(site, req, st.error());
    if (d.state != "published") return Response::json_error(410, "该决定已不在公示中", "id");
    auto resp = Response::text(d.record_json, 200, "application/json; charset=utf-8");
    resp.headers.set("Access-Control-Allow-Origin", "*");
    return resp;
  });

  router.add("GET", "/api/v1/decisions/{id}", "public", [&site, load_public](Request& req) {
    DecisionPub d;
    if (auto st = load_public(req, d); !st) return fail(site, req, st.error());
    auto resp = Response::json(public_json(d).dump());
    resp.headers.set("Access-Control-Allow-Origin", "*");
    return resp;
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

  // --- workspace ---
  router.add("GET", "/workspace/decisions", "publicity.decisions.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    std::string state(req.query_param("state"));
    if (state.empty()) state = "attention";
    if (state != "attention" && state != "pending" && state != "published" && state != "withdrawn" && state != "expired" && state != "all")
      return site.error(req, 400, "状态不正确");
    json items = json::array(), supervision = json::array();
    int overdue = 0;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto list = workspace_decisions(tx, p, state == "all" ? "" : state, 500);
      if (!list) return list.error();
      if (p.jurisdiction.size() > 1) {  // a supervisor's view: every agency below, at a glance
        auto by = publicity_by_agency(tx, p);
        if (!by) return by.error();
        json rows = json::array();
        for (auto& a : *by)
          rows.push_back({{"agency", a.agency_name}, {"pending", a.pending}, {"overdue", a.overdue}, {"published", a.published},
                          {"late", a.published_late}, {"withdrawal_pending", a.withdrawal_pending}, {"withdrawn", a.withdrawn},
                          {"bad", a.overdue > 0 || a.withdrawal_pending > 0}});
        supervision = rows;
      }
      auto cal = law::load_calendar(tx);
      if (!cal) return cal.error();
      for (auto& d : *list) {
        bool wreq = !d.withdraw_ground.empty() && d.state != "withdrawn";
        std::string due_text, level = "info";
        if (d.state == "pending" || wreq) {
          auto left = due_status(*cal, wreq ? d.withdraw_due_on : d.due_on);
          due_text = (wreq ? "撤下期限 " + d.withdraw_due_on : "公示期限 " + d.due_on) + (left ? "，" + left->words : "");
          if (left) level = left->level;
          if (level == "danger") ++overdue;
        } else if (d.state == "published") {
          due_text = d.published_on + " 公示" + (d.published_on > d.due_on ? "（超期）" : "");
        } else if (d.state == "withdrawn") {
          due_text = d.withdrawn_on + " 撤下";
        } else {
          due_text = d.expired_on + " 期满撤除";
        }
        items.push_back({{"id", d.id}, {"title", title_of(d)}, {"matter", d.matter_name}, {"conclusion", d.conclusion}, {"agency", d.agency_name},
                         {"category", d.category}, {"decision_date", d.decision_date}, {"state", d.state},
                         {"state_label", decision_state_label(d.state)}, {"withdrawal_requested", wreq}, {"due_text", due_text}, {"level", level}});
      }
      return {};
    });
    if (!st) return site.error(req, st.error());
    json ctx{{"items", items}, {"has_overdue", overdue > 0}, {"overdue_count", overdue}, {"st_" + state, true},
             {"supervision", supervision}, {"has_supervision", !supervision.empty()},
             {"can_rules", org::authorize(p, "publicity.decisions.rules").allowed}};
    return site.workspace_page(req, "执法决定公示", "publicity/decisions", ctx);
  });

  auto render_decision = [&site](Request& req, std::int64_t id, json extra, int status) {
    const auto& p = web::Site::principal(req);
    json ctx = std::move(extra);
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto r = load_decision_for(tx, p, id);
      if (!r) return r.error();
      const DecisionPub& d = *r;
      auto cal = law::load_calendar(tx);
      if (!cal) return cal.error();
      bool edit = org::authorize(p, "publicity.decisions.edit", d.agency_id).allowed;
      ctx.update(json{{"id", d.id}, {"title", title_of(d)}, {"agency", d.agency_name}, {"state", d.state},
                      {"state_label", decision_state_label(d.state)}, {"case_no", d.case_no}, {"category", d.category}, {"matter", d.matter_name},
                      {"party", d.party_name}, {"legal_basis", d.legal_basis}, {"conclusion", d.conclusion}, {"decision_no", d.decision_no},
                      {"decision_date", d.decision_date}, {"due_on", d.due_on}, {"publish_days", d.publish_days}, {"revision", d.revision},
                      {"published_on", d.published_on}, {"published_by", d.published_by}, {"display_until", d.display_until},
                      {"late", !d.published_on.empty() && d.published_on > d.due_on}, {"mask_reviewed_at", d.mask_reviewed_at},
                      {"mask_reviewed_by", d.mask_reviewed_by}, {"fulfilment", d.fulfilment}, {"fulfilment_on", d.fulfilment_on},
                      {"fulfilment_note", d.fulfilment_note}, {"withdraw_ground", d.withdraw_ground},
                      {"withdraw_ground_label", withdraw_ground_label(d.withdraw_ground)}, {"withdraw_reason", d.withdraw_reason},
                      {"withdraw_trigger_on", d.withdraw_trigger_on}, {"withdraw_due_on", d.withdraw_due_on},
                      {"withdraw_requested_by", d.withdraw_requested_by}, {"withdrawn_on", d.withdrawn_on}, {"withdrawn_by", d.withdrawn_by},
                      {"withdraw_late", !d.withdrawn_on.empty() && d.withdrawn_on > d.withdraw_due_on}, {"today", clock::today_beijing()},
                      {"csrf", web::Site::csrf_token(req)}});
      ctx["rule_label"] = d.deadline_rule == "publicity.decision"         ? "国办发〔2018〕118号：行政许可、行政处罚决定"
                          : d.deadline_rule == "publicity.other_decision" ? "国办发〔2018〕118号：其他执法决定"
                                                                           : "本机关设置：" + d.deadline_rule;
      if (d.case_id) ctx["case_url"] = "/workspace/cases/" + std::to_string(*d.case_id);
      if (d.state == "published" || (d.state == "withdrawn" && !d.published_on.empty())) ctx["public_url"] = "/decisions/" + std::to_string(d.id);
      if (d.party_kind == "person") {
        auto m = law::mask_name(d.party_name);
        ctx["party_public"] = m ? *m : "某某";
      } else {
        ctx["party_public"] = d.party_name + (d.party_code.empty() ? "" : "（" + d.party_code + "）");
      }
      if (auto left = due_status(*cal, d.due_on); left && d.state == "pending") ctx["due_text"] = left->words;
      if (auto left = due_status(*cal, d.withdraw_due_on); left && d.state != "withdrawn") ctx["withdraw_due_text"] = left->words;
      // The text with its spans marked.
      json segments = json::array(), spans = json::array();
      std::size_t pos = 0;
      for (std::size_t i = 0; i < d.spans.size(); ++i) {
        const auto& s = d.spans[i];
        if (s.start < pos || s.end > d.body.size()) continue;
        if (s.start > pos) segments.push_back({{"t", d.body.substr(pos, s.start - pos)}, {"span", false}});
        std::string kind(law::mask_kind_name(s.kind));
        std::string label = kind == "name" ? "姓名" : kind == "resident_id" ? "身份证号" : kind == "mobile" ? "手机号" : kind == "landline" ? "固定电话"
                          : kind == "bank_card" ? "银行卡号" : kind == "email" ? "电子邮箱" : "人工标注";
        segments.push_back({{"t", d.body.substr(s.start, s.end - s.start)}, {"span", true}, {"kind", kind}, {"kind_label", label}, {"replacement", s.replacement}});
        spans.push_back({{"n", i + 1}, {"index", i}, {"kind_label", label}, {"original", s.original}, {"replacement", s.replacement}, {"id", d.id},
                         {"csrf", web::Site::csrf_token(req)}, {"revision", d.revision}, {"can_edit_masks", edit && d.state == "pending"}});
        pos = s.end;
      }
      if (pos < d.body.size()) segments.push_back({{"t", d.body.substr(pos)}, {"span", false}});
      ctx["segments"] = segments;
      ctx["spans"] = spans;
      ctx["span_count"] = spans.size();
      ctx["can_edit_masks"] = edit && d.state == "pending";
      ctx["can_publish"] = edit && d.state == "pending" && d.withdraw_ground.empty();
      ctx["show_fulfilment"] = d.state == "published" || d.state == "pending";
      ctx["can_fulfilment"] = org::authorize(p, "publicity.decisions.fulfilment", d.agency_id).allowed;
      ctx["show_withdrawal"] = d.state == "published" || d.state == "pending";
      ctx["can_request_withdrawal"] = org::authorize(p, "publicity.decisions.withdraw", d.agency_id).allowed;
      ctx["can_withdraw"] = edit;
      json options = json::array();
      for (auto& f : fulfilment_statuses()) options.push_back({{"value", f}, {"selected", f == d.fulfilment}});
      ctx["fulfilment_options"] = options;
      json grounds = json::array();
      for (auto& g : withdraw_grounds()) grounds.push_back({{"value", g}, {"label", withdraw_ground_label(g)}});
      ctx["grounds"] = grounds;
      auto log = tx.query("SELECT l.at, p.name, l.action, l.original, l.reason FROM pub_mask_log l LEFT JOIN people p ON p.id = l.person_id "
                          "WHERE l.decision_id = ? ORDER BY l.id",
                          {d.id});
      if (!log) return log.error();
      json entries = json::array();
      for (auto& r : *log) {
        std::string a = r.text(2) == "add" ? "增加脱敏" : r.text(2) == "remove" ? "取消脱敏" : "确认脱敏无误";
        entries.push_back({{"at", r.text(0)}, {"who", r.opt_text("name").value_or("")}, {"action", a}, {"original", r.text(3)}, {"reason", r.text(4)}});
      }
      ctx["mask_log"] = entries;
      ctx["mask_log_any"] = !entries.empty();
      return {};
    });
    if (!st) return site.error(req, st.error());
    if (req.is_api()) {  // the form tokens are for the page, not for API clients
      ctx.erase("csrf");
      for (auto& span : ctx["spans"]) span.erase("csrf");
      return Response::json(ctx.dump(), status);
    }
    return site.workspace_page(req, "执法决定公示", "publicity/decision", ctx, status);
  };

  router.add("GET", "/workspace/decisions/{id}", "publicity.decisions.view", [&site, render_decision](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这条执法决定公示");
    return render_decision(req, *id, json::object(), 200);
  });

  // Every workspace action: run `fn` in one write transaction; on success redirect back with a
  // notice (or JSON for the API); on refusal, the page again with the reason (nothing changed).
  using Action = std::function<Status(store::Tx&, const org::Principal&, std::int64_t, const Request&)>;
  auto action = [&site, render_decision](const std::string& done, Action fn) {
    return [&site, render_decision, done, fn](Request& req) {
      auto id = http::parse_id(req.param("id"));
      if (!id) return fail(site, req, Error::not_found("没有这条执法决定公示"));
      const auto& p = web::Site::principal(req);
      auto st = site.db.write([&](store::Tx& tx) { return fn(tx, p, *id, req); });
      if (st) {
        if (site.sign_checkpoint && (done == "已公示" || done == "已撤下")) (void)site.sign_checkpoint();  // citizens can verify at once
        if (req.is_api()) return render_decision(req, *id, json{{"notice", done}}, 200);
        return Response::redirect("/workspace/decisions/" + std::to_string(*id) + "?done=1");
      }
      if (req.is_api() || st.error().kind == ErrorKind::kNotFound || st.error().kind == ErrorKind::kForbidden) return fail(site, req, st.error());
      return render_decision(req, *id, json{{"error", st.error().message}}, http_status(st.error().kind));
    };
  };
  auto revision_of = [](const Request& req) {
    auto r = http::parse_id(req.form_value("revision"));
    return r ? *r : std::int64_t{-1};
  };

  auto add = action("已增加脱敏", [revision_of](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return add_mask(tx, p, id, revision_of(req), req.form_value("text"), req.form_value("replacement"), req.form_value("reason"));
  });
  auto remove = action("已取消脱敏", [revision_of](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    auto span = http::parse_id(req.form_value("span"));
    if (!span) return Status(Error::invalid("没有这一处脱敏", "span"));
    return remove_mask(tx, p, id, revision_of(req), static_cast<std::size_t>(*span), req.form_value("reason"));
  });
  auto confirm = action("已确认脱敏", [revision_of](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return confirm_masks(tx, p, id, revision_of(req));
  });
  auto publish = action("已公示", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request&) { return publish_decision(tx, p, id); });
  auto fulfil = action("已更新履行情况", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return set_fulfilment(tx, p, id, req.form_value("fulfilment"), req.form_value("fulfilment_note"), req.form_value("fulfilment_on"));
  });
  auto request = action("已登记撤下原因", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return request_withdrawal(tx, p, id, req.form_value("ground"), req.form_value("reason"), req.form_value("trigger_on"));
  });
  auto withdraw = action("已撤下", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request&) { return withdraw_decision(tx, p, id); });

  router.add("POST", "/workspace/decisions/{id}/masks/add", "publicity.decisions.edit", add);
  router.add("POST", "/workspace/decisions/{id}/masks/remove", "publicity.decisions.edit", remove);
  router.add("POST", "/workspace/decisions/{id}/masks/confirm", "publicity.decisions.edit", confirm);
  router.add("POST", "/workspace/decisions/{id}/publish", "publicity.decisions.edit", publish);
  router.add("POST", "/workspace/decisions/{id}/fulfilment", "publicity.decisions.fulfilment", fulfil);
  router.add("POST", "/workspace/decisions/{id}/withdrawal", "publicity.decisions.withdraw", request);
  router.add("POST", "/workspace/decisions/{id}/withdraw", "publicity.decisions.edit", withdraw);
  // The same for API clients (Bearer token or cookie + X-CSRF-Token); form-encoded bodies.
  router.add("GET", "/api/v1/workspace/decisions/{id}", "publicity.decisions.view", [render_decision](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return Response::json_error(404, "没有这条执法决定公示");
    return render_decision(req, *id, json::object(), 200);
  });
  router.add("POST", "/api/v1/workspace/decisions/{id}/masks/add", "publicity.decisions.edit", add);
  router.add("POST", "/api/v1/workspace/decisions/{id}/masks/remove", "publicity.decisions.edit", remove);
  router.add("POST", "/api/v1/workspace/decisions/{id}/masks/confirm", "publicity.decisions.edit", confirm);
  router.add("POST", "/api/v1/workspace/decisions/{id}/publish", "publicity.decisions.edit", publish);
  router.add("POST", "/api/v1/workspace/decisions/{id}/fulfilment", "publicity.decisions.fulfilment", fulfil);
  router.add("POST", "/api/v1/workspace/decisions/{id}/withdrawal", "publicity.decisions.withdraw", request);
  router.add("POST", "/api/v1/workspace/decisions/{id}/withdraw", "publicity.decisions.edit", withdraw);

  // Time limits and display periods of the principal's own agency.
  auto rules_page = [&site](Request& req, json extra, int status) {
    const auto& p = web::Site::principal(req);
    json ctx = std::move(extra);
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto r = list_rules(tx, p.agency_id);
      if (!r) return r.error();
      ctx["rules"] = *r;
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["agency"] = p.agency_name;
    ctx["categories"] = enforcement_categories();
    ctx["csrf"] = web::Site::csrf_token(req);
    return site.workspace_page(req, "公示时限与公示期", "publicity/decision_rules", ctx, status);
  };
  router.add("GET", "/workspace/decisions/rules", "publicity.decisions.rules", [rules_page](Request& req) { return rules_page(req, json::object(), 200); });
  router.add("POST", "/workspace/decisions/rules", "publicity.decisions.rules", [&site, rules_page](Request& req) {
    const auto& p = web::Site::principal(req);
    auto num = [&](const char* k) {
      std::string v = req.form_value(k);
      if (v.empty()) return 0;
      if (v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) return -1;
      return std::stoi(v);
    };
    auto st = site.db.write([&](store::Tx& tx) {
      return set_rule(tx, p, p.agency_id, req.form_value("category"), req.form_value("matter_code"), num("publish_days"), num("display_months"),
                      req.form_value("source"));
    });
    if (!st) return rules_page(req, json{{"error", st.error().message}}, http_status(st.error().kind));
    return Response::redirect("/workspace/decisions/rules");
  });
}

}  // namespace zhifa::publicity
