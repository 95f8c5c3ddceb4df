#include "org/web/routes.h"

#include "org/auth.h"
#include "org/directory.h"
#include "org/ledger_privacy.h"
#include "org/record.h"
#include "platform/core/clock.h"
#include "platform/http/util.h"

namespace zhifa::org {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

std::string cookie_attrs(const web::Site& site, int max_age) {
  std::string a = "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (site.options.secure_cookies) a += "; Secure";
  return a;
}

// The post-login target: a same-site path, else the dashboard. Refused: any control character
// (CR or LF would split the Location header) or backslash, and anything a browser could read
// as another host: "//host", "/\host", "/<TAB>/host" (browsers drop tabs and read "\" as "/").
std::string safe_next(const std::string& next) {
  for (unsigned char c : next)
    if (c < 0x20 || c == 0x7F || c == '\\') return "/workspace";
  if (next == "/") return next;
  if (next.size() > 1 && next[0] == '/' && next[1] != '/') return next;
  return "/workspace";
}

json agency_json(const Agency& a) {
  return {{"id", a.id}, {"code", a.code}, {"doc_prefix", a.doc_prefix}, {"name", a.name}, {"name_en", a.name_en},
          {"kind", a.kind}, {"division_code", a.division_code}, {"address", a.address}, {"phone", a.phone},
          {"parent_id", a.parent_id ? json(*a.parent_id) : json(nullptr)}};
}

json person_json(const Person& p, const std::string& today) {
  json certs = json::array();
  bool certified = false;
  for (auto& c : p.certificates) {
    bool valid = c.valid_on(today);
    certified |= valid;
    certs.push_back({{"id", c.id}, {"number", c.number}, {"scope", c.scope}, {"valid_from", c.valid_from},
                     {"valid_to", c.valid_to}, {"revoked", c.revoked}, {"valid", valid}});
  }
  json roles = json::array(), role_labels = json::array();
  for (auto& r : p.roles) { roles.push_back(r); role_labels.push_back(std::string(role_label(r))); }
  return {{"id", p.id}, {"name", p.name}, {"login", p.login}, {"post", p.post}, {"agency", p.agency_name},
          {"agency_id", p.agency_id}, {"section", p.section_name}, {"active", p.active}, {"roles", roles},
          {"role_labels", role_labels}, {"certificates", certs}, {"certified", certified}};
}

json role_options(const std::vector<std::string>& selected) {
  json out = json::array();
  for (auto r : kRoles)
    out.push_back({{"value", std::string(r)}, {"label", std::string(role_label(r))},
                   {"checked", std::find(selected.begin(), selected.end(), r) != selected.end()}});
  return out;
}

json errors_json(const FieldErrors& e) {
  json out = json::object();
  for (auto& [k, v] : e) out[k] = v;
  return out;
}

}  // namespace

