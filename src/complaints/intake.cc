// What the public sends: the rules, validation, the submission with its routing, idempotency and
// per-address limit, and the answer to a request for more information.
#include "complaints/internal.h"

#include <algorithm>
#include <map>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "law/mask.h"
#include "org/auth.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"

namespace zhifa::complaints {

using namespace detail;

Result<Rules> load_rules(store::Tx& tx) {
  Rules r;
  auto rows = tx.query("SELECT key, value FROM settings WHERE key LIKE 'complaints.%'");
  if (!rows) return rows.error();
  for (auto& row : *rows) {
    std::string k = row.text(0).substr(11), v = row.text(1);
    auto num = [&](int& out, int lo, int hi) {
      try {
        int n = std::stoi(v);
        if (n >= lo && n <= hi) out = n;
      } catch (...) {
      }
    };
    if (k == "accept_days") num(r.accept_days, 1, 365);
    else if (k == "reply_days") num(r.reply_days, 1, 365);
    else if (k == "extension_days") num(r.extension_days, 0, 365);
    else if (k == "warn_days") num(r.warn_days, 0, 60);
    else if (k == "max_per_window") num(r.max_per_window, 1, 100000);
    else if (k == "window_seconds") num(r.window_seconds, 1, 7 * 86400);
    else if (k == "oversight_agency") r.oversight_agency = v;
    else if (k == "city_office") r.city_office = v;
  }
  return r;
}

std::optional<std::string> sniff_type(std::string_view b) {
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  return std::nullopt;
}

Status validate(Submission& s) {
  auto k = parse_kind(trim(s.kind));
  if (!k) return Error::invalid("请选择类型：投诉、举报或意见建议", "kind");
  s.kind = *k;
  s.agency = trim(s.agency);
  if (s.agency.size() > 80 || (!s.agency.empty() && !text::is_code(s.agency))) return Error::invalid("执法机关代码无效", "agency");
  if (auto st = check_text(s.concerning, "concerning", "所涉事项", Limits::kMaxShortChars, false); !st) return st;
  if (auto st = check_text(s.what_happened, "what_happened", "反映的情况", Limits::kMaxTextChars, true); !st) return st;
  if (auto st = check_text(s.request, "request", "诉求", Limits::kMaxTextChars, s.kind == "complaint"); !st) return st;
  if (auto st = check_text(s.name, "name", "姓名", 60, false); !st) return st;
  s.phone = trim(s.phone);
  s.email = trim(s.email);
  if (auto st = check_text(s.phone, "contact.phone", "联系电话", 40, false); !st) return st;
  if (auto st = check_text(s.email, "contact.email", "电子邮箱", 120, false); !st) return st;
  if (!s.phone.empty()) {
    bool ok = law::check_mobile(s.phone).ok();
    if (!ok) {  // a landline: digits with an optional area code and hyphen
      std::size_t digits = 0;
      ok = true;
      for (char c : s.phone) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != '-' && c != ' ') ok = false;
      }
      ok = ok && digits >= 7 && digits <= 13;
    }
    if (!ok) return Error::invalid("联系电话格式不正确（手机号或固定电话）", "contact.phone");
  }
  if (!s.email.empty() && !plausible_email(s.email)) return Error::invalid("电子邮箱格式不正确", "contact.email");
  // 举报 may be anonymous (then no reply is addressed to anyone); 投诉 and 意见建议 need a way back.
  if (s.kind != "report" && s.phone.empty() && s.email.empty())
    return Error::invalid("投诉和意见建议须留下联系电话或电子邮箱，以便答复（匿名只适用于举报）", "contact");
  if (!s.consent) return Error::invalid("请阅读并同意个人信息处理说明", "consent");
  if (s.attachments.size() > Limits::kMaxAttachments)
    return Error::invalid("附件最多 " + std::to_string(Limits::kMaxAttachments) + " 个", "attachments");
  for (auto& a : s.attachments) {
    if (a.bytes.size() > Limits::kMaxAttachmentBytes)
      return Error{ErrorKind::kInvalid, "附件“" + a.filename + "”超过 5 MB", "attachments"};
    auto t = sniff_type(a.bytes);
    if (!t) return Error::invalid("附件只接受 JPEG、PNG 图片和 PDF 文件（按文件内容识别）", "attachments");
    a.content_type = *t;
    if (!law::check_utf8(a.filename).ok() || text::char_count(a.filename) > 120) a.filename = "attachment";
  }
  return {};
}

