// The case list (/workspace/cases, /api/v1/cases) and opening a case: the form
// (/workspace/cases/new) and the create (POST /workspace/cases, /api/v1/cases).
#include "law/categories.h"
#include "platform/core/clock.h"
#include "platform/render/xlsx.h"
#include "recording/case_search.h"
#include "recording/cases.h"
#include "recording/views.h"
#include "recording/web/common.h"
#include "web/table.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// A new case as the form or the API gives it. The API gives the fine in fen (fine_fen, an
// integer) and the party and the location as objects; the form gives the fine in yuan.
Result<NewCase> new_case_from(web::Input& in) {
  NewCase c;
  c.matter_id = in.id("matter_id");
  c.matter_code = in.text("matter_code");
  c.matter_name = in.text("matter_name");
  c.category = in.text("category");
  c.procedure_id = in.text("procedure_id");
  c.title = in.text("title");
  c.facts = in.text("facts");
  c.warning = in.flag("warning");
  c.co_officer_id = in.id("co_officer_id");
  c.location = location_of(in);
  if (!in.is_json()) {
    c.party = {in.text("party_kind"), in.text("party_name"), in.text("party_id_number"), in.text("party_address"), in.text("party_phone")};
    c.fine_fen = in.yuan("fine_yuan", "罚款金额").value_or(0);
    return c;
  }
  if (const json* pj = in.raw("party"); pj && pj->is_object()) {
    auto ps = [&](const char* k) { return pj->contains(k) && (*pj)[k].is_string() ? (*pj)[k].get<std::string>() : std::string(); };
    c.party = {ps("kind"), ps("name"), ps("id_number"), ps("address"), ps("phone")};
  }
  if (const json* fen = in.raw("fine_fen")) {
    if (!fen->is_number_integer()) return Error::invalid("fine_fen must be an integer (fen)", "fine_fen");
    c.fine_fen = fen->get<std::int64_t>();
  }
  return c;
}

// A refusal as {field: message} for the form ("form" when it names no field).
json errors_of(const Error& e) {
  json out = json::object();
  out[e.field.empty() ? "form" : e.field] = e.message;
  return out;
}


// The list's columns; the keys are search_cases's sort keys.
const std::vector<web::Column>& case_columns() {
  static const std::vector<web::Column> cols = {
      {"case_no", "案号", "nowrap"}, {"title", "案由", ""}, {"party", "当事人", ""}, {"step", "当前环节", "nowrap"},
      {"", "期限", "date"},          {"", "承办人", "nowrap"}, {"opened_on", "立案日期", "date"}};
  return cols;
}

// The query the page, the export and the API share: ?scope=mine|agency, status, category,
// from, to, officer, q, sort, dir, page, per_page.
recording::CaseQuery case_query(const Request& req, const org::Principal& p, const web::Paging& pg) {
  CaseQuery q;
  std::string scope(req.query_param("scope"));
  q.mine = p.has("officer") && scope != "agency";
  std::string status(req.query_param("status"));
  q.status = status.empty() ? "open" : status;
  q.category = req.query_param("category");
  q.from = req.query_param("from");
  q.to = req.query_param("to");
  q.q = req.query_param("q");
  if (auto o = std::string(req.query_param("officer")); !o.empty() && std::all_of(o.begin(), o.end(), ::isdigit) && o.size() < 18)
    q.officer_id = std::stoll(o);
  q.sort = pg.sort;
  q.desc = pg.desc;
  q.page = pg.page;
  q.per_page = pg.per_page;
  return q;
}

std::string due_text(const json& c) { return c.contains("due") ? clock::chinese_date(c["due"].get<std::string>()) : ""; }

