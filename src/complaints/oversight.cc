// Supervision: statistics and the yellow and red cards of "my tasks".
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

Result<json> statistics(store::Tx& tx, const std::string& from, const std::string& to, const std::string& given_today,
                        const std::set<std::int64_t>& only) {
  std::string today = today_or(given_today);
  if (!from.empty())
    if (auto d = law::Date::parse(from, "from"); !d) return d.error();
  if (!to.empty())
    if (auto d = law::Date::parse(to, "to"); !d) return d.error();
  auto rows = tx.query(
      "SELECT c.kind, c.state, c.finding, c.received_on, c.accept_due, c.accepted_on, c.reply_due, c.closed_on, a.code, a.name, a.id "
      "FROM complaints c JOIN agencies a ON a.id = c.handling_agency_id WHERE c.received_on >= ? AND c.received_on <= ? ORDER BY a.id",
      {from.empty() ? std::string("0000-01-01") : from, to.empty() ? std::string("9999-12-31") : to});
  if (!rows) return rows.error();
  json by_kind = json::object(), by_outcome = json::object(), by_agency = json::array();
  std::map<std::string, json> agencies;
  std::vector<std::string> order;
  json timeliness{{"accepted_on_time", 0}, {"accepted_late", 0}, {"closed_on_time", 0}, {"closed_late", 0}, {"open_overdue", 0}};
  std::int64_t total = 0;
  auto bump = [](json& j, const std::string& k) { j[k] = j.value(k, 0) + 1; };
  for (auto& r : *rows) {
    if (!only.empty() && !only.count(r.integer(10))) continue;
    ++total;
    std::string kind = r.text(0), state = r.text(1), finding = r.text(2), code = r.text(8);
    bump(by_kind, kind);
    if (!agencies.count(code)) {
      agencies[code] = {{"agency", code}, {"name", r.text(9)}, {"total", 0}, {"open", 0}, {"closed", 0}, {"overdue", 0}};
      order.push_back(code);
    }
    json& ag = agencies[code];
    ag["total"] = ag["total"].get<int>() + 1;
    bool closed = state == "replied" || state == "refused";
    ag[closed ? "closed" : "open"] = ag[closed ? "closed" : "open"].get<int>() + 1;
    if (state == "refused") bump(by_outcome, "refused");
    else if (state == "replied") bump(by_outcome, finding);
    else bump(by_outcome, "open");
    std::string accepted = r.text(5), accept_due = r.text(4), reply_due = r.text(6), closed_on = r.text(7);
    if (!accepted.empty()) bump(timeliness, accepted <= accept_due ? "accepted_on_time" : "accepted_late");
    if (closed) {
      std::string due = state == "refused" ? accept_due : reply_due;
      bump(timeliness, closed_on <= due ? "closed_on_time" : "closed_late");
    } else {
      std::string due = (state == "accepted" || state == "approval_pending") ? reply_due : accept_due;
      if (!due.empty() && due < today) {
        bump(timeliness, "open_overdue");
        ag["overdue"] = ag["overdue"].get<int>() + 1;
      }
    }
  }
  for (auto& code : order) by_agency.push_back(agencies[code]);
  return json{{"from", from}, {"to", to}, {"as_of", today}, {"total", total}, {"by_kind", by_kind}, {"by_outcome", by_outcome},
              {"by_agency", by_agency}, {"timeliness", timeliness}};
}

Status tasks(store::Tx& tx, const org::Principal& p, json& out, const std::string& given_today) {
  std::string today = today_or(given_today);
  bool handles = org::authorize(p, "complaints.handle", p.agency_id).allowed;
  bool heads = org::authorize(p, "complaints.approve", p.agency_id).allowed;
  bool supervises = p.has("supervisor");
  if (!handles && !heads && !supervises) return {};
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  auto rows = tx.query(std::string("SELECT ") + kCols + kJoins + " WHERE c.state NOT IN ('replied', 'refused') ORDER BY c.id");
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    Complaint c = from_row(r);
    auto d = due_view(c.state, c.accept_due, c.reply_due, today, rules->warn_days);
    std::string href = "/workspace/complaints/" + std::to_string(c.id);
    std::string what = kind_label(c.kind) + "（" + text::first_chars(c.what_happened, 16) + "…）";
    bool own = c.handling_agency_id == p.agency_id;
    std::string left = d ? (d->days_left < 0 ? "已超期 " + std::to_string(-d->days_left) + " 天" : "剩 " + std::to_string(d->days_left) + " 天") : "";
    if (own && handles && (!c.handler_id || *c.handler_id == p.person_id)) {
      std::string level = d ? (d->level == "ok" ? "info" : d->level) : "info";
      std::string verb = c.state == "received" ? "待受理" : c.state == "info_requested" ? "待补充材料" : c.state == "accepted" ? "待答复" : "答复待审批";
      out.push_back({{"level", level}, {"text", what + " " + verb + (d ? "，" + d->what + " " + d->due + "（" + left + "）" : "")},
                     {"href", href}, {"due", d ? d->due : ""}});
    } else if (own && heads) {
      if (c.state == "approval_pending")
        out.push_back({{"level", d && d->level == "danger" ? "danger" : "warn"}, {"text", what + " 答复待您审批"}, {"href", href},
                       {"due", d ? d->due : ""}});
      else if (d && d->level != "ok")
        out.push_back({{"level", d->level}, {"text", what + " " + d->what + " " + d->due + "（" + left + "）"}, {"href", href}, {"due", d->due}});
    } else if (!own && supervises && p.jurisdiction.count(c.handling_agency_id) && d && d->level == "danger") {
      // The supervisor's red card: a complaint of an agency below that is past its deadline.
      out.push_back({{"level", "danger"}, {"text", c.handling_agency_name + " " + what + " " + d->what + "已过（" + d->due + "）"},
                     {"href", href}, {"due", d->due}});
    }
  }
  return {};
}

}  // namespace zhifa::complaints
