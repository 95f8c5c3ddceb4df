// The workspace of the lists: the overview of the agency's lists, the editor page, and saving or
// deleting one row.
#include <map>
#include <mutex>

#include "platform/core/clock.h"
#include "publicity/list_workflow.h"
#include "platform/http/util.h"
#include "publicity/web/pages.h"
#include "publicity/web/routes.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using namespace pages;

namespace {

void register_overview(http::Router& router, web::Site& site) {
  router.add("GET", "/workspace/publicity", "publicity.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    json ctx;
    std::string today = clock::today_beijing();
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto all = org::list_agencies(tx);
      if (!all) return all.error();
      json agencies = json::array(), pending = json::array();
      for (auto& a : *all) {
        bool mine = a.id == p.agency_id;
        bool superior = is_superior_reviewer(tx, p, a.id);
        if (!mine && !superior && !p.jurisdiction.count(a.id)) continue;
        json lists = json::array();
        for (auto& d : list_defs()) {
          auto s = load_list(tx, a.id, d.kind);
          if (!s) return s.error();
          json l{{"kind", d.kind}, {"name", d.zh}, {"state", s->state}, {"state_label", s->id ? state_label(s->state) : "未建立"},
                 {"version", s->published_version}, {"rows", s->rows.size()}, {"agency", a.code}};
          if (d.superior_approval && superior && s->state == "approved")
            pending.push_back({{"agency", a.code}, {"agency_name", a.name}, {"kind", d.kind}, {"name", d.zh}});
          lists.push_back(l);
        }
        if (mine) agencies.push_back({{"code", a.code}, {"name", a.name}, {"lists", lists}});
      }
      ctx["agencies"] = agencies;
      ctx["pending"] = pending;
      ctx["has_pending_review"] = !pending.empty();
      // Staff publicity and badges (seed 一.7): the agency's certified people.
      auto people = org::list_people(tx, p.agency_id);
      if (!people) return people.error();
      json staff = json::array();
      for (auto& x : *people)
        for (auto& c : x.certificates)
          staff.push_back({{"id", x.id}, {"name", x.name}, {"post", x.post}, {"section", x.section_name}, {"number", c.number},
                           {"valid", c.valid_on(today)}, {"valid_to", c.valid_to}});
      ctx["staff"] = staff;
      return {};
    }, [&] {
      ctx["can_edit"] = org::authorize(p, "publicity.edit").allowed;
      return site.workspace_page(req, "公示清单", "publicity/index", ctx);
    });
  });

}

void register_editor_page(http::Router& router, web::Site& site) {
  auto render_editor = [&site](const Request& req, const ListDef& def, json extra, int status) { return pages::render_editor(site, req, def, std::move(extra), status); };
  router.add("GET", "/workspace/publicity/{agency}/{kind}", "publicity.view", [&site, render_editor](Request& req) {
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, "没有这种清单");
    json extra = json::object();
    if (auto e = to_int(req.query_param("row")); e) extra["editing"] = *e;
    // Editing an existing row: prefill the form.
    if (auto n = to_int(req.query_param("row")); n && *n > 0) {
      // Best effort: without the row the form is simply empty (the page itself reports errors).
      extra = web::read_or_log(site, "publicity.list row prefill", [&](store::Tx& tx) -> Result<json> {
        json out = extra;
        auto a = agency_by_code(tx, std::string(req.param("agency")), false);
        if (!a) return a.error();
        auto s = load_list(tx, a->id, def->kind);
        if (s && *n <= static_cast<std::int64_t>(s->rows.size())) {
          json f = json::object();
          const json& r = s->rows[*n - 1];
          for (auto& fd : def->fields)
            f[fd.key] = fd.type == FieldType::kBands ? bands_text(r.contains(fd.key) ? r[fd.key] : json::array()) : r.value(fd.key, "");
          out["form"] = f;
          out["editing_title"] = title_of(*def, r);
        }
        return out;
      }, extra);
    }
    return render_editor(req, *def, extra, 200);
  });

}

