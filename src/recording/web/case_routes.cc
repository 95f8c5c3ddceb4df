// One case: the page (/workspace/cases/{id}, /api/v1/cases/{id}), its acts (a transition of the
// current step), the extension of a deadline (ALL art. 42) and its facts and proposed penalty.
#include <algorithm>

#include "recording/cases.h"
#include "recording/decision.h"
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
    a.waive_hearing = in.flag("waive_hearing");
    a.execution_evidence = in.text("execution_evidence");
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

  // What the decision will be, before it is made (issue 14): the facts, fine, warning,
  // confiscation, measures, circumstances, the proposed decision and the band (情节) applied.
  auto facts = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    CaseFactsInput f;
    f.facts = in.text("facts");
    f.fine_fen = in.yuan("fine_yuan", "罚款金额").value_or(0);
    f.confiscation_fen = in.yuan("confiscation_yuan", "没收金额").value_or(0);
    f.warning = in.flag("warning");
    f.complex = in.flag("complex");
    f.social_impact = in.flag("social_impact");
    f.proposed_decision = in.text("proposed_decision");
    f.outside_band_reason = in.text("outside_band_reason");
    if (const json* m = in.raw("measures"); m && m->is_array()) {
      for (auto& x : *m)
        if (x.is_string()) f.measures.push_back(x.get<std::string>());
    } else {
      for (auto& v : req.form_all("measures")) f.measures.push_back(v);
    }
    if (in.is_json()) {
      if (const json* b = in.raw("band"); b && b->is_number_integer()) f.band = static_cast<int>(std::clamp<std::int64_t>(b->get<std::int64_t>(), -1, 100000));
      else if (b && !b->is_null()) f.band = -1;
    } else if (std::string band = in.text("band"); !band.empty()) {
      f.band = band.find_first_not_of("0123456789") == std::string::npos && band.size() < 6 ? std::stoi(band) : -1;
    }
    return change_case(site, req, in, *id, [&](store::Tx& tx) { return update_case_facts(tx, p, *id, f); }, in.echo());
  };
  // APL art. 42: the second officer, named (or changed) after the case was opened.
  auto co_officer = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::int64_t person = in.id("co_officer_id").value_or(0);
    return change_case(site, req, in, *id, [&](store::Tx& tx) { return set_co_officer(tx, p, *id, person); });
  };
  router.add("POST", "/workspace/cases/{id}/co_officer", "recording.handle", co_officer);
  router.add("POST", "/api/v1/cases/{id}/co_officer", "recording.handle", co_officer);
  router.add("POST", "/workspace/cases/{id}/facts", "recording.handle", facts);
  router.add("POST", "/api/v1/cases/{id}/facts", "recording.handle", facts);

  // What the gate says about the case's decision (?decision=impose …; default the proposed one).
  router.add("GET", "/api/v1/cases/{id}/gate", "recording.view", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    std::string decision(req.query_param("decision"));
    return web::read(site, req, [&](store::Tx& tx) { return case_gate_json(tx, p, *id, decision); },
                     [](const json& j) { return web::json_reply(j); });
  });

  // Decisions outside the band applied (118): the supervisor's list.
  router.add("GET", "/api/v1/discretion/outside", "recording.discretion", [&site](Request& req) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return cases_outside_band(tx, p); },
                     [&](const json& items) {
                       return web::json_reply(json{{"items", items}, {"total", items.size()}, {"page", 1}, {"per_page", items.size()}});
                     });
  });
}

}  // namespace zhifa::recording
