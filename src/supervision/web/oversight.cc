// The routes of 案卷评查, 同案同罚 and 整改 (issue 21; no SQL here: services in src/supervision/).
#include "platform/core/clock.h"
#include "supervision/consistency.h"
#include "supervision/evaluation.h"
#include "supervision/web/routes.h"
#include "web/handle.h"

namespace zhifa::supervision {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// A refused form: the page again, with the message beside the field and the input kept.
Response refused(web::Site& site, const Request& req, const web::Input& in, const Error& e, const std::string& title, const std::string& tpl,
                 const std::function<Result<json>(store::Tx&)>& page) {
  json ctx = web::read_or_log(site, title.c_str(), page);
  ctx["error"] = e.message;
  ctx["errors"] = web::field_errors(e);
  ctx["form"] = in.echo();
  ctx["csrf"] = web::Site::csrf_token(req);
  return site.workspace_page(req, title, tpl, ctx, 400);
}

std::vector<EvalItem> standard_of(web::Input& in) {
  if (const json* raw = in.raw("items")) {
    auto items = standard_from_json(*raw);
    return items ? *items : std::vector<EvalItem>{{"", "", "", 0, {}, false}};
  }
  std::vector<EvalItem> out;
  for (int i = 0; i < 30; ++i) {
    std::string k = std::to_string(i);
    if (!in.has("name_" + k)) break;
    EvalItem it;
    it.code = in.text("code_" + k);
    it.name = in.text("name_" + k);
    it.rule = in.text("rule_" + k);
    std::string pts = in.text("points_" + k), checks = in.text("checks_" + k);
    if (it.name.empty() && it.rule.empty() && pts.empty()) continue;  // the blank row
    if (it.code.empty()) it.code = "item" + k;
    it.points = pts.empty() || pts.size() > 3 || pts.find_first_not_of("0123456789") != std::string::npos ? -1 : std::stoi(pts);
    it.manual = in.flag("manual_" + k) || checks.find_first_not_of(',') == std::string::npos;
    for (std::size_t a = 0; a < checks.size();) {
      auto b = checks.find(',', a);
      std::string c = checks.substr(a, b == std::string::npos ? std::string::npos : b - a);
      if (!c.empty()) it.checks.push_back(c);
      if (b == std::string::npos) break;
      a = b + 1;
    }
    out.push_back(it);
  }
  return out;
}

}  // namespace

