// The routes of 督查通报 and 备案 (issue 21; no SQL here: services in src/supervision/notices.h).
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/http/multipart.h"
#include "platform/http/util.h"
#include "supervision/notices.h"
#include "supervision/web/routes.h"
#include "web/handle.h"

namespace zhifa::supervision {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

Response refused(web::Site& site, const Request& req, const json& echo, const Error& e, const std::string& title, const std::string& tpl,
                 const std::function<Result<json>(store::Tx&)>& page) {
  json ctx = web::read_or_log(site, title.c_str(), page);
  ctx["error"] = e.message;
  ctx["errors"] = web::field_errors(e);
  ctx["form"] = echo;
  ctx["csrf"] = web::Site::csrf_token(req);
  return site.workspace_page(req, title, tpl, ctx, 400);
}

// A reply as sent: a multipart form (with attachments) or a plain form / JSON (text only).
struct ReplyIn {
  std::string reply;
  std::vector<ReplyFile> files;
  std::optional<Error> error;
};
ReplyIn read_reply(const Request& req) {
  ReplyIn r;
  std::string ctype(req.header("Content-Type"));
  if (ctype.find("multipart/") != std::string::npos) {
    auto parts = http::parse_multipart(ctype, req.body);
    if (!parts) {
      r.error = parts.error();
      return r;
    }
    if (const http::Part* p = http::find_part(*parts, "reply"); p && !p->file) r.reply = p->bytes;
    for (const auto& p : *parts)
      if (p.name == "attachments" && p.file && !(p.bytes.empty() && p.filename.empty())) r.files.push_back({p.filename, p.bytes});
    return r;
  }
  web::Input in(req);
  r.reply = in.text("reply");
  if (auto st = in.status(); !st) r.error = st.error();
  return r;
}

}  // namespace

