// After publication: fulfilment (履行情况), withdrawal (APL art. 48) and the end of the display
// period.
#include "publicity/decision_model.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "law/deadline.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

using namespace decision_detail;
using text::char_count;
using text::first_chars;

Status set_fulfilment(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& status, const std::string& note,
                      const std::string& on_date) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.fulfilment", d->agency_id, kNoDecision); !s) return s;
  auto& all = fulfilment_statuses();
  if (std::find(all.begin(), all.end(), status) == all.end()) return Error::invalid("履行情况不在可选范围内", "fulfilment");
  if (note.size() > 1000) return Error::invalid("说明过长", "fulfilment_note");
  if (auto s = law::check_utf8(note, "fulfilment_note"); !s) return s;
  std::string date = today_or(on_date);
  if (auto s = check_date(date, "fulfilment_on"); !s) return s;
  if (date < d->decision_date) return Error::invalid("履行日期早于决定日期", "fulfilment_on");
  if (d->state == "withdrawn" || d->state == "expired") return Error::conflict("该决定已撤下");
  // The note is public: personal data masked like the decision text.
  std::vector<std::string> names;
  if (d->party_kind == "person") names.push_back(d->party_name);
  auto m = law::mask_personal_data(note, names);
  if (!m) return m.error();
  auto u = tx.exec("UPDATE pub_decisions SET fulfilment = ?, fulfilment_note = ?, fulfilment_on = ?, updated_at = ? WHERE id = ?",
                   {status, m->text, date, clock::now_iso(), id});
  if (!u) return u.error();
  return event(tx, p, *d, "fulfilment", {{"status", fulfilment_code(status)}, {"on", date}});
}

Status fulfilment_from_case(store::Tx& tx, const org::Principal& p, const std::string& source, const std::string& status,
                            const std::string& on_date) {
  auto r = tx.query_one("SELECT id FROM pub_decisions WHERE source = ? AND state IN ('pending', 'published')", {source});
  if (!r) return r.error();
  if (!*r) return {};
  auto d = load_decision(tx, (**r).integer(0));
  if (!d) return d.error();
  auto u = tx.exec("UPDATE pub_decisions SET fulfilment = ?, fulfilment_on = ?, updated_at = ? WHERE id = ?",
                   {status, on_date, clock::now_iso(), d->id});
  if (!u) return u.error();
  return event(tx, p, *d, "fulfilment", {{"status", fulfilment_code(status)}, {"on", on_date}, {"from", "case"}});
}

Status request_withdrawal(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& ground, const std::string& reason,
                          const std::string& trigger_on) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.withdraw", d->agency_id, kNoDecision); !s) return s;
  if (d->state == "withdrawn" || d->state == "expired") return Error::conflict("该决定已撤下");
  if (!d->withdraw_ground.empty()) return Error::conflict("已登记撤下原因，等待撤下");
  auto& g = withdraw_grounds();
  if (std::find(g.begin(), g.end(), ground) == g.end()) return Error::invalid("请选择撤下的原因：变更、撤销、确认违法或确认无效", "ground");
  if (auto s = check_reason(reason, "reason"); !s) return s;
  if (auto s = check_date(trigger_on, "trigger_on"); !s) return s;
  if (trigger_on < d->decision_date) return Error::invalid("变更、撤销等日期早于决定日期", "trigger_on");
  if (trigger_on > clock::today_beijing()) return Error::invalid("日期不能晚于今天", "trigger_on");
  // APL art. 48: withdrawn within 3 working days, with the reason made public (masked like the text).
  auto due = law::working_days_after(tx, trigger_on, 3);
  if (!due) return due.error();
  std::vector<std::string> names;
  if (d->party_kind == "person") names.push_back(d->party_name);
  auto m = law::mask_personal_data(reason, names);
  if (!m) return m.error();
  auto u = tx.exec(
      "UPDATE pub_decisions SET withdraw_ground = ?, withdraw_reason = ?, withdraw_trigger_on = ?, withdraw_due_on = ?, "
      "withdraw_requested_by = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND withdraw_ground IS NULL",
      {ground, m->text, trigger_on, *due, who(p), clock::now_iso(), id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("已登记撤下原因，等待撤下");
  return event(tx, p, *d, "withdrawal_requested", {{"ground", ground}, {"trigger_on", trigger_on}, {"due_on", *due}});
}

Status withdraw_decision(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& on) {
  std::string today = today_or(on);
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.edit", d->agency_id, kNoDecision); !s) return s;
  if (d->state == "withdrawn") return Error::conflict("该决定已经撤下");
  if (d->state == "expired") return Error::conflict("该决定公示期已满，已不在公示中");
  if (d->withdraw_ground.empty()) return Error::conflict("须先登记决定被变更、撤销、确认违法或无效的情况和理由（APL art. 48）", "ground");
  std::string now = clock::now_iso();
  auto u = tx.exec("UPDATE pub_decisions SET state = 'withdrawn', withdrawn_on = ?, withdrawn_at = ?, withdrawn_by = ?, updated_at = ?, "
                   "revision = revision + 1 WHERE id = ? AND state IN ('pending', 'published')",
                   {today, now, who(p), now, id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("该决定已被他人处理，请刷新");
  if (d->state == "published")
    if (auto s = unindex_decision(tx, id); !s) return s;
  bool on_time = today <= d->withdraw_due_on;
  // The reason is public (the notice); the publication itself stays in the ledger.
  auto idx = event_at(tx, p, *d, "withdrawn",
                      {{"ground", d->withdraw_ground}, {"reason_sha256", blob::sha256_hex(d->withdraw_reason)}, {"withdrawn_on", today},
                       {"due_on", d->withdraw_due_on}, {"on_time", on_time}, {"was_public", d->state == "published"}});
  if (!idx) return idx.error();
  auto e = tx.exec("UPDATE pub_decisions SET withdraw_event = ? WHERE id = ?", {*idx, id});
  return e ? Status{} : Status(e.error());
}

Result<int> expire_display_periods(store::Tx& tx, const std::string& on) {
  std::string today = today_or(on);
  int n = 0;
  auto rows = tx.query("SELECT id FROM pub_decisions WHERE state = 'published' AND display_until < ? ORDER BY id LIMIT 1000", {today});
  if (!rows) return rows.error();
  org::Principal system;
  for (auto& r : *rows) {
    auto d = load_decision(tx, r.integer(0));
    if (!d) return d.error();
    auto u = tx.exec("UPDATE pub_decisions SET state = 'expired', expired_on = ?, updated_at = ? WHERE id = ? AND state = 'published'",
                     {today, clock::now_iso(), d->id});
    if (!u) return u.error();
    if (*u != 1) continue;
    if (auto s = unindex_decision(tx, d->id); !s) return s.error();
    if (auto s = event(tx, system, *d, "expired", {{"display_until", d->display_until}, {"expired_on", today}}); !s) return s.error();
    ++n;
  }
  return n;
}

}  // namespace zhifa::publicity