Result<Submitted> submit(store::Tx& tx, blob::BlobStore& blobs, const Submission& s, const std::string& address,
                         const std::string& idempotency_key, const std::string& given_today, const std::string& fixed_code) {
  std::string today = today_or(given_today);
  std::int64_t now = clock::now_unix();
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  // The body's fingerprint for idempotent replays: every field and every attachment's hash.
  json fp{{"kind", s.kind}, {"agency", s.agency}, {"concerning", s.concerning}, {"what_happened", s.what_happened},
          {"request", s.request}, {"name", s.name}, {"phone", s.phone}, {"email", s.email}, {"files", json::array()}};
  for (auto& a : s.attachments) fp["files"].push_back(blob::sha256_hex(a.bytes));
  std::string body_sha = blob::sha256_hex(fp.dump());
  std::string key_sha = idempotency_key.empty() ? "" : blob::sha256_hex("complaints:" + idempotency_key);
  if (!key_sha.empty()) {
    if (auto r = tx.exec("DELETE FROM complaint_idempotency WHERE created_unix < ?", {now - 86400}); !r) return r.error();
    auto prev = tx.query_one("SELECT i.body_sha256, i.complaint_id, i.code, c.accept_due, a.name FROM complaint_idempotency i "
                             "JOIN complaints c ON c.id = i.complaint_id JOIN agencies a ON a.id = c.handling_agency_id WHERE i.key_sha256 = ?",
                             {key_sha});
    if (!prev) return prev.error();
    if (*prev) {
      if ((*prev)->text(0) != body_sha)
        return Error::conflict("此幂等键已用于另一份不同的提交 (Idempotency-Key reused with a different body)", "idempotency_key");
      Submitted out{(*prev)->integer(1), (*prev)->text(2), (*prev)->text(3), (*prev)->text(4), true, 0};
      return out;
    }
  }
  // Submissions per address (a flood answers 429 with Retry-After; nothing is stored). Windows
  // that have passed are dropped, so the table holds only the addresses of the last window.
  if (!address.empty()) {
    if (auto r = tx.exec("DELETE FROM complaint_throttle WHERE window_start <= ?", {now - rules->window_seconds}); !r) return r.error();
    auto r = tx.query_one(
        "INSERT INTO complaint_throttle(key, attempts, window_start) VALUES(?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
        "attempts = CASE WHEN complaint_throttle.window_start <= ? THEN 1 ELSE complaint_throttle.attempts + 1 END, "
        "window_start = CASE WHEN complaint_throttle.window_start <= ? THEN excluded.window_start ELSE complaint_throttle.window_start END "
        "RETURNING attempts, window_start",
        {"addr:" + address, now, now - rules->window_seconds, now - rules->window_seconds});
    if (!r) return r.error();
    if (*r && (*r)->integer(0) > rules->max_per_window) {
      Submitted out;
      out.retry_after = std::max<std::int64_t>(1, (*r)->integer(1) + rules->window_seconds - now);
      return out;
    }
  }

  // Routing.
  std::optional<AgencyRef> chosen;
  if (!s.agency.empty()) {
    auto a = agency_by(tx, "code = ?", s.agency);
    if (!a) return a.error();
    if (!*a) return Error::invalid("没有这个执法机关", "agency");
    chosen = *a;
  }
  auto concern = resolve_concern(tx, s.concerning);
  if (!concern) return concern.error();
  std::optional<AgencyRef> acting = chosen;
  if (*concern) {
    auto a = agency_by(tx, "id = ?", (*concern)->agency_id);
    if (!a) return a.error();
    if (*a) acting = *a;  // the record names the agency that acted
  }
  AgencyRef handling;
  std::string routed_by;
  if (!acting) {
    auto c = city_office(tx, *rules);
    if (!c) return c.error();
    handling = *c;
    routed_by = "city_office";
  } else if (s.kind == "complaint") {
    // 《信访工作条例》/ 执法监督: a complaint about an act goes to the supervising agency, never
    // only to the office complained about; above the top agency, the 行政执法监督机构.
    if (acting->parent) {
      auto parent = agency_by(tx, "id = ?", *acting->parent);
      if (!parent) return parent.error();
      handling = **parent;
      routed_by = "supervisor";
    } else {
      std::optional<AgencyRef> body;
      if (!rules->oversight_agency.empty() && rules->oversight_agency != acting->code) {
        auto b = agency_by(tx, "code = ?", rules->oversight_agency);
        if (!b) return b.error();
        body = *b;
      }
      if (body) {
        handling = *body;
        routed_by = "oversight_body";
      } else {
        handling = *acting;
        routed_by = "self";
      }
    }
  } else {
    handling = *acting;
    routed_by = "competent";
  }

  auto accept_due = due_after(tx, today, rules->accept_days);
  if (!accept_due) return accept_due.error();
  std::string code = fixed_code.empty() ? org::random_token(16) : fixed_code;  // 128 random bits
  bool anonymous = s.phone.empty() && s.email.empty();
  auto row = tx.query_one(
      "INSERT INTO complaints(code_sha256, kind, acting_agency_id, handling_agency_id, routed_by, concerning, concern_kind, concern_id, "
      "concern_ref, what_happened, request, contact_phone, contact_email, contact_name, anonymous, state, received_on, accept_due, "
      "submitted_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'received',?,?,?,?) RETURNING id",
      {blob::sha256_hex(code), s.kind, acting ? store::Value(acting->id) : store::null(), handling.id, routed_by, trim(s.concerning),
       *concern ? (*concern)->kind : std::string(), *concern ? store::Value((*concern)->id) : store::null(),
       *concern ? (*concern)->ref : std::string(), s.what_happened, s.request, s.phone, s.email, trim(s.name),
       std::int64_t{anonymous ? 1 : 0}, today, *accept_due, clock::now_iso(), clock::now_iso()});
  if (!row) return row.error();
  std::int64_t id = (*row)->integer(0);
  for (auto& a : s.attachments) {
    auto sha = blobs.put(a.bytes);
    if (!sha) return sha.error();
    if (auto r = tx.exec("INSERT INTO complaint_attachments(complaint_id, sha256, content_type, size, filename, created_at) VALUES(?,?,?,?,?,?)",
                         {id, *sha, a.content_type, static_cast<std::int64_t>(a.bytes.size()), a.filename, clock::now_iso()});
        !r)
      return r.error();
  }
  if (!key_sha.empty())
    if (auto r = tx.exec("INSERT INTO complaint_idempotency(key_sha256, body_sha256, complaint_id, code, created_unix) VALUES(?,?,?,?,?)",
                         {key_sha, body_sha, id, code, now});
        !r)
      return r.error();
  org::Principal system;
  if (auto st = step(tx, id, system, "received", handling.id, "", today); !st) return st.error();
  auto text_c = org::commit_private_json(tx, json{{"concerning", s.concerning}, {"what_happened", s.what_happened}, {"request", s.request}});
  if (!text_c) return text_c.error();
  std::string contact_c;
  if (!anonymous) {
    auto c = org::commit_private_json(tx, json{{"name", s.name}, {"phone", s.phone}, {"email", s.email}});
    if (!c) return c.error();
    contact_c = *c;
  }
  std::string files_c;
  if (!s.attachments.empty()) {
    json shas = json::array();
    for (auto& a : s.attachments) shas.push_back(blob::sha256_hex(a.bytes));
    auto c = org::commit_private_json(tx, shas);
    if (!c) return c.error();
    files_c = *c;
  }
  if (auto st = event(tx, system, handling.id, id, "received",
                      {{"kind", s.kind}, {"acting", acting ? acting->code : std::string()}, {"handling", handling.code},
                       {"routed_by", routed_by}, {"concern", *concern ? (*concern)->kind : std::string()},
                       {"concern_id", *concern ? json((*concern)->id) : json(nullptr)}, {"anonymous", anonymous},
                       {"attachments", static_cast<std::int64_t>(s.attachments.size())}, {"received_on", today},
                       {"accept_due", *accept_due}, {"text_commitment", *text_c}, {"contact_commitment", contact_c},
                       {"attachments_commitment", files_c}});
      !st)
    return st.error();
  return Submitted{id, code, *accept_due, handling.name, false, 0};
}

