// 督查通报 (issue 21): notices to the agencies below, replies with attachments, lateness on the
// official calendar.
#include "supervision/notices.h"

#include <algorithm>
#include <map>
#include <set>

#include "law/calendar.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "supervision/scope.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxFileBytes = 10 * 1024 * 1024;
constexpr const char* kNoNotice = "没有这份督查通报";

std::optional<std::string> sniff(std::string_view b) {
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8) return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  return std::nullopt;
}

// The state of one recipient's reply as of today: on time, late (working days), overdue, pending.
json reply_state(const law::Calendar& cal, const std::string& due, const std::string& replied_on, const std::string& today) {
  auto d = law::Date::parse(due, "due");
  json j{{"replied", !replied_on.empty()}, {"late", false}, {"overdue", false}, {"late_days", 0}};
  std::string until = replied_on.empty() ? today : replied_on;
  if (d && until > due) {
    auto u = law::Date::parse(until, "until");
    auto n = u ? cal.working_days_between(*d, *u) : Result<law::CountAnswer>(Error::internal("date"));
    j["late_days"] = n ? n->days : 0;
    j[replied_on.empty() ? "overdue" : "late"] = true;
  }
  j["has_late_days"] = j["late_days"].get<std::int64_t>() > 0;
  j["state"] = replied_on.empty() ? (j["overdue"].get<bool>() ? "overdue" : "pending") : (j["late"].get<bool>() ? "late" : "on_time");
  j["state_label"] = replied_on.empty() ? (j["overdue"].get<bool>() ? "逾期未回复" : "待回复") : (j["late"].get<bool>() ? "逾期回复" : "按期回复");
  return j;
}

struct NoticeRow {
  std::int64_t id = 0, agency_id = 0;
  std::string title, body, issued_on, due_on, sender;
};

Result<std::optional<NoticeRow>> load_notice(store::Tx& tx, std::int64_t id) {
  auto r = tx.query_one("SELECT n.id, n.agency_id, n.title, n.body, n.issued_on, n.due_on, a.name FROM sup_notices n JOIN agencies a ON a.id = n.agency_id WHERE n.id = ?", {id});
  if (!r) return r.error();
  if (!*r) return std::optional<NoticeRow>();
  auto& x = **r;
  return std::optional<NoticeRow>(NoticeRow{x.integer(0), x.integer(1), x.text(2), x.text(3), x.text(4), x.text(5), x.text(6)});
}

// The recipients of a notice with their replies and attachments.
Result<json> recipients_json(store::Tx& tx, const law::Calendar& cal, const NoticeRow& n, const std::string& today, std::int64_t only = 0) {
  auto rows = tx.query("SELECT r.agency_id, a.code, a.name, r.reply, r.replied_on, COALESCE(pp.name, '') FROM sup_notice_recipients r "
                       "JOIN agencies a ON a.id = r.agency_id LEFT JOIN people pp ON pp.id = r.replied_by WHERE r.notice_id = ? ORDER BY a.id",
                       {n.id});
  if (!rows) return rows.error();
  json out = json::array();
  for (auto& r : *rows) {
    if (only && r.integer(0) != only) continue;
    std::string on = r.is_null(4) ? std::string() : r.text(4);
    json j = reply_state(cal, n.due_on, on, today);
    j["agency"] = r.text(1);
    j["agency_name"] = r.text(2);
    j["reply"] = r.text(3);
    j["replied_on"] = on;
    j["replied_on_text"] = on.empty() ? "" : clock::chinese_date(on);
    j["replied_by"] = r.text(5);
    auto files = tx.query("SELECT id, name, size FROM sup_notice_attachments WHERE notice_id = ? AND agency_id = ? ORDER BY id", {n.id, r.integer(0)});
    if (!files) return files.error();
    json fs = json::array();
    for (auto& f : *files)
      fs.push_back({{"id", f.integer(0)}, {"name", f.text(1)}, {"size", f.integer(2)},
                    {"href", "/workspace/supervision/notices/" + std::to_string(n.id) + "/attachments/" + std::to_string(f.integer(0))}});
    j["attachments"] = fs;
    out.push_back(j);
  }
  return out;
}

json notice_head(const NoticeRow& n) {
  return {{"id", n.id}, {"title", n.title}, {"body", n.body}, {"sender", n.sender}, {"issued_on", n.issued_on}, {"due_on", n.due_on},
          {"issued_text", clock::chinese_date(n.issued_on)}, {"due_text", clock::chinese_date(n.due_on)},
          {"href", "/workspace/supervision/notices/" + std::to_string(n.id)}};
}

}  // namespace

