#include "review/routes.h"
#include "platform/http/util.h"

#include <nlohmann/json.hpp>

#include "org/directory.h"
#include "platform/core/clock.h"
#include "review/catalog.h"
#include "review/gate.h"
#include "review/opinion_doc.h"
#include "review/service.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// Mustache treats "" as true: blank strings become null (false) so that {{#x}} means "x is set".
void blanks_to_null(json& j) {
  if (j.is_string() && j.get_ref<const std::string&>().empty()) j = nullptr;
  else if (j.is_object() || j.is_array())
    for (auto& v : j) blanks_to_null(v);
}

Response page(const web::Site& site, const Request& req, const std::string& title, const std::string& name, json ctx, int status = 200) {
  blanks_to_null(ctx);
  return site.workspace_page(req, title, name, std::move(ctx), status);
}

std::vector<std::int64_t> jurisdiction(const org::Principal& p) { return {p.jurisdiction.begin(), p.jurisdiction.end()}; }

json category_options(const std::string& selected, bool any) {
  json out = json::array();
  if (any) out.push_back({{"value", ""}, {"label", "（不限）"}, {"selected", selected.empty()}});
  for (auto& c : categories()) out.push_back({{"value", c}, {"label", c}, {"selected", c == selected}});
  return out;
}

json measure_options(const std::vector<std::string>& selected) {
  json out = json::array();
  for (auto& [k, v] : measure_labels())
    out.push_back({{"value", k}, {"label", v}, {"checked", std::find(selected.begin(), selected.end(), k) != selected.end()}});
  return out;
}

json party_options(const std::string& selected, bool any) {
  json out = json::array();
  if (any) out.push_back({{"value", ""}, {"label", "（不限）"}, {"selected", selected.empty()}});
  out.push_back({{"value", "person"}, {"label", "公民"}, {"selected", selected == "person"}});
  out.push_back({{"value", "organisation"}, {"label", "法人或其他组织"}, {"selected", selected == "organisation"}});
  return out;
}

// DecisionFacts from a form (fields category, matter_code, party_kind, fine, confiscation,
// measures, hearing_held, outside_benchmark, complex, social_impact).
Result<DecisionFacts> facts_from_form(const Request& req, std::int64_t agency_id, std::int64_t case_id) {
  DecisionFacts f;
  f.agency_id = agency_id;
  f.case_id = case_id;
  f.category = req.form_value("category");
  f.matter_code = req.form_value("matter_code");
  f.party_kind = req.form_value("party_kind");
  auto fine = parse_yuan(req.form_value("fine"), "fine");
  if (!fine) return fine.error();
  f.fine_fen = fine->value_or(0);
  auto conf = parse_yuan(req.form_value("confiscation"), "confiscation");
  if (!conf) return conf.error();
  f.confiscation_fen = conf->value_or(0);
  f.measures = req.form_all("measures");
  f.hearing_held = req.form_value("hearing_held") == "1";
  f.outside_discretion_benchmark = req.form_value("outside_benchmark") == "1";
  f.complex = req.form_value("complex") == "1";
  f.major_social_impact = req.form_value("social_impact") == "1";
  return f;
}

std::vector<Material> materials_from_text(const std::string& text) {
  std::vector<Material> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t\r");
    auto e = cur.find_last_not_of(" \t\r");
    if (b != std::string::npos) out.push_back({cur.substr(b, e - b + 1), ""});
    cur.clear();
  };
  for (char c : text) {
    if (c == '\n') flush();
    else cur += c;
  }
  flush();
  return out;
}

// The form values of the facts, for re-showing a form.
json facts_form(const DecisionFacts& f) {
  return {{"matter_code", f.matter_code},
          {"fine", f.fine_fen ? yuan(f.fine_fen) : ""},
          {"confiscation", f.confiscation_fen ? yuan(f.confiscation_fen) : ""},
          {"hearing_held", f.hearing_held},
          {"outside_benchmark", f.outside_discretion_benchmark},
          {"complex", f.complex},
          {"social_impact", f.major_social_impact},
          {"categories", category_options(f.category, false)},
          {"parties", party_options(f.party_kind, false)},
          {"measures", measure_options(f.measures)}};
}

