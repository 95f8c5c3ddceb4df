// The staff pages of 双随机、一公开 (server-rendered, no JavaScript needed): the agency's plans,
// a new plan (a draft from a published row of the 随机抽查事项清单), and the 检查对象名录库 (a
// filtered, paged table; import from CSV/XLSX, all or nothing, with every row's error).
#include "inspection/web/workspace.h"

#include "inspection/directory.h"
#include "inspection/plans.h"
#include "inspection/web/routes.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/http/multipart.h"
#include "web/handle.h"
#include "web/table.h"

namespace zhifa::inspection {

using http::Request;
using http::Response;

std::string ws::base(const Request& req) { return "/workspace/inspection/" + std::string(req.param("agency")); }

json ws::errors_of(const Error& e) {
  json out = json::object();
  out[e.field.empty() ? "form" : e.field] = e.message;
  return out;
}

bool ws::may(const Request& req, const char* permission) { return org::authorize(web::principal(req), permission).allowed; }

json ws::crumbs(const Request& req, const std::string& label, const std::string& href) {
  json c = json::array({{{"label", "双随机抽查"}, {"href", base(req)}}});
  if (!label.empty()) c.push_back({{"label", label}, {"href", href}});
  return c;
}

namespace {

std::string date_text(const std::string& d) { return d.empty() ? "" : clock::chinese_date(d); }

const std::vector<web::Column>& plan_columns() {
  static const std::vector<web::Column> c = {{"", "计划编号", "nowrap"}, {"", "抽查事项", ""}, {"", "检查对象", ""},
                                             {"", "检查日期", "date"},    {"", "状态", "nowrap"}, {"", "公告日期", "date"}};
  return c;
}

json plan_rows(const Request& req, const std::vector<Plan>& plans) {
  json rows = json::array();
  for (auto& p : plans) {
    std::string href = ws::base(req) + "/plans/" + std::to_string(p.id);
    json status = web::cell(plan_status_label(p.status));
    status["tag"] = p.status == "drawn" ? "已抽取" : p.status == "draft" ? "草稿" : "";
    status["tag_cls"] = p.status == "drawn" ? "ok" : "warn";
    json matter = web::cell(p.matter_name);
    matter["sub"] = p.row.value("proportion", "") + " · " + p.row.value("method", "");
    rows.push_back({{"cells", json::array({web::cell(p.number.empty() ? "（草稿，公告时编号）" : p.number, href), matter, web::cell(p.object_type),
                                           web::cell(date_text(p.inspection_date)), status, web::cell(date_text(p.published_on))})}});
  }
  return rows;
}

const std::vector<web::Column>& object_columns_ws() {
  static const std::vector<web::Column> c = {{"code", "统一社会信用代码", "nowrap"}, {"name", "名称", ""}, {"object_type", "对象类型", ""},
                                             {"region", "所在区域", "nowrap"},     {"risk_grade", "风险等级", "nowrap"}, {"", "标签", ""}};
  return c;
}

json options_of(const std::vector<std::string>& values, const char* all) {
  json out = json::array({{{"value", ""}, {"label", all}}});
  for (auto& v : values) out.push_back({{"value", v}, {"label", v}});
  return out;
}

// The directory page: filters, the table, and the import form (with the refused import's errors).
Response objects_page(web::Site& site, Request& req, json extra, int status) {
  auto pg = web::paging_of(req, object_columns_ws(), "code", false);
  ObjectQuery q{std::string(req.query_param("q")), std::string(req.query_param("object_type")), std::string(req.query_param("region")),
                std::string(req.query_param("risk_grade")), pg.sort, pg.desc, pg.page, pg.per_page};
  return web::read(site, req, [&](store::Tx& tx) -> Result<ObjectPage> {
    auto a = agency_id_of(tx, std::string(req.param("agency")));
    if (!a) return a.error();
    return list_objects(tx, web::principal(req), *a, q);
  }, [&](ObjectPage& page) {
    json rows = json::array();
    for (auto& o : page.items) {
      json risk = web::cell(o.risk_grade.empty() ? "未评定" : o.risk_grade);
      if (o.risk_grade == "高") risk["tag"] = "重点", risk["tag_cls"] = "bad";
      rows.push_back({{"cells", json::array({web::cell(o.code), web::cell(o.name), web::cell(o.object_type), web::cell(o.region), risk, web::cell(o.tags)})}});
    }
    std::vector<std::pair<std::string, std::string>> types, regions, grades{{"", "全部等级"}, {"高", "高"}, {"中", "中"}, {"低", "低"}};
    for (auto& o : options_of(page.types, "全部类型")) types.push_back({o["value"], o["label"]});
    for (auto& o : options_of(page.regions, "全部区域")) regions.push_back({o["value"], o["label"]});
    std::string action = ws::base(req) + "/objects";
    json filters{{"action", action}, {"hidden", json::array()}, {"reset_href", action},
                 {"fields", json::array({web::filter_input("q", "检索", "search", q.q, "名称或统一社会信用代码"),
                                         web::filter_select("object_type", "对象类型", q.object_type, types),
                                         web::filter_select("region", "所在区域", q.region, regions),
                                         web::filter_select("risk_grade", "风险等级", q.risk_grade, grades)})}};
    bool filtered = !q.q.empty() || !q.object_type.empty() || !q.region.empty() || !q.risk_grade.empty();
    json empty = filtered ? json{{"text", "没有符合条件的检查对象"}, {"hint", "请放宽筛选条件，或点“重置”。"}}
                          : json{{"text", "名录库还没有检查对象"}, {"hint", "用下面的表单导入 CSV 或 XLSX 名录。"}};
    json ctx{{"filters", filters}, {"table", web::table_json(req, object_columns_ws(), rows, pg, page.total, false, empty)},
             {"can_import", ws::may(req, "inspection.directory")}, {"action", action + "/import"}, {"crumbs", ws::crumbs(req)}};
    ctx["header"] = {{"title", "检查对象名录库"}, {"lead", "共 " + std::to_string(page.total) + " 个检查对象（统一社会信用代码按 GB 32100 校验）"}};
    ctx["columns_text"] = "统一社会信用代码、名称、对象类型（必填），所在区域、风险等级（低/中/高）、标签（选填）";
    ctx.update(extra);
    return site.workspace_page(req, "检查对象名录库", "inspection/ws_objects", ctx, status);
  });
}

// The bytes of an import: a multipart upload's "file" part, or a pasted "csv" field.
Result<std::string> import_bytes(const Request& req) {
  std::string ctype(req.header("Content-Type"));
  if (ctype.find("multipart/") == std::string::npos) return req.form_value("csv");
  auto parts = http::parse_multipart(ctype, req.body);
  if (!parts) return parts.error();
  const http::Part* file = http::find_part(*parts, "file");
  return file ? file->bytes : std::string();
}

Response new_plan_page(web::Site& site, Request& req, json form, json errors, int status) {
  return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
    auto a = agency_id_of(tx, std::string(req.param("agency")));
    if (!a) return a.error();
    return plan_form_options(tx, web::principal(req), *a);
  }, [&](json& opts) {
    for (auto& m : opts["matters"]) m["selected"] = m["code"] == form.value("matter_code", "");
    for (auto& t : opts["types"]) t["selected"] = t["name"] == form.value("object_type", "");
    json ctx{{"matters", opts["matters"]}, {"types", opts["types"]}, {"has_matters", !opts["matters"].empty()}, {"form", form},
             {"errors", errors}, {"action", ws::base(req) + "/plans"}, {"crumbs", ws::crumbs(req)}};
    if (errors.contains("form")) ctx["error"] = errors["form"];
    else if (!errors.empty()) ctx["error"] = errors.begin().value();
    ctx["header"] = {{"title", "新建抽查计划"}, {"lead", "从已公布的随机抽查事项清单中选择事项；先保存为草稿，核对后再发布抽查计划公告。"}};
    return site.workspace_page(req, "新建抽查计划", "inspection/ws_plan_new", ctx, status);
  });
}

}  // namespace

