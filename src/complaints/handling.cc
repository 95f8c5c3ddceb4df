// The handler's and the head's acts on a complaint.
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

Status act(store::Tx& tx, const org::Principal& p, std::int64_t id, const Act& a, const std::string& given_today) {
  std::string today = today_or(given_today);
  auto c = load_for(tx, p, id, "complaints.handle");
  if (!c) return c.error();
  if (p.agency_id != c->handling_agency_id) return Error::forbidden("只有办理机关的工作人员可以办理");
  if (c->handler_id && *c->handler_id != p.person_id) return Error::forbidden("此件已由" + c->handler_name + "承办");
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  const std::string now = clock::now_iso();
  // UPDATE complaints SET <set>, updated_at = ? WHERE id = ?: params end with now and id.
  auto update = [&](const std::string& set, const store::Params& params) -> Status {
    auto r = tx.exec("UPDATE complaints SET " + set + ", updated_at = ? WHERE id = ?", params);
    return r ? Status{} : Status(r.error());
  };
  auto commit = [&](const std::string& text) -> Result<std::string> { return org::commit_private(tx, text); };
  bool pre = c->state == "received" || c->state == "info_requested";
  // The first act assigns the handler (who alone sees the complainant's contact).
  if (!c->handler_id && a.action != "transfer") {
    if (auto st = update("handler_id = ?", {p.person_id, now, id}); !st) return st;
    if (auto st = step(tx, id, p, "take", c->handling_agency_id, "", today); !st) return st;
    if (auto st = event(tx, p, c->handling_agency_id, id, "taken", {{"handler", p.person_id}}); !st) return st;
  }
  if (a.action == "take") {
    if (!c->open()) return Error::conflict("此件已办结");
    return {};
  }
  if (a.action == "accept") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以受理（当前：" + state_label(c->state) + "）");
    auto due = due_after(tx, today, rules->reply_days);
    if (!due) return due.error();
    if (auto st = update("state = 'accepted', accepted_on = ?, reply_due = ?", {today, *due, now, id}); !st) return st;
    if (auto st = step(tx, id, p, "accept", c->handling_agency_id, "", today); !st) return st;
    return event(tx, p, c->handling_agency_id, id, "accepted",
                 {{"accepted_on", today}, {"reply_due", *due}, {"on_time", today <= c->accept_due}});
  }
  if (a.action == "refuse") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以不予受理（当前：" + state_label(c->state) + "）");
    if (auto st = check_text(a.reason, "reason", "不予受理的理由", 2000, true); !st) return st;
    if (auto st = check_text(a.basis, "basis", "不予受理的依据", 500, true); !st) return st;
    if (auto st = update("state = 'refused', refusal_reason = ?, refusal_basis = ?, closed_on = ?", {trim(a.reason), trim(a.basis), today, now, id}); !st)
      return st;
    if (auto st = step(tx, id, p, "refuse", c->handling_agency_id, trim(a.reason) + "（依据：" + trim(a.basis) + "）", today); !st) return st;
    auto rc = commit(a.reason + "\n" + a.basis);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "refused", {{"on", today}, {"on_time", today <= c->accept_due}, {"reason_commitment", *rc}});
  }
  if (a.action == "transfer") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以转送（当前：" + state_label(c->state) + "）");
    if (auto st = check_text(a.reason, "reason", "转送理由", 2000, true); !st) return st;
    auto to = agency_by(tx, "code = ?", trim(a.to_agency));
    if (!to) return to.error();
    if (!*to) return Error::invalid("请选择接收机关", "to_agency");
    if ((*to)->id == c->handling_agency_id) return Error::invalid("不能转送给本机关", "to_agency");
    if (c->kind == "complaint" && c->acting_agency_id && (*to)->id == *c->acting_agency_id)
      return Error::invalid("投诉不得转交被投诉的机关办理", "to_agency");
    // The receiving agency's acceptance clock starts on the day it receives the matter.
    auto due = due_after(tx, today, rules->accept_days);
    if (!due) return due.error();
    if (auto st = update("handling_agency_id = ?, handler_id = NULL, state = 'received', routed_by = 'transfer', received_on = ?, "
                         "accept_due = ?, info_request = ''",
                         {(*to)->id, today, *due, now, id});
        !st)
      return st;
    if (auto st = step(tx, id, p, "transfer", (*to)->id, "自" + c->handling_agency_name + "转送：" + trim(a.reason), today); !st) return st;
    auto rc = commit(a.reason);
    if (!rc) return rc.error();
    return event(tx, p, (*to)->id, id, "transferred",
                 {{"from", c->handling_agency_code}, {"to", (*to)->code}, {"received_on", today}, {"accept_due", *due}, {"reason_commitment", *rc}});
  }
  if (a.action == "request_info") {
    if (!pre) return Error::conflict("只有待受理的投诉举报可以请补充材料（当前：" + state_label(c->state) + "）");
    if (c->anonymous) return Error::conflict("匿名举报无法联系举报人补充材料");
    if (auto st = check_text(a.reason, "reason", "需要补充的内容", 2000, true); !st) return st;
    if (auto st = update("state = 'info_requested', info_request = ?", {trim(a.reason), now, id}); !st) return st;
    if (auto st = step(tx, id, p, "request_info", c->handling_agency_id, trim(a.reason), today); !st) return st;
    auto rc = commit(a.reason);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "info_requested", {{"on", today}, {"question_commitment", *rc}});
  }
  if (a.action == "reply") {
    if (c->state != "accepted") return Error::conflict("只有已受理的投诉举报可以答复（当前：" + state_label(c->state) + "）");
    const auto& allowed = findings_for(c->kind);
    if (std::find(allowed.begin(), allowed.end(), a.finding) == allowed.end()) return Error::invalid("请选择办理结论", "finding");
    if (auto st = check_text(a.reply, "reply", "答复意见", Limits::kMaxTextChars, true); !st) return st;
    bool approval = needs_approval(a.finding);
    bool contests = a.contests_decision || c->concern_kind == "decision";
    if (approval) {
      // A reply that finds the act unlawful or improper needs the head's approval.
      if (auto st = update("state = 'approval_pending', finding = ?, reply = ?, contests_decision = ?",
                           {a.finding, trim(a.reply), std::int64_t{contests ? 1 : 0}, now, id});
          !st)
        return st;
    } else {
      if (auto st = update("state = 'replied', finding = ?, reply = ?, contests_decision = ?, closed_on = ?",
                           {a.finding, trim(a.reply), std::int64_t{contests ? 1 : 0}, today, now, id});
          !st)
        return st;
    }
    if (auto st = step(tx, id, p, approval ? "reply" : "replied", c->handling_agency_id, "", today); !st) return st;
    auto rc = commit(a.reply);
    if (!rc) return rc.error();
    if (approval)
      return event(tx, p, c->handling_agency_id, id, "reply_submitted", {{"finding", a.finding}, {"reply_commitment", *rc}});
    return event(tx, p, c->handling_agency_id, id, "replied",
                 {{"finding", a.finding}, {"replied_on", today}, {"on_time", today <= c->reply_due}, {"remedies", contests},
                  {"reply_commitment", *rc}});
  }
  if (a.action == "link_case") {
    if (c->kind != "report") return Error::conflict("只有举报可以关联执法案件");
    if (c->state != "accepted" && c->state != "replied") return Error::conflict("举报受理后才能关联执法案件");
    auto k = tx.query_one("SELECT id, agency_id FROM rec_cases WHERE case_no = ?", {trim(a.case_no)});
    if (!k) return k.error();
    if (!*k || (*k)->integer(1) != c->handling_agency_id) return Error::invalid("本机关没有这个案号的案件", "case_no");
    if (auto st = update("linked_case_id = ?", {(*k)->integer(0), now, id}); !st) return st;
    if (auto st = step(tx, id, p, "link_case", c->handling_agency_id, trim(a.case_no), today); !st) return st;
    return event(tx, p, c->handling_agency_id, id, "case_linked", {{"case", (*k)->integer(0)}});
  }
  return Error::invalid("未知操作", "action");
}