std::string materials_text(const json& materials) {
  std::string s;
  if (materials.is_array())
    for (auto& m : materials) s += m.value("name", std::string()) + "\n";
  return s;
}

json rule_form_json(const CatalogRule& r) {
  return {{"id", r.id ? json(r.id) : json(nullptr)},
          {"code", r.code},
          {"name", r.name},
          {"matter_code", r.matter_code},
          {"min_fine", r.min_fine_fen ? yuan(*r.min_fine_fen) : ""},
          {"min_confiscation", r.min_confiscation_fen ? yuan(*r.min_confiscation_fen) : ""},
          {"requires_hearing", r.requires_hearing},
          {"requires_outside_benchmark", r.requires_outside_benchmark},
          {"requires_complex", r.requires_complex},
          {"requires_social_impact", r.requires_social_impact},
          {"legal_source", r.legal_source},
          {"categories", category_options(r.category, true)},
          {"parties", party_options(r.party_kind, true)},
          {"measure_options", [&] {
             json out = json::array();
             out.push_back({{"value", ""}, {"label", "（不限）"}, {"selected", r.measure.empty()}});
             for (auto& [k, v] : measure_labels()) out.push_back({{"value", k}, {"label", v}, {"selected", k == r.measure}});
             return out;
           }()}};
}

class Pages {
 public:
  explicit Pages(web::Site& site) : site_(site) {}

  // ---- the submission page, with whatever the principal may do now ----
  Response submission(const Request& req, std::int64_t id, json extra = json::object(), int status = 200) {
    const auto& p = web::Site::principal(req);
    json ctx;
    auto st = site_.db.read([&](store::Tx& tx) -> Status {
      auto s = submission_json(tx, id);
      if (!s) return s.error();
      if (!p.jurisdiction.count((*s)["agency_id"].get<std::int64_t>())) return Error::not_found("没有这个法制审核");
      ctx = std::move(*s);
      std::string state = ctx["state"];
      bool handler = false;
      for (auto& h : ctx["handler_ids"]) handler |= h.get<std::int64_t>() == p.person_id;
      bool reviewer_here = ctx["reviewer_id"].get<std::int64_t>() == p.person_id;
      bool in_agency = ctx["agency_id"].get<std::int64_t>() == p.agency_id;
      ctx["can_take"] = state == "waiting" && p.has("legal_reviewer") && in_agency && !handler;
      ctx["own_case_warning"] = state == "waiting" && p.has("legal_reviewer") && handler;
      ctx["can_review"] = state == "in_review" && reviewer_here && p.has("legal_reviewer");
      ctx["can_correct"] = state == "returned" && handler && p.has("officer");
      ctx["can_decide"] = state == "escalated" && p.has("agency_head") && in_agency;
      ctx["can_extend"] = (state == "waiting" || state == "in_review") && p.has("agency_head") && in_agency;
      for (auto& a : ctx["adviser_requests"])
        a["can_answer"] = !a["answered"].get<bool>() && a["adviser_id"].get<std::int64_t>() == p.person_id;
      if (ctx["can_review"].get<bool>()) {
        auto people = org::list_people(tx, ctx["agency_id"].get<std::int64_t>());
        if (!people) return people.error();
        json advisers = json::array();
        for (auto& x : *people)
          if (x.active && std::find(x.roles.begin(), x.roles.end(), "legal_adviser") != x.roles.end())
            advisers.push_back({{"id", x.id}, {"name", x.name}});
        ctx["advisers"] = advisers;
      }
      if (ctx["can_correct"].get<bool>() && !ctx["rounds"].empty()) {
        auto& cur = ctx["rounds"][0];
        auto f = parse_facts_json(cur["facts_raw"].dump());
        if (!f) return f.error();
        ctx["correct"] = {{"draft", cur["draft"]}, {"materials", materials_text(cur["materials"])}, {"facts", facts_form(*f)}};
      }
      return {};
    });
    if (!st) return site_.error(req, st.error());
    ctx["errors"] = json::object();
    ctx["submission_id"] = id;
    ctx["today"] = clock::today_beijing();
    for (auto& [k, v] : extra.items()) {
      if (k == "answers" && !ctx["rounds"].empty()) {
        // Re-show what the reviewer typed in the checklist after a refusal.
        for (auto& item : ctx["rounds"][0]["checklist"]) {
          std::string key = std::to_string(item["element"].get<int>());
          if (!v.contains(key)) continue;
          std::string a = v[key]["answer"];
          item["answer"] = a;
          item["comment"] = v[key]["comment"];
          item["is_pass"] = a == "pass";
          item["is_problem"] = a == "problem";
          item["is_na"] = a == "na";
        }
      } else {
        ctx[k] = v;
      }
    }
    return page(site_, req, "法制审核 · " + ctx["case_title"].get<std::string>(), "review/submission", ctx, status);
  }