void web_detail::register_workspace(http::Router& router, web::Site& site) {
  // The sidebar's entry: the person's own agency.
  router.add("GET", "/workspace/inspection", "inspection.view", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<std::string> { return org::agency_code_of(tx, web::principal(req).agency_id); },
                     [&](std::string& code) { return web::see_other("/workspace/inspection/" + code); });
  });

  router.add("GET", "/workspace/inspection/{agency}", "inspection.view", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) -> Result<std::pair<std::string, std::vector<Plan>>> {
      auto a = org::find_agency(tx, std::string(req.param("agency")));
      if (!a) return a.error();
      if (!*a) return Error::not_found(kNoAgency);
      if (auto st = org::require(web::principal(req), "inspection.view", (*a)->id, kNoAgency); !st) return st.error();
      auto plans = list_plans(tx, (*a)->id, true);
      if (!plans) return plans.error();
      return std::pair{(*a)->name, std::move(*plans)};
    }, [&](std::pair<std::string, std::vector<Plan>>& r) {
      web::Paging pg;
      pg.per_page = std::max<int>(20, static_cast<int>(r.second.size()));
      json empty{{"text", "还没有抽查计划"}, {"hint", "抽查计划依据已公布的随机抽查事项清单制定。"}};
      json ctx{{"table", web::table_json(req, plan_columns(), plan_rows(req, r.second), pg, static_cast<std::int64_t>(r.second.size()), false, empty)}};
      json actions = json::array({{{"href", ws::base(req) + "/objects"}, {"label", "检查对象名录库"}, {"cls", "secondary"}}});
      if (ws::may(req, "inspection.plan")) actions.push_back({{"href", ws::base(req) + "/plans/new"}, {"label", "新建抽查计划"}, {"cls", ""}});
      ctx["header"] = {{"title", "双随机抽查"}, {"lead", r.first + " · 抽查计划、抽签和检查结果"}, {"actions", actions}, {"has_actions", true}};
      ctx["public_href"] = "/agencies/" + std::string(req.param("agency")) + "/inspections";
      ctx["crumbs"] = json::array();
      return site.workspace_page(req, "双随机抽查", "inspection/ws_plans", ctx);
    });
  });

  router.add("GET", "/workspace/inspection/{agency}/objects", "inspection.view",
             [&site](Request& req) { return objects_page(site, req, json::object(), 200); });

  router.add("POST", "/workspace/inspection/{agency}/objects/import", "inspection.directory", [&site](Request& req) {
    auto bytes = import_bytes(req);
    if (!bytes) return objects_page(site, req, {{"import_error", bytes.error().message}}, 400);
    std::vector<std::string> lines;
    auto refused = [&](const Error& e) {
      json extra{{"import_error", e.message}, {"import_errors", lines}, {"has_import_errors", !lines.empty()}};
      if (!lines.empty()) extra["import_error"] = "导入未执行（全部或全不）：共 " + std::to_string(lines.size()) + " 处错误，没有保存任何对象";
      return objects_page(site, req, extra, e.kind == ErrorKind::kConflict ? 409 : 400);
    };
    return web::write(site, req, [&](store::Tx& tx) -> Result<ImportReport> {
      auto a = agency_id_of(tx, std::string(req.param("agency")));
      if (!a) return a.error();
      return import_objects(tx, web::principal(req), *a, *bytes, &lines);
    }, [&](ImportReport&) { return web::see_other(ws::base(req) + "/objects"); }, refused);
  });

  router.add("GET", "/workspace/inspection/{agency}/plans/new", "inspection.plan", [&site](Request& req) {
    json form{{"period_from", clock::today_beijing()}, {"period_to", clock::today_beijing().substr(0, 4) + "-12-31"},
              {"inspection_date", clock::beijing_date_in_days(14)}};
    return new_plan_page(site, req, form, json::object(), 200);
  });

  router.add("POST", "/workspace/inspection/{agency}/plans", "inspection.plan", [&site](Request& req) {
    web::Input in(req);
    PlanInput pi{in.text("matter_code"), in.text("object_type"), in.text("period_from"), in.text("period_to"), in.text("inspection_date")};
    return web::write(site, req, in, [&](store::Tx& tx) -> Result<Plan> {
      auto a = agency_id_of(tx, std::string(req.param("agency")));
      if (!a) return a.error();
      return create_plan(tx, web::principal(req), *a, pi);
    }, [&](Plan& p) { return web::see_other(ws::base(req) + "/plans/" + std::to_string(p.id)); },
                      [&](const Error& e) { return new_plan_page(site, req, in.echo(), ws::errors_of(e), 400); });
  });
}

}  // namespace zhifa::inspection
