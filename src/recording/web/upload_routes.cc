// 音像记录 uploads: a tus 1.0 server at /api/v1/uploads (https://tus.io/protocols/resumable-upload,
// extensions creation, creation-with-upload, termination, checksum (sha1, sha256), expiration).
// The server reads each request's head first: a wrong offset (409), an unknown upload (404), a
// length over Tus-Max-Size (413) or a request without the right to upload is answered before any
// of the body is read (BodyLimit::before_body); the body then streams to a hashed temporary file
// (memory flat whatever its size) that is renamed or appended into the upload's part file. A
// PATCH cut off part way still keeps the bytes that arrived, so the client resumes from the last
// byte held. A finished upload becomes a content-addressed blob and an evidence item of the case.
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "org/auth.h"
#include "platform/core/clock.h"
#include "platform/http/body_cap.h"
#include "platform/http/static_files.h"
#include "recording/av/upload_files.h"
#include "recording/av/uploads.h"
#include "recording/web/common.h"
#include "web/gate.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

constexpr const char* kTusVersion = "1.0.0";
constexpr const char* kOctets = "application/offset+octet-stream";

// What the uploads need from the settings (read at start): Tus-Max-Size and how long an upload
// left alone stays resumable.
struct TusConfig {
  std::uint64_t max_size = 16ull << 30;  // av.tus_max_size (bytes), default 16 GiB
  std::int64_t expiry_s = 24 * 3600;     // av.upload_expiry_hours, default 24
};

TusConfig read_config(web::Site& site) {
  TusConfig c;
  auto number = [&](const char* key) -> std::optional<std::uint64_t> {
    auto v = site.db.read_value<std::optional<std::string>>([&](store::Tx& tx) { return store::get_setting(tx, key); });
    if (!v || !*v || (*v)->empty() || (*v)->find_first_not_of("0123456789") != std::string::npos || (*v)->size() > 18) return std::nullopt;
    return std::stoull(**v);
  };
  if (auto m = number("av.tus_max_size"); m && *m > 0) c.max_size = *m;
  if (auto h = number("av.upload_expiry_hours"); h && *h > 0) c.expiry_s = static_cast<std::int64_t>(*h) * 3600;
  return c;
}

struct Tus {
  web::Site& site;
  TusConfig cfg;
  std::shared_ptr<av::UploadFiles> files;
  std::shared_ptr<blob::BlobStore> blobs;
};

Response tus(Response r) {
  r.headers.set("Tus-Resumable", kTusVersion);
  r.headers.set("Cache-Control", "no-store");
  return r;
}
Response tus_error(int status, const std::string& message, const std::string& field = {}) {
  auto r = Response::json_error(status, message, field);
  if (status == 412) r.headers.set("Tus-Version", kTusVersion);
  return tus(std::move(r));
}
Response tus_fail(web::Site& site, const Request& req, const Error& e) { return tus(web::fail(site, req, e)); }