void register_row_save(http::Router& router, web::Site& site) {
  auto render_editor = [&site](const Request& req, const ListDef& def, json extra, int status) { return pages::render_editor(site, req, def, std::move(extra), status); };
  // Save one row (n = 0: a new row) or delete it; the form carries the revision it was read at.
  router.add("POST", "/workspace/publicity/{agency}/{kind}/rows", "publicity.edit", [&site, render_editor](Request& req) {
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, "没有这种清单");
    const auto& p = web::Site::principal(req);
    web::Input in(req);
    auto revision = to_int(in.text("revision")).value_or(-1);
    auto index = to_int(in.text("row")).value_or(0);
    bool remove = in.text("action") == "delete";
    std::vector<std::pair<std::string, std::string>> values;
    for (auto& f : def->fields) values.push_back({f.key, in.text(f.key)});
    std::vector<RowError> errors;
    json row = row_from_strings(*def, values, static_cast<int>(index ? index : 0), errors);
    json form_echo = json::object();
    for (auto& [k, v] : values) form_echo[k] = v;
    std::string agency_code(req.param("agency"));
    auto save = [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, agency_code, false);
      if (!a) return a.error();
      auto s = load_list(tx, a->id, def->kind);
      if (!s) return s.error();
      if (s->revision != revision) return Error::conflict(kChangedMessage);
      json rows = s->rows;
      if (index > static_cast<std::int64_t>(rows.size())) return Error::conflict(kChangedMessage);
      if (remove) {
        if (index < 1) return Error::invalid("没有选中要删除的行", "row");
        rows.erase(rows.begin() + (index - 1));
      } else if (index >= 1) {
        rows[index - 1] = row;
      } else {
        rows.push_back(row);
      }
      auto r = save_draft(tx, p, a->id, def->kind, rows, revision, errors);
      return r ? Status{} : Status(r.error());
    };
    // The reply to the outcome: back to the list, or the editor again with the errors.
    auto answer = [&](const Status& st) -> Response {
      if (st) {
        return Response::redirect("/workspace/publicity/" + agency_code + "/" + def->kind);
      }
      const Error& failure = st.error();
      if (failure.kind != ErrorKind::kInvalid && failure.kind != ErrorKind::kConflict) return site.error(req, failure);
      json extra{{"form", form_echo}, {"errors", json::object()}, {"editing", index}};
      // Row errors of the row being edited become field errors; others (e.g. a duplicate key
      // with another row) name their row.
      json list_errors = json::array();
      for (auto& e : errors) {
        if (e.row == 0 || e.row == (index ? index : e.row)) extra["errors"][e.field.empty() ? "_" : e.field] = e.message;
        list_errors.push_back("第" + std::to_string(e.row) + "行 " + (def->field(e.field) ? def->field(e.field)->zh : e.field) + "：" + e.message);
      }
      if (failure.kind == ErrorKind::kConflict) {
        extra["conflict"] = failure.message;
        // Show what the other save changed against what this form holds (same row key).
        // Best effort: the conflict is reported either way.
        extra = web::read_or_log(site, "publicity.list conflict changes", [&](store::Tx& tx) -> Result<json> {
          json out = extra;
          auto a = agency_by_code(tx, agency_code, false);
          if (!a) return a.error();
          auto s = load_list(tx, a->id, def->kind);
          if (!s) return s.error();
          std::string key = row.value(def->key, "");
          for (auto& r : s->rows)
            if (r.value(def->key, "") == key) {
              auto d = diff_rows(*def, json::array({r}), json::array({row}));
              json changes = json::array();
              for (auto& x : d)
                for (auto& c : x.changes) changes.push_back({{"label", c.label}, {"current", c.before}, {"yours", c.after}});
              out["conflict_changes"] = changes;
              out["has_conflict_changes"] = !changes.empty();
            }
          return out;
        }, extra);
      }
      if (!errors.empty() && extra["errors"].empty()) extra["errors"][errors.front().field] = errors.front().message;
      extra["list_errors"] = list_errors;
      extra["has_list_errors"] = !list_errors.empty();
      return render_editor(req, *def, extra, failure.kind == ErrorKind::kConflict ? 409 : 400);
    };
    if (!errors.empty()) return answer(Status(Error::invalid(errors.front().message, errors.front().field)));
    return write_outcome(site, save, answer);
  });

}

}  // namespace

void pages::register_list_workspace(http::Router& router, web::Site& site) {
  register_overview(router, site);
  register_editor_page(router, site);
  register_row_save(router, site);
}

}  // namespace zhifa::publicity
