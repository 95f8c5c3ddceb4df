// Submissions: the form for a new one (case handling calls submit_for_review itself; this form
// serves cases handled outside the platform and the demo), one submission's page, and the API.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "org/directory.h"
#include "platform/http/util.h"
#include "review/model.h"
#include "review/views.h"
#include "review/workflow.h"
#include "review/web/forms.h"
#include "review/web/pages.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// The new-submission form: the agency's other officers to name as handlers (`checked`: those
// ticked before a refusal), the facts (a blank penalty on a citizen by default).
Response new_form(web::Site& site, const Request& req, json ctx, const std::vector<std::int64_t>& checked, int status) {
  const auto& p = web::principal(req);
  json officers = web::read_or_log(
      site, "review: the officers of the new-submission form",
      [&](store::Tx& tx) -> Result<json> {
        auto people = org::list_people(tx, p.agency_id);
        if (!people) return people.error();
        json out = json::array();
        for (auto& x : *people)
          if (x.active && x.id != p.person_id && std::find(x.roles.begin(), x.roles.end(), "officer") != x.roles.end())
            out.push_back({{"id", x.id}, {"name", x.name}, {"checked", std::find(checked.begin(), checked.end(), x.id) != checked.end()}});
        return out;
      },
      nullptr);
  if (!officers.is_null()) ctx["officers"] = officers;
  if (!ctx.contains("facts")) {
    DecisionFacts blank;
    blank.category = "行政处罚";
    blank.party_kind = "person";
    ctx["facts"] = facts_form(blank);
  }
  if (!ctx.contains("errors")) ctx["errors"] = json::object();
  return page(site, req, "提交法制审核", "review/new", ctx, status);
}

}  // namespace

void register_submission_routes(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/review/new", "review.submit", [&site](Request& req) {
    json ctx{{"case_id", std::string(req.query_param("case"))}};
    return new_form(site, req, ctx, {}, 200);
  });

  router.add("POST", "/workspace/review/new", "review.submit", [&site](Request& req) {
    const auto& p = web::principal(req);
    web::Input in(req);
    SubmissionInput sub;
    sub.case_title = in.text("case_title");
    sub.draft = in.text("draft");
    std::string materials = in.text("materials");
    sub.materials = materials_from_text(materials);
    sub.note = in.text("note");
    json ctx{{"case_id", in.text("case_id")}, {"case_title", sub.case_title}, {"draft", sub.draft}, {"materials", materials}, {"note", sub.note}};
    auto case_id = http::parse_id(in.text("case_id"));
    sub.case_id = case_id.value_or(0);
    sub.facts = facts_from(in, req, p.agency_id, sub.case_id);
    bool facts_read = static_cast<bool>(in.status());
    sub.handlers = in.ids("handlers");
    std::int64_t id = 0;
    return write_or_show(
        site, req,
        [&](store::Tx& tx) -> Status {
          if (!case_id || *case_id == 0) return Error::invalid("案件编号须为正整数", "case_id");
          if (auto st = in.status(); !st) return st;
          auto r = submit_for_review(tx, p, sub);
          if (!r) return r.error();
          id = *r;
          return {};
        },
        [&] { return web::see_other("/workspace/review/" + std::to_string(id)); },
        [](const Error& e) { return e.kind != ErrorKind::kInternal && e.kind != ErrorKind::kUnavailable; },
        [&](const Error& e) {
          ctx["error"] = e.message;
          ctx["errors"] = json{{e.field.empty() ? "form" : e.field, e.message}};
          if (facts_read) ctx["facts"] = facts_form(sub.facts);
          return new_form(site, req, ctx, sub.handlers, http_status(e.kind));
        });
  });

  router.add("GET", "/workspace/review/{id}", "review.view", [&site](Request& req) {
    auto id = web::path_id(req, "id", kNoSuchReview);
    if (!id) return web::fail(site, req, id.error());
    return submission_page(site, req, *id);
  });

  router.add("GET", "/api/v1/review/{id}", "review.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return Response::json_error(404, "no such review");
    return web::read(
        site, req, [&](store::Tx& tx) { return visible_submission(tx, p, *id); }, [](json& s) { return web::json_reply(s); });
  });
}

}  // namespace zhifa::review
