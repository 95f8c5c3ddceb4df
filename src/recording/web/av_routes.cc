// 音像记录 evidence items: playback in the browser (byte ranges, so that a video seeks), download
// with a reason, the thumbnail, the items of a case and an item's chain of custody as JSON. Every
// view and download is written to the custody log (recording/av/items.h) before the bytes go out.
#include <algorithm>
#include <cctype>
#include <filesystem>

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

// The original from the blob store: inline for media a browser plays (the view), as an attachment
// only for the download. The bytes are never interpreted by the browser as a page (sandbox, nosniff).
Response serve_original(const Request& req, blob::BlobStore& blobs, const av::Item& item, bool download) {
  std::string type = av::media_type(item);
  Response r = http::serve_file(req, blobs.path_of(item.sha256), type);
  if (r.status >= 400) return r;
  std::string name = "item-" + std::to_string(item.id);
  // The plain filename is ASCII only (item-N.ext, the extension letters and digits); the Chinese
  // name goes in filename* (RFC 5987: UTF-8, percent-encoded).
  if (auto dot = item.filename.rfind('.'); dot != std::string::npos && item.filename.size() - dot <= 9) {
    std::string ext = item.filename.substr(dot + 1);
    if (!ext.empty() && std::all_of(ext.begin(), ext.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }))
      name += "." + ext;
  }
  r.headers.set("Content-Disposition", std::string(download ? "attachment" : "inline") + "; filename=\"" + name +
                                           "\"; filename*=UTF-8''" + http::url_encode(item.filename));
  r.headers.set("Content-Security-Policy", "sandbox; default-src 'none'; media-src 'self'; img-src 'self'");
  r.headers.set("X-Content-SHA256", item.sha256);
  return r;
}

// The only Range forms a view accepts (RFC 9110 14.1.2): one "bytes=a-b" (a <= b), "bytes=a-" or
// "bytes=-n". Anything else (several ranges, other units, junk) is answered 416, never served
// whole, so that what the custody log records is decided by what is actually sent.
bool single_byte_range(std::string_view h) {
  if (!h.starts_with("bytes=")) return false;
  h.remove_prefix(6);
  auto dash = h.find('-');
  if (dash == std::string_view::npos) return false;
  auto left = h.substr(0, dash), right = h.substr(dash + 1);
  auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (left.empty()) return digits(right);
  if (!digits(left)) return false;
  if (right.empty()) return true;
  return digits(right) && std::stoull(std::string(left)) <= std::stoull(std::string(right));
}

// A response that shows the item from its beginning (the whole file, a range from byte 0, or the
// browser's cached copy confirmed by 304) is a view in the chain of custody; a later range of a
// playback is not another one.
bool shows_from_start(const Response& r) {
  if (r.status == 200 || r.status == 304) return true;
  return r.status == 206 && r.headers.get("Content-Range").value_or("").starts_with("bytes 0-");
}

}  // namespace

void register_av_routes(http::Router& router, web::Site& site, std::shared_ptr<blob::BlobStore> blobs) {
  // Playback: a <video> asks for ranges; whatever shows the item from byte 0 is logged as a view
  // before the bytes go out. A file the browser cannot show inline is only downloadable (with a reason).
  router.add("GET", "/workspace/av/{id}", "recording.view", [&site, blobs](Request& req) {
    auto id = web::path_id(req, "id", av::kNoItem);
    if (!id) return web::fail(site, req, id.error());
    const auto& p = web::principal(req);
    return web::read(site, req, [&](store::Tx& tx) { return av::access_item(tx, p, *id, "", ""); },
                     [&](av::Item& item) -> Response {
                       if (av::media_type(item) == "application/octet-stream")
                         return site.error(req, 415, "此文件不能在浏览器中查看，请使用“下载”（须说明理由，记入监管链）：/workspace/av/" +
                                                         std::to_string(item.id) + "/download");
                       std::string range(req.header("Range"));
                       if (!range.empty() && !single_byte_range(range)) {
                         std::error_code ec;
                         auto size = std::filesystem::file_size(blobs->path_of(item.sha256), ec);
                         Response bad = Response::text("仅支持单一字节范围（bytes=a-b、bytes=a- 或 bytes=-n）", 416);
                         bad.headers.set("Content-Range", "bytes */" + std::to_string(ec ? 0 : size));
                         return bad;
                       }
                       Response r = serve_original(req, *blobs, item, false);
                       if (!shows_from_start(r)) return r;
                       return web::write(site, req, [&](store::Tx& tx) { return av::access_item(tx, p, *id, "view", ""); },
                                         [&](av::Item&) { return r; });
                     });
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
