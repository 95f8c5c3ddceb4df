#include "recording/av/uploads.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "law/procedure.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "recording/av/upload_files.h"
#include "recording/case_access.h"

namespace zhifa::recording::av {

using json = nlohmann::json;

namespace {

std::optional<std::string> base64_decode(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

bool iso_utc(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SSZ (optionally with fractional seconds before the Z)
  if (s.size() < 20 || s.back() != 'Z') return false;
  const char* f = "dddd-dd-ddTdd:dd:dd";
  for (std::size_t i = 0; i < 19; ++i)
    if (f[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != f[i]) return false;
  if (s.size() > 20 && (s[19] != '.' || s.find_first_not_of("0123456789", 20) != s.size() - 1)) return false;
  return true;
}

Upload upload_from_row(const store::Row& r) {
  Upload u;
  u.id = r.text("id");
  u.agency_id = r.integer("agency_id");
  u.case_id = r.integer("case_id");
  u.person_id = r.integer("person_id");
  u.length = static_cast<std::uint64_t>(r.integer("upload_length"));
  u.offset = static_cast<std::uint64_t>(r.integer("upload_offset"));
  u.meta.raw = r.text("metadata");
  u.meta.filename = r.text("filename");
  u.meta.kind = r.text("kind");
  u.meta.step = r.text("step");
  u.meta.device = r.text("device");
  u.meta.recorded_at = r.text("recorded_at");
  u.meta.case_id = u.case_id;
  u.sha256 = r.text("sha256");
  u.state = r.text("state");
  u.created_at = r.text("created_at");
  u.expires_at = r.text("expires_at");
  u.item_id = r.opt_integer("item_id");
  u.error = r.text("error");
  return u;
}

constexpr const char* kUploadSelect =
    "SELECT id, agency_id, case_id, person_id, upload_length, upload_offset, metadata, filename, kind, step, device, recorded_at, "
    "sha256, state, error, item_id, created_at, expires_at FROM av_uploads ";

}  // namespace

namespace {

// The file name comes back in Content-Disposition and on pages: no line breaks, quotes, control
// characters or bidirectional overrides (which make "exe.mp4" read as "4pm.exe"), and an
// extension of 1 to 8 letters or digits. Empty: acceptable.
std::string filename_refusal(const std::string& name) {
  if (!text::valid_utf8(name)) return "文件名须为 UTF-8 文本";
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '"') return "文件名不能含有换行、引号或控制字符";
  for (std::string_view bidi : {"\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                                "\u2068", "\u2069", "\u2028", "\u2029"})
    if (name.find(bidi) != std::string::npos) return "文件名不能含有改变文字方向的控制字符";
  if (auto dot = name.rfind('.'); dot != std::string::npos) {
    std::string_view ext = std::string_view(name).substr(dot + 1);
    bool ok = !ext.empty() && ext.size() <= 8 &&
              std::all_of(ext.begin(), ext.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
    if (!ok) return "文件扩展名须为 1 至 8 个英文字母或数字（如 .mp4、.jpg）";
  }
  return "";
}

}  // namespace

Result<UploadMeta> parse_metadata(std::string_view header) {
  UploadMeta m;
  m.raw = std::string(header);
  std::string_view rest = header;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view pair = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    while (!pair.empty() && pair.back() == ' ') pair.remove_suffix(1);
    if (pair.empty()) continue;
    auto space = pair.find(' ');
    std::string key(pair.substr(0, space));
    std::string value;
    if (space != std::string_view::npos) {
      auto v = base64_decode(pair.substr(space + 1));
      if (!v) return Error::invalid("Upload-Metadata 中 " + key + " 的值不是 Base64 编码", key);
      value = std::move(*v);
    }
    if (!text::valid_utf8(value)) return Error::invalid("Upload-Metadata 中 " + key + " 不是有效的 UTF-8 文字", key);
    if (key == "filename") m.filename = value;
    else if (key == "kind") m.kind = value;
    else if (key == "step") m.step = value;
    else if (key == "device") m.device = value;
    else if (key == "recorded_at") m.recorded_at = value;
    else if (key == "case_id") {
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)
        return Error::invalid("Upload-Metadata 中 case_id 须为案件编号（正整数）", "case_id");
      m.case_id = std::stoll(value);
    }
  }
  if (m.filename.empty()) return Error::invalid("Upload-Metadata 缺少 filename（文件名）", "filename");
  if (m.filename.size() > 255 || m.filename.find_first_of("/\\") != std::string::npos || m.filename.find('\0') != std::string::npos)
    return Error::invalid("文件名不能含有路径，且不超过 255 字节", "filename");
  if (auto bad = filename_refusal(m.filename); !bad.empty()) return Error::invalid(bad, "filename");
  if (m.case_id <= 0) return Error::invalid("Upload-Metadata 缺少 case_id（案件编号）", "case_id");
  if (m.kind != "video" && m.kind != "audio" && m.kind != "photo" && m.kind != "document")
    return Error::invalid("Upload-Metadata 中 kind 须为 video、audio、photo 或 document", "kind");
  if (m.device.size() > 100) return Error::invalid("设备编号过长（不超过 100 字节）", "device");
  if (!m.recorded_at.empty() && !iso_utc(m.recorded_at))
    return Error::invalid("recorded_at 须为 ISO-8601 UTC 时间，如 2026-12-03T08:00:00Z", "recorded_at");
  return m;
}

Result<Case> case_for_evidence(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& step) {
  auto c = case_for_write(tx, p, case_id, "recording.handle");
  if (!c) return c.error();
  if (c->status != "open") return Error::forbidden("案件已办结，不能再上传音像记录");
  bool handles = p.person_id == c->lead_officer_id || (c->co_officer_id && p.person_id == *c->co_officer_id) || p.has("agency_head");
  if (!handles) return Error::forbidden("只有承办本案的执法人员（或机关负责人）可以上传本案的音像记录");
  if (!step.empty()) {
    const law::Procedure* proc = law::find_procedure(c->procedure_id);
    if (!proc || !proc->step(step)) return Error::invalid("本案的程序没有环节“" + step + "”", "step");
  }
  return c;
}

Result<Upload> create_upload(store::Tx& tx, const org::Principal& p, const UploadMeta& meta, std::uint64_t length, const std::string& id,
                             const std::string& expires_at) {
  auto c = case_for_evidence(tx, p, meta.case_id, meta.step);
  if (!c) return c.error();
  std::string step = meta.step.empty() ? c->step : meta.step;
  std::string now = clock::now_iso();
  auto r = tx.exec(
      "INSERT INTO av_uploads(id, agency_id, case_id, person_id, upload_length, upload_offset, metadata, filename, kind, step, device, "
      "recorded_at, state, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
      {id, c->agency_id, c->id, p.person_id, static_cast<std::int64_t>(length), meta.raw, meta.filename, meta.kind, step, meta.device,
       meta.recorded_at, now, now, expires_at});
  if (!r) return r.error();
  return upload_for(tx, p, id);
}

Result<Upload> upload_for(store::Tx& tx, const org::Principal& p, const std::string& id) {
  auto r = tx.query_one(std::string(kUploadSelect) + "WHERE id = ?", {id});
  if (!r) return r.error();
  if (!*r) return Error::not_found(std::string(kNoUpload));
  Upload u = upload_from_row(**r);
  if (auto s = org::require(p, "recording.handle", u.agency_id, kNoUpload); !s) return s.error();
  if (u.person_id != p.person_id) return Error::forbidden("只有上传者本人可以续传或取消这次上传");
  return u;
}

Status record_offset(store::Tx& tx, const std::string& id, std::uint64_t from, std::uint64_t to, const std::string& expires_at,
                     const std::string& sha256) {
  auto n = tx.exec("UPDATE av_uploads SET upload_offset = ?, expires_at = ?, sha256 = ?, updated_at = ? "
                   "WHERE id = ? AND upload_offset = ? AND state = 'open'",
                   {static_cast<std::int64_t>(to), expires_at, sha256, clock::now_iso(), id, static_cast<std::int64_t>(from)});
  if (!n) return n.error();
  if (*n != 1) return Error::conflict("上传偏移量已被另一请求改变", "Upload-Offset");
  return {};
}

Result<std::int64_t> add_item(store::Tx& tx, const org::Principal& p, const NewItem& in) {
  auto c = case_for_evidence(tx, p, in.case_id, in.step);
  if (!c) return c.error();
  std::string step = in.step.empty() ? c->step : in.step;
  std::string now = clock::now_iso();
  // A device clock that disagrees with the server's: recorded "after" it arrived, or the file's own
  // creation time far from the time given. The item is kept with both times, and flagged.
  auto tol = store::get_setting(tx, "av.clock_tolerance_minutes");
  if (!tol) return tol.error();
  std::int64_t tol_s = (*tol && !(*tol)->empty() && (*tol)->size() < 6 && (*tol)->find_first_not_of("0123456789") == std::string::npos)
                           ? std::stoll(**tol) * 60 : 600;
  std::int64_t given = in.recorded_at.empty() ? 0 : unix_from_iso(in.recorded_at);
  std::int64_t made = in.facts.creation_time.empty() ? 0 : unix_from_iso(in.facts.creation_time.substr(0, 19));
  bool flag = (given && given > unix_from_iso(now) + tol_s) || (given && made && std::llabs(given - made) > tol_s);
  auto ins = tx.query(
      "INSERT INTO av_items(agency_id, case_id, step, kind, filename, sha256, size_bytes, recorder_id, device, recorded_at, uploaded_at, "
      "upload_id, duration_ms, media, thumb_sha256, clock_flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {c->agency_id, c->id, step, in.kind, in.filename, in.sha256, in.size, p.person_id, in.device, in.recorded_at, now, in.upload_id,
       in.facts.duration_ms, in.facts.to_json().dump(), in.thumb_sha256, std::int64_t{flag}});
  if (!ins) return ins.error();
  std::int64_t item = (*ins)[0].integer(0);
  json payload{{"case_no", c->case_no}, {"case_id", c->id}, {"item", item}, {"kind", in.kind}, {"step", step}, {"size", in.size},
               {"sha256", in.sha256}};
  auto ev = append_case_event(tx, p, c->agency_id, "recording.av.item_added", "case:" + std::to_string(c->id), payload, {in.sha256});
  if (!ev) return ev.error();
  if (auto s = tx.exec("UPDATE av_items SET ledger_index = ? WHERE id = ?", {*ev, item}); !s) return s.error();
  if (auto s = touch_case(tx, c->id); !s) return s.error();
  return item;
}

Result<std::int64_t> complete_upload(store::Tx& tx, const org::Principal& p, const std::string& id, const MediaFacts& facts,
                                     const std::string& thumb_sha256) {
  auto u = upload_for(tx, p, id);
  if (!u) return u.error();
  if (u->state == "done" && u->item_id) return *u->item_id;
  if (u->state != "open" || u->offset != u->length || u->sha256.empty()) return Error::conflict("上传尚未完成", "Upload-Offset");
  NewItem in{u->case_id, static_cast<std::int64_t>(u->length), u->meta.step, u->meta.kind, u->meta.filename, u->sha256, u->meta.device,
             u->meta.recorded_at, id, thumb_sha256, facts};
  auto item = add_item(tx, p, in);
  if (!item) return item.error();
  if (auto s = tx.exec("UPDATE av_uploads SET state = 'done', item_id = ?, updated_at = ? WHERE id = ?", {*item, clock::now_iso(), id}); !s)
    return s.error();
  return *item;
}

Status reject_upload(store::Tx& tx, const std::string& id, const std::string& reason) {
  auto n = tx.exec("UPDATE av_uploads SET state = 'rejected', error = ?, updated_at = ? WHERE id = ? AND state = 'open'",
                   {reason, clock::now_iso(), id});
  if (!n) return n.error();
  return {};
}

Status terminate_upload(store::Tx& tx, const org::Principal& p, const std::string& id) {
  auto u = upload_for(tx, p, id);
  if (!u) return u.error();
  if (u->state != "open") return Error::not_found(std::string(kNoUpload));
  auto n = tx.exec("UPDATE av_uploads SET state = 'terminated', updated_at = ? WHERE id = ? AND state = 'open'", {clock::now_iso(), id});
  if (!n) return n.error();
  return {};
}

Status extend_upload(store::Tx& tx, const std::string& id, const std::string& expires_at) {
  auto n = tx.exec("UPDATE av_uploads SET expires_at = ? WHERE id = ? AND state = 'open' AND expires_at < ?", {expires_at, id, expires_at});
  if (!n) return n.error();
  return {};
}

Result<std::vector<std::string>> expire_uploads(store::Tx& tx, const std::string& now_iso,
                                                const std::function<bool(const std::string&)>& busy) {
  auto rows = tx.query("SELECT id FROM av_uploads WHERE state = 'open' AND expires_at < ? ORDER BY id", {now_iso});
  if (!rows) return rows.error();
  std::vector<std::string> ids;
  for (const auto& r : *rows) {
    if (busy && busy(r.text(0))) continue;  // a request is writing it right now
    ids.push_back(r.text(0));
    auto n = tx.exec("UPDATE av_uploads SET state = 'expired', updated_at = ? WHERE id = ? AND state = 'open'", {now_iso, r.text(0)});
    if (!n) return n.error();
  }
  return ids;
}

}  // namespace zhifa::recording::av
