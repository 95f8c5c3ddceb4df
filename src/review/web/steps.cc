// The steps on one submission (POST /workspace/review/{id}/…): the reviewer takes it, answers
// the 要素清单, asks the legal adviser, gives the opinion; the adviser answers; the handling unit
// resubmits or disagrees; the agency head decides the escalation or extends the time limit.
// A refused step shows the submission page again with the reason.
#include <nlohmann/json.hpp>

#include "platform/http/util.h"
#include "review/model.h"
#include "review/workflow.h"
#include "review/web/forms.h"
#include "review/web/pages.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

using StepHandler = std::function<Response(Request&, web::Input&, std::int64_t id)>;

// POST /workspace/review/{id}/<action>, with the submission's id and the request's input.
void add_step(http::Router& router, web::Site& site, const std::string& action, const std::string& permission, StepHandler fn) {
  router.add("POST", "/workspace/review/{id}/" + action, permission, [&site, fn](Request& req) {
    auto id = web::path_id(req, "id", kNoSuchReview);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    return fn(req, in, *id);
  });
}

}  // namespace

void register_step_routes(http::Router& router, web::Site& site) {
  add_step(router, site, "take", "review.review", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    return step(site, req, id, [&](store::Tx& tx) -> Status {
      if (auto st = in.status(); !st) return st;
      return take(tx, p, id);
    });
  });

  add_step(router, site, "elements", "review.review", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    json typed;
    auto answers = element_answers_from(in, typed);
    return step(
        site, req, id,
        [&](store::Tx& tx) -> Status {
          if (auto st = in.status(); !st) return st;
          return answer_elements(tx, p, id, answers);
        },
        json{{"answers", typed}});
  });

  add_step(router, site, "opinion", "review.review", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    std::string opinion = in.text("opinion"), text = in.text("text");
    return step(
        site, req, id,
        [&](store::Tx& tx) -> Status {
          if (auto st = in.status(); !st) return st;
          return give_opinion(tx, p, id, opinion, text);
        },
        json{{"opinion_form", {{"text", text}}}});
  });

  add_step(router, site, "adviser", "review.review", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    auto adviser = http::parse_id(in.text("adviser_id")).value_or(0);
    std::string question = in.text("question");
    return step(site, req, id, [&](store::Tx& tx) -> Status {
      if (auto st = in.status(); !st) return st;
      auto r = request_adviser_opinion(tx, p, id, adviser, question);
      return r ? Status{} : Status(r.error());
    });
  });

  add_step(router, site, "adviser-answer", "review.advise", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    auto request_id = http::parse_id(in.text("request_id")).value_or(0);
    std::string answer = in.text("answer");
    return step(site, req, id, [&](store::Tx& tx) -> Status {
      if (auto st = in.status(); !st) return st;
      return answer_adviser_request(tx, p, id, request_id, answer);
    });
  });

  add_step(router, site, "resubmit", "review.submit", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    Resubmission r;
    r.draft = in.text("draft");
    std::string materials = in.text("materials");
    r.materials = materials_from_text(materials);
    r.note = in.text("note");
    r.facts = facts_from(in, req, 0, 0);
    json extra{{"correct_form", {{"draft", r.draft}, {"materials", materials}, {"note", r.note}}}};
    return step(
        site, req, id,
        [&](store::Tx& tx) -> Status {
          if (auto st = in.status(); !st) return st;
          return resubmit(tx, p, id, r);
        },
        extra);
  });

  add_step(router, site, "disagree", "review.submit", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    std::string reason = in.text("reason");
    return step(site, req, id, [&](store::Tx& tx) -> Status {
      if (auto st = in.status(); !st) return st;
      return disagree(tx, p, id, reason);
    });
  });

  add_step(router, site, "decide", "review.decide", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    EscalationOutcome o;
    o.method = in.text("method");
    o.outcome = in.text("outcome");
    o.text = in.text("text");
    std::string parts = in.text("participants");
    o.participants = participants_from_text(parts);
    return step(
        site, req, id,
        [&](store::Tx& tx) -> Status {
          if (auto st = in.status(); !st) return st;
          return decide_escalation(tx, p, id, o);
        },
        json{{"decide_form", {{"text", o.text}, {"participants", parts}}}});
  });

  add_step(router, site, "extend", "review.decide", [&site](Request& req, web::Input& in, std::int64_t id) {
    const auto& p = web::principal(req);
    std::string reason = in.text("reason");
    return step(site, req, id, [&](store::Tx& tx) -> Status {
      if (auto st = in.status(); !st) return st;
      return extend_time_limit(tx, p, id, reason);
    });
  });
}

}  // namespace zhifa::review
