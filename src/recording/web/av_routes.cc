// 音像记录 evidence items: playback in the browser (byte ranges, so that a video seeks), download
// with a reason, the thumbnail, the items of a case and an item's chain of custody as JSON. Every
// view and download is written to the custody log (recording/av/items.h) before the bytes go out.
#include "platform/http/static_files.h"
#include "platform/http/util.h"
#include "recording/av/devices.h"
#include "recording/av/items.h"
#include "recording/av/requirement.h"
#include "recording/web/common.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

// The original from the blob store: inline for media a browser plays, else as a download. The
// bytes are never interpreted by the browser as a page (sandbox, nosniff).
Response serve_original(const Request& req, blob::BlobStore& blobs, const av::Item& item, bool download) {
  std::string type = av::media_type(item);
  Response r = http::serve_file(req, blobs.path_of(item.sha256), type);
  if (r.status >= 400) return r;
  bool inline_ok = !download && type != "application/octet-stream";
  std::string name = "item-" + std::to_string(item.id);
  if (auto dot = item.filename.rfind('.'); dot != std::string::npos && item.filename.size() - dot <= 6) name += item.filename.substr(dot);
  r.headers.set("Content-Disposition", std::string(inline_ok ? "inline" : "attachment") + "; filename=\"" + name +
                                           "\"; filename*=UTF-8''" + http::url_encode(item.filename));
  r.headers.set("Content-Security-Policy", "sandbox; default-src 'none'; media-src 'self'; img-src 'self'");
  r.headers.set("X-Content-SHA256", item.sha256);
  return r;
}

}  // namespace

void register_av_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  // Playback: a <video> asks for ranges; the first request (no range, or from byte 0) is the view.
  router.add("GET", "/workspace/av/{id}", "recording.view", [&site, blobs](Request& req) {
    auto id = web::path_id(req, "id", av::kNoItem);
    if (!id) return web::fail(site, req, id.error());
    std::string range(req.header("Range"));
    std::string action = range.empty() || range.rfind("bytes=0-", 0) == 0 ? "view" : "";
    const auto& p = web::principal(req);
    return web::write(site, req, [&](store::Tx& tx) { return av::access_item(tx, p, *id, action, ""); },
                      [&](av::Item& item) { return serve_original(req, *blobs, item, false); });
  });

  // Download: the reason is asked (a form on the case page) and logged with who and when.
  router.add("GET", "/workspace/av/{id}/download", "recording.view", [&site, blobs](Request& req) {
    auto id = web::path_id(req, "id", av::kNoItem);
    if (!id) return web::fail(site, req, id.error());
    std::string reason(req.query_param("reason"));
    const auto& p = web::principal(req);
    return web::write(site, req, [&](store::Tx& tx) { return av::access_item(tx, p, *id, "download", reason); },
                      [&](av::Item& item) { return serve_original(req, *blobs, item, true); });
  });

  router.add("GET", "/workspace/av/{id}/thumb", "recording.view", [&site, blobs](Request& req) {
    auto id = web::path_id(req, "id", av::kNoItem);
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return av::access_item(tx, p, *id, "", ""); },
                     [&](av::Item& item) {
                       if (item.thumb_sha256.empty()) return site.error(req, 404, "此音像记录没有缩略图");
                       return http::serve_file(req, blobs->path_of(item.thumb_sha256), "image/jpeg");
                     });
  });

  router.add("GET", "/api/v1/cases/{id}/av", "recording.view", [&site](Request& req) {
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return av::case_items_json(tx, p, *id); },
                     [&](json& steps) { return web::json_reply(json{{"case_id", *id}, {"steps", steps}}); });
  });

  // 拍摄上传: camera, microphone and gallery on the officer's phone, uploads queued on the device
  // and resumed (static/av_capture.js speaks tus to /api/v1/uploads in 8 MB pieces).
  router.add("GET", "/workspace/cases/{id}/capture", "recording.handle", [&site](Request& req) {
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return av::capture_page_json(tx, p, *id); },
                     [&](json& ctx) {
                       ctx["csrf"] = web::Site::csrf_token(req);
                       return site.workspace_page(req, "拍摄上传 " + ctx["case_no"].get<std::string>(), "recording/capture", ctx);
                     });
  });

  // 音像记录设备: the registry of the agency, holders, the device/officer ratio for supervisors.
  auto devices_page = [&site](Request& req, json extra, int status) {
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return av::devices_json(tx, p); },
                     [&](json& ctx) {
                       if (req.is_api()) return web::json_reply(ctx, status);
                       for (auto& [k, v] : extra.items()) ctx[k] = v;
                       ctx["csrf"] = web::Site::csrf_token(req);
                       return site.workspace_page(req, "音像记录设备", "recording/devices", ctx, status);
                     });
  };
  router.add("GET", "/workspace/av/devices", "recording.view", [devices_page](Request& req) { return devices_page(req, json::object(), 200); });
  router.add("GET", "/api/v1/devices", "recording.view", [devices_page](Request& req) { return devices_page(req, json::object(), 200); });
  router.add("POST", "/workspace/av/devices", "recording.devices", [&site, devices_page](Request& req) {
    const auto& p = web::principal(req);
    web::Input in(req);
    std::string code = in.text("code"), kind = in.text("kind");
    auto holder = in.id("holder");
    return change(
        site, req, in, [&](store::Tx& tx) { return av::add_device(tx, p, code, kind, holder); },
        [&](std::int64_t) { return web::see_other("/workspace/av/devices"); },
        [&](const Error& e) { return devices_page(req, {{"error", e.message}}, http_status(e.kind)); });
  });
  router.add("POST", "/workspace/av/devices/{id}", "recording.devices", [&site, devices_page](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", av::kNoDevice);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    auto holder = in.id("holder");
    return change(
        site, req, in, [&](store::Tx& tx) { return av::assign_device(tx, p, *id, holder); },
        [&] { return web::see_other("/workspace/av/devices"); },
        [&](const Error& e) { return devices_page(req, {{"error", e.message}}, http_status(e.kind)); });
  });

  // 免予音像记录: the head's approval for the current step (device failure …), an act of its own.
  auto exempt = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto id = web::path_id(req, "id", kNoCase);
    if (!id) return web::fail(site, req, id.error());
    web::Input in(req);
    std::string reason = in.text("reason"), note = in.text("note");
    return change(
        site, req, in, [&](store::Tx& tx) { return av::grant_exemption(tx, p, *id, reason, note); },
        [&] {
          if (req.is_api()) return render_case(site, req, *id);
          return web::see_other("/workspace/cases/" + std::to_string(*id));
        },
        [&](const Error& e) { return render_case(site, req, *id, {{"error", e.message}}, http_status(e.kind)); });
  };
  router.add("POST", "/workspace/cases/{id}/av-exemption", "recording.extend", exempt);
  router.add("POST", "/api/v1/cases/{id}/av-exemption", "recording.extend", exempt);

  router.add("GET", "/api/v1/av/{id}/custody", "recording.view", [&site](Request& req) {
    auto id = web::path_id(req, "id", av::kNoItem);
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return av::custody_log(tx, p, *id); },
                     [&](std::vector<av::CustodyEntry>& log) {
                       json out = json::array();
                       for (const auto& e : log)
                         out.push_back({{"person_id", e.person_id}, {"person", e.person_name}, {"action", e.action}, {"reason", e.reason}, {"at", e.at}});
                       return web::json_reply(json{{"item", *id}, {"custody", out}});
                     });
  });
}

}  // namespace zhifa::recording
