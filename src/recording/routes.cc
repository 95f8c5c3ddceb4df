#include "recording/routes.h"
#include "platform/http/util.h"
#include "recording/case_file_zip.h"

#include <memory>

#include "platform/core/assets.h"
#include "platform/core/clock.h"
#include "publicity/matters.h"
#include "recording/cases.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// "12.5" yuan → 1250 fen; nullopt when not a non-negative amount with at most 2 decimals.
std::optional<std::int64_t> fen_of(const std::string& yuan) {
  if (yuan.empty()) return 0;
  std::size_t dot = yuan.find('.');
  std::string whole = yuan.substr(0, dot), frac = dot == std::string::npos ? "" : yuan.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || frac.size() > 2) return std::nullopt;
  for (char c : whole + frac)
    if (c < '0' || c > '9') return std::nullopt;
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

Location location_of(const Request& req) { return {req.form_value("latitude"), req.form_value("longitude"), req.form_value("accuracy_m"), req.form_value("place")}; }
Location location_of(const json& j) {
  auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  return {s("latitude"), s("longitude"), s("accuracy_m"), s("place")};
}

json procedure_json(const law::Procedure& p) {
  json steps = json::array();
  for (const auto& s : p.steps) {
    json ts = json::array();
    for (const auto& t : s.transitions)
      ts.push_back({{"id", t.id}, {"label", t.label}, {"to", t.to}, {"kind", t.kind}, {"requires_documents", t.requires_documents},
                    {"guards", t.guards}, {"decision", t.decision}});
    steps.push_back({{"id", s.id}, {"name", s.name}, {"description", s.description}, {"roles", s.actors.roles},
                     {"certified", s.actors.certified}, {"min_people", s.actors.min_people}, {"on_site", s.actors.on_site},
                     {"produces", s.produces}, {"deadline", s.deadline}, {"av_recording", s.av_recording},
                     {"time_not_counted", s.time_not_counted}, {"terminal", s.terminal}, {"transitions", ts}});
  }
  json docs = json::array();
  for (const auto& d : p.documents)
    docs.push_back({{"kind", d.kind}, {"name", d.name}, {"number_kind", d.number_kind}, {"signer_roles", d.signer_roles}, {"order", d.order}});
  json clocks = json::array();
  for (const auto& c : p.clocks) clocks.push_back({{"rule", c.rule}, {"start", c.start}, {"complete", c.complete}, {"suspend", c.suspend}});
  return {{"id", p.id}, {"name", p.name}, {"category", p.category}, {"legal_basis", p.legal_basis}, {"description", p.description},
          {"start", p.start}, {"documents", docs}, {"clocks", clocks}, {"steps", steps}};
}

Response fail(const web::Site& site, const Request& req, const Error& e) {
  if (req.is_api()) return Response::json_error(http_status(e.kind), e.message, e.field);
  return site.error(req, e);
}