void register_notice_routes(http::Router& router, web::Site& site) {
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& t) { return notice_tasks(tx, p, clock::today_beijing(), t); });
  auto blobs = std::shared_ptr<blob::BlobStore>(
      blob::open_filesystem_store((site.options.data_dir.empty() ? std::string("./data") : site.options.data_dir) + "/blobs"));

  auto list_page = [&site](const Request& req) {
    return [&site, &req](store::Tx& tx) -> Result<json> {
      auto j = notices_page(tx, web::principal(req), clock::today_beijing());
      if (j) (*j)["csrf"] = web::Site::csrf_token(req);
      return j;
    };
  };
  router.add("GET", "/workspace/supervision/notices", "staff", [&site, list_page](Request& req) {
    return web::read(site, req, list_page(req), [&](json& ctx) { return site.workspace_page(req, "督查通报", "supervision/notices", ctx); });
  });
  router.add("POST", "/workspace/supervision/notices", "supervision.notice", [&site, list_page](Request& req) {
    web::Input in(req);
    NewNotice n{in.text("title"), in.text("body"), {}, in.flag("all"), in.text("due_on"), in.text("reply_days")};
    if (const json* r = in.raw("recipients"); r && r->is_array()) {
      for (auto& x : *r)
        if (x.is_string()) n.recipients.push_back(x.get<std::string>());
    } else if (!in.is_json()) {
      for (auto& part : req.form_all("recipients")) n.recipients.push_back(part);
    }
    return web::write(
        site, req, in, [&](store::Tx& tx) { return issue_notice(tx, web::principal(req), n, clock::today_beijing()); },
        [&](std::int64_t id) {
          if (req.is_api()) return web::json_reply({{"id", id}}, 201);
          return web::see_other("/workspace/supervision/notices/" + std::to_string(id));
        },
        [&](const Error& e) { return refused(site, req, in.echo(), e, "督查通报", "supervision/notices", list_page(req)); });
  });

  auto one_page = [&site](const Request& req, std::int64_t id) {
    return [&site, &req, id](store::Tx& tx) -> Result<json> {
      auto j = notice_page(tx, web::principal(req), id, clock::today_beijing());
      if (j) (*j)["csrf"] = web::Site::csrf_token(req);
      return j;
    };
  };
  router.add("GET", "/workspace/supervision/notices/{id}", "staff", [&site, one_page](Request& req) {
    auto id = web::path_id(req, "id", "没有这份督查通报");
    if (!id) return web::fail(site, req, id.error());
    return web::read(site, req, one_page(req, *id), [&](json& ctx) { return site.workspace_page(req, ctx["title"].get<std::string>(), "supervision/notice", ctx); });
  });
  router.add("POST", "/workspace/supervision/notices/{id}/reply", "staff", [&site, one_page, blobs](Request& req) {
    auto id = web::path_id(req, "id", "没有这份督查通报");
    if (!id) return web::fail(site, req, id.error());
    ReplyIn r = read_reply(req);
    if (r.error) return web::fail(site, req, *r.error);
    return web::write(
        site, req, [&](store::Tx& tx) { return reply_notice(tx, blobs.get(), web::principal(req), *id, r.reply, r.files, clock::today_beijing()); },
        [&] {
          if (req.is_api()) return web::json_reply({{"id", *id}});
          return web::see_other("/workspace/supervision/notices/" + std::to_string(*id));
        },
        [&](const Error& e) { return refused(site, req, json{{"reply", r.reply}}, e, "督查通报", "supervision/notice", one_page(req, *id)); });
  });
  router.add("GET", "/workspace/supervision/notices/{id}/attachments/{file}", "staff", [&site, blobs](Request& req) {
    auto id = web::path_id(req, "id", "没有这个附件");
    if (!id) return web::fail(site, req, id.error());
    auto file = web::path_id(req, "file", "没有这个附件");
    if (!file) return web::fail(site, req, file.error());
    return web::read(site, req, [&](store::Tx& tx) { return notice_attachment(tx, *blobs, web::principal(req), *id, *file); }, [](const FileOut& f) {
      Response r;
      r.status = 200;
      r.body = f.bytes;
      r.headers.set("Content-Type", f.media_type);
      r.headers.set("Content-Disposition", "attachment; filename=\"attachment\"; filename*=UTF-8''" + http::url_encode(f.name));
      r.headers.set("Cache-Control", "no-store");
      r.headers.set("X-Content-Type-Options", "nosniff");
      return r;
    });
  });
  router.add("GET", "/api/v1/supervision/notices", "supervision.view", [&site](Request& req) {
    return web::read(site, req, [&](store::Tx& tx) { return notices_api(tx, web::principal(req), std::string(req.query_param("agency")), clock::today_beijing()); },
                     [](const json& j) { return web::json_reply(j); });
  });

  // 备案
  auto filings = [&site](const Request& req) {
    return [&site, &req](store::Tx& tx) -> Result<json> {
      auto j = filings_page(tx, web::principal(req));
      if (j) (*j)["csrf"] = web::Site::csrf_token(req);
      return j;
    };
  };
  router.add("GET", "/workspace/supervision/filings", "supervision.view", [&site, filings](Request& req) {
    return web::read(site, req, filings(req), [&](json& ctx) { return site.workspace_page(req, "备案", "supervision/filings", ctx); });
  });
  router.add("POST", "/workspace/supervision/filings", "supervision.file", [&site, filings](Request& req) {
    web::Input in(req);
    NewFiling f{in.text("kind"), in.text("ref")};
    if (f.ref.empty()) f.ref = in.text(f.kind == "list" ? "list" : f.kind == "plan" ? "plan" : "year");
    return web::write(
        site, req, in, [&](store::Tx& tx) { return file_filing(tx, web::principal(req), f, clock::today_beijing()); },
        [&](std::int64_t id) {
          if (req.is_api()) return web::json_reply({{"id", id}}, 201);
          return web::see_other("/workspace/supervision/filings");
        },
        [&](const Error& e) { return refused(site, req, in.echo(), e, "备案", "supervision/filings", filings(req)); });
  });
  router.add("POST", "/workspace/supervision/filings/{id}", "supervision.file", [&site, filings](Request& req) {
    auto id = web::path_id(req, "id", "没有这份备案");
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string decision = in.text("decision"), reason = in.text("reason");
    return web::write(
        site, req, in, [&](store::Tx& tx) { return decide_filing(tx, web::principal(req), *id, decision, reason, clock::today_beijing()); },
        [&] {
          if (req.is_api()) return web::json_reply({{"id", *id}});
          return web::see_other("/workspace/supervision/filings");
        },
        [&](const Error& e) { return refused(site, req, in.echo(), e, "备案", "supervision/filings", filings(req)); });
  });
}

}  // namespace zhifa::supervision
