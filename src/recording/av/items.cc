#include "recording/av/items.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "law/procedure.h"
#include "platform/core/clock.h"
#include "recording/case_access.h"

namespace zhifa::recording::av {

using json = nlohmann::json;

namespace {

constexpr const char* kItemSelect =
    "SELECT i.id, i.agency_id, i.case_id, i.step, i.kind, i.filename, i.sha256, i.size_bytes, i.recorder_id, p.name AS recorder_name, "
    "i.device, i.recorded_at, i.uploaded_at, i.duration_ms, i.media, i.thumb_sha256, i.ledger_index, i.clock_flag "
    "FROM av_items i JOIN people p ON p.id = i.recorder_id ";

Item item_from_row(const store::Row& r) {
  Item i;
  i.id = r.integer("id");
  i.agency_id = r.integer("agency_id");
  i.case_id = r.integer("case_id");
  i.step = r.text("step");
  i.kind = r.text("kind");
  i.filename = r.text("filename");
  i.sha256 = r.text("sha256");
  i.size = r.integer("size_bytes");
  i.recorder_id = r.integer("recorder_id");
  i.recorder_name = r.text("recorder_name");
  i.device = r.text("device");
  i.recorded_at = r.text("recorded_at");
  i.uploaded_at = r.text("uploaded_at");
  i.duration_ms = r.integer("duration_ms");
  i.media = r.text("media");
  i.thumb_sha256 = r.text("thumb_sha256");
  i.ledger_index = r.opt_integer("ledger_index");
  i.clock_flag = r.integer("clock_flag") != 0;
  return i;
}

std::string size_text(std::int64_t bytes) {
  char buf[32];
  if (bytes >= 1 << 30) std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(bytes) / (1 << 30));
  else if (bytes >= 1 << 20) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  else std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0 + 0.5);
  return buf;
}

