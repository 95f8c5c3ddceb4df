// One case: the page (/workspace/cases/{id}, /api/v1/cases/{id}), its acts (a transition of the
// current step), the extension of a deadline (ALL art. 42) and its facts and proposed penalty.
#include "recording/cases.h"
#include "recording/web/common.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// After a change to a case: the case again (API) or a redirect to it. A refusal: the case page
// with the reason (nothing changed), `extra` echoing what was typed.
template <class Service>
Response change_case(web::Site& site, const Request& req, const web::Input& in, std::int64_t id, Service&& service,
                     json extra = json::object()) {
  return change(
      site, req, in, std::forward<Service>(service),
      [&] {
        if (req.is_api()) return render_case(site, req, id);
        return web::see_other("/workspace/cases/" + std::to_string(id));
      },
      [&](const Error& e) {
        json ctx = extra;
        ctx["error"] = e.message;
        ctx["error_field"] = e.field;
        return render_case(site, req, id, ctx, http_status(e.kind));
      });
}

}  // namespace

void register_case_routes(http::Router& router, web::Site& site) {
  auto show = [&site](Request& req) {
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    return render_case(site, req, *id);
  };
  router.add("GET", "/workspace/cases/{id}", "recording.view", show);
  router.add("GET", "/api/v1/cases/{id}", "recording.view", show);

  // An act: a transition of the current step.
  auto do_act = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    if (in.is_json() && !(in.raw("transition") && in.raw("transition")->is_string()))
      return web::fail(site, req, Error::invalid("须给出 transition", "transition"));
    ActInput a;
    a.transition = in.text("transition");
    a.co_officers = in.ids("co_officers");
    a.location = location_of(in);
    a.note = in.text("note");
    return change_case(site, req, in, *id, [&](store::Tx& tx) { return act(tx, p, *id, a); });
  };
  router.add("POST", "/workspace/cases/{id}/act", "recording.handle", do_act);
  router.add("POST", "/api/v1/cases/{id}/acts", "recording.handle", do_act);

  // ALL art. 42: the agency head extends the licence decision deadline (+10 working days, once).
  auto extend = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    DeadlineExtension e;
    // The API names the rule when it gives one; the form's field may be left empty.
    if (std::string rule = in.text("rule"); in.is_json() ? in.has("rule") : !rule.empty()) e.rule_id = rule;
    e.reason = in.text("reason");
    return change_case(site, req, in, *id, [&](store::Tx& tx) { return extend_deadline(tx, p, *id, e); }, {{"extend_reason", e.reason}});
  };
  router.add("POST", "/workspace/cases/{id}/deadlines/extend", "recording.extend", extend);
  router.add("POST", "/api/v1/cases/{id}/deadlines/extend", "recording.extend", extend);

  // The facts, the proposed fine (in yuan) and the warning, before the decision.
  router.add("POST", "/workspace/cases/{id}/facts", "recording.handle", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string facts = in.text("facts");
    std::int64_t fine_fen = in.yuan("fine_yuan", "罚款金额").value_or(0);
    bool warning = in.text("warning") == "1";
    return change(
        site, req, in, [&](store::Tx& tx) { return update_case_facts(tx, p, *id, facts, fine_fen, warning); },
        [&] { return web::see_other("/workspace/cases/" + std::to_string(*id)); },
        [&](const Error& e) { return render_case(site, req, *id, {{"error", e.message}}, http_status(e.kind)); });
  });
}

}  // namespace zhifa::recording
