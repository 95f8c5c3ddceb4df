// Import of a list's draft from CSV or XLSX: all or nothing.
#include <map>
#include <mutex>

#include "platform/http/multipart.h"
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

void pages::register_list_import(http::Router& router, web::Site& site) {
  auto render_editor = [&site](const Request& req, const ListDef& def, json extra, int status) { return pages::render_editor(site, req, def, std::move(extra), status); };
  // Import: the whole draft is replaced by the file's rows, or nothing happens (all-or-nothing,
  // every error reported by row and column). The table comes as a pasted form field (csv), as a
  // file upload (multipart/form-data part "file": CSV or XLSX), or as the raw request body (API:
  // text/csv in UTF-8 or GBK/GB18030, or the bytes of an .xlsx). CSV or XLSX is told by content.
  auto import_handler = [&site, render_editor](Request& req) {
    const ListDef* def = list_or_null(req);
    if (!def) return site.error(req, 404, "没有这种清单");
    const auto& p = web::Site::principal(req);
    std::string ctype(req.header("Content-Type"));
    std::string bytes, revision_text(req.query_param("revision"));
    if (ctype.find("application/x-www-form-urlencoded") != std::string::npos) {
      bytes = req.form_value("csv");
      revision_text = req.form_value("revision");
    } else if (ctype.find("multipart/") != std::string::npos) {
      auto parts = http::parse_multipart(ctype, req.body);
      if (!parts) return req.is_api() ? Response::json_error(400, parts.error().message, "body") : site.error(req, 400, parts.error().message);
      const http::Part* file = http::find_part(*parts, "file");
      if (!file || file->bytes.empty()) {
        std::string m = "请选择要导入的文件（.csv 或 .xlsx）";
        if (req.is_api()) return Response::json_error(400, m, "file");
        return render_editor(req, *def, json{{"import_error", m}}, 400);
      }
      bytes = file->bytes;
      if (auto* r = http::find_part(*parts, "revision")) revision_text = r->bytes;
    } else {
      bytes = req.body;
    }
    std::vector<RowError> errors;
    std::int64_t count = 0;
    // The reply to the outcome: the count (API) or back to the list, else every error by row.
    auto answer = [&](const Status& st) -> Response {
      if (st) {
        if (req.is_api()) return Response::json(json{{"imported", count}}.dump());
        return Response::redirect("/workspace/publicity/" + std::string(req.param("agency")) + "/" + def->kind);
      }
      const Error& failure = st.error();
      if (errors.empty() && failure.kind != ErrorKind::kInvalid && failure.kind != ErrorKind::kConflict) return site.error(req, failure);
      json report = json::array(), lines = json::array();
      for (auto& e : errors) {
        const FieldDef* f = def->field(e.field);
        std::string column = f ? f->zh : e.field == "file" ? "" : e.field;
        report.push_back({{"row", e.row}, {"column", column}, {"message", e.message}});
        lines.push_back((e.row ? "第" + std::to_string(e.row) + "行" : std::string("文件")) + (column.empty() ? "" : " · " + column) + "：" + e.message);
      }
      int status = failure.kind == ErrorKind::kConflict && errors.empty() ? 409 : 400;
      std::string message = status == 409 ? failure.message : "导入失败，没有保存任何内容（共 " + std::to_string(errors.size()) + " 处错误）";
      if (req.is_api()) return Response::json(json{{"error", message}, {"rows", report}}.dump(), status);
      json extra{{"import_error", message}, {"import_errors", lines}, {"has_import_errors", !lines.empty()}};
      return render_editor(req, *def, extra, status);
    };
    auto table = read_table(bytes);
    if (!table) {
      errors.push_back({0, "file", table.error().message});
      return answer(Status(Error{}));
    }
    json rows = rows_from_table(*def, *table, errors);
    count = static_cast<std::int64_t>(rows.size());
    if (!errors.empty()) return answer(Status(Error{}));
    return write_outcome(site, [&](store::Tx& tx) -> Status {
      auto a = agency_by_code(tx, std::string(req.param("agency")), false);
      if (!a) return a.error();
      auto cur = load_list(tx, a->id, def->kind);
      if (!cur) return cur.error();
      std::int64_t expected = to_int(revision_text).value_or(cur->revision);
      auto r = save_draft(tx, p, a->id, def->kind, rows, expected, errors);
      return r ? Status{} : Status(r.error());
    }, answer);
  };
  router.add("POST", "/workspace/publicity/{agency}/{kind}/import", "publicity.edit", import_handler);
  router.add("POST", "/api/v1/publicity/{agency}/{kind}/import", "publicity.edit", import_handler);
}

}  // namespace zhifa::publicity
