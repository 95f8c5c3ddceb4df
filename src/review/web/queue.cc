// The review queue, the staffing of the legal offices, and the review record of one case.
#include <nlohmann/json.hpp>

#include "review/tasks.h"
#include "review/views.h"
#include "review/workflow.h"
#include "review/web/pages.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

void register_queue_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/review", "review.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    std::string state(req.query_param("state"));
    return web::read(
        site, req, [&](store::Tx& tx) { return list_submissions(tx, jurisdiction(p), state); },
        [&](json& list) {
          json ctx;
          ctx["submissions"] = list;
          json states = json::array();
          for (auto s : {"", "waiting", "in_review", "returned", "escalated", "passed", "decided"})
            states.push_back({{"value", s}, {"label", *s ? state_label(s) : "全部"}, {"current", state == s}});
          ctx["states"] = states;
          ctx["can_submit"] = org::authorize(p, "review.submit").allowed;
          ctx["can_staffing"] = org::authorize(p, "review.staffing").allowed;
          return page(site, req, "重大执法决定法制审核", "review/index", ctx);
        });
  });

  // --- accountability per case (seed 三.5) ---
  router.add("GET", "/workspace/review/cases/{case_id}", "review.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto case_id = web::path_id(req, "case_id", "没有这个案件");
    if (!case_id) return web::fail(site, req, case_id.error());
    return web::read(
        site, req, [&](store::Tx& tx) { return visible_case_accountability(tx, p, *case_id); },
        [&](json& ctx) { return page(site, req, "法制审核履职记录", "review/case", ctx); });
  });

  // --- staffing (118: reviewers ≥ 5 % of enforcement officers) ---
  router.add("GET", "/workspace/review/staffing", "review.staffing", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(
        site, req, [&](store::Tx& tx) { return staffing(tx, jurisdiction(p)); },
        [&](std::vector<Staffing>& s) {
          json rows = json::array();
          int short_count = 0;
          for (auto& x : s) {
            // Percent with one decimal, in integers (no floats in what we show or record).
            std::string pct = x.officers ? std::to_string(x.reviewers * 1000 / x.officers / 10) + "." +
                                               std::to_string(x.reviewers * 1000 / x.officers % 10) + "%"
                                         : "—";
            rows.push_back({{"agency", x.agency_name}, {"officers", x.officers}, {"reviewers", x.reviewers}, {"required", x.required},
                            {"percent", pct}, {"meets", x.meets()}, {"no_officers", x.officers == 0}});
            short_count += !x.meets();
          }
          json ctx{{"rows", rows}, {"short_count", short_count}};
          return page(site, req, "法制审核人员配备", "review/staffing", ctx);
        });
  });
}

}  // namespace zhifa::review
