// The public side of 投诉举报: the form and POST /api/v1/complaints, the tracking page and its
// answer to a request for more information, the statistics. No login; the contact is never shown.
#include "complaints/web/parts.h"

#include <memory>

#include "complaints/service.h"
#include "org/auth.h"
#include "platform/blob/blob_store.h"
#include "platform/http/multipart.h"
#include "platform/http/util.h"
#include "web/handle.h"

namespace zhifa::complaints {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// The submission as sent: a JSON object (API), a multipart form (with attachments) or a plain form.
struct Incoming {
  Submission s;
  std::string idempotency_key;
  json echo = json::object();
  std::optional<Error> error;      // malformed body or a field of the wrong type
  bool too_large = false;          // an attachment over the limit: 413
};

Incoming read_submission(const Request& req) {
  Incoming in;
  std::string ctype(req.header("Content-Type"));
  in.idempotency_key = std::string(req.header("Idempotency-Key"));
  if (ctype.find("multipart/") != std::string::npos) {
    auto parts = http::parse_multipart(ctype, req.body);
    if (!parts) {
      in.error = parts.error();
      return in;
    }
    auto field = [&](const char* name) {
      const http::Part* p = http::find_part(*parts, name);
      return p && !p->file ? p->bytes : std::string();
    };
    in.s.kind = field("kind");
    in.s.agency = field("agency");
    in.s.concerning = field("concerning");
    in.s.what_happened = field("what_happened");
    in.s.request = field("request");
    in.s.name = field("name");
    in.s.phone = field("phone");
    in.s.email = field("email");
    std::string c = field("consent");
    in.s.consent = c == "1" || c == "on" || c == "true" || c == "yes";
    if (in.idempotency_key.empty()) in.idempotency_key = field("idempotency_key");
    for (const auto& p : *parts) {
      if (p.name != "attachments" || !p.file) continue;
      if (p.bytes.empty() && p.filename.empty()) continue;  // the browser's empty file input
      if (p.bytes.size() > Limits::kMaxAttachmentBytes) in.too_large = true;
      in.s.attachments.push_back({p.filename, "", p.bytes});
    }
    in.echo = {{"kind", in.s.kind}, {"agency", in.s.agency}, {"concerning", in.s.concerning}, {"what_happened", in.s.what_happened},
               {"request", in.s.request}, {"name", in.s.name}, {"phone", in.s.phone}, {"email", in.s.email}, {"consent", in.s.consent}};
    return in;
  }
  web::Input f(req);
  in.s.kind = f.text("kind");
  in.s.agency = f.text("agency");
  in.s.concerning = f.text("concerning");
  in.s.what_happened = f.text("what_happened");
  in.s.request = f.text("request");
  in.s.consent = f.flag("consent");
  if (f.is_json()) {
    if (const json* c = f.raw("contact"); c && !c->is_null()) {
      if (!c->is_object()) {
        in.error = Error::invalid("contact 须为对象 {\"phone\", \"email\"}", "contact");
      } else {
        auto str = [&](const char* k) -> std::string {
          auto it = c->find(k);
          if (it == c->end() || it->is_null()) return {};
          if (!it->is_string()) {
            in.error = Error::invalid(std::string("contact.") + k + " 须为字符串", std::string("contact.") + k);
            return {};
          }
          return it->get<std::string>();
        };
        in.s.phone = str("phone");
        in.s.email = str("email");
        in.s.name = str("name");
      }
    }
  } else {
    in.s.name = f.text("name");
    in.s.phone = f.text("phone");
    in.s.email = f.text("email");
    if (in.idempotency_key.empty()) in.idempotency_key = f.text("idempotency_key");
  }
  if (!in.error)
    if (auto st = f.status(); !st) in.error = st.error();
  in.echo = f.echo();
  return in;
}

json kinds_json(const std::string& selected, bool en) {
  json out = json::array();
  for (const char* k : {"complaint", "report", "suggestion"})
    out.push_back({{"value", k}, {"label", kind_label(k, en)}, {"checked", selected == k}});
  return out;
}

std::string field_key(std::string f) {
  for (auto& c : f)
    if (c == '.') c = '_';
  return f;
}

}  // namespace