Status supplement(store::Tx& tx, blob::BlobStore& blobs, const std::string& code, const std::string& text,
                  std::vector<Attachment> files, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (code.empty() || code.size() > 64) return Error::not_found("查询码不存在");
  auto found = load_where(tx, "c.code_sha256 = ?", blob::sha256_hex(code));
  if (!found) return found.error();
  if (!*found) return Error::not_found("查询码不存在");
  const Complaint& c = **found;
  if (c.state != "info_requested") return Error::conflict("办理机关没有请您补充材料（当前：" + state_label(c.state) + "）");
  if (auto st = check_text(text, "supplement", "补充的内容", Limits::kMaxTextChars, true); !st) return st;
  if (files.size() + c.attachments.size() > 2 * Limits::kMaxAttachments)
    return Error::invalid("附件过多（最多 " + std::to_string(2 * Limits::kMaxAttachments) + " 个）", "attachments");
  for (auto& a : files) {
    if (a.bytes.size() > Limits::kMaxAttachmentBytes) return Error::invalid("附件超过 5 MB", "attachments");
    auto t = sniff_type(a.bytes);
    if (!t) return Error::invalid("附件只接受 JPEG、PNG 图片和 PDF 文件（按文件内容识别）", "attachments");
    a.content_type = *t;
    if (!law::check_utf8(a.filename).ok() || text::char_count(a.filename) > 120) a.filename = "attachment";
  }
  std::string joined = c.supplement.empty() ? trim(text) : c.supplement + "\n\n" + trim(text);
  if (auto r = tx.exec("UPDATE complaints SET state = 'received', supplement = ?, updated_at = ? WHERE id = ?", {joined, clock::now_iso(), c.id}); !r)
    return r.error();
  json shas = json::array();
  for (auto& a : files) {
    auto sha = blobs.put(a.bytes);
    if (!sha) return sha.error();
    shas.push_back(*sha);
    if (auto r = tx.exec("INSERT INTO complaint_attachments(complaint_id, sha256, content_type, size, filename, created_at) VALUES(?,?,?,?,?,?)",
                         {c.id, *sha, a.content_type, static_cast<std::int64_t>(a.bytes.size()), a.filename, clock::now_iso()});
        !r)
      return r.error();
  }
  org::Principal system;
  if (auto st = step(tx, c.id, system, "supplement", c.handling_agency_id, "", today); !st) return st;
  auto tc = org::commit_private_json(tx, json{{"supplement", text}, {"files", shas}});
  if (!tc) return tc.error();
  return event(tx, system, c.handling_agency_id, c.id, "supplemented",
               {{"on", today}, {"attachments", static_cast<std::int64_t>(files.size())}, {"text_commitment", *tc}});
}

}  // namespace zhifa::complaints