Status head_act(store::Tx& tx, const org::Principal& p, std::int64_t id, const HeadAct& a, const std::string& given_today) {
  std::string today = today_or(given_today);
  auto c = load_for(tx, p, id, "complaints.approve");
  if (!c) return c.error();
  if (p.agency_id != c->handling_agency_id) return Error::forbidden("只有办理机关的负责人可以审批");
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  const std::string now = clock::now_iso();
  if (a.action == "approve" || a.action == "return") {
    if (c->state != "approval_pending") return Error::conflict("没有待审批的答复（当前：" + state_label(c->state) + "）");
    if (a.action == "approve") {
      if (auto r = tx.exec("UPDATE complaints SET state = 'replied', approved_by = ?, closed_on = ?, updated_at = ? WHERE id = ?",
                           {p.person_id, today, now, id});
          !r)
        return r.error();
      if (auto st = step(tx, id, p, "approve", c->handling_agency_id, trim(a.reason), today); !st) return st;
      if (auto st = step(tx, id, p, "replied", c->handling_agency_id, "", today); !st) return st;
      auto rc = org::commit_private(tx, c->reply);
      if (!rc) return rc.error();
      return event(tx, p, c->handling_agency_id, id, "replied",
                   {{"finding", c->finding}, {"replied_on", today}, {"on_time", today <= c->reply_due}, {"approved_by", p.person_id},
                    {"remedies", c->contests_decision}, {"reply_commitment", *rc}});
    }
    if (auto st = check_text(a.reason, "reason", "退回理由", 2000, true); !st) return st;
    if (auto r = tx.exec("UPDATE complaints SET state = 'accepted', updated_at = ? WHERE id = ?", {now, id}); !r) return r.error();
    if (auto st = step(tx, id, p, "return", c->handling_agency_id, trim(a.reason), today); !st) return st;
    auto rc = org::commit_private(tx, a.reason);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "reply_returned", {{"reason_commitment", *rc}});
  }
  if (a.action == "extend") {
    if (c->state != "accepted" && c->state != "approval_pending") return Error::conflict("只有办理中的投诉举报可以延期");
    if (c->extended) return Error::conflict("答复期限只能延长一次");
    if (rules->extension_days <= 0) return Error::conflict("未配置延期");
    if (auto st = check_text(a.reason, "reason", "延期理由", 2000, true); !st) return st;
    // Extended from the original due date (the extension adds days to the period, not to today).
    auto due = due_after(tx, c->accepted_on, rules->reply_days + rules->extension_days);
    if (!due) return due.error();
    if (auto r = tx.exec("UPDATE complaints SET reply_due = ?, extended = 1, updated_at = ? WHERE id = ?", {*due, now, id}); !r) return r.error();
    if (auto st = step(tx, id, p, "extend", c->handling_agency_id, trim(a.reason), today); !st) return st;
    auto rc = org::commit_private(tx, a.reason);
    if (!rc) return rc.error();
    return event(tx, p, c->handling_agency_id, id, "extended",
                 {{"days", rules->extension_days}, {"reply_due", *due}, {"on", today}, {"reason_commitment", *rc}});
  }
  return Error::invalid("未知操作", "action");
}

}  // namespace zhifa::complaints