void register_routes(http::Router& router, web::Site& site) {
  // --- login / logout ---
  router.add("GET", "/login", "public", [&site](Request& req) {
    json ctx{{"next", req.query_param("next")}};
    return site.workspace_page(req, "登录", "workspace/login", ctx);
  });

  router.add("POST", "/login", "public", [&site](Request& req) {
    std::string login_name = req.form_value("login"), password = req.form_value("password"), next = req.form_value("next");
    auto r = login(site.db, login_name, password, req.remote);
    if (!r) {
      ErrorKind kind = r.error().kind;
      if (kind != ErrorKind::kInvalid && kind != ErrorKind::kTooMany) return site.error(req, r.error());
      json ctx{{"next", next}, {"login", login_name}, {"error", r.error().message}};
      return site.workspace_page(req, "登录", "workspace/login", ctx, kind == ErrorKind::kTooMany ? 429 : 401);
    }
    auto resp = Response::redirect(safe_next(next));
    resp.headers.add("Set-Cookie", "zhifa_session=" + r->session_token + cookie_attrs(site, kSessionSeconds));
    return resp;
  });

  router.add("POST", "/logout", "staff", [&site](Request& req) {
    if (auto c = req.cookie("zhifa_session")) (void)logout(site.db, *c);
    auto resp = Response::redirect("/login");
    resp.headers.add("Set-Cookie", "zhifa_session=" + cookie_attrs(site, 0));
    return resp;
  });

  // --- my tasks ---
  router.add("GET", "/workspace", "staff", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx;
    std::string today = clock::today_beijing();
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto me = find_person(tx, p.person_id);
      if (!me) return me.error();
      if (!*me) return Error::not_found("person");
      ctx["me"] = person_json(**me, today);
      json tasks = json::array();
      bool is_officer = p.has("officer");
      bool certified = ctx["me"]["certified"].get<bool>();
      if (is_officer && !certified)
        tasks.push_back({{"level", "danger"}, {"text", "您没有有效的执法证，不能从事执法活动。请联系管理员。"}});
      std::string soon = clock::beijing_date_in_days(60);
      for (auto& c : (*me)->certificates)
        if (c.valid_on(today) && c.valid_to <= soon)
          tasks.push_back({{"level", "warn"}, {"text", "执法证 " + c.number + " 将于 " + c.valid_to + " 到期，请及时换证。"}});
      for (auto& provider : site.task_providers)
        if (auto pst = provider(tx, p, tasks); !pst) return pst;
      if (p.has("admin")) {
        auto n = tx.query_one("SELECT COUNT(*) FROM people WHERE active = 1");
        if (!n) return n.error();
        ctx["people_count"] = (*n)->integer(0);
      }
      ctx["tasks"] = tasks;
      ctx["today"] = today;
      return {};
    });
    if (!st) return site.error(req, st.error());
    return site.workspace_page(req, "我的工作台", "workspace/dashboard", ctx);
  });

  // --- administration: agencies ---
  router.add("GET", "/workspace/admin/agencies", "org.view", [&site](Request& req) {
    json ctx;
    const auto& p = web::Site::principal(req);
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto all = list_agencies(tx);
      if (!all) return all.error();
      json rows = json::array();
      for (auto& a : *all)
        if (p.jurisdiction.count(a.id)) rows.push_back(agency_json(a));
      ctx["agencies"] = rows;
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["can_edit"] = authorize(p, "org.admin").allowed;
    ctx["form"] = {{"kind", "county"}};
    ctx["errors"] = json::object();
    return site.workspace_page(req, "执法主体管理", "workspace/agencies", ctx);
  });

  router.add("POST", "/workspace/admin/agencies", "org.admin", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    Agency a{0, req.form_value("code"), req.form_value("doc_prefix"), req.form_value("name"), req.form_value("name_en"), req.form_value("kind"),
             req.form_value("division_code"), req.form_value("address"), req.form_value("phone"), p.agency_id};
    FieldErrors errors = validate_agency(a);
    if (errors.empty()) {
      auto st = site.db.write([&](store::Tx& tx) -> Status {
        auto id = create_agency(tx, a);
        if (!id) return id.error();
        auto rec = commit_private_json(tx, json{{"name", a.name}, {"address", a.address}, {"phone", a.phone}});
        if (!rec) return rec.error();
        return record_event(tx, p, a.code, "org.agency.created", "agency:" + std::to_string(*id),
                            json{{"code", a.code}, {"kind", a.kind}, {"parent", agency_code_of(tx, p.agency_id)}, {"record_commitment", *rec}}.dump());
      });
      if (st) {
        return Response::redirect("/workspace/admin/agencies");
      }
      if (st.error().kind != ErrorKind::kInvalid) return site.error(req, st.error());
      errors[st.error().field] = st.error().message;
    }
    json ctx{{"form", agency_json(a)}, {"errors", errors_json(errors)}, {"can_edit", true}, {"agencies", json::array()}};
    (void)site.db.read([&](store::Tx& tx) -> Status {
      auto all = list_agencies(tx);
      if (all) for (auto& x : *all) if (p.jurisdiction.count(x.id)) ctx["agencies"].push_back(agency_json(x));
      return {};
    });
    return site.workspace_page(req, "执法主体管理", "workspace/agencies", ctx, 400);
  });

  // Edit one agency of the jurisdiction (its code, the URL key, stays).
  auto agency_page = [&site](Request& req, const std::optional<Agency>& typed, const FieldErrors& errors, int status) {
    const auto& p = web::Site::principal(req);
    json ctx{{"errors", errors_json(errors)}, {"can_edit", authorize(p, "org.admin").allowed}};
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto a = find_agency(tx, std::string(req.param("code")));
      if (!a) return a.error();
      if (!*a || !p.jurisdiction.count((*a)->id)) return Error::not_found("没有这个执法主体");
      ctx["agency"] = agency_json(typed ? *typed : **a);
      ctx["agency"]["code"] = (*a)->code;
      auto sections = list_sections(tx, (*a)->id);
      if (!sections) return sections.error();
      ctx["sections"] = json::array();
      for (auto& s : *sections) ctx["sections"].push_back({{"name", s.name}, {"duties", s.duties}});
      return {};
    });
    if (!st) return site.error(req, st.error());
    return site.workspace_page(req, ctx["agency"]["name"].get<std::string>(), "workspace/agency", ctx, status);
  };
  router.add("GET", "/workspace/admin/agencies/{code}", "org.view",
             [agency_page](Request& req) { return agency_page(req, std::nullopt, {}, 200); });
  router.add("POST", "/workspace/admin/agencies/{code}", "org.admin", [&site, agency_page](Request& req) {
    const auto& p = web::Site::principal(req);
    Agency typed;
    FieldErrors errors;
    auto st = site.db.write([&](store::Tx& tx) -> Status {
      auto a = find_agency(tx, std::string(req.param("code")));
      if (!a) return a.error();
      if (!*a || !p.jurisdiction.count((*a)->id)) return Error::not_found("没有这个执法主体");
      typed = **a;
      typed.name = req.form_value("name");
      typed.name_en = req.form_value("name_en");
      typed.doc_prefix = req.form_value("doc_prefix");
      typed.kind = req.form_value("kind");
      typed.division_code = req.form_value("division_code");
      typed.address = req.form_value("address");
      typed.phone = req.form_value("phone");
      errors = validate_agency(typed);
      if (!errors.empty()) return Error::invalid(errors.begin()->second, errors.begin()->first);
      if (auto u = update_agency(tx, typed); !u) return u;
      auto rec = commit_private_json(tx, json{{"name", typed.name}, {"name_en", typed.name_en}, {"doc_prefix", typed.doc_prefix},
                                              {"division_code", typed.division_code}, {"address", typed.address}, {"phone", typed.phone}});
      if (!rec) return rec.error();
      return record_event(tx, p, typed.code, "org.agency.updated", "agency:" + std::to_string(typed.id),
                          json{{"code", typed.code}, {"kind", typed.kind}, {"record_commitment", *rec}}.dump());
    });
    if (st) {
      return Response::redirect("/workspace/admin/agencies/" + std::string(req.param("code")));
    }
    if (st.error().kind != ErrorKind::kInvalid) return site.error(req, st.error());
    if (errors.empty()) errors[st.error().field] = st.error().message;
    return agency_page(req, typed, errors, 400);
  });

  // --- administration: people, roles, certificates ---
  router.add("GET", "/workspace/admin/people", "org.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx;
    std::string today = clock::today_beijing();
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto people = list_people(tx, std::nullopt);
      if (!people) return people.error();
      json rows = json::array();
      for (auto& x : *people)
        if (p.jurisdiction.count(x.agency_id)) rows.push_back(person_json(x, today));
      ctx["people"] = rows;
      auto sections = list_sections(tx, p.agency_id);
      if (!sections) return sections.error();
      json secs = json::array();
      for (auto& s : *sections) secs.push_back({{"id", s.id}, {"name", s.name}});
      ctx["sections"] = secs;
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["can_edit"] = authorize(p, "org.admin").allowed;
    ctx["roles"] = role_options({});
    ctx["form"] = json::object();
    ctx["errors"] = json::object();
    return site.workspace_page(req, "人员与执法证", "workspace/people", ctx);
  });

  router.add("POST", "/workspace/admin/people", "org.admin", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    NewPerson np;
    np.person.agency_id = p.agency_id;
    np.person.name = req.form_value("name");
    np.person.login = req.form_value("login");
    np.person.post = req.form_value("post");
    np.person.section_id = http::parse_id(req.form_value("section_id"));
    np.person.roles = req.form_all("roles");
    np.password = req.form_value("password");
    FieldErrors errors = validate_person(np, true);
    if (errors.empty()) {
      auto st = site.db.write([&](store::Tx& tx) -> Status {
        if (np.person.section_id) {
          auto s = tx.query_one("SELECT agency_id FROM sections WHERE id = ?", {*np.person.section_id});
          if (!s) return s.error();
          if (!*s || (*s)->integer(0) != np.person.agency_id) return Error::invalid("科室不属于本机关", "section_id");
        }
        auto id = create_person(tx, np);
        if (!id) return id.error();
        auto rec = commit_private_json(tx, json{{"name", np.person.name}, {"login", np.person.login}, {"post", np.person.post}});
        if (!rec) return rec.error();
        return record_event(tx, p, agency_code_of(tx, np.person.agency_id), "org.person.created", "person:" + std::to_string(*id),
                            json{{"roles", np.person.roles}, {"record_commitment", *rec}}.dump());
      });
      if (st) {
        return Response::redirect("/workspace/admin/people");
      }
      if (st.error().kind != ErrorKind::kInvalid) return site.error(req, st.error());
      errors[st.error().field] = st.error().message;
    }
    json ctx{{"form", {{"name", np.person.name}, {"login", np.person.login}, {"post", np.person.post}}},
             {"errors", errors_json(errors)}, {"can_edit", true}, {"roles", role_options(np.person.roles)},
             {"people", json::array()}, {"sections", json::array()}};
    return site.workspace_page(req, "人员与执法证", "workspace/people", ctx, 400);
  });

  router.add("GET", "/workspace/admin/people/{id}", "org.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这个人员");
    json ctx;
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto person = find_person(tx, *id);
      if (!person) return person.error();
      if (!*person || !p.jurisdiction.count((*person)->agency_id)) return Error::not_found("没有这个人员");
      ctx["person"] = person_json(**person, clock::today_beijing());
      ctx["roles"] = role_options((*person)->roles);
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["can_edit"] = authorize(p, "org.admin").allowed;
    ctx["errors"] = json::object();
    ctx["cert"] = json::object();
    return site.workspace_page(req, ctx["person"]["name"].get<std::string>(), "workspace/person", ctx);
  });

  router.add("POST", "/workspace/admin/people/{id}", "org.admin", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这个人员");
    std::string action = req.form_value("action");
    FieldErrors errors;
    Certificate cert{0, *id, req.form_value("number"), req.form_value("scope"), req.form_value("valid_from"), req.form_value("valid_to"), false};
    auto st = site.db.write([&](store::Tx& tx) -> Status {
      auto person = find_person(tx, *id);
      if (!person) return person.error();
      if (!*person || !p.jurisdiction.count((*person)->agency_id)) return Error::not_found("没有这个人员");
      if (action == "update") {
        Person changed = **person;
        changed.name = req.form_value("name");
        changed.post = req.form_value("post");
        changed.active = req.form_value("active") == "1";
        changed.roles = req.form_all("roles");
        if (changed.id == p.person_id && !changed.active) return Error::invalid("不能停用自己的账号", "active");
        if (auto u = update_person(tx, changed, req.form_value("password")); !u) return u;
        // The password itself never enters the record; only that it was reset.
        auto rec = commit_private_json(tx, json{{"name", changed.name}, {"post", changed.post}});
        if (!rec) return rec.error();
        return record_event(tx, p, agency_code_of(tx, changed.agency_id), "org.person.updated", "person:" + std::to_string(changed.id),
                            json{{"active", changed.active}, {"roles", changed.roles}, {"password_reset", !req.form_value("password").empty()},
                                 {"record_commitment", *rec}}.dump());
      }
      if (action == "add_certificate") {
        errors = validate_certificate(cert);
        if (!errors.empty()) return Error::invalid(errors.begin()->second, errors.begin()->first);
        auto c = add_certificate(tx, cert);
        if (!c) return c.error();
        auto scope = commit_private(tx, cert.scope);
        if (!scope) return scope.error();
        return record_event(tx, p, agency_code_of(tx, (*person)->agency_id), "org.certificate.added", "certificate:" + std::to_string(*c),
                            json{{"person", *id}, {"number", cert.number}, {"scope_commitment", *scope}, {"valid_from", cert.valid_from},
                                 {"valid_to", cert.valid_to}}.dump());
      }
      if (action == "revoke_certificate") {
        auto cid = http::parse_id(req.form_value("certificate_id"));
        if (!cid) return Error::invalid("缺少执法证编号", "certificate_id");
        auto owner = tx.query_one("SELECT person_id FROM certificates WHERE id = ?", {*cid});
        if (!owner) return owner.error();
        if (!*owner || (*owner)->integer(0) != *id) return Error::not_found("没有这个执法证");
        if (auto rv = revoke_certificate(tx, *cid); !rv) return rv;
        return record_event(tx, p, agency_code_of(tx, (*person)->agency_id), "org.certificate.revoked", "certificate:" + std::to_string(*cid),
                            json{{"person", *id}}.dump());
      }
      return Error::invalid("未知操作：" + action, "action");
    });
    if (st) {
      return Response::redirect("/workspace/admin/people/" + std::to_string(*id));
    }
    if (st.error().kind != ErrorKind::kInvalid) return site.error(req, st.error());
    if (errors.empty()) errors[st.error().field] = st.error().message;
    json ctx;
    (void)site.db.read([&](store::Tx& tx) -> Status {
      auto person = find_person(tx, *id);
      if (person && *person) {
        ctx["person"] = person_json(**person, clock::today_beijing());
        ctx["roles"] = role_options((*person)->roles);
      }
      return {};
    });
    ctx["can_edit"] = true;
    ctx["errors"] = errors_json(errors);
    ctx["cert"] = {{"number", cert.number}, {"scope", cert.scope}, {"valid_from", cert.valid_from}, {"valid_to", cert.valid_to}};
    return site.workspace_page(req, "人员", "workspace/person", ctx, 400);
  });

  // Who am I (for API clients and tokens).
  router.add("GET", "/api/v1/me", "staff", [](Request& req) {
    const auto& p = web::Site::principal(req);
    json roles = json::array();
    for (auto& r : p.roles) roles.push_back(r);
    json out{{"id", p.person_id}, {"name", p.name}, {"login", p.login}, {"agency_id", p.agency_id}, {"agency", p.agency_name},
             {"roles", roles}, {"via_token", p.token_scopes.has_value()}};
    return Response::json(out.dump());
  });

  // --- API tokens (own) ---
  router.add("GET", "/workspace/tokens", "token.own", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx{{"tokens", json::array()}, {"new_token", req.query_param("created") == "1" ? json("") : json(nullptr)}};
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto rows = tx.query("SELECT id, name, scopes, created_at, revoked_at FROM api_tokens WHERE person_id = ? ORDER BY id DESC", {p.person_id});
      if (!rows) return rows.error();
      for (auto& r : *rows)
        ctx["tokens"].push_back({{"id", r.integer(0)}, {"name", r.text(1)}, {"scopes", r.text(2)}, {"created_at", r.text(3)},
                                 {"revoked", !r.is_null(4)}});
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["scopes"] = json::array();
    for (auto& perm : permissions())
      if (perm.name != "public" && perm.name != "staff" && authorize(p, perm.name).allowed)
        ctx["scopes"].push_back({{"name", std::string(perm.name)}, {"what", std::string(perm.what)}});
    return site.workspace_page(req, "API 令牌", "workspace/tokens", ctx);
  });

  router.add("POST", "/workspace/tokens", "token.own", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    if (req.form_value("action") == "revoke") {
      auto id = http::parse_id(req.form_value("token_id"));
      if (!id) return site.error(req, 400, "缺少令牌编号");
      auto st = revoke_api_token(site.db, p, *id);
      if (!st) return site.error(req, st.error());
      return Response::redirect("/workspace/tokens");
    }
    std::string scopes;
    for (auto& s : req.form_all("scopes")) scopes += (scopes.empty() ? "" : " ") + s;
    auto t = create_api_token(site.db, p, req.form_value("name"), scopes);
    if (!t) return site.error(req, t.error());
    // The token is shown once, now; only its hash is kept.
    return site.workspace_page(req, "API 令牌", "workspace/token_created", json{{"token", t->token}, {"scopes", scopes}});
  });
}

}  // namespace zhifa::org