void register_evaluation_routes(http::Router& router, web::Site& site) {
  auto page = [&site](const Request& req) {
    return [&site, &req](store::Tx& tx) -> Result<json> {
      auto j = evaluations_page(tx, web::principal(req), std::string(req.query_param("agency")));
      if (j) (*j)["csrf"] = web::Site::csrf_token(req);
      return j;
    };
  };
  router.add("GET", "/workspace/supervision/evaluations", "supervision.view", [&site, page](Request& req) {
    return web::read(site, req, page(req), [&](json& ctx) { return site.workspace_page(req, "案卷评查", "supervision/evaluations", ctx); });
  });
  router.add("POST", "/workspace/supervision/evaluations", "supervision.evaluate", [&site, page](Request& req) {
    web::Input in(req);
    NewEvaluation e{in.text("agency"), in.text("year"), in.text("kind"), in.text("title"), in.text("sources"), in.text("per_agency")};
    return web::write(
        site, req, in, [&](store::Tx& tx) { return create_evaluation(tx, web::principal(req), e, clock::today_beijing()); },
        [&](std::int64_t id) {
          if (req.is_api()) return web::json_reply({{"id", id}}, 201);
          return web::see_other("/workspace/supervision/evaluations#evaluation-" + std::to_string(id));
        },
        [&](const Error& err) { return refused(site, req, in, err, "案卷评查", "supervision/evaluations", page(req)); });
  });

  auto file_page = [&site](const Request& req, std::int64_t id) {
    return [&site, &req, id](store::Tx& tx) -> Result<json> {
      auto j = eval_file_page(tx, web::principal(req), id, clock::today_beijing());
      if (j) (*j)["csrf"] = web::Site::csrf_token(req);
      return j;
    };
  };
  router.add("GET", "/workspace/supervision/evaluations/files/{id}", "supervision.view", [&site, file_page](Request& req) {
    auto id = web::path_id(req, "id", "没有这份评查案卷");
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, file_page(req, *id), [&](json& ctx) { return site.workspace_page(req, "案卷评查 · " + ctx["case_no"].get<std::string>(), "supervision/eval_file", ctx); });
  });
  router.add("POST", "/workspace/supervision/evaluations/files/{id}", "supervision.evaluate", [&site, file_page](Request& req) {
    auto id = web::path_id(req, "id", "没有这份评查案卷");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    GradeInput g;
    const json& body = in.body();
    if (in.is_json()) {
      if (body.contains("scores") && body["scores"].is_object())
        for (auto& [k, v] : body["scores"].items()) g.scores[k] = v.is_number_integer() ? std::to_string(v.get<std::int64_t>()) : v.is_string() ? v.get<std::string>() : "x";
      if (body.contains("notes") && body["notes"].is_object())
        for (auto& [k, v] : body["notes"].items()) g.notes[k] = v.is_string() ? v.get<std::string>() : "";
    } else {
      const json echo = in.echo();
      for (auto& [k, v] : echo.items()) {
        if (!v.is_string()) continue;
        if (k.rfind("score_", 0) == 0) g.scores[k.substr(6)] = v.get<std::string>();
        if (k.rfind("note_", 0) == 0) g.notes[k.substr(5)] = v.get<std::string>();
      }
    }
    g.rectify_note = in.text("rectify_note");
    g.rectify_due_on = in.text("rectify_due_on");
    return web::write(
        site, req, in, [&](store::Tx& tx) { return grade_file(tx, web::principal(req), *id, g, clock::today_beijing()); },
        [&] {
          if (req.is_api()) return web::json_reply({{"id", *id}});
          return web::see_other("/workspace/supervision/evaluations/files/" + std::to_string(*id));
        },
        [&](const Error& err) { return refused(site, req, in, err, "案卷评查", "supervision/eval_file", file_page(req, *id)); });
  });

  router.add("GET", "/api/v1/supervision/evaluations", "supervision.view", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) { return evaluations_api(tx, web::principal(req), std::string(req.query_param("agency"))); },
                     [](const json& j) { return web::json_reply(j); });
  });

  auto std_page = [&site](const Request& req) {
    return [&site, &req](store::Tx& tx) -> Result<json> {
      auto j = standard_page(tx, web::principal(req));
      if (j) {
        (*j)["csrf"] = web::Site::csrf_token(req);
        (*j)["may_edit"] = org::authorize(web::principal(req), "supervision.evaluate").allowed;
        int i = 0;
        for (auto& it : (*j)["items"]) it["i"] = i++;
        (*j)["blank"] = i;
        int sum = 0;
        for (auto& it : (*j)["items"]) sum += it["points"].get<int>();
        (*j)["sum"] = sum;
      }
      return j;
    };
  };
  router.add("GET", "/workspace/supervision/standard", "supervision.view", [&site, std_page](Request& req) {
    return web::read(site, req, std_page(req), [&](json& ctx) { return site.workspace_page(req, "评查标准", "supervision/standard", ctx); });
  });
  router.add("POST", "/workspace/supervision/standard", "supervision.evaluate", [&site, std_page](Request& req) {
    web::Input in(req);
    auto items = standard_of(in);
    return web::write(
        site, req, in, [&](store::Tx& tx) { return save_standard(tx, web::principal(req), items); },
        [&] {
          if (req.is_api()) return web::json_reply({{"saved", true}});
          return web::see_other("/workspace/supervision/standard");
        },
        [&](const Error& err) { return refused(site, req, in, err, "评查标准", "supervision/standard", std_page(req)); });
  });

  router.add("GET", "/workspace/supervision/rectifications", "staff", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) { return rectifications_page(tx, web::principal(req)); }, [&](json& ctx) {
      ctx["csrf"] = web::Site::csrf_token(req);
      return site.workspace_page(req, "评查整改", "supervision/rectifications", ctx);
    });
  });
  router.add("POST", "/workspace/supervision/rectifications/{id}", "staff", [&site](Request& req) {
    auto id = web::path_id(req, "id", "没有这份评查案卷");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string reply = in.text("reply");
    return web::write(site, req, in, [&](store::Tx& tx) { return reply_rectification(tx, web::principal(req), *id, reply, clock::today_beijing()); },
                      [&] {
                        if (req.is_api()) return web::json_reply({{"id", *id}});
                        return web::see_other("/workspace/supervision/rectifications");
                      });
  });

  router.add("GET", "/workspace/supervision/consistency", "supervision.view", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) { return consistency(tx, web::principal(req), std::string(req.query_param("agency")), clock::today_beijing()); },
                     [&](json& ctx) { return site.workspace_page(req, "同案同罚", "supervision/consistency", ctx); });
  });
}

}  // namespace zhifa::supervision
