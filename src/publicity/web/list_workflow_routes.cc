// The review of a list (submit → approve → [superior approve] → publish, or reject) and the
// export of the working draft.
#include <map>
#include <mutex>

#include "publicity/exchange.h"
#include "publicity/list_workflow.h"
#include "platform/http/util.h"
#include "publicity/web/pages.h"
#include "publicity/web/routes.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using namespace pages;

void pages::register_list_workflow(http::Router& router, web::Site& site) {
  auto render_editor = [&site](const Request& req, const ListDef& def, json extra, int status) { return pages::render_editor(site, req, def, std::move(extra), status); };
  auto workspace_agency = [](store::Tx& tx, const Request& req) { return pages::workspace_agency(tx, req); };
  // Review actions. Each route declares the permission the act needs; the service checks it
  // again with the agency (jurisdiction) and the state.
  struct Act { const char* path; const char* permission; };
  for (Act act : {Act{"submit", "publicity.edit"}, Act{"approve", "publicity.review"}, Act{"reject", "publicity.view"},
                  Act{"superior-approve", "publicity.superior"}, Act{"publish", "publicity.edit"}}) {
    std::string name = act.path;
    router.add("POST", "/workspace/publicity/{agency}/{kind}/" + name, act.permission, [&site, render_editor, name](Request& req) {
      const ListDef* def = list_or_null(req);
      if (!def) return site.error(req, 404, "没有这种清单");
      const auto& p = web::Site::principal(req);
      std::string agency_code(req.param("agency"));
      web::Input in(req);
      return write_outcome(site, [&](store::Tx& tx) -> Status {
        auto a = agency_by_code(tx, agency_code, false);
        if (!a) return a.error();
        if (name == "submit") return submit(tx, p, a->id, def->kind, to_int(in.text("revision")).value_or(-1));
        if (name == "approve") return approve(tx, p, a->id, def->kind);
        if (name == "reject") return reject(tx, p, a->id, def->kind, in.text("reason"));
        if (name == "superior-approve") return superior_approve(tx, p, a->id, def->kind);
        auto v = publish(tx, p, a->id, def->kind, in.text("note"));
        return v ? Status{} : Status(v.error());
      }, [&](const Status& st) {
        if (st) {
          return Response::redirect("/workspace/publicity/" + agency_code + "/" + def->kind);
        }
        if (st.error().kind == ErrorKind::kInvalid || st.error().kind == ErrorKind::kConflict) {
          json extra{{"action_error", st.error().message}};
          if (!st.error().field.empty()) extra["action_field"] = st.error().field;
          return render_editor(req, *def, extra, st.error().kind == ErrorKind::kConflict ? 409 : 400);
        }
        return site.error(req, st.error());
      });
    });
  }

  // Export of the working draft (CSV or XLSX), e.g. to edit in a spreadsheet and import again.
  router.add("GET", "/workspace/publicity/{agency}/{kind}/export/{file}", "publicity.view", [&site, workspace_agency](Request& req) {
    const ListDef* def = list_or_null(req);
    std::string file(req.param("file"));
    if (!def || (file != "list.csv" && file != "list.xlsx")) return site.error(req, 404, "没有这个文件");
    json rows;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = workspace_agency(tx, req);
      if (!a) return a.error();
      auto s = load_list(tx, a->id, def->kind);
      if (!s) return s.error();
      rows = s->rows;
      return {};
    }, [&] {
      std::string name = std::string(req.param("agency")) + "-" + def->kind + "-draft";
      Response resp;
      if (file == "list.xlsx") {
        auto x = to_xlsx(*def, rows);
        if (!x) return site.error(req, x.error());
        resp = Response::text(*x, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        resp.headers.set("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
      } else {
        resp = Response::text(to_csv(*def, rows), 200, "text/csv; charset=utf-8");
        resp.headers.set("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
      }
      resp.headers.set("Cache-Control", "no-store");
      return resp;
    });
  });

}

}  // namespace zhifa::publicity