  // Runs one workflow step in one transaction; on refusal shows the page again with the reason.
  Response act(const Request& req, std::int64_t id, const std::function<Status(store::Tx&)>& step, json extra = json::object()) {
    auto st = site_.db.write(step);
    if (st) {
      return Response::redirect("/workspace/review/" + std::to_string(id));
    }
    const auto& e = st.error();
    if (e.kind == ErrorKind::kInternal || e.kind == ErrorKind::kUnavailable || e.kind == ErrorKind::kNotFound) return site_.error(req, e);
    extra["error"] = e.message;
    if (!e.field.empty()) extra["errors"] = json{{e.field, e.message}};
    return submission(req, id, extra, http_status(e.kind));
  }

  web::Site& site_;
};

}  // namespace

void register_routes(http::Router& router, web::Site& site) {
  auto pages = std::make_shared<Pages>(site);

  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& tasks) { return review_tasks(tx, p, tasks); });

  // --- the queue ---
  router.add("GET", "/workspace/review", "review.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    std::string state(req.query_param("state"));
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto list = list_submissions(tx, jurisdiction(p), state);
      if (!list) return list.error();
      ctx["submissions"] = *list;
      return {};
    });
    if (!st) return site.error(req, st.error());
    json states = json::array();
    for (auto s : {"", "waiting", "in_review", "returned", "escalated", "passed", "decided"})
      states.push_back({{"value", s}, {"label", *s ? state_label(s) : "全部"}, {"current", state == s}});
    ctx["states"] = states;
    ctx["can_submit"] = org::authorize(p, "review.submit").allowed;
    ctx["can_staffing"] = org::authorize(p, "review.staffing").allowed;
    return page(site, req, "重大执法决定法制审核", "review/index", ctx);
  });

  // --- a new submission (case handling calls submit_for_review itself; this form serves cases
  //     handled outside the platform and the demo) ---
  auto new_form = [&site](const Request& req, json ctx, int status) {
    const auto& p = web::Site::principal(req);
    (void)site.db.read([&](store::Tx& tx) -> Status {
      auto people = org::list_people(tx, p.agency_id);
      if (!people) return people.error();
      json officers = json::array();
      for (auto& x : *people)
        if (x.active && x.id != p.person_id && std::find(x.roles.begin(), x.roles.end(), "officer") != x.roles.end())
          officers.push_back({{"id", x.id}, {"name", x.name}, {"checked", req.form_all("handlers").end() !=
                                                                              std::find(req.form_all("handlers").begin(), req.form_all("handlers").end(), std::to_string(x.id))}});
      ctx["officers"] = officers;
      return {};
    });
    if (!ctx.contains("facts")) {
      DecisionFacts blank;
      blank.category = "行政处罚";
      blank.party_kind = "person";
      ctx["facts"] = facts_form(blank);
    }
    if (!ctx.contains("errors")) ctx["errors"] = json::object();
    return page(site, req, "提交法制审核", "review/new", ctx, status);
  };

  router.add("GET", "/workspace/review/new", "review.submit", [new_form](Request& req) {
    json ctx{{"case_id", std::string(req.query_param("case"))}};
    return new_form(req, ctx, 200);
  });

  router.add("POST", "/workspace/review/new", "review.submit", [&site, new_form](Request& req) {
    const auto& p = web::Site::principal(req);
    SubmissionInput in;
    json ctx{{"case_id", req.form_value("case_id")}, {"case_title", req.form_value("case_title")}, {"draft", req.form_value("draft")},
             {"materials", req.form_value("materials")}, {"note", req.form_value("note")}};
    auto case_id = http::parse_id(req.form_value("case_id"));
    auto facts = facts_from_form(req, p.agency_id, case_id.value_or(0));
    Status st;
    std::int64_t id = 0;
    if (!case_id || *case_id == 0) {
      st = Error::invalid("案件编号须为正整数", "case_id");
    } else if (!facts) {
      st = facts.error();
    } else {
      in.case_id = *case_id;
      in.case_title = req.form_value("case_title");
      in.draft = req.form_value("draft");
      in.facts = *facts;
      in.materials = materials_from_text(req.form_value("materials"));
      in.note = req.form_value("note");
      for (auto& h : req.form_all("handlers"))
        if (auto hid = http::parse_id(h)) in.handlers.push_back(*hid);
      st = site.db.write([&](store::Tx& tx) -> Status {
        auto r = submit_for_review(tx, p, in);
        if (!r) return r.error();
        id = *r;
        return {};
      });
    }
    if (st) {
      return Response::redirect("/workspace/review/" + std::to_string(id));
    }
    if (st.error().kind == ErrorKind::kInternal || st.error().kind == ErrorKind::kUnavailable) return site.error(req, st.error());
    ctx["error"] = st.error().message;
    ctx["errors"] = json{{st.error().field.empty() ? "form" : st.error().field, st.error().message}};
    if (facts) ctx["facts"] = facts_form(*facts);
    return new_form(req, ctx, http_status(st.error().kind));
  });

  // --- one submission ---
  router.add("GET", "/workspace/review/{id}", "review.view", [pages, &site](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这个法制审核");
    return pages->submission(req, *id);
  });

  auto step_route = [&router, pages, &site](const std::string& action, const std::string& permission,
                                            std::function<Response(Request&, std::int64_t)> fn) {
    router.add("POST", "/workspace/review/{id}/" + action, permission, [&site, fn](Request& req) {
      auto id = http::parse_id(req.param("id"));
      if (!id) return site.error(req, 404, "没有这个法制审核");
      return fn(req, *id);
    });
  };

  step_route("take", "review.review", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    return pages->act(req, id, [&](store::Tx& tx) { return take(tx, p, id); });
  });

  step_route("elements", "review.review", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    std::vector<ElementAnswer> answers;
    json typed = json::object();
    for (int e = 1; e <= kElementCount; ++e) {
      std::string a = req.form_value("answer_" + std::to_string(e)), c = req.form_value("comment_" + std::to_string(e));
      typed[std::to_string(e)] = {{"answer", a}, {"comment", c}};
      if (!a.empty() || !c.empty()) answers.push_back({e, a, c});
    }
    return pages->act(req, id, [&](store::Tx& tx) { return answer_elements(tx, p, id, answers); }, json{{"answers", typed}});
  });

  step_route("opinion", "review.review", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    std::string opinion = req.form_value("opinion"), text = req.form_value("text");
    return pages->act(req, id, [&](store::Tx& tx) { return give_opinion(tx, p, id, opinion, text); },
                      json{{"opinion_form", {{"text", text}}}});
  });

  step_route("adviser", "review.review", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    auto adviser = http::parse_id(req.form_value("adviser_id")).value_or(0);
    std::string question = req.form_value("question");
    return pages->act(req, id, [&](store::Tx& tx) -> Status {
      auto r = request_adviser_opinion(tx, p, id, adviser, question);
      return r ? Status{} : Status(r.error());
    });
  });

  step_route("adviser-answer", "review.advise", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    auto request_id = http::parse_id(req.form_value("request_id")).value_or(0);
    std::string answer = req.form_value("answer");
    return pages->act(req, id, [&](store::Tx& tx) -> Status {
      auto r = tx.query_one("SELECT submission_id FROM review_adviser_requests WHERE id = ?", {request_id});
      if (!r) return r.error();
      if (!*r || (*r)->integer(0) != id) return Error::invalid("没有这个法律顾问意见请求", "request_id");
      return answer_adviser_request(tx, p, request_id, answer);
    });
  });

  step_route("resubmit", "review.submit", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    Resubmission r;
    r.draft = req.form_value("draft");
    r.materials = materials_from_text(req.form_value("materials"));
    r.note = req.form_value("note");
    auto facts = facts_from_form(req, 0, 0);
    json extra{{"correct_form", {{"draft", r.draft}, {"materials", req.form_value("materials")}, {"note", r.note}}}};
    return pages->act(req, id, [&](store::Tx& tx) -> Status {
      if (!facts) return facts.error();
      r.facts = *facts;
      return resubmit(tx, p, id, r);
    }, extra);
  });

  step_route("disagree", "review.submit", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    std::string reason = req.form_value("reason");
    return pages->act(req, id, [&](store::Tx& tx) { return disagree(tx, p, id, reason); });
  });

  step_route("decide", "review.decide", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    EscalationOutcome o;
    o.method = req.form_value("method");
    o.outcome = req.form_value("outcome");
    o.text = req.form_value("text");
    std::string parts = req.form_value("participants");
    std::string cur;
    for (std::size_t i = 0; i <= parts.size(); ++i) {
      // Participants separated by commas (either width), 、 or new lines.
      bool sep = i == parts.size() || parts[i] == ',' || parts[i] == '\n';
      if (!sep && i + 3 <= parts.size() && (parts.compare(i, 3, "，") == 0 || parts.compare(i, 3, "、") == 0)) {
        sep = true;
        i += 2;
      }
      if (sep) {
        auto b = cur.find_first_not_of(" \t\r"), e = cur.find_last_not_of(" \t\r");
        if (b != std::string::npos) o.participants.push_back(cur.substr(b, e - b + 1));
        cur.clear();
      } else {
        cur += parts[i];
      }
    }
    return pages->act(req, id, [&](store::Tx& tx) { return decide_escalation(tx, p, id, o); },
                      json{{"decide_form", {{"text", o.text}, {"participants", parts}}}});
  });

  step_route("extend", "review.decide", [pages](Request& req, std::int64_t id) {
    const auto& p = web::Site::principal(req);
    std::string reason = req.form_value("reason");
    return pages->act(req, id, [&](store::Tx& tx) { return extend_time_limit(tx, p, id, reason); });
  });

  // --- 法制审核意见书 (printable page; PDF) ---
  router.add("GET", "/workspace/review/{id}/opinion", "review.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这个法制审核");
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto s = submission_json(tx, *id);
      if (!s) return s.error();
      if (!p.jurisdiction.count((*s)["agency_id"].get<std::int64_t>())) return Error::not_found("没有这个法制审核");
      ctx = opinion_context(*s);
      return {};
    });
    if (!st) return site.error(req, st.error());
    if (!ctx["issued"].get<bool>()) return site.error(req, 409, "该审核尚未出具审核意见");
    return page(site, req, "法制审核意见书", "review/opinion", ctx);
  });

  router.add("GET", "/workspace/review/{id}/opinion.pdf", "review.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这个法制审核");
    json s;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto r = submission_json(tx, *id);
      if (!r) return r.error();
      if (!p.jurisdiction.count((*r)["agency_id"].get<std::int64_t>())) return Error::not_found("没有这个法制审核");
      s = std::move(*r);
      return {};
    });
    if (!st) return site.error(req, st.error());
    if (!opinion_context(s)["issued"].get<bool>()) return site.error(req, 409, "该审核尚未出具审核意见");
    auto pdf = opinion_pdf(s);
    if (!pdf) return site.error(req, pdf.error());
    Response resp;
    resp.status = 200;
    resp.body = std::move(*pdf);
    resp.headers.set("Content-Type", "application/pdf");
    resp.headers.set("Content-Disposition", "inline; filename=\"review-opinion-" + std::to_string(*id) + ".pdf\"");
    resp.headers.set("Cache-Control", "no-store");
    return resp;
  });

  // --- accountability per case (seed 三.5) ---
  router.add("GET", "/workspace/review/cases/{case_id}", "review.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto case_id = http::parse_id(req.param("case_id"));
    if (!case_id) return site.error(req, 404, "没有这个案件");
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto a = case_accountability(tx, *case_id);
      if (!a) return a.error();
      json subs = json::array();
      for (auto& s : (*a)["submissions"])
        if (p.jurisdiction.count(s["agency_id"].get<std::int64_t>())) subs.push_back(s);
      if (subs.empty()) return Error::not_found("该案件没有法制审核记录");
      ctx = {{"case_id", *case_id}, {"case_title", subs.back()["case_title"]}, {"submissions", subs}};
      return {};
    });
    if (!st) return site.error(req, st.error());
    return page(site, req, "法制审核履职记录", "review/case", ctx);
  });

  // --- the catalog ---
  auto catalog_page = [&site](const Request& req, json ctx, int status) {
    const auto& p = web::Site::principal(req);
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto rules = load_rules(tx, p.agency_id, false);
      if (!rules) return rules.error();
      json rows = json::array();
      for (auto& r : *rules)
        rows.push_back({{"id", r.id}, {"code", r.code}, {"name", r.name}, {"conditions", describe(r)}, {"legal_source", r.legal_source},
                        {"active", r.active}, {"updated_at", r.updated_at}});
      ctx["rules"] = rows;
      auto s = load_settings(tx, p.agency_id);
      if (!s) return s.error();
      if (!ctx.contains("settings")) ctx["settings"] = {{"period_days", s->period_days}, {"extension_days", s->extension_days}};
      if (!ctx.contains("rule")) {
        CatalogRule blank;
        if (auto edit = http::parse_id(req.query_param("edit"))) {
          auto r = find_rule(tx, *edit);
          if (!r) return r.error();
          if (*r && (*r)->agency_id == p.agency_id) blank = **r;
        }
        ctx["rule"] = rule_form_json(blank);
      }
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["agency"] = p.agency_name;
    ctx["can_edit"] = org::authorize(p, "review.catalog").allowed;
    if (!ctx.contains("errors")) ctx["errors"] = json::object();
    return page(site, req, "重大执法决定法制审核目录清单", "review/catalog", ctx, status);
  };

  router.add("GET", "/workspace/review/catalog", "review.view", [catalog_page](Request& req) { return catalog_page(req, json::object(), 200); });

  router.add("POST", "/workspace/review/catalog", "review.catalog", [&site, catalog_page](Request& req) {
    const auto& p = web::Site::principal(req);
    std::string action = req.form_value("action");
    json ctx = json::object();
    Status st;
    if (action == "save") {
      CatalogRule r;
      r.id = http::parse_id(req.form_value("rule_id")).value_or(0);
      r.agency_id = p.agency_id;
      r.code = req.form_value("code");
      r.name = req.form_value("name");
      r.category = req.form_value("category");
      r.matter_code = req.form_value("matter_code");
      r.party_kind = req.form_value("party_kind");
      r.measure = req.form_value("measure");
      r.requires_hearing = req.form_value("requires_hearing") == "1";
      r.requires_outside_benchmark = req.form_value("requires_outside_benchmark") == "1";
      r.requires_complex = req.form_value("requires_complex") == "1";
      r.requires_social_impact = req.form_value("requires_social_impact") == "1";
      r.legal_source = req.form_value("legal_source");
      auto fine = parse_yuan(req.form_value("min_fine"), "min_fine");
      auto conf = parse_yuan(req.form_value("min_confiscation"), "min_confiscation");
      if (!fine) st = fine.error();
      else if (!conf) st = conf.error();
      else {
        r.min_fine_fen = *fine;
        r.min_confiscation_fen = *conf;
        st = site.db.write([&](store::Tx& tx) -> Status {
          auto id = save_rule(tx, p, r);
          return id ? Status{} : Status(id.error());
        });
      }
      ctx["rule"] = rule_form_json(r);
      ctx["rule"]["min_fine"] = req.form_value("min_fine");
      ctx["rule"]["min_confiscation"] = req.form_value("min_confiscation");
    } else if (action == "deactivate" || action == "activate") {
      auto id = http::parse_id(req.form_value("rule_id")).value_or(0);
      st = site.db.write([&](store::Tx& tx) { return set_rule_active(tx, p, id, action == "activate"); });
    } else if (action == "settings") {
      ReviewSettings s;
      try {
        s.period_days = std::stoi(req.form_value("period_days"));
        s.extension_days = std::stoi(req.form_value("extension_days"));
      } catch (...) {
        s.period_days = -1;
      }
      st = site.db.write([&](store::Tx& tx) { return save_settings(tx, p, p.agency_id, s); });
      ctx["settings"] = {{"period_days", req.form_value("period_days")}, {"extension_days", req.form_value("extension_days")}};
    } else {
      st = Error::invalid("未知操作", "action");
    }
    if (st) {
      return Response::redirect("/workspace/review/catalog");
    }
    if (st.error().kind == ErrorKind::kInternal || st.error().kind == ErrorKind::kUnavailable) return site.error(req, st.error());
    ctx["error"] = st.error().message;
    ctx["errors"] = json{{st.error().field.empty() ? "form" : st.error().field, st.error().message}};
    return catalog_page(req, ctx, http_status(st.error().kind));
  });

  // --- staffing (118: reviewers ≥ 5 % of enforcement officers) ---
  router.add("GET", "/workspace/review/staffing", "review.staffing", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto s = staffing(tx, jurisdiction(p));
      if (!s) return s.error();
      json rows = json::array();
      int short_count = 0;
      for (auto& x : *s) {
        // Percent with one decimal, in integers (no floats in what we show or record).
        std::string pct = x.officers ? std::to_string(x.reviewers * 1000 / x.officers / 10) + "." + std::to_string(x.reviewers * 1000 / x.officers % 10) + "%" : "—";
        rows.push_back({{"agency", x.agency_name}, {"officers", x.officers}, {"reviewers", x.reviewers}, {"required", x.required},
                        {"percent", pct}, {"meets", x.meets()}, {"no_officers", x.officers == 0}});
        short_count += !x.meets();
      }
      ctx["rows"] = rows;
      ctx["short_count"] = short_count;
      return {};
    });
    if (!st) return site.error(req, st.error());
    return page(site, req, "法制审核人员配备", "review/staffing", ctx);
  });

  // --- API ---
  router.add("GET", "/api/v1/review/{id}", "review.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return Response::json_error(404, "no such review");
    json out;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto s = submission_json(tx, *id);
      if (!s) return s.error();
      if (!p.jurisdiction.count((*s)["agency_id"].get<std::int64_t>())) return Error::not_found("没有这个法制审核");
      out = std::move(*s);
      return {};
    });
    if (!st) return site.error(req, st.error());
    return Response::json(out.dump());
  });

  // Is this decision major, and may it be issued now? Body: DecisionFacts as JSON.
  router.add("POST", "/api/v1/review/gate", "review.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto f = parse_facts_json(req.body);
    if (!f) return site.error(req, f.error());
    if (f->agency_id == 0) f->agency_id = p.agency_id;
    // Another agency's catalog: as an unknown agency (org::require), never a 403 that
    // tells which ids exist.
    if (auto v = org::require(p, "review.view", f->agency_id, "没有这个执法主体"); !v) return site.error(req, v.error());
    json out;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto g = check_decision_gate(tx, *f);
      if (!g) return g.error();
      json reasons = json::array();
      for (auto& r : g->reasons) reasons.push_back({{"rule", r.rule_id}, {"name", r.rule_name}, {"source", r.legal_source}});
      out = {{"major", g->major}, {"reasons", reasons}, {"review_id", g->review_id}, {"review_state", g->review_state},
             {"review_passed", g->review_passed}, {"allowed", g->allowed()}, {"refusal", g->refusal()}};
      return {};
    });
    if (!st) return site.error(req, st.error());
    return Response::json(out.dump());
  });

  // The published 目录清单 of an agency (the public list; the portal page is publicity's).
  router.add("GET", "/api/v1/review/catalog/{agency}", "public", [&site](Request& req) {
    std::string out;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto a = org::find_agency(tx, std::string(req.param("agency")));
      if (!a) return a.error();
      if (!*a) return Error::not_found("no such agency");
      auto c = published_catalog_json(tx, (*a)->id);
      if (!c) return c.error();
      out = "{\"agency\":" + json((*a)->name).dump() + ",\"rules\":" + *c + "}";
      return {};
    });
    if (!st) return site.error(req, st.error());
    return Response::json(out);
  });
}

}  // namespace zhifa::review
