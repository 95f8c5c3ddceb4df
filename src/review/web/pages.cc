#include "review/web/pages.h"

#include <optional>

#include "platform/core/clock.h"
#include "review/gate.h"
#include "review/views.h"
#include "review/web/forms.h"

namespace zhifa::review {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

void blanks_to_null(json& j) {
  if (j.is_string() && j.get_ref<const std::string&>().empty()) j = nullptr;
  else if (j.is_object() || j.is_array())
    for (auto& v : j) blanks_to_null(v);
}

// Re-shows what the reviewer typed in the checklist after a refusal.
void show_typed_answers(json& checklist, const json& typed) {
  for (auto& item : checklist) {
    std::string key = std::to_string(item["element"].get<int>());
    if (!typed.contains(key)) continue;
    std::string a = typed[key]["answer"];
    item["answer"] = a;
    item["comment"] = typed[key]["comment"];
    item["is_pass"] = a == "pass";
    item["is_problem"] = a == "problem";
    item["is_na"] = a == "na";
  }
}

}  // namespace

Response page(const web::Site& site, const Request& req, const std::string& title, const std::string& name, json ctx, int status) {
  blanks_to_null(ctx);
  return site.workspace_page(req, title, name, std::move(ctx), status);
}

std::vector<std::int64_t> jurisdiction(const org::Principal& p) { return {p.jurisdiction.begin(), p.jurisdiction.end()}; }

Response write_or_show(web::Site& site, const Request& req, const std::function<Status(store::Tx&)>& service,
                       const std::function<Response()>& done, const std::function<bool(const Error&)>& shown,
                       const std::function<Response(const Error&)>& form) {
  std::optional<Error> refused;
  return web::write(
      site, req,
      [&](store::Tx& tx) -> Status {
        Status st = service(tx);
        if (st || !shown(st.error())) return st;
        refused = st.error();
        return Error::invalid(st.error().message, st.error().field);
      },
      done, [&](const Error& e) { return form(refused ? *refused : e); });
}

Response submission_page(web::Site& site, const Request& req, std::int64_t id, json extra, int status) {
  const auto& p = web::principal(req);
  return web::read(
      site, req, [&](store::Tx& tx) { return submission_for(tx, p, id); },
      [&](json& ctx) -> Response {
        if (ctx["can_correct"].get<bool>() && !ctx["rounds"].empty()) {
          auto& cur = ctx["rounds"][0];
          auto f = parse_facts_json(cur["facts_raw"].dump());
          if (!f) return web::fail(site, req, f.error());
          ctx["correct"] = {{"draft", cur["draft"]}, {"materials", materials_text(cur["materials"])}, {"facts", facts_form(*f)}};
        }
        ctx["errors"] = json::object();
        ctx["submission_id"] = id;
        ctx["today"] = clock::today_beijing();
        for (auto& [k, v] : extra.items()) {
          if (k == "answers" && !ctx["rounds"].empty()) {
            show_typed_answers(ctx["rounds"][0]["checklist"], v);
          } else {
            ctx[k] = v;
          }
        }
        return page(site, req, "法制审核 · " + ctx["case_title"].get<std::string>(), "review/submission", ctx, status);
      });
}

Response step(web::Site& site, const Request& req, std::int64_t id, const std::function<Status(store::Tx&)>& service, json extra) {
  return write_or_show(
      site, req, service, [&] { return web::see_other("/workspace/review/" + std::to_string(id)); },
      [](const Error& e) { return e.kind != ErrorKind::kInternal && e.kind != ErrorKind::kUnavailable && e.kind != ErrorKind::kNotFound; },
      [&](const Error& e) {
        extra["error"] = e.message;
        if (!e.field.empty()) extra["errors"] = json{{e.field, e.message}};
        return submission_page(site, req, id, extra, http_status(e.kind));
      });
}

}  // namespace zhifa::review