// Everything the case page shows.
Result<json> case_page(store::Tx& tx, const org::Principal& p, std::int64_t id) {
  auto c = load_case(tx, p, id);
  if (!c) return c.error();
  json ctx = case_json(*c);
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  const law::Step* st = proc ? proc->step(c->step) : nullptr;
  auto docs = case_documents(tx, id);
  if (!docs) return docs.error();
  json dj = json::array();
  std::set<std::string> have;
  for (auto& d : *docs) {
    dj.push_back(document_json(d));
    have.insert(d.kind);
  }
  ctx["documents"] = dj;
  json actions = json::array();
  json draftable = json::array();
  if (st && c->status == "open") {
    ctx["step_description"] = st->description;
    ctx["on_site"] = st->actors.on_site;
    ctx["min_people"] = st->actors.min_people;
    ctx["av_recording"] = st->av_recording != "none" ? (st->av_recording == "whole_process" ? "全程音像记录" : "根据需要音像记录") : "";
    std::set<std::string> kinds(st->produces.begin(), st->produces.end());
    for (const auto& t : st->transitions) {
      json req = json::array();
      for (const auto& k : t.requires_documents) {
        kinds.insert(k);
        const law::DocumentSpec* spec = proc->document(k);
        req.push_back(spec ? spec->name : k);
      }
      const law::ActorRule& ar = t.actors ? *t.actors : st->actors;
      actions.push_back({{"id", t.id}, {"label", t.label}, {"kind", t.kind}, {"requires", req}, {"has_requires", !req.empty()},
                         {"pair", ar.min_people >= 2},
                         {"secondary", t.kind != "forward"}});
    }
    for (const auto& k : kinds) {
      const law::DocumentSpec* spec = proc->document(k);
      if (spec) draftable.push_back({{"kind", k}, {"name", spec->name}});
    }
  }
  // Inside {{#actions}} "id" is the transition's: the case's own id travels as case_id.
  ctx["case_id"] = id;
  ctx["actions"] = actions;
  ctx["draftable"] = draftable;
  ctx["has_draftable"] = !draftable.empty();
  auto dl = case_deadlines(tx, id, clock::today_beijing());
  if (!dl) return dl.error();
  json dlj = json::array();
  for (auto& d : *dl)
    dlj.push_back({{"rule", d.rule_id}, {"description", d.description}, {"source", d.source}, {"state", d.state}, {"due", d.due},
                   {"days_left", d.days_left ? json(*d.days_left) : json(nullptr)}, {"overdue", d.overdue}, {"warn", d.warn},
                   {"running", d.state == "running"}, {"suspended", d.state == "suspended"}, {"completed", d.state == "completed"},
                   {"explanation", d.explanation}, {"extension", d.extension}, {"extendable", d.extendable}});
  ctx["deadlines"] = dlj;
  // ALL art. 42: the agency head may extend the licence decision deadline once (+10 working days).
  bool can_extend = false;
  if (c->status == "open" && p.has("agency_head") && org::authorize(p, "recording.extend", c->agency_id).allowed)
    for (auto& d : *dl) can_extend = can_extend || (d.rule_id == "licence.decision" && d.extendable);
  ctx["can_extend"] = can_extend;
  // The legal review of the case (review pillar), when it was submitted.
  auto rv = case_review(tx, *c);
  if (!rv) return rv.error();
  ctx["review"] = *rv ? **rv : json(nullptr);
  auto acts = case_acts(tx, id);
  if (!acts) return acts.error();
  json aj = json::array();
  for (auto& a : *acts) {
    const law::Step* to = proc ? proc->step(a.to_step) : nullptr;
    aj.push_back({{"label", a.label}, {"to_step", to ? to->name : a.to_step}, {"actor", a.actor_name}, {"co_actors", a.co_actor_names},
                  {"at", a.at}, {"on_date", a.on_date}, {"place", a.location.place}, {"latitude", a.location.latitude},
                  {"longitude", a.location.longitude}, {"note", a.note}});
  }
  ctx["acts"] = aj;
  // Colleagues who can go along on an on-site act.
  auto people = tx.query(
      "SELECT DISTINCT p.id, p.name FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'officer' "
      "WHERE p.agency_id = ? AND p.active = 1 AND p.id <> ? ORDER BY p.id", {c->agency_id, p.person_id});
  if (!people) return people.error();
  json colleagues = json::array();
  for (auto& r : *people)
    colleagues.push_back({{"id", r.integer(0)}, {"name", r.text(1)}, {"selected", c->co_officer_id && *c->co_officer_id == r.integer(0)}});
  ctx["colleagues"] = colleagues;
  return ctx;
}

Response render_case(web::Site& site, Request& req, std::int64_t id, json extra = json::object(), int status = 200) {
  const auto& p = web::Site::principal(req);
  json ctx;
  auto st = site.db.read([&](store::Tx& tx) -> Status {
    auto c = case_page(tx, p, id);
    if (!c) return c.error();
    ctx = std::move(*c);
    return {};
  });
  if (!st) return fail(site, req, st.error());
  if (req.is_api()) return Response::json(ctx.dump(), status);
  for (auto& [k, v] : extra.items()) ctx[k] = v;
  ctx["csrf"] = web::Site::csrf_token(req);
  return site.workspace_page(req, ctx["case_no"].get<std::string>(), "recording/case", ctx, status);
}