json case_rows(const json& items) {
  json rows = json::array();
  for (const auto& c : items) {
    std::string id = std::to_string(c["id"].get<std::int64_t>());
    json due = web::cell(due_text(c));
    if (c.value("overdue", false)) due["tag"] = "已超期", due["tag_cls"] = "bad";
    else if (c.value("warn", false)) due["tag"] = "即将到期", due["tag_cls"] = "warn";
    json step = web::cell(c["step_name"].get<std::string>());
    if (!c["open"].get<bool>()) step["tag"] = "已结案", step["tag_cls"] = "ok";
    std::string officers = c["lead_officer_name"].get<std::string>();
    if (c.value("co_officer_name", "") != "") officers += "、" + c["co_officer_name"].get<std::string>();
    json title = web::cell(c["title"].get<std::string>());
    std::string matter = c["matter_name"].get<std::string>();
    title["sub"] = (matter == c["title"].get<std::string>() ? "" : matter + " · ") + c["category"].get<std::string>();
    rows.push_back({{"cls", c.value("overdue", false) ? "danger" : c.value("warn", false) ? "warn" : ""},
                    {"cells", json::array({web::cell(c["case_no"], "/workspace/cases/" + id), title, web::cell(c["party"]["name"]), step,
                                           due, web::cell(officers), web::cell(clock::chinese_date(c["opened_on"]))})}});
  }
  return rows;
}

json case_filters(const Request& req, const json& page) {
  std::vector<std::pair<std::string, std::string>> cats{{"", "全部类别"}};
  for (const auto& c : law::enforcement_categories()) cats.push_back({c, c});
  std::vector<std::pair<std::string, std::string>> officers{{"", "全部承办人"}};
  for (const auto& o : page["officers"]) officers.push_back({std::to_string(o["id"].get<std::int64_t>()), o["name"]});
  std::string scope(req.query_param("scope")), status(req.query_param("status"));
  json fields = json::array({
      web::filter_input("q", "检索", "search", std::string(req.query_param("q")), "案号、案由或当事人"),
      web::filter_select("scope", "范围", scope, {{"", "我承办的"}, {"agency", "本机关"}}),
      web::filter_select("status", "状态", status, {{"", "在办"}, {"closed", "已结案"}, {"all", "全部"}}),
      web::filter_select("category", "执法类别", std::string(req.query_param("category")), cats),
      web::filter_select("officer", "承办人", std::string(req.query_param("officer")), officers),
      web::filter_input("from", "立案日期自", "date", std::string(req.query_param("from"))),
      web::filter_input("to", "至", "date", std::string(req.query_param("to"))),
  });
  std::string export_href = web::href_with(req, {{"page", ""}, {"per_page", ""}});
  export_href.replace(0, req.path.size(), "/workspace/cases.xlsx");
  return {{"action", "/workspace/cases"}, {"hidden", json::array()}, {"fields", fields}, {"reset_href", "/workspace/cases"},
          {"export_href", export_href}};
}

}  // namespace