void register_public_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  // --- the public form ---
  auto form_page = [&site](const Request& req, json form, json errors, int status) {
    bool en = web::Site::english(req);
    json ctx{{"form", form}, {"errors", errors}, {"csrf", web::Site::csrf_token(req)}, {"idempotency_key", org::random_token(16)}};
    std::string selected_kind = form.contains("kind") && form["kind"].is_string() ? form["kind"].get<std::string>() : std::string();
    if (selected_kind.empty()) selected_kind = "complaint";
    if (auto k = parse_kind(selected_kind)) selected_kind = *k;
    ctx["kinds"] = kinds_json(selected_kind, en);
    ctx["agencies"] = web::read_or_log(site, "complaints: agencies", [en](store::Tx& tx) { return agency_options(tx, en); }, json::array());
    std::string chosen = form.contains("agency") && form["agency"].is_string() ? form["agency"].get<std::string>() : std::string();
    if (chosen.empty()) chosen = std::string(req.query_param("agency"));
    for (auto& a : ctx["agencies"]) a["selected"] = a["code"] == chosen;
    ctx["max_mb"] = Limits::kMaxAttachmentBytes >> 20;
    ctx["max_files"] = Limits::kMaxAttachments;
    ctx["has_errors"] = !errors.empty();
    return site.portal_page(req, en ? "Complaints and reports" : "投诉举报", "complaints/new", ctx, status);
  };

  router.add("GET", "/complaints/new", "public", [form_page](Request& req) {
    json form{{"kind", std::string(req.query_param("kind"))}, {"concerning", std::string(req.query_param("concerning"))}};
    return form_page(req, form, json::object(), 200);
  });

  // One handler for the form and the API. The form answers 303 to the tracking page; the API 201
  // with {"code", "url", "accept_due"}. An idempotent replay answers the same code (the API: 200).
  auto submit_handler = [&site, blobs, form_page](Request& req) {
    bool en = web::Site::english(req);
    Incoming in = read_submission(req);
    auto refuse = [&](const Error& e, int status) -> Response {
      if (req.is_api()) return Response::json_error(status, e.message, e.field);
      json errors{{e.field.empty() ? std::string("form") : field_key(e.field), e.message}};
      return form_page(req, in.echo, errors, status);
    };
    if (in.error) return refuse(*in.error, 400);
    if (in.too_large)
      return refuse(Error::invalid("附件超过 " + std::to_string(Limits::kMaxAttachmentBytes >> 20) + " MB", "attachments"), 413);
    if (auto st = validate(in.s); !st) return refuse(st.error(), 400);
    return web::write(
        site, req, [&](store::Tx& tx) { return submit(tx, *blobs, in.s, req.remote, in.idempotency_key); },
        [&](const Submitted& out) {
          if (out.retry_after > 0) {
            std::string msg = "提交过于频繁，请 " + std::to_string((out.retry_after + 59) / 60) + " 分钟后再试 (too many submissions; retry later)";
            Response r = req.is_api() ? Response::json_error(429, msg, "address") : site.error(req, 429, msg);
            r.headers.set("Retry-After", std::to_string(out.retry_after));
            return r;
          }
          std::string url = "/complaints/" + out.code;
          if (req.is_api())
            return web::json_reply({{"code", out.code}, {"url", site.options.public_url + url}, {"accept_due", out.accept_due},
                                    {"handling_agency", out.handling_agency}, {"replay", out.replay}},
                                   out.replay ? 200 : 201);
          return web::see_other(url + "?submitted=1" + (en ? "&lang=en" : ""));
        },
        [&](const Error& e) { return refuse(e, 400); });
  };
  http::BodyLimit limit;
  limit.max_bytes = Limits::kMaxBodyBytes;
  router.add("POST", "/complaints", "public", submit_handler, limit);
  router.add("POST", "/api/v1/complaints", "public", submit_handler, limit);

  // --- tracking by code (no login; the contact is never shown) ---
  router.add("GET", "/complaints/{code}", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    std::string code(req.param("code"));
    return web::read(site, req, [&](store::Tx& tx) { return public_view(tx, code, en); }, [&](json view) {
      view["submitted"] = req.query_param("submitted") == "1";
      view["code"] = code;
      view["csrf"] = web::Site::csrf_token(req);
      view["url"] = site.options.public_url + "/complaints/" + code;
      auto r = site.portal_page(req, en ? "Tracking" : "投诉举报办理进度", "complaints/track", view);
      r.headers.set("Cache-Control", "no-store");
      r.headers.set("X-Robots-Tag", "noindex");
      return r;
    });
  });
  // The complainant's answer to a request for more information (the tracking page's form).
  router.add("POST", "/complaints/{code}/supplement", "public", [&site, blobs](Request& req) {
    bool en = web::Site::english(req);
    std::string code(req.param("code"));
    std::string ctype(req.header("Content-Type")), text;
    std::vector<Attachment> files;
    if (ctype.find("multipart/") != std::string::npos) {
      auto parts = http::parse_multipart(ctype, req.body);
      if (!parts) return site.error(req, 400, parts.error().message);
      for (const auto& p : *parts) {
        if (p.name == "supplement" && !p.file) text = p.bytes;
        if (p.name != "attachments" || !p.file || (p.bytes.empty() && p.filename.empty())) continue;
        if (p.bytes.size() > Limits::kMaxAttachmentBytes) return site.error(req, 413, "附件超过 5 MB");
        files.push_back({p.filename, "", p.bytes});
      }
    } else {
      text = req.form_value("supplement");
    }
    return web::write(
        site, req, [&](store::Tx& tx) { return supplement(tx, *blobs, code, text, files); },
        [&] { return web::see_other("/complaints/" + code + (en ? "?lang=en" : "")); });
  }, limit);
  router.add("GET", "/api/v1/complaints/{code}", "public", [&site](Request& req) {
    std::string code(req.param("code"));
    bool en = req.query_param("lang") == "en";
    return web::read(site, req, [&](store::Tx& tx) { return public_view(tx, code, en); }, [](const json& view) {
      auto r = web::json_reply(view);
      r.headers.set("Cache-Control", "no-store");
      return r;
    });
  });

  // --- statistics (counts only) ---
  router.add("GET", "/api/v1/complaints/statistics", "public", [&site](Request& req) {
    std::string from(req.query_param("from")), to(req.query_param("to"));
    return web::read(site, req, [&](store::Tx& tx) { return statistics(tx, from, to); }, [](const json& s) { return web::json_reply(s); });
  });
}

}  // namespace zhifa::complaints