Result<json> new_case_context(store::Tx& tx, const org::Principal& p) {
  json ctx;
  json matters = json::array();
  auto pub = publicity::published_matters(tx, p.agency_id);
  if (!pub) return pub.error();
  for (auto& m : *pub) {
    std::string proc = m.procedure.empty() ? procedure_for_category(m.category) : m.procedure;
    if (!law::find_procedure(proc)) continue;
    matters.push_back({{"id", m.id}, {"code", m.code}, {"name", m.name}, {"category", m.category}});
  }
  ctx["matters"] = matters;
  json procs = json::array();
  auto all = law::load_procedures();
  if (all)
    for (auto& pr : **all) procs.push_back({{"id", pr.id}, {"name", pr.name}, {"category", pr.category}});
  ctx["procedures"] = procs;
  auto people = tx.query(
      "SELECT DISTINCT p.id, p.name FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'officer' "
      "WHERE p.agency_id = ? AND p.active = 1 AND p.id <> ? ORDER BY p.id", {p.agency_id, p.person_id});
  if (!people) return people.error();
  json colleagues = json::array();
  for (auto& r : *people) colleagues.push_back({{"id", r.integer(0)}, {"name", r.text(1)}});
  ctx["colleagues"] = colleagues;
  return ctx;
}

Result<NewCase> new_case_from_json(const json& j) {
  NewCase c;
  auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  if (j.contains("matter_id") && j["matter_id"].is_number_integer()) c.matter_id = j["matter_id"].get<std::int64_t>();
  c.matter_code = s("matter_code");
  c.matter_name = s("matter_name");
  c.category = s("category");
  c.procedure_id = s("procedure_id");
  c.title = s("title");
  c.facts = s("facts");
  if (j.contains("party") && j["party"].is_object()) {
    auto& pj = j["party"];
    auto ps = [&](const char* k) { return pj.contains(k) && pj[k].is_string() ? pj[k].get<std::string>() : std::string(); };
    c.party = {ps("kind"), ps("name"), ps("id_number"), ps("address"), ps("phone")};
  }
  if (j.contains("fine_fen")) {
    if (!j["fine_fen"].is_number_integer()) return Error::invalid("fine_fen must be an integer (fen)", "fine_fen");
    c.fine_fen = j["fine_fen"].get<std::int64_t>();
  }
  if (j.contains("warning") && j["warning"].is_boolean()) c.warning = j["warning"].get<bool>();
  if (j.contains("co_officer_id") && j["co_officer_id"].is_number_integer()) c.co_officer_id = j["co_officer_id"].get<std::int64_t>();
  if (j.contains("location") && j["location"].is_object()) c.location = location_of(j["location"]);
  return c;
}

json errors_of(const Error& e) {
  json out = json::object();
  out[e.field.empty() ? "form" : e.field] = e.message;
  return out;
}

// After a change to a case: the case again (API) or a redirect to it. A refusal: JSON for the
// API, else the case page with the reason (nothing changed), `extra` echoing what was typed.
Response after_case_change(web::Site& site, Request& req, std::int64_t id, const Status& st, json extra = json::object()) {
  if (st) {
    if (req.is_api()) return render_case(site, req, id);
    return Response::redirect("/workspace/cases/" + std::to_string(id));
  }
  if (req.is_api()) return fail(site, req, st.error());
  if (st.error().kind == ErrorKind::kNotFound) return site.error(req, st.error());
  extra["error"] = st.error().message;
  extra["error_field"] = st.error().field;
  return render_case(site, req, id, extra, http_status(st.error().kind));
}

}  // namespace