std::string duration_text(std::int64_t ms) {
  if (ms <= 0) return "";
  std::int64_t s = (ms + 500) / 1000;
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld时%02lld分%02lld秒", static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else std::snprintf(buf, sizeof buf, "%lld分%02lld秒", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

std::string extension(const std::string& name) {
  auto dot = name.rfind('.');
  std::string e = dot == std::string::npos ? "" : name.substr(dot + 1);
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

}  // namespace

std::string kind_label(const std::string& kind) {
  if (kind == "video") return "视频";
  if (kind == "audio") return "录音";
  if (kind == "photo") return "照片";
  return "文件";
}

std::string media_type(const Item& item) {
  static const std::map<std::string, std::string> types{
      {"mp4", "video/mp4"},  {"m4v", "video/mp4"},   {"webm", "video/webm"}, {"mov", "video/quicktime"}, {"m4a", "audio/mp4"},
      {"mp3", "audio/mpeg"}, {"wav", "audio/wav"},   {"ogg", "audio/ogg"},   {"oga", "audio/ogg"},       {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"}, {"png", "image/png"},  {"webp", "image/webp"}, {"pdf", "application/pdf"}};
  auto it = types.find(extension(item.filename));
  return it == types.end() ? "application/octet-stream" : it->second;
}

Result<std::vector<Item>> case_items(store::Tx& tx, std::int64_t case_id) {
  auto rows = tx.query(std::string(kItemSelect) + "WHERE i.case_id = ? ORDER BY i.id", {case_id});
  if (!rows) return rows.error();
  std::vector<Item> out;
  for (const auto& r : *rows) out.push_back(item_from_row(r));
  return out;
}

json item_json(const Item& i) {
  json media = json::parse(i.media.empty() ? "{}" : i.media, nullptr, false);
  return json{{"id", i.id}, {"case_id", i.case_id}, {"step", i.step}, {"kind", i.kind}, {"kind_label", kind_label(i.kind)},
              {"filename", i.filename}, {"sha256", i.sha256}, {"size", i.size}, {"size_text", size_text(i.size)},
              {"duration_ms", i.duration_ms}, {"duration_text", duration_text(i.duration_ms)}, {"recorder_name", i.recorder_name},
              {"device", i.device}, {"recorded_at", i.recorded_at}, {"uploaded_at", i.uploaded_at}, {"thumb", !i.thumb_sha256.empty()},
              {"media", media.is_discarded() ? json::object() : media},
              {"ledger_index", i.ledger_index ? json(*i.ledger_index) : json(nullptr)},
              {"playable", i.kind == "video" || i.kind == "audio"}, {"photo", i.kind == "photo"}, {"clock_flag", i.clock_flag}};
}

Result<json> items_by_step_json(store::Tx& tx, const Case& c) {
  auto items = case_items(tx, c.id);
  if (!items) return items.error();
  const law::Procedure* proc = law::find_procedure(c.procedure_id);
  json groups = json::array();
  auto add = [&](const std::string& step, const std::string& name) {
    json list = json::array();
    for (const auto& i : *items)
      if (i.step == step) list.push_back(item_json(i));
    if (!list.empty()) groups.push_back({{"step", step}, {"step_name", name}, {"items", list}});
  };
  std::set<std::string> named;
  if (proc)
    for (const auto& s : proc->steps) {
      add(s.id, s.name);
      named.insert(s.id);
    }
  for (const auto& i : *items)
    if (!named.count(i.step)) {
      named.insert(i.step);
      add(i.step, i.step);
    }
  return groups;
}

Result<json> case_items_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id) {
  auto c = case_to_read(tx, p, case_id, kNoCase);
  if (!c) return c.error();
  return items_by_step_json(tx, *c);
}

Result<json> capture_page_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id) {
  auto c = case_to_read(tx, p, case_id, kNoCase);
  if (!c) return c.error();
  bool handles = c->status == "open" && (p.person_id == c->lead_officer_id || (c->co_officer_id && p.person_id == *c->co_officer_id) ||
                                         p.has("agency_head"));
  json steps = json::array();
  if (const law::Procedure* proc = law::find_procedure(c->procedure_id))
    for (const auto& s : proc->steps)
      if (!s.terminal) steps.push_back({{"id", s.id}, {"name", s.name}, {"selected", s.id == c->step}});
  auto groups = items_by_step_json(tx, *c);
  if (!groups) return groups.error();
  return json{{"case_id", c->id}, {"case_no", c->case_no}, {"title", c->title}, {"steps", steps}, {"can_upload", handles},
              {"av_steps", *groups}};
}

Result<Item> access_item(store::Tx& tx, const org::Principal& p, std::int64_t item_id, const std::string& action,
                         const std::string& reason) {
  auto r = tx.query_one(std::string(kItemSelect) + "WHERE i.id = ?", {item_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found(std::string(kNoItem));
  Item item = item_from_row(**r);
  if (auto c = case_to_read(tx, p, item.case_id, kNoItem); !c) return c.error();
  if (action.empty()) return item;  // a thumbnail, or the next range of a playback already logged
  if (action == "download" && reason.empty()) return Error::invalid("下载音像记录须说明理由（监管链记录谁、何时、为何下载）", "reason");
  if (reason.size() > 500) return Error::invalid("理由过长（不超过 500 字节）", "reason");
  auto ins = tx.exec("INSERT INTO av_custody(item_id, person_id, action, reason, at) VALUES (?, ?, ?, ?, ?)",
                     {item_id, p.person_id, action, reason, clock::now_iso()});
  if (!ins) return ins.error();
  return item;
}

Result<std::vector<CustodyEntry>> custody_log(store::Tx& tx, const org::Principal& p, std::int64_t item_id) {
  auto r = tx.query_one("SELECT case_id FROM av_items WHERE id = ?", {item_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found(std::string(kNoItem));
  if (auto c = case_to_read(tx, p, (*r)->integer(0), kNoItem); !c) return c.error();
  auto rows = tx.query("SELECT c.person_id, p.name, c.action, c.reason, c.at FROM av_custody c JOIN people p ON p.id = c.person_id "
                       "WHERE c.item_id = ? ORDER BY c.id",
                       {item_id});
  if (!rows) return rows.error();
  std::vector<CustodyEntry> out;
  for (const auto& row : *rows) out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4)});
  return out;
}

}  // namespace zhifa::recording::av