std::optional<std::uint64_t> number_header(const Request& req, std::string_view name) {
  auto v = req.headers.get(name);
  if (!v || v->empty() || v->size() > 19 || v->find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return std::strtoull(std::string(*v).c_str(), nullptr, 10);
}

// Every tus request but OPTIONS says which protocol version it speaks.
std::optional<Response> version_refusal(const Request& req) {
  auto v = req.headers.get("Tus-Resumable");
  if (!v) return tus_error(400, "缺少 Tus-Resumable 请求头（本服务器支持 tus 1.0.0）", "Tus-Resumable");
  if (*v != kTusVersion) return tus_error(412, "不支持的 tus 协议版本 " + std::string(*v) + "（本服务器支持 1.0.0）", "Tus-Resumable");
  return std::nullopt;
}

// Upload-Expires: an IMF-fixdate ("Wed, 03 Dec 2026 18:00:00 GMT").
std::string expires_text(const std::string& iso) { return http::http_date(static_cast<std::time_t>(av::unix_from_iso(iso))); }

std::string expiry_from_now(const Tus& t) { return clock::iso_from_unix(clock::now_unix() + t.cfg.expiry_s); }

// A request head for a tus route: the gate (who, the permission, CSRF) run on a copy, before the
// body is read.
std::optional<Response> gate_head(Tus& t, Request& copy) {
  auto adm = web::admit(t.site, copy, "recording.handle");
  if (adm.refusal) return tus(std::move(*adm.refusal));
  return std::nullopt;
}

// POST: what can be decided from the head alone (the handler asks again).
std::optional<Response> check_create(Tus& t, const Request& req, av::UploadMeta* meta_out, std::uint64_t* length_out) {
  if (auto r = version_refusal(req)) return r;
  if (req.headers.get("Upload-Defer-Length")) return tus_error(400, "不支持 Upload-Defer-Length：请给出 Upload-Length", "Upload-Defer-Length");
  auto length = number_header(req, "Upload-Length");
  if (!length) return tus_error(400, "缺少 Upload-Length 请求头，或其值不是非负整数", "Upload-Length");
  if (*length > t.cfg.max_size)
    return tus_error(413, "文件过大：Upload-Length " + std::to_string(*length) + " 超过上限 Tus-Max-Size " + std::to_string(t.cfg.max_size),
                     "Upload-Length");
  auto meta = av::parse_metadata(req.header("Upload-Metadata"));
  if (!meta) return tus_fail(t.site, req, meta.error());
  auto cl = number_header(req, "Content-Length");
  if (cl && *cl > 0) {
    if (req.header("Content-Type") != kOctets) return tus_error(415, std::string("随创建上传的内容须为 ") + kOctets, "Content-Type");
    if (*cl > *length) return tus_error(413, "请求内容超过 Upload-Length", "Content-Length");
  }
  const auto& p = web::principal(req);
  auto c = t.site.db.read_value<Case>([&](store::Tx& tx) { return av::case_for_evidence(tx, p, meta->case_id, meta->step); });
  if (!c) return tus_fail(t.site, req, c.error());
  if (meta_out) *meta_out = std::move(*meta);
  if (length_out) *length_out = *length;
  return std::nullopt;
}

// PATCH: the checks on the upload's state and the head (the handler repeats them under the lock).
std::optional<Response> check_patch(const Request& req, const av::Upload& u) {
  if (u.state == "expired") return tus_error(410, "这次上传已过期，其内容已删除，请重新上传");
  if (u.state == "terminated") return tus_error(404, std::string(av::kNoUpload));
  if (u.state == "rejected") return tus_error(400, u.error, "file");
  if (auto r = version_refusal(req)) return r;
  auto offset = number_header(req, "Upload-Offset");
  if (!offset) return tus_error(400, "缺少 Upload-Offset 请求头，或其值不是非负整数", "Upload-Offset");
  if (req.header("Content-Type") != kOctets) return tus_error(415, std::string("PATCH 的内容类型须为 ") + kOctets, "Content-Type");
  if (*offset != u.offset) {
    auto r = tus_error(409, "Upload-Offset " + std::to_string(*offset) + " 与服务器已收到的字节数 " + std::to_string(u.offset) + " 不符",
                       "Upload-Offset");
    r.headers.set("Upload-Offset", std::to_string(u.offset));
    return r;
  }
  if (auto cl = number_header(req, "Content-Length"); cl && u.offset + *cl > u.length)
    return tus_error(413, "请求内容超过 Upload-Length（" + std::to_string(u.length) + " 字节）", "Content-Length");
  return std::nullopt;
}

// Upload-Checksum against the body as it arrived: 460 when it differs; a body cut short cannot
// be checked and is discarded.
std::optional<Response> checksum_refusal(const Request& req, const http::BodyFile& bf) {
  auto cs = req.headers.get("Upload-Checksum");
  if (!cs) return std::nullopt;
  auto space = cs->find(' ');
  if (space == std::string_view::npos) return tus_error(400, "Upload-Checksum 须为“算法 Base64摘要”", "Upload-Checksum");
  std::string algo(cs->substr(0, space)), given(cs->substr(space + 1));
  if (algo != "sha1" && algo != "sha256") return tus_error(400, "不支持的校验算法 " + algo + "（支持 sha1、sha256）", "Upload-Checksum");
  if (!bf.complete) return tus_error(460, "内容未收全，无法校验，已丢弃");
  std::string actual;
  if (algo == "sha256") {
    actual = av::hex_to_base64(bf.sha256);
  } else {
    auto d = av::file_digest_base64(bf.path, algo);
    if (!d) return tus_error(500, d.error().message);
    actual = *d;
  }
  if (actual != given) return tus_error(460, "校验和不符（" + algo + "）：内容在传输中损坏，已丢弃，请重传这一段", "Upload-Checksum");
  return std::nullopt;
}

// Every byte is held: the part file probed (media facts, thumbnail), then stored as a blob, then
// the evidence item. Bytes that are not media of the upload's kind: the upload is rejected with
// the reason, which names the file (400), and its bytes are deleted, never kept as a blob. When
// ffprobe itself fails (killed, timed out) the upload stays open: HEAD or the next request retries.
Result<std::int64_t> finish(Tus& t, const org::Principal& p, const av::Upload& u) {
  std::string part = t.files->part_path(u.id);
  // After a crash between the move into the blob store and the item: the blob is the file.
  std::string path = std::filesystem::exists(part) ? part : t.blobs->path_of(u.sha256);
  auto facts = av::probe_media(path, u.meta.kind, u.meta.filename);
  if (!facts && facts.error().kind != ErrorKind::kInvalid) return facts.error();
  if (!facts) {
    auto st = t.site.db.write([&](store::Tx& tx) { return av::reject_upload(tx, u.id, facts.error().message); });
    if (!st) return st.error();
    t.files->remove(u.id);
    return facts.error();
  }
  std::string thumb_sha;
  if (std::string thumb = av::make_thumbnail(path, u.meta.kind, t.files->dir()); !thumb.empty()) {
    auto put = t.blobs->put(thumb);
    if (!put) return put.error();
    thumb_sha = *put;
  }
  if (path == part)
    if (auto s = t.files->adopt(u.id, u.sha256, *t.blobs); !s) return s.error();
  return t.site.db.write_value<std::int64_t>([&](store::Tx& tx) { return av::complete_upload(tx, p, u.id, *facts, thumb_sha); });
}

// Takes the body at the upload's offset: appended, acknowledged, and when it was the last piece,
// finished. The answer carries the new Upload-Offset (status 204, or `status`).
Response receive(Tus& t, const Request& req, av::Upload u, int status) {
  const auto& p = web::principal(req);
  http::BodyFile empty;
  const http::BodyFile& bf = req.body_file ? *req.body_file : empty;
  if (u.offset + bf.size > u.length) return tus_error(413, "内容超过 Upload-Length（" + std::to_string(u.length) + " 字节）", "Content-Length");
  if (auto r = checksum_refusal(req, bf)) return *r;
  std::uint64_t to = u.offset + bf.size;
  if (bf.size > 0 || (u.length == 0 && u.sha256.empty())) {
    auto n = t.files->append(u.id, u.offset, bf.path, bf.size);
    if (!n && n.error().kind == ErrorKind::kConflict) {
      // The part file holds fewer bytes than were acknowledged (lost, cut): the stored offset goes
      // back to what is really held, and the client resumes from there (HEAD, then PATCH).
      std::uint64_t real = std::min(t.files->held(u.id), u.offset);
      auto st = t.site.db.write([&](store::Tx& tx) { return av::record_offset(tx, u.id, u.offset, real, expiry_from_now(t), ""); });
      if (!st) return tus_fail(t.site, req, st.error());
      auto r = tus_error(409, n.error().message, "Upload-Offset");
      r.headers.set("Upload-Offset", std::to_string(real));
      return r;
    }
    if (!n) return tus_fail(t.site, req, n.error());
  }
  std::string sha = u.sha256;
  if (to == u.length && sha.empty()) {
    if (u.offset == 0 && bf.complete && bf.size == u.length && u.length > 0) {
      sha = bf.sha256;
    } else {
      auto h = blob::file_sha256(t.files->part_path(u.id));
      if (!h) return tus_fail(t.site, req, h.error());
      sha = *h;
    }
  }
  std::string expires = expiry_from_now(t);
  if (to != u.offset || sha != u.sha256) {
    auto st = t.site.db.write([&](store::Tx& tx) { return av::record_offset(tx, u.id, u.offset, to, expires, sha); });
    if (!st) return tus_fail(t.site, req, st.error());
  }
  u.offset = to;
  u.sha256 = sha;
  Response r;
  r.status = status;
  if (to == u.length && u.state == "open") {
    auto item = finish(t, p, u);
    if (!item) return tus_fail(t.site, req, item.error());
    r.headers.set("Zhifa-Evidence-Item", std::to_string(*item));
  } else if (u.state == "open") {
    r.headers.set("Upload-Expires", expires_text(expires));
  }
  r.headers.set("Upload-Offset", std::to_string(to));
  return tus(std::move(r));
}

Result<av::Upload> find_upload(Tus& t, const Request& req) {
  std::string id(req.param("id"));
  const auto& p = web::principal(req);
  return t.site.db.read_value<av::Upload>([&](store::Tx& tx) { return av::upload_for(tx, p, id); });
}

Response options(Tus& t) {
  Response r;
  r.status = 204;
  r.headers.set("Tus-Version", kTusVersion);
  r.headers.set("Tus-Extension", "creation,creation-with-upload,termination,checksum,expiration");
  r.headers.set("Tus-Max-Size", std::to_string(t.cfg.max_size));
  r.headers.set("Tus-Checksum-Algorithm", "sha1,sha256");
  return tus(std::move(r));
}

Response create(Tus& t, Request& req) {
  av::UploadMeta meta;
  std::uint64_t length = 0;
  if (auto r = check_create(t, req, &meta, &length)) return *r;
  if (req.body_file && req.body_file->size > 0)
    if (auto r = checksum_refusal(req, *req.body_file)) return *r;
  std::string id = org::random_token(18);
  const auto& p = web::principal(req);
  std::string expires = expiry_from_now(t);
  auto u = t.site.db.write_value<av::Upload>([&](store::Tx& tx) { return av::create_upload(tx, p, meta, length, id, expires); });
  if (!u) return tus_fail(t.site, req, u.error());
  auto lock = t.files->lock_for(id);
  std::lock_guard g(*lock);
  Response r = receive(t, req, *u, 201);
  // The upload exists from here on, whatever became of the first piece: its Location always goes
  // back, so that the client can HEAD it (resume, or read why it was rejected). Relative (RFC 9110
  // allows a URI reference): clients resolve it against the URL they used, so an upload started
  // through a proxy or another host name continues through it.
  r.headers.set("Location", "/api/v1/uploads/" + id);
  if (r.status != 201) return r;
  if (!r.headers.get("Upload-Expires") && !r.headers.get("Zhifa-Evidence-Item")) r.headers.set("Upload-Expires", expires_text(expires));
  return r;
}

Response head(Tus& t, Request& req) {
  auto u = find_upload(t, req);
  if (!u) return tus_fail(t.site, req, u.error());
  if (u->state == "expired") return tus_error(410, "这次上传已过期，其内容已删除，请重新上传");
  if (u->state == "terminated") return tus_error(404, std::string(av::kNoUpload));
  if (u->state == "rejected") return tus_error(400, u->error, "file");
  if (auto r = version_refusal(req)) return *r;
  if (u->state == "open" && u->offset == u->length && !u->sha256.empty()) {
    // Every byte was acknowledged but the item was not made (a crash in between): finish now.
    auto lock = t.files->lock_for(u->id);
    std::lock_guard g(*lock);
    if (auto item = finish(t, web::principal(req), *u); !item) return tus_fail(t.site, req, item.error());
    u->state = "done";
  }
  Response r;
  r.status = 200;
  r.headers.set("Upload-Offset", std::to_string(u->offset));
  r.headers.set("Upload-Length", std::to_string(u->length));
  if (!u->meta.raw.empty()) r.headers.set("Upload-Metadata", u->meta.raw);
  if (u->state == "open") r.headers.set("Upload-Expires", expires_text(u->expires_at));
  return tus(std::move(r));
}

Response patch(Tus& t, Request& req) {
  std::string id(req.param("id"));
  auto lock = t.files->lock_for(id);
  std::lock_guard g(*lock);
  auto u = find_upload(t, req);
  if (!u) return tus_fail(t.site, req, u.error());
  if (auto r = check_patch(req, *u)) return *r;
  return receive(t, req, *u, 204);
}

Response terminate(Tus& t, Request& req) {
  auto u = find_upload(t, req);
  if (!u) return tus_fail(t.site, req, u.error());
  if (auto r = version_refusal(req)) return *r;
  std::string id(req.param("id"));
  auto lock = t.files->lock_for(id);
  std::lock_guard g(*lock);
  const auto& p = web::principal(req);
  auto st = t.site.db.write([&](store::Tx& tx) { return av::terminate_upload(tx, p, id); });
  if (!st) return tus_fail(t.site, req, st.error());
  t.files->remove(id);
  Response r;
  r.status = 204;
  return tus(std::move(r));
}

}  // namespace