void register_routes(http::Router& router, web::Site& site) {
  auto blobs = std::shared_ptr<blob::BlobStore>(blob::open_filesystem_store((site.options.data_dir.empty() ? std::string("./data") : site.options.data_dir) + "/blobs"));
  (void)flush_pending_blobs(site.db, *blobs);
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& tasks) { return tasks_for(tx, p, tasks); });

  // --- procedures (public: the published flowcharts are drawn from them) ---
  router.add("GET", "/api/v1/procedures", "public", [](Request&) {
    json out = json::array();
    auto all = law::load_procedures();
    if (all)
      for (auto& p : **all) out.push_back(procedure_json(p));
    return Response::json(json{{"procedures", out}}.dump());
  });
  router.add("GET", "/api/v1/procedures/{id}", "public", [](Request& req) {
    const law::Procedure* p = law::find_procedure(req.param("id"));
    if (!p) return Response::json_error(404, "没有这个程序");
    return Response::json(procedure_json(*p).dump());
  });

  // --- the API's description (OpenAPI 3.1, data/openapi.json; a test keeps it in step with the router) ---
  router.add("GET", "/api/v1/openapi.json", "public", [](Request&) {
    auto doc = assets::find("data/openapi.json");
    if (!doc) return Response::json_error(404, "OpenAPI document missing from this build");
    Response r = Response::json(std::string(*doc));
    r.headers.set("Access-Control-Allow-Origin", "*");
    return r;
  });

  // --- case lists ---
  auto list = [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    bool agency = req.query_param("scope") == "agency" || (!p.has("officer"));
    bool open_only = req.query_param("status") != "all";
    json ctx{{"cases", json::array()}, {"agency_scope", agency}, {"all", !open_only}, {"can_open", p.has("officer")}};
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto cs = list_cases(tx, p, agency, open_only, 200);
      if (!cs) return cs.error();
      std::string today = clock::today_beijing();
      auto cal = law::load_calendar(tx);  // once for the whole list
      if (!cal) return cal.error();
      for (auto& c : *cs) {
        json j = case_json(c);
        auto dl = case_deadlines(tx, c.id, today, *cal);
        if (!dl) return dl.error();
        for (auto& d : *dl)
          if (d.state == "running" && (!j.contains("due") || d.due < j["due"].get<std::string>())) {
            j["due"] = d.due;
            j["overdue"] = d.overdue;
            j["warn"] = d.warn;
          }
        ctx["cases"].push_back(j);
      }
      return {};
    });
    if (!st) return fail(site, req, st.error());
    if (req.is_api()) return Response::json(json{{"cases", ctx["cases"]}}.dump());
    return site.workspace_page(req, "执法案件", "recording/cases", ctx);
  };
  router.add("GET", "/workspace/cases", "recording.view", list);
  router.add("GET", "/api/v1/cases", "recording.view", list);

  router.add("GET", "/workspace/cases/new", "recording.handle", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto c = new_case_context(tx, p);
      if (!c) return c.error();
      ctx = *c;
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["form"] = {{"party_kind", "person"}};
    ctx["csrf"] = web::Site::csrf_token(req);
    return site.workspace_page(req, "立案 / 受理", "recording/new_case", ctx);
  });

  auto create = [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    NewCase c;
    json formj;
    if (req.is_api()) {
      auto j = json::parse(req.body, nullptr, false);
      if (!j.is_object()) return Response::json_error(400, "请求体须为 JSON 对象");
      auto r = new_case_from_json(j);
      if (!r) return fail(site, req, r.error());
      c = *r;
    } else {
      if (auto m = http::parse_id(req.form_value("matter_id"))) c.matter_id = *m;
      c.matter_code = req.form_value("matter_code");
      c.matter_name = req.form_value("matter_name");
      c.category = req.form_value("category");
      c.procedure_id = req.form_value("procedure_id");
      c.title = req.form_value("title");
      c.facts = req.form_value("facts");
      c.party = {req.form_value("party_kind"), req.form_value("party_name"), req.form_value("party_id_number"), req.form_value("party_address"), req.form_value("party_phone")};
      c.warning = req.form_value("warning") == "1";
      if (auto co = http::parse_id(req.form_value("co_officer_id"))) c.co_officer_id = *co;
      c.location = location_of(req);
      for (auto& [k, v] : req.form()) formj[k] = v;
    }
    std::optional<std::int64_t> fen = req.is_api() ? std::optional<std::int64_t>(c.fine_fen) : fen_of(req.form_value("fine_yuan"));
    Result<std::int64_t> id = fen ? (c.fine_fen = *fen, open_case(site.db, p, c)) : Result<std::int64_t>(Error::invalid("罚款金额格式不正确（元，最多两位小数）", "fine_yuan"));
    if (id) {
      if (req.is_api()) return Response::json(json{{"id", *id}}.dump(), 201);
      return Response::redirect("/workspace/cases/" + std::to_string(*id));
    }
    if (req.is_api() || (id.error().kind != ErrorKind::kInvalid)) return fail(site, req, id.error());
    json ctx;
    (void)site.db.read([&](store::Tx& tx) -> Status {
      auto x = new_case_context(tx, p);
      if (x) ctx = *x;
      return {};
    });
    ctx["form"] = formj;
    ctx["errors"] = errors_of(id.error());
    ctx["error"] = id.error().message;
    ctx["csrf"] = web::Site::csrf_token(req);
    return site.workspace_page(req, "立案 / 受理", "recording/new_case", ctx, 400);
  };
  router.add("POST", "/workspace/cases", "recording.handle", create);
  router.add("POST", "/api/v1/cases", "recording.handle", create);

  auto show = [&site](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("案件不存在"));
    return render_case(site, req, *id);
  };
  router.add("GET", "/workspace/cases/{id}", "recording.view", show);
  router.add("GET", "/api/v1/cases/{id}", "recording.view", show);

  // An act: a transition of the current step.
  auto do_act = [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("案件不存在"));
    ActInput in;
    if (req.is_api()) {
      auto j = json::parse(req.body, nullptr, false);
      if (!j.is_object() || !j.contains("transition") || !j["transition"].is_string())
        return Response::json_error(400, "须给出 transition", "transition");
      in.transition = j["transition"].get<std::string>();
      if (j.contains("co_officers") && j["co_officers"].is_array())
        for (auto& x : j["co_officers"])
          if (x.is_number_integer()) in.co_officers.push_back(x.get<std::int64_t>());
      if (j.contains("location") && j["location"].is_object()) in.location = location_of(j["location"]);
      if (j.contains("note") && j["note"].is_string()) in.note = j["note"].get<std::string>();
    } else {
      in.transition = req.form_value("transition");
      for (auto& v : req.form_all("co_officers"))
        if (auto x = http::parse_id(v)) in.co_officers.push_back(*x);
      in.location = location_of(req);
      in.note = req.form_value("note");
    }
    return after_case_change(site, req, *id, act(site.db, p, *id, in));
  };
  router.add("POST", "/workspace/cases/{id}/act", "recording.handle", do_act);
  router.add("POST", "/api/v1/cases/{id}/acts", "recording.handle", do_act);

  // ALL art. 42: the agency head extends the licence decision deadline (+10 working days, once).
  auto extend = [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("案件不存在"));
    DeadlineExtension in;
    if (req.is_api()) {
      auto j = json::parse(req.body, nullptr, false);
      if (!j.is_object()) return Response::json_error(400, "请求体须为 JSON 对象");
      if (j.contains("rule")) {
        if (!j["rule"].is_string()) return Response::json_error(400, "rule 须为字符串", "rule");
        in.rule_id = j["rule"].get<std::string>();
      }
      if (j.contains("reason") && j["reason"].is_string()) in.reason = j["reason"].get<std::string>();
    } else {
      if (!req.form_value("rule").empty()) in.rule_id = req.form_value("rule");
      in.reason = req.form_value("reason");
    }
    return after_case_change(site, req, *id, extend_deadline(site.db, p, *id, in), {{"extend_reason", in.reason}});
  };
  router.add("POST", "/workspace/cases/{id}/deadlines/extend", "recording.extend", extend);
  router.add("POST", "/api/v1/cases/{id}/deadlines/extend", "recording.extend", extend);

  router.add("POST", "/workspace/cases/{id}/facts", "recording.handle", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, Error::not_found("案件不存在"));
    auto fen = fen_of(req.form_value("fine_yuan"));
    Status st = fen ? update_case_facts(site.db, p, *id, req.form_value("facts"), *fen, req.form_value("warning") == "1")
                    : Status(Error::invalid("罚款金额格式不正确（元，最多两位小数）", "fine_yuan"));
    if (st) return Response::redirect("/workspace/cases/" + std::to_string(*id));
    return render_case(site, req, *id, {{"error", st.error().message}}, http_status(st.error().kind));
  });

  // Documents.
  auto draft = [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("案件不存在"));
    std::string kind = req.form_value("kind");
    if (req.is_api()) {
      auto j = json::parse(req.body, nullptr, false);
      if (j.is_object() && j.contains("kind") && j["kind"].is_string()) kind = j["kind"].get<std::string>();
    }
    auto d = draft_document(site.db, p, *id, kind);
    if (!d) {
      if (req.is_api()) return fail(site, req, d.error());
      return render_case(site, req, *id, {{"error", d.error().message}}, http_status(d.error().kind));
    }
    if (req.is_api()) return Response::json(json{{"id", *d}}.dump(), 201);
    return Response::redirect("/workspace/documents/" + std::to_string(*d));
  };
  router.add("POST", "/workspace/cases/{id}/documents", "recording.handle", draft);
  router.add("POST", "/api/v1/cases/{id}/documents", "recording.handle", draft);

  auto show_doc = [&site](Request& req, json extra, int status) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("文书不存在"));
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto d = load_document(tx, p, *id);
      if (!d) return d.error();
      auto c = load_case(tx, p, d->case_id);
      if (!c) return c.error();
      ctx = document_json(*d);
      ctx["case"] = case_json(*c);
      return {};
    });
    if (!st) return fail(site, req, st.error());
    if (req.is_api()) return Response::json(ctx.dump(), status);
    for (auto& [k, v] : extra.items()) ctx[k] = v;
    ctx["csrf"] = web::Site::csrf_token(req);
    return site.workspace_page(req, ctx["name"].get<std::string>(), "recording/document", ctx, status);
  };
  router.add("GET", "/workspace/documents/{id}", "recording.view", [show_doc](Request& req) { return show_doc(req, json::object(), 200); });
  router.add("GET", "/api/v1/documents/{id}", "recording.view", [show_doc](Request& req) { return show_doc(req, json::object(), 200); });

  auto edit = [&site, show_doc](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("文书不存在"));
    std::string body = req.form_value("body");
    if (req.is_api()) {
      auto j = json::parse(req.body, nullptr, false);
      body = j.is_object() && j.contains("body") && j["body"].is_string() ? j["body"].get<std::string>() : "";
    }
    auto st = edit_document(site.db, p, *id, body);
    if (st) {
      if (req.is_api()) return show_doc(req, json::object(), 200);
      return Response::redirect("/workspace/documents/" + std::to_string(*id));
    }
    if (req.is_api()) return fail(site, req, st.error());
    return show_doc(req, {{"error", st.error().message}}, http_status(st.error().kind));
  };
  router.add("POST", "/workspace/documents/{id}", "recording.handle", edit);
  router.add("PUT", "/api/v1/documents/{id}", "recording.handle", edit);

  auto sign = [&site, blobs, show_doc](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("文书不存在"));
    auto st = sign_document(site.db, blobs.get(), p, *id);
    if (st) {
      if (req.is_api()) return show_doc(req, json::object(), 200);
      return Response::redirect("/workspace/documents/" + std::to_string(*id));
    }
    if (req.is_api()) return fail(site, req, st.error());
    return show_doc(req, {{"error", st.error().message}}, http_status(st.error().kind));
  };
  router.add("POST", "/workspace/documents/{id}/sign", "recording.sign", sign);
  router.add("POST", "/api/v1/documents/{id}/sign", "recording.sign", sign);

  auto correct = [&site, show_doc](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("文书不存在"));
    auto r = correct_document(site.db, p, *id);
    if (!r) {
      if (req.is_api()) return fail(site, req, r.error());
      return show_doc(req, {{"error", r.error().message}}, http_status(r.error().kind));
    }
    if (req.is_api()) return Response::json(json{{"id", *r}}.dump(), 201);
    return Response::redirect("/workspace/documents/" + std::to_string(*r));
  };
  router.add("POST", "/workspace/documents/{id}/correct", "recording.handle", correct);
  router.add("POST", "/api/v1/documents/{id}/correct", "recording.handle", correct);

  // The PDF: the signed bytes from the blob store; a draft renders as a preview.
  auto pdf = [&site, blobs](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("文书不存在"));
    std::string bytes, sha;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto d = load_document(tx, p, *id);
      if (!d) return d.error();
      if (!d->pdf_sha256.empty()) {
        sha = d->pdf_sha256;
        auto b = blobs->get(sha);
        if (b) {
          bytes = std::move(*b);
          return {};
        }
        auto pending = tx.query_one("SELECT bytes FROM rec_pending_blobs WHERE sha256 = ?", {sha});
        if (!pending) return pending.error();
        if (!*pending) return Error::internal("signed PDF missing from the blob store: " + sha);
        bytes = (*pending)->text(0);
        return {};
      }
      auto c = load_case(tx, p, d->case_id);
      if (!c) return c.error();
      auto r = render_document_pdf(tx, *d, *c);
      if (!r) return r.error();
      bytes = std::move(*r);
      return {};
    });
    if (!st) return fail(site, req, st.error());
    Response resp;
    resp.body = std::move(bytes);
    resp.headers.set("Content-Type", "application/pdf");
    resp.headers.set("Content-Disposition", "inline; filename=\"document-" + std::to_string(*id) + ".pdf\"");
    if (!sha.empty()) resp.headers.set("X-Content-SHA256", sha);
    return resp;
  };
  router.add("GET", "/workspace/documents/{id}/pdf", "recording.view", pdf);
  router.add("GET", "/api/v1/documents/{id}/pdf", "recording.view", pdf);

  auto case_file = [&site, blobs](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("案件不存在"));
    std::string bytes;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto c = load_case(tx, p, *id);
      if (!c) return c.error();
      auto r = case_file_pdf(tx, blobs.get(), *c);
      if (!r) return r.error();
      bytes = std::move(*r);
      return {};
    });
    if (!st) return fail(site, req, st.error());
    Response resp;
    resp.body = std::move(bytes);
    resp.headers.set("Content-Type", "application/pdf");
    resp.headers.set("Content-Disposition", "inline; filename=\"case-" + std::to_string(*id) + ".pdf\"");
    return resp;
  };
  router.add("GET", "/workspace/cases/{id}/file.pdf", "recording.view", case_file);
  // The self-verifying case file: documents, manifest, ledger proofs (zhifa verify --bundle).
  auto case_zip = [&site, blobs](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return fail(site, req, Error::not_found("案件不存在"));
    auto zip = case_file_zip(site.db, blobs.get(), p, *id, site.sign_checkpoint);
    if (!zip) return fail(site, req, zip.error());
    Response resp;
    resp.body = std::move(*zip);
    resp.headers.set("Content-Type", "application/zip");
    resp.headers.set("Content-Disposition", "attachment; filename=\"case-" + std::to_string(*id) + ".zip\"");
    return resp;
  };
  router.add("GET", "/workspace/cases/{id}/file.zip", "recording.view", case_zip);
  router.add("GET", "/api/v1/cases/{id}/file.zip", "recording.view", case_zip);
  router.add("GET", "/api/v1/cases/{id}/file.pdf", "recording.view", case_file);
}

}  // namespace zhifa::recording