Result<std::int64_t> issue_notice(store::Tx& tx, const org::Principal& p, const NewNotice& in, const std::string& today) {
  if (auto st = org::require(p, "supervision.notice", p.agency_id, "没有这个执法主体"); !st) return st.error();
  auto s = supervised(tx, p);
  if (!s) return s.error();
  if (in.title.empty() || in.title.size() > 300 || !text::valid_utf8(in.title)) return Error::invalid("请填写通报标题（不超过 300 字节）", "title");
  if (in.body.empty() || in.body.size() > 20000 || !text::valid_utf8(in.body)) return Error::invalid("请填写通报内容（不超过 20000 字节）", "body");
  std::set<std::int64_t> to;
  for (auto& a : s->agencies) {
    if (a.id == p.agency_id) continue;
    if (in.all || std::find(in.recipients.begin(), in.recipients.end(), a.code) != in.recipients.end()) to.insert(a.id);
  }
  for (auto& code : in.recipients) {
    bool known = false;
    for (auto& a : s->agencies) known = known || (a.code == code && a.id != p.agency_id);
    if (!known) return Error::invalid("“" + code + "”不是本机关所属的下级执法主体", "recipients");
  }
  if (to.empty()) return Error::invalid("请选择至少一个接收通报的下级执法主体", "recipients");
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  std::string due = in.due_on;
  if (due.empty() && !in.reply_days.empty()) {
    if (in.reply_days.size() > 3 || !std::all_of(in.reply_days.begin(), in.reply_days.end(), ::isdigit) || std::stoi(in.reply_days) < 1)
      return Error::invalid("回复期限须为 1 至 999 个工作日", "reply_days");
    auto d = law::working_days_after(tx, today, std::stoi(in.reply_days));
    if (!d) return d.error();
    due = *d;
  }
  if (due.empty()) return Error::invalid("请填写回复期限（日期，或若干个工作日）", "due_on");
  auto d = law::Date::parse(due, "due_on");
  if (!d) return Error::invalid("回复期限须为“年-月-日”格式的日期", "due_on");
  if (due < today) return Error::invalid("回复期限（" + clock::chinese_date(due) + "）已经过去：请选择今天或以后的工作日", "due_on");
  auto wd = cal->is_working_day(*d);
  if (!wd) return wd.error();
  if (!*wd) return Error::invalid(clock::chinese_date(due) + "不是工作日（国务院办公厅节假日安排）：请选择工作日", "due_on");
  auto id = tx.query("INSERT INTO sup_notices (agency_id, title, body, issued_on, due_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     {p.agency_id, in.title, in.body, today, due, p.person_id, clock::now_iso()});
  if (!id) return id.error();
  std::int64_t nid = (*id)[0].integer(0);
  for (auto a : to)
    if (auto i = tx.exec("INSERT INTO sup_notice_recipients (notice_id, agency_id) VALUES (?, ?)", {nid, a}); !i) return i.error();
  json payload{{"notice", nid}, {"recipients", static_cast<std::int64_t>(to.size())}, {"due", due}, {"on", today}};
  auto ev = org::append_event(tx, p, org::agency_code_of(tx, p.agency_id), "supervision.notice.issued", "notice:" + std::to_string(nid), payload.dump());
  if (!ev) return ev.error();
  if (auto u = tx.exec("UPDATE sup_notices SET ledger_index = ? WHERE id = ?", {*ev, nid}); !u) return u.error();
  return nid;
}

Status reply_notice(store::Tx& tx, blob::BlobStore* blobs, const org::Principal& p, std::int64_t notice_id, const std::string& reply,
                    const std::vector<ReplyFile>& files, const std::string& today) {
  auto n = load_notice(tx, notice_id);
  if (!n) return n.error();
  auto r = tx.query_one("SELECT replied_on FROM sup_notice_recipients WHERE notice_id = ? AND agency_id = ?", {notice_id, p.agency_id});
  if (!r) return r.error();
  if (*n && (*n)->agency_id == p.agency_id) return Error::forbidden("发文机关不回复本机关发出的通报");
  if (!*n || !*r) return Error::not_found(kNoNotice);
  if (!(*r)->is_null(0)) return Error::conflict("本机关已回复该通报");
  if (reply.empty() || reply.size() > 20000 || !text::valid_utf8(reply)) return Error::invalid("请填写回复内容（不超过 20000 字节）", "reply");
  if (files.size() > 10) return Error::invalid("附件不得超过 10 个", "attachments");
  for (auto& f : files) {
    if (f.bytes.size() > kMaxFileBytes) return Error::invalid("附件“" + f.name + "”超过 10 MB", "attachments");
    if (!sniff(f.bytes)) return Error::invalid("附件“" + f.name + "”须为 PDF、JPEG 或 PNG 文件", "attachments");
    if (f.name.size() > 200 || !text::valid_utf8(f.name)) return Error::invalid("附件文件名过长或不是有效文字", "attachments");
  }
  if (!files.empty() && !blobs) return Error::unavailable("附件存储不可用");
  std::string at = clock::now_iso();
  for (auto& f : files) {
    auto sha = blobs->put(f.bytes);
    if (!sha) return sha.error();
    auto i = tx.exec("INSERT INTO sup_notice_attachments (notice_id, agency_id, name, media_type, sha256, size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     {notice_id, p.agency_id, f.name.empty() ? std::string("附件") : f.name, *sniff(f.bytes), *sha, static_cast<std::int64_t>(f.bytes.size()), at});
    if (!i) return i.error();
  }
  auto u = tx.exec("UPDATE sup_notice_recipients SET reply = ?, replied_by = ?, replied_on = ?, replied_at = ? WHERE notice_id = ? AND agency_id = ?",
                   {reply, p.person_id, today, at, notice_id, p.agency_id});
  if (!u) return u.error();
  json payload{{"notice", notice_id}, {"on", today}, {"due", (*n)->due_on}, {"late", today > (*n)->due_on},
               {"attachments", static_cast<std::int64_t>(files.size())}};
  return org::record_event(tx, p, org::agency_code_of(tx, p.agency_id), "supervision.notice.replied", "notice:" + std::to_string(notice_id), payload.dump());
}

Result<json> notices_page(store::Tx& tx, const org::Principal& p, const std::string& today) {
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto s = supervised(tx, p);
  if (!s) return s.error();
  json sent = json::array(), received = json::array();
  if (!s->agencies.empty()) {
    auto api = notices_api(tx, p, "", today);
    if (!api) return api.error();
    sent = (*api)["notices"];
  }
  auto rows = tx.query("SELECT notice_id FROM sup_notice_recipients WHERE agency_id = ? ORDER BY notice_id DESC", {p.agency_id});
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    auto n = load_notice(tx, r.integer(0));
    if (!n) return n.error();
    json j = notice_head(**n);
    auto mine = recipients_json(tx, *cal, **n, today, p.agency_id);
    if (!mine) return mine.error();
    j["mine"] = mine->empty() ? json::object() : (*mine)[0];
    received.push_back(j);
  }
  json below = json::array();
  for (auto& a : s->agencies)
    if (a.id != p.agency_id) below.push_back({{"code", a.code}, {"name", a.name}});
  return json{{"sent", sent}, {"received", received}, {"has_sent", !sent.empty()}, {"has_received", !received.empty()}, {"below", below},
              {"may_issue", org::authorize(p, "supervision.notice", p.agency_id).allowed && !below.empty()}};
}

Result<json> notice_page(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& today) {
  auto n = load_notice(tx, id);
  if (!n) return n.error();
  if (!*n) return Error::not_found(kNoNotice);
  auto supervises_sender = supervising(tx, p, (*n)->agency_id);
  if (!supervises_sender) return supervises_sender.error();
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  bool sender = (*n)->agency_id == p.agency_id || *supervises_sender;  // the sending agency's own staff, or its supervisors
  auto rec = recipients_json(tx, *cal, **n, today, sender ? 0 : p.agency_id);
  if (!rec) return rec.error();
  if (!sender && rec->empty()) return Error::not_found(kNoNotice);
  json j = notice_head(**n);
  j["sender_view"] = sender;
  j["recipients"] = *rec;
  if (!sender) {
    j["mine"] = (*rec)[0];
    j["may_reply"] = !(*rec)[0]["replied"].get<bool>();
  }
  return j;
}

Result<json> notices_api(store::Tx& tx, const org::Principal& p, const std::string& agency, const std::string& today) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, agency);
  if (!s) return s.error();
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  store::Params params;
  std::string in;
  for (auto& a : s->agencies) {
    in += in.empty() ? "?" : ",?";
    params.emplace_back(a.id);
  }
  auto rows = tx.query("SELECT id FROM sup_notices WHERE agency_id IN (" + in + ") ORDER BY id DESC", params);
  if (!rows) return rows.error();
  json out = json::array();
  for (auto& r : *rows) {
    auto n = load_notice(tx, r.integer(0));
    if (!n) return n.error();
    json j = notice_head(**n);
    auto rec = recipients_json(tx, *cal, **n, today);
    if (!rec) return rec.error();
    int replied = 0, late = 0, overdue = 0;
    for (auto& x : *rec) {
      replied += x["replied"].get<bool>();
      late += x["late"].get<bool>();
      overdue += x["overdue"].get<bool>();
    }
    j["replies"] = *rec;
    j["counts"] = {{"recipients", static_cast<std::int64_t>(rec->size())}, {"replied", replied}, {"late", late}, {"overdue", overdue}};
    out.push_back(j);
  }
  return json{{"agency", {{"code", s->agencies.front().code}, {"name", s->agencies.front().name}}}, {"notices", out}};
}

Result<FileOut> notice_attachment(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t notice_id, std::int64_t file_id) {
  auto n = load_notice(tx, notice_id);
  if (!n) return n.error();
  auto f = tx.query_one("SELECT agency_id, name, media_type, sha256 FROM sup_notice_attachments WHERE id = ? AND notice_id = ?", {file_id, notice_id});
  if (!f) return f.error();
  if (!*n || !*f) return Error::not_found("没有这个附件");
  auto supervises_sender = supervising(tx, p, (*n)->agency_id);
  if (!supervises_sender) return supervises_sender.error();
  if ((*n)->agency_id != p.agency_id && !*supervises_sender && (*f)->integer(0) != p.agency_id) return Error::not_found("没有这个附件");
  auto bytes = blobs.get((*f)->text(3));
  if (!bytes) return bytes.error();
  return FileOut{(*f)->text(1), (*f)->text(2), *bytes};
}

}  // namespace zhifa::supervision