void register_upload_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  std::string data = site.options.data_dir.empty() ? std::string("./data") : site.options.data_dir;
  auto t = std::make_shared<Tus>(Tus{site, read_config(site), std::make_shared<av::UploadFiles>(data + "/uploads"), std::move(blobs)});

  router.add("OPTIONS", "/api/v1/uploads", "public", [t](Request&) { return options(*t); });

  http::BodyLimit create_limit{t->cfg.max_size, true, [t](const Request& head) -> std::optional<Response> {
                                 Request copy = head;
                                 if (auto r = gate_head(*t, copy)) return r;
                                 return check_create(*t, copy, nullptr, nullptr);
                               }};
  router.add("POST", "/api/v1/uploads", "recording.handle", [t](Request& req) { return create(*t, req); }, create_limit);

  router.add("HEAD", "/api/v1/uploads/{id}", "recording.handle", [t](Request& req) { return head(*t, req); });

  http::BodyLimit patch_limit{t->cfg.max_size, true, [t](const Request& head) -> std::optional<Response> {
                                Request copy = head;
                                if (auto r = gate_head(*t, copy)) return r;
                                auto u = find_upload(*t, copy);
                                if (!u) return tus_fail(t->site, copy, u.error());
                                if (auto r = check_patch(copy, *u)) return r;
                                // The body may stream for long: the upload is not expired meanwhile.
                                auto st = t->site.db.write([&](store::Tx& tx) { return av::extend_upload(tx, u->id, expiry_from_now(*t)); });
                                if (!st) return tus_fail(t->site, copy, st.error());
                                // A body without Content-Length is cut off (413) past the bytes still missing.
                                http::cap_body(u->length - u->offset);
                                return std::nullopt;
                              }};
  router.add("PATCH", "/api/v1/uploads/{id}", "recording.handle", [t](Request& req) { return patch(*t, req); }, patch_limit);

  router.add("DELETE", "/api/v1/uploads/{id}", "recording.handle", [t](Request& req) { return terminate(*t, req); });
}

}  // namespace zhifa::recording
