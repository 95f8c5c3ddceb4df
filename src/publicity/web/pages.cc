#include "publicity/web/pages.h"
#include "publicity/web/routes.h"

#include "law/procedure.h"
#include "publicity/list_workflow.h"
#include "web/handle.h"

namespace zhifa::publicity::pages {

using http::Request;
using http::Response;

std::optional<std::int64_t> to_int(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string date_of(const std::string& iso) { return iso.substr(0, 10); }

json agency_json(const org::Agency& a, bool en) {
  return {{"id", a.id}, {"code", a.code}, {"name", en && !a.name_en.empty() ? a.name_en : a.name}, {"name_zh", a.name},
          {"address", a.address}, {"phone", a.phone}};
}

std::string title_of(const ListDef& def, const json& row) {
  for (const char* k : {"name", "act"})
    if (row.contains(k) && row[k].is_string() && !row[k].get<std::string>().empty()) return row[k].get<std::string>();
  return row.value(def.key, "");
}

// A row as templates show it: title, key, and every field with its label.
json row_view(const ListDef& def, const json& row, bool en, int index) {
  json fields = json::array();
  for (auto& f : def.fields) {
    std::string v = field_text(f, row);
    if (f.key == "procedure" && !v.empty())
      if (const law::Procedure* proc = law::find_procedure(v)) v = proc->name;
    json fj{{"empty", v.empty()}, {"key", f.key}, {"label", en ? f.en : f.zh}, {"value", v}, {"long", f.type == FieldType::kLongText || f.type == FieldType::kBands}};
    if (f.type == FieldType::kBands) {
      json bands = json::array();
      if (row.contains(f.key) && row[f.key].is_array())
        for (auto& b : row[f.key]) {
          std::string range;
          if (b.contains("fine_min_yuan"))
            range = std::to_string(b["fine_min_yuan"].get<std::int64_t>()) + "–" + std::to_string(b.value("fine_max_yuan", std::int64_t{0})) + (en ? " yuan" : " 元");
          bands.push_back({{"facts", b.value("facts", "")}, {"penalty", b.value("penalty", "")}, {"range", range}});
        }
      fj["bands"] = bands;
      fj["has_bands"] = !bands.empty();
    }
    fields.push_back(fj);
  }
  return {{"title", title_of(def, row)}, {"key", row.value(def.key, "")}, {"fields", fields}, {"index", index},
          {"is_guide", def.kind == "guides"}, {"is_matter", def.kind == "matters"}, {"procedure", row.value("procedure", "")}};
}

json diff_view(const ListDef& def, const std::vector<RowDiff>& diff, bool en) {
  json out = json::array();
  for (auto& d : diff) {
    json j{{"key", d.key}, {"title", title_of(def, d.row)}};
    if (d.op == RowDiff::Op::kAdded) { j["added"] = true; j["row"] = row_view(def, d.row, en); }
    else if (d.op == RowDiff::Op::kRemoved) { j["removed"] = true; j["row"] = row_view(def, d.row, en); }
    else {
      j["changed"] = true;
      json ch = json::array();
      for (auto& c : d.changes) {
        const FieldDef* f = def.field(c.field);
        ch.push_back({{"label", f && en ? f->en : c.label}, {"before", c.before}, {"after", c.after}});
      }
      j["changes"] = ch;
    }
    out.push_back(j);
  }
  return out;
}

Result<org::Agency> agency_by_code(store::Tx& tx, const std::string& code, bool en) {
  auto a = org::find_agency(tx, code);
  if (!a) return a.error();
  if (!*a) return Error::not_found(en ? "No such agency" : "没有这个执法主体");
  return **a;
}


const ListDef* list_or_null(const Request& req) { return find_list(std::string(req.param("kind"))); }

Result<org::Agency> workspace_agency(store::Tx& tx, const http::Request& req) {
  auto a = agency_by_code(tx, std::string(req.param("agency")), false);
  if (!a) return a.error();
  // Another agency's drafts: answered as an unknown agency code (org::require).
  if (auto st = org::require(web::Site::principal(req), "publicity.view", a->id, "没有这个执法主体"); !st) return st.error();
  return *a;
}

http::Response render_editor(web::Site& site, const http::Request& req, const ListDef& def, json extra, int status) {
  const auto& p = web::Site::principal(req);
  json ctx = std::move(extra);
  return web::read(site, req, [&](store::Tx& tx) -> Status {
    auto a = workspace_agency(tx, req);
    if (!a) return a.error();
    ctx["agency"] = {{"code", a->code}, {"name", a->name}};
    auto s = load_list(tx, a->id, def.kind);
    if (!s) return s.error();
    json rows = json::array();
    int i = 0;
    for (auto& r : s->rows) rows.push_back(row_view(def, r, false, ++i));
    ctx["rows"] = rows;
    ctx["count"] = rows.size();
    ctx["revision"] = s->revision;
    ctx["state"] = s->state;
    ctx["state_label"] = s->id ? state_label(s->state) : "未建立";
    ctx["reason"] = s->reason;
    ctx["info"] = {{"updated_at", s->updated_at}, {"updated_by", s->updated_by}, {"submitted_at", s->submitted_at},
                   {"submitted_by", s->submitted_by}, {"approved_at", s->approved_at}, {"approved_by", s->approved_by},
                   {"superior_at", s->superior_at}, {"superior_by", s->superior_by}};
    ctx["published_version"] = s->published_version;
    bool own = p.agency_id == a->id;
    bool editable = s->state == "draft" || s->state == "rejected" || s->state == "published";
    ctx["can_edit"] = own && org::authorize(p, "publicity.edit", a->id).allowed && editable;
    ctx["can_submit"] = ctx["can_edit"].get<bool>() && s->id && s->state != "published";
    ctx["can_review"] = s->state == "submitted" && org::authorize(p, "publicity.review", a->id).allowed;
    ctx["can_superior"] = def.superior_approval && s->state == "approved" && is_superior_reviewer(tx, p, a->id);
    std::string ready = def.superior_approval ? "superior_approved" : "approved";
    ctx["can_publish"] = s->state == ready && org::authorize(p, "publicity.edit", a->id).allowed;
    ctx["awaiting_superior"] = def.superior_approval && s->state == "approved";
    // What would change on publishing: the draft against the current version.
    auto cur = find_version(tx, a->id, def.kind, 0);
    if (!cur) return cur.error();
    if (s->id && s->state != "published") {
      auto diff = diff_rows(def, *cur ? (*cur)->rows : json::array(), s->rows);
      ctx["pending_diff"] = diff_view(def, diff, false);
      ctx["has_pending"] = !diff.empty();
    }
    return {};
  }, [&] {
    ctx["list"] = {{"kind", def.kind}, {"name", def.zh}, {"rule", def.rule}, {"superior", def.superior_approval}};
    json fields = json::array();
    for (auto& f : def.fields) {
      json fj{{"key", f.key}, {"label", f.zh}, {"required", f.required}, {"long", f.type == FieldType::kLongText},
              {"bands", f.type == FieldType::kBands}, {"choice", f.type == FieldType::kChoice}};
      std::string value = ctx.contains("form") && ctx["form"].contains(f.key) ? ctx["form"][f.key].get<std::string>() : "";
      fj["value"] = value;
      if (f.type == FieldType::kChoice) {
        json opts = json::array();
        for (auto& c : f.choices) opts.push_back({{"value", c}, {"selected", c == value}});
        fj["options"] = opts;
      }
      if (ctx.contains("errors") && ctx["errors"].contains(f.key)) fj["error"] = ctx["errors"][f.key];
      fields.push_back(fj);
    }
    ctx["fields"] = fields;
    return site.workspace_page(req, def.zh, "publicity/edit", ctx, status);
  });
}

Response fail_as_data(const web::Site& site, const Request& req, const Error& e) {
  if (req.is_api() || req.path.ends_with(".json") || req.path.ends_with(".csv")) return Response::json_error(http_status(e.kind), e.message, e.field);
  return site.error(req, e);
}

}  // namespace zhifa::publicity::pages
