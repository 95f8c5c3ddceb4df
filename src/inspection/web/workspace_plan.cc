// One plan's page in the workspace — its steps: 草稿 → 抽查计划公告 → 固定候选名单（公布随机数来源）
// → 录入随机数（另一人）并抽取 → 检查 → 结果公示 — with the form of the step it is at, the drawn
// objects and their inspectors; and one inspection's page: start its 行政检查 case, record the
// result when the case ends, publish it, open a penalty case from a finding.
#include <map>

#include "inspection/cases.h"
#include "inspection/draws.h"
#include "inspection/plans.h"
#include "inspection/results.h"
#include "inspection/directory.h"
#include "inspection/web/routes.h"
#include "inspection/web/workspace.h"
#include "org/directory.h"
#include "platform/core/clock.h"
#include "web/handle.h"

namespace zhifa::inspection {

using http::Request;
using http::Response;

namespace {

using Show = std::function<Response(json extra, int status)>;

// Runs one change; done: 303 to `to`. A refusal (other than a missing record) shows the page
// again with the reason, at the refusal's status; nothing changed (one transaction).
template <class Service>
Response change(web::Site& site, Request& req, const web::Input& in, Service&& service, const std::string& to, const Show& show) {
  std::optional<Error> refusal;
  auto answer = web::write(
      site, req, in,
      [&](store::Tx& tx) {
        auto r = service(tx);
        if (!r) refusal = r.error();
        return r;
      },
      [&](auto&&...) { return web::see_other(to); });
  if (refusal && refusal->kind != ErrorKind::kNotFound && !req.is_api())
    return show({{"error", refusal->message}, {"errors", ws::errors_of(*refusal)}}, http_status(refusal->kind));
  return answer;
}

json stepbar(const std::string& status, bool all_published, bool any_result) {
  static const char* labels[] = {"草稿", "抽查计划公告", "固定候选名单", "录入随机数并抽取", "检查", "结果公示"};
  int at = status == "draft" ? 0 : status == "published" ? 2 : status == "frozen" ? 3 : all_published ? 6 : any_result ? 5 : 4;
  if (status == "published") at = 2;
  json steps = json::array();
  for (int i = 0; i < 6; ++i) steps.push_back({{"label", labels[i]}, {"state", i < at ? "done" : i == at ? "current" : ""}, {"current", i == at}});
  return {{"steps", steps}};
}

struct PlanPage {
  json ctx;
};

Result<PlanPage> plan_page(store::Tx& tx, const org::Principal& p, const std::string& code, std::int64_t plan_id) {
  auto a = agency_id_of(tx, code);
  if (!a) return a.error();
  auto ins = plan_inspections(tx, p, *a, plan_id);  // inspection.view, jurisdiction
  if (!ins) return ins.error();
  auto plan = find_plan(tx, *a, plan_id);
  if (!plan) return plan.error();
  auto people = org::list_people(tx, *a);
  if (!people) return people.error();
  std::map<std::int64_t, std::string> names;
  for (auto& person : *people) names[person.id] = person.name;
  json ctx = plan_json(*plan);
  ctx["frozen_by_name"] = plan->frozen_by ? names[*plan->frozen_by] : "";
  ctx["randomness_by_name"] = plan->randomness_by ? names[*plan->randomness_by] : "";
  ctx["is_draft"] = plan->status == "draft";
  ctx["is_published"] = plan->status == "published";
  ctx["is_frozen"] = plan->status == "frozen";
  ctx["is_drawn"] = plan->status == "drawn";
  ctx["i_froze"] = plan->frozen_by && *plan->frozen_by == p.person_id;
  bool all_published = !ins->empty(), any_result = false;
  json rows = json::array();
  for (auto& i : *ins) {
    json j = inspection_json(i);
    j["inspectors_text"] = i.inspector_names.size() == 2 ? i.inspector_names[0] + "、" + i.inspector_names[1] : "";
    j["href"] = "/workspace/inspection/" + code + "/inspections/" + std::to_string(i.id);
    j["mine"] = std::find(i.inspector_ids.begin(), i.inspector_ids.end(), p.person_id) != i.inspector_ids.end();
    j["state"] = !i.published_on.empty() ? "已公示" : !i.result.empty() ? "待公示" : i.case_id ? "检查中" : "待检查";
    j["state_cls"] = !i.published_on.empty() ? "ok" : !i.result.empty() ? "warn" : "";
    all_published = all_published && !i.published_on.empty();
    any_result = any_result || !i.result.empty();
    rows.push_back(j);
  }
  ctx["inspections"] = rows;
  ctx["has_inspections"] = !rows.empty();
  ctx["stepbar"] = stepbar(plan->status, all_published, any_result);
  ctx["row_objects"] = plan->row.value("objects", "");
  ctx["proportion_text"] = plan->fixed_count > 0 ? std::to_string(plan->fixed_count) + " 家" : std::to_string(plan->proportion_pct) + "%";
  ctx["draw_href"] = "/inspections/draws/" + std::to_string(plan->id);
  ctx["inspection_date_text"] = clock::chinese_date(plan->inspection_date);
  ctx["period_text"] = clock::chinese_date(plan->period_from) + " 至 " + clock::chinese_date(plan->period_to);
  if (!plan->published_on.empty()) ctx["published_text"] = clock::chinese_date(plan->published_on);
  return PlanPage{ctx};
}

Response show_plan(web::Site& site, Request& req, json extra, int status) {
  auto id = web::path_id(req, "plan", "抽查计划不存在");
  if (!id) return web::fail(site, req, id.error());
  const auto& p = web::principal(req);
  return web::read(site, req, [&](store::Tx& tx) { return plan_page(tx, p, std::string(req.param("agency")), *id); }, [&](PlanPage& pg) {
    json& ctx = pg.ctx;
    ctx["base"] = ws::base(req);
    ctx["can_plan"] = ws::may(req, "inspection.plan");
    ctx["can_draw"] = ws::may(req, "inspection.draw");
    ctx["can_randomness"] = ws::may(req, "inspection.randomness") && !ctx["i_froze"].get<bool>();
    ctx["crumbs"] = ws::crumbs(req);
    std::string title = ctx["number"].get<std::string>().empty() ? "抽查计划（草稿）" : ctx["number"].get<std::string>();
    ctx["header"] = {{"title", title}, {"lead", ctx["matter"].get<std::string>() + " · " + ctx["status_label"].get<std::string>()}};
    if (ctx["is_drawn"].get<bool>())
      ctx["header"]["actions"] = json::array({{{"href", ctx["draw_href"]}, {"label", "公开的抽签过程"}, {"cls", "secondary"}}}), ctx["header"]["has_actions"] = true;
    ctx.update(extra);
    return site.workspace_page(req, title, "inspection/ws_plan", ctx, status);
  });
}

Response show_inspection(web::Site& site, Request& req, json extra, int status) {
  auto id = web::path_id(req, "inspection", "检查任务不存在");
  if (!id) return web::fail(site, req, id.error());
  const auto& p = web::principal(req);
  return web::read(site, req, [&](store::Tx& tx) -> Result<json> {
    auto a = agency_id_of(tx, std::string(req.param("agency")));
    if (!a) return a.error();
    return inspection_view(tx, p, *a, *id);
  }, [&](json& ctx) {
    bool mine = ctx["mine"].get<bool>() && ws::may(req, "inspection.inspect");
    bool has_case = !ctx["case"].is_null(), recorded = !ctx["result"].get<std::string>().empty();
    ctx["base"] = ws::base(req);
    ctx["can_start"] = mine && !has_case;
    ctx["case_running"] = has_case && ctx["case"].value("open", false) && !ctx["case"].value("at_result", false);
    ctx["can_record"] = mine && has_case && !recorded && (ctx["case"].value("at_result", false) || !ctx["case"].value("open", true));
    ctx["can_publish"] = recorded && !ctx["published"].get<bool>() && ws::may(req, "inspection.publish");
    std::string r = ctx["result"];
    ctx["can_penalty"] = mine && (r == "rectification" || r == "case_opened") && ctx["penalty_case"].is_null() && !ctx["penalty_matters"].empty();
    json results = json::array();
    std::string chosen = extra.contains("form") ? extra["form"].value("result", "") : "";
    for (auto& c : result_codes()) results.push_back({{"value", c}, {"label", result_label(c)}, {"checked", c == chosen}});
    ctx["results"] = results;
    ctx["today"] = clock::today_beijing();
    ctx["inspected_on_value"] = ctx["plan"]["inspection_date"].get<std::string>() <= clock::today_beijing() ? ctx["plan"]["inspection_date"] : json(clock::today_beijing());
    ctx["inspection_date_text"] = clock::chinese_date(ctx["plan"]["inspection_date"]);
    if (!ctx["due_on"].get<std::string>().empty()) ctx["due_text"] = clock::chinese_date(ctx["due_on"]);
    if (!ctx["published_on"].get<std::string>().empty()) ctx["published_text"] = clock::chinese_date(ctx["published_on"]);
    if (!ctx["inspected_on"].get<std::string>().empty()) ctx["inspected_text"] = clock::chinese_date(ctx["inspected_on"]);
    ctx["inspectors_text"] = ctx["inspectors"].size() == 2 ? ctx["inspectors"][0].get<std::string>() + "、" + ctx["inspectors"][1].get<std::string>() : "";
    std::string plan_href = ws::base(req) + "/plans/" + std::to_string(ctx["plan"]["id"].get<std::int64_t>());
    ctx["plan_href"] = plan_href;
    ctx["crumbs"] = ws::crumbs(req, ctx["plan"]["number"].get<std::string>(), plan_href);
    ctx["header"] = {{"title", ctx["object_name"]}, {"lead", ctx["plan"]["number"].get<std::string>() + " · 第 " + std::to_string(ctx["draw_order"].get<std::int64_t>()) + " 个抽中对象"}};
    ctx.update(extra);
    return site.workspace_page(req, ctx["object_name"].get<std::string>(), "inspection/ws_inspection", ctx, status);
  });
}

// The plan's id and agency for a change: {agency id, plan id}.
template <class F>
auto on_plan(Request& req, F&& f) {
  return [&req, f = std::forward<F>(f)](store::Tx& tx) -> decltype(f(tx, std::int64_t{}, std::int64_t{})) {
    auto a = agency_id_of(tx, std::string(req.param("agency")));
    if (!a) return a.error();
    auto id = web::path_id(req, "plan", "抽查计划不存在");
    if (!id) return id.error();
    return f(tx, *a, *id);
  };
}
template <class F>
auto on_inspection(Request& req, F&& f) {
  return [&req, f = std::forward<F>(f)](store::Tx& tx) -> decltype(f(tx, std::int64_t{}, std::int64_t{})) {
    auto a = agency_id_of(tx, std::string(req.param("agency")));
    if (!a) return a.error();
    auto id = web::path_id(req, "inspection", "检查任务不存在");
    if (!id) return id.error();
    return f(tx, *a, *id);
  };
}

std::vector<std::string> value_lines(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + "\n") {
    if (c == '\n' || c == '\r') {
      while (!cur.empty() && cur.back() == ' ') cur.pop_back();
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

}  // namespace

void web_detail::register_workspace_plan(http::Router& router, web::Site& site) {
  const std::string plan = "/workspace/inspection/{agency}/plans/{plan}";
  router.add("GET", plan, "inspection.view", [&site](Request& req) { return show_plan(site, req, json::object(), 200); });
  auto plan_href = [](Request& req) { return ws::base(req) + "/plans/" + std::string(req.param("plan")); };
  auto show = [&site](Request& req) -> Show { return [&site, &req](json extra, int st) { return show_plan(site, req, std::move(extra), st); }; };

  router.add("POST", plan + "/publish", "inspection.plan", [&site, plan_href, show](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    return change(site, req, in, on_plan(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return publish_plan(tx, p, a, id); }),
                  plan_href(req), show(req));
  });
  router.add("POST", plan + "/discard", "inspection.plan", [&site, show](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    return change(site, req, in, on_plan(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return discard_plan(tx, p, a, id); }),
                  ws::base(req), show(req));
  });
  router.add("POST", plan + "/freeze", "inspection.draw", [&site, plan_href, show](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    std::string source = in.text("source");
    return change(site, req, in, on_plan(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return freeze_plan(tx, p, a, id, source); }),
                  plan_href(req), [&](json extra, int st) {
                    extra["form"] = in.echo();
                    return show(req)(std::move(extra), st);
                  });
  });
  router.add("POST", plan + "/randomness", "inspection.randomness", [&site, plan_href, show](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    auto values = value_lines(in.text("values"));
    return change(site, req, in,
                  on_plan(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return enter_randomness(tx, p, a, id, values); }),
                  plan_href(req), [&](json extra, int st) {
                    extra["form"] = in.echo();
                    return show(req)(std::move(extra), st);
                  });
  });

  const std::string one = "/workspace/inspection/{agency}/inspections/{inspection}";
  router.add("GET", one, "inspection.view", [&site](Request& req) { return show_inspection(site, req, json::object(), 200); });
  auto here = [](Request& req) { return ws::base(req) + "/inspections/" + std::string(req.param("inspection")); };
  auto again = [&site](Request& req, web::Input& in) -> Show {
    return [&site, &req, &in](json extra, int st) {
      extra["form"] = in.echo();
      return show_inspection(site, req, std::move(extra), st);
    };
  };
  router.add("POST", one + "/case", "inspection.inspect", [&site, again](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    std::optional<std::int64_t> opened;
    auto svc = on_inspection(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) -> Result<std::int64_t> {
      auto c = start_inspection_case(tx, p, a, id);
      if (c) opened = *c;
      return c;
    });
    std::optional<Error> refusal;
    auto answer = web::write(site, req, in, [&](store::Tx& tx) { auto r = svc(tx); if (!r) refusal = r.error(); return r; },
                             [&](std::int64_t c) { return web::see_other("/workspace/cases/" + std::to_string(c)); });
    if (refusal && refusal->kind != ErrorKind::kNotFound)
      return again(req, in)({{"error", refusal->message}}, http_status(refusal->kind));
    return answer;
  });
  router.add("POST", one + "/result", "inspection.inspect", [&site, here, again](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    ResultInput r{in.text("result"), in.text("findings"), in.text("inspected_on")};
    return change(site, req, in, on_inspection(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return record_result(tx, p, a, id, r); }),
                  here(req), again(req, in));
  });
  router.add("POST", one + "/publish", "inspection.publish", [&site, here, again](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    return change(site, req, in, on_inspection(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return publish_result(tx, p, a, id); }),
                  here(req), again(req, in));
  });
  router.add("POST", one + "/penalty", "inspection.inspect", [&site, here, again](Request& req) {
    web::Input in(req);
    const auto& p = web::principal(req);
    std::string matter = in.text("matter_code");
    return change(site, req, in,
                  on_inspection(req, [&](store::Tx& tx, std::int64_t a, std::int64_t id) { return open_penalty_case(tx, p, a, id, matter); }),
                  here(req), again(req, in));
  });
}

}  // namespace zhifa::inspection