void register_case_list_routes(http::Router& router, web::Site& site) {
  auto list = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto pg = web::paging_of(req, case_columns(), "opened_on");
    if (req.is_api()) {
      // The API pages too: ?page, ?per_page (1–100, 20 by default).
      std::string n(req.query_param("per_page"));
      pg.per_page = n.empty() || !std::all_of(n.begin(), n.end(), ::isdigit) || n.size() > 3 ? 20 : std::clamp(std::stoi(n), 1, 100);
    }
    CaseQuery q = case_query(req, p, pg);
    return web::read(site, req, [&](store::Tx& tx) { return case_search_json(tx, p, q); },
                     [&](json& page) {
                       if (req.is_api()) {
                         page.erase("officers");
                         return web::json_reply(page);
                       }
                       bool filtered = !q.category.empty() || !q.from.empty() || !q.to.empty() || !q.q.empty() || q.officer_id;
                       json empty = filtered ? json{{"text", "没有符合条件的案件"}, {"hint", "请放宽筛选条件，或点“重置”查看全部在办案件。"}}
                                             : json{{"text", "还没有案件"}, {"hint", "受理申请或发现违法线索后，从这里立案。"}};
                       if (p.has("officer")) empty["href"] = "/workspace/cases/new", empty["link"] = "立案 / 受理";
                       json ctx{{"filters", case_filters(req, page)},
                                {"table", web::table_json(req, case_columns(), case_rows(page["items"]), pg, page["total"], page["total_capped"], empty)}};
                       ctx["header"] = {{"title", "执法案件"}, {"lead", q.mine ? "我承办或协办的案件" : "本机关的案件"}};
                       if (p.has("officer")) ctx["header"]["actions"] = json::array({{{"href", "/workspace/cases/new"}, {"label", "立案 / 受理"}, {"cls", ""}}});
                       return site.workspace_page(req, "执法案件", "recording/cases", ctx);
                     });
  };
  router.add("GET", "/workspace/cases", "recording.view", list);
  router.add("GET", "/api/v1/cases", "recording.view", list);

  // XLSX of what the list shows with its filters and sort: every page (up to 5,000 rows).
  router.add("GET", "/workspace/cases.xlsx", "recording.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto pg = web::paging_of(req, case_columns(), "opened_on");
    CaseQuery q = case_query(req, p, pg);
    q.page = 1;
    q.per_page = kCaseExportMax;
    return web::read(site, req, [&](store::Tx& tx) { return case_search_json(tx, p, q); }, [&](json& page) {
      std::vector<render::XlsxColumn> cols{{"案号", 24}, {"案由", 36}, {"执法事项", 28}, {"执法类别", 12}, {"当事人", 20},
                                           {"当前环节", 14}, {"状态", 8},  {"期限", 16},    {"承办人", 16},   {"立案日期", 16}};
      std::vector<std::vector<std::string>> rows;
      for (const auto& c : page["items"]) {
        std::string officers = c["lead_officer_name"].get<std::string>();
        if (c.value("co_officer_name", "") != "") officers += "、" + c["co_officer_name"].get<std::string>();
        rows.push_back({c["case_no"], c["title"], c["matter_name"], c["category"], c["party"]["name"], c["step_name"],
                        c["open"].get<bool>() ? "在办" : "已结案", due_text(c), officers, clock::chinese_date(c["opened_on"])});
      }
      auto bytes = render::xlsx_table(cols, rows);
      if (!bytes) return site.error(req, bytes.error());
      auto resp = http::Response::text(std::move(*bytes), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      resp.headers.set("Content-Disposition", "attachment; filename=\"cases.xlsx\"; filename*=UTF-8''%E6%89%A7%E6%B3%95%E6%A1%88%E4%BB%B6.xlsx");
      resp.headers.set("Cache-Control", "no-store");
      return resp;
    });
  });

  router.add("GET", "/workspace/cases/new", "recording.handle", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return new_case_form_json(tx, p); },
                     [&](json& ctx) {
                       ctx["form"] = {{"party_kind", "person"}};
                       ctx["csrf"] = web::Site::csrf_token(req);
                       return site.workspace_page(req, "立案 / 受理", "recording/new_case", ctx);
                     });
  });

  auto create = [&site](Request& req) {
    const auto& p = web::principal(req);
    web::Input in(req);
    auto c = new_case_from(in);
    if (!c) return web::fail(site, req, c.error());
    // A refused form: the form again with what was typed and the reason beside the field.
    auto refused = [&](const Error& e) {
      json ctx = web::read_or_log(site, "recording: new case form", [&](store::Tx& tx) { return new_case_form_json(tx, p); });
      ctx["form"] = in.echo();
      // The co-officer chosen survives the refusal (APL art. 42: the second officer, named).
      if (c->co_officer_id && ctx.contains("colleagues"))
        for (auto& col : ctx["colleagues"]) col["selected"] = col.value("id", std::int64_t{0}) == *c->co_officer_id;
      ctx["errors"] = errors_of(e);
      ctx["error"] = e.message;
      ctx["csrf"] = web::Site::csrf_token(req);
      return site.workspace_page(req, "立案 / 受理", "recording/new_case", ctx, 400);
    };
    return web::write(
        site, req, in, [&](store::Tx& tx) { return open_case(tx, p, *c); },
        [&](std::int64_t id) {
          if (req.is_api()) return web::json_reply(json{{"id", id}}, 201);
          return web::see_other("/workspace/cases/" + std::to_string(id));
        },
        refused);
  };
  router.add("POST", "/workspace/cases", "recording.handle", create);
  router.add("POST", "/api/v1/cases", "recording.handle", create);
}

}  // namespace zhifa::recording
