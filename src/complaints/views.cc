// What people see: the complainant's tracking view, the handlers' list and page, attachments.
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

Result<json> public_view(store::Tx& tx, const std::string& code, bool en, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (code.empty() || code.size() > 64) return Error::not_found(en ? "No such tracking code" : "查询码不存在");
  auto found = load_where(tx, "c.code_sha256 = ?", blob::sha256_hex(code));
  if (!found) return found.error();
  if (!*found) return Error::not_found(en ? "No such tracking code" : "查询码不存在");
  const Complaint& c = **found;
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  // What they wrote, with personal data (ID numbers, phones, bank cards, e-mail) masked: the page
  // is reached by a code that may be shared or leaked.
  auto mask = [](const std::string& t) -> std::string {
    auto m = law::mask_personal_data(t);
    return m ? m->text : std::string();
  };
  json out{{"kind", c.kind}, {"kind_label", kind_label(c.kind, en)}, {"state", c.state}, {"state_label", state_label(c.state, en)},
           {"handling_agency", en && !c.handling_agency_name_en.empty() ? c.handling_agency_name_en : c.handling_agency_name},
           {"acting_agency", en && !c.acting_agency_name_en.empty() ? c.acting_agency_name_en : c.acting_agency_name},
           {"routed", routed_label(c.routed_by, en)}, {"concerning", mask(c.concerning)},
           {"concern_found", !c.concern_kind.empty()}, {"concern_label", concern_label(c.concern_kind, en)},
           {"what_happened", mask(c.what_happened)}, {"request", mask(c.request)}, {"anonymous", c.anonymous},
           {"received_on", c.received_on}, {"accept_due", c.accept_due}, {"accepted_on", c.accepted_on}, {"reply_due", c.reply_due},
           {"extended", c.extended}, {"closed_on", c.closed_on}, {"attachments", static_cast<std::int64_t>(c.attachments.size())},
           {"open", c.open()}, {"replied", c.state == "replied"}, {"refused", c.state == "refused"},
           {"info_requested", c.state == "info_requested"}};
  if (c.state == "info_requested") out["info_request"] = c.info_request;
  if (c.state == "refused") {
    out["refusal_reason"] = c.refusal_reason;
    out["refusal_basis"] = c.refusal_basis;
  }
  if (c.state == "replied") {
    out["finding"] = c.finding;
    out["finding_label"] = finding_label(c.finding, en);
    // An anonymous 举报 gets its outcome, but no reply is addressed to anyone.
    if (!c.anonymous) out["reply"] = c.reply;
    if (c.contests_decision) out["remedy"] = remedy_text(en);
    if (!c.linked_case_no.empty()) out["linked_case_no"] = c.linked_case_no;
  }
  if (c.concern_kind == "decision" && c.concern_id) out["decision_href"] = "/decisions/" + std::to_string(*c.concern_id);
  if (auto d = due_view(c.state, c.accept_due, c.reply_due, today, rules->warn_days)) {
    out["due"] = {{"what", en ? (d->what == "受理期限" ? "Acceptance due" : "Reply due") : d->what}, {"date", d->due},
                  {"days_left", d->days_left}, {"overdue", d->days_left < 0}, {"warn", d->level == "warn"}};
  }
  json steps = json::array();
  for (auto& s : c.steps) {
    if (s.action == "take" || s.action == "reply" || s.action == "return" || s.action == "link_case") continue;  // internal
    steps.push_back({{"on", s.on_date}, {"what", action_label(s.action, en)}, {"agency", s.agency}});
    // 《信访工作条例》: the person is told why the reply deadline was extended.
    if (s.action == "extend") out["extension_reason"] = s.note;
  }
  out["steps"] = steps;
  return out;
}

Result<json> workspace_list(store::Tx& tx, const org::Principal& p, bool open_only, const std::string& given_today) {
  std::string today = today_or(given_today);
  if (auto d = org::authorize(p, "complaints.view"); !d.allowed) return Error::forbidden(d.reason);
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  auto rows = tx.query(std::string("SELECT ") + kCols + kJoins +
                       (open_only ? " WHERE c.state NOT IN ('replied', 'refused')" : "") + " ORDER BY c.id DESC LIMIT 500");
  if (!rows) return rows.error();
  json items = json::array();
  for (auto& r : *rows) {
    Complaint c = from_row(r);
    if (!p.jurisdiction.count(c.handling_agency_id)) continue;
    json item{{"id", c.id}, {"kind_label", kind_label(c.kind)}, {"state_label", state_label(c.state)},
              {"handling_agency", c.handling_agency_name}, {"acting_agency", c.acting_agency_name},
              {"excerpt", text::first_chars(c.what_happened, 40)}, {"received_on", c.received_on},
              {"handler", c.handler_name}, {"mine", c.handler_id && *c.handler_id == p.person_id}};
    if (auto d = due_view(c.state, c.accept_due, c.reply_due, today, rules->warn_days))
      item["due"] = {{"what", d->what}, {"date", d->due}, {"days_left", d->days_left}, {"warn", d->level == "warn"},
                     {"danger", d->level == "danger"}};
    items.push_back(item);
  }
  return json{{"items", items}, {"open_only", open_only}, {"total", items.size()}};
}

Result<json> workspace_view(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& given_today) {
  std::string today = today_or(given_today);
  auto c = load_for(tx, p, id, "complaints.view");
  if (!c) return c.error();
  auto rules = load_rules(tx);
  if (!rules) return rules.error();
  bool own_agency = p.agency_id == c->handling_agency_id;
  bool is_handler = own_agency && c->handler_id && *c->handler_id == p.person_id;
  bool can_handle = own_agency && org::authorize(p, "complaints.handle", c->handling_agency_id).allowed &&
                    (!c->handler_id || is_handler);
  bool can_approve = own_agency && org::authorize(p, "complaints.approve", c->handling_agency_id).allowed;
  json out{{"id", c->id}, {"kind", c->kind}, {"kind_label", kind_label(c->kind)}, {"state", c->state}, {"state_label", state_label(c->state)},
           {"handling_agency", c->handling_agency_name}, {"acting_agency", c->acting_agency_name}, {"routed", routed_label(c->routed_by)},
           {"concerning", c->concerning}, {"concern_label", concern_label(c->concern_kind)}, {"concern_ref", c->concern_ref},
           {"concern_found", !c->concern_kind.empty()}, {"what_happened", c->what_happened}, {"request", c->request},
           {"anonymous", c->anonymous}, {"handler", c->handler_name}, {"has_handler", c->handler_id.has_value()},
           {"received_on", c->received_on}, {"accept_due", c->accept_due}, {"accepted_on", c->accepted_on}, {"reply_due", c->reply_due},
           {"extended", c->extended}, {"closed_on", c->closed_on}, {"info_request", c->info_request}, {"supplement", c->supplement},
           {"refusal_reason", c->refusal_reason}, {"refusal_basis", c->refusal_basis}, {"finding", c->finding},
           {"finding_label", c->finding.empty() ? "" : finding_label(c->finding)}, {"reply", c->reply},
           {"contests_decision", c->contests_decision}, {"linked_case_no", c->linked_case_no},
           {"linked_case_href", c->linked_case_id ? "/workspace/cases/" + std::to_string(*c->linked_case_id) : ""},
           {"is_handler", is_handler}, {"open", c->open()}};
  if (c->concern_kind == "decision" && c->concern_id) out["concern_href"] = "/decisions/" + std::to_string(*c->concern_id);
  // The complainant's identity: the assigned handler of the handling agency only.
  if (is_handler && !c->anonymous)
    out["contact"] = {{"name", c->name}, {"phone", c->phone}, {"email", c->email}};
  json files = json::array();
  for (auto& f : c->attachments)
    files.push_back({{"id", f.id}, {"filename", f.filename}, {"type", f.content_type}, {"size_kb", (f.size + 1023) / 1024},
                     {"href", "/workspace/complaints/" + std::to_string(c->id) + "/attachments/" + std::to_string(f.id)}});
  out["attachments"] = files;
  out["can_open_files"] = is_handler || can_approve;
  json steps = json::array();
  for (auto& s : c->steps)
    steps.push_back({{"at", s.on_date}, {"what", action_label(s.action)}, {"person", s.person}, {"agency", s.agency}, {"note", s.note}});
  out["steps"] = steps;
  if (auto d = due_view(c->state, c->accept_due, c->reply_due, today, rules->warn_days))
    out["due"] = {{"what", d->what}, {"date", d->due}, {"days_left", d->days_left}, {"warn", d->level == "warn"},
                  {"danger", d->level == "danger"}};
  // What may be done now.
  bool pre = c->state == "received" || c->state == "info_requested";
  out["can_take"] = can_handle && !c->handler_id && c->open();
  out["can_decide_acceptance"] = can_handle && pre;
  out["can_reply"] = can_handle && c->state == "accepted";
  out["can_link_case"] = can_handle && c->kind == "report" && (c->state == "accepted" || c->state == "replied") && !c->linked_case_id;
  out["can_approve"] = can_approve && c->state == "approval_pending";
  out["can_extend"] = can_approve && (c->state == "accepted" || c->state == "approval_pending") && !c->extended && rules->extension_days > 0;
  out["extension_days"] = rules->extension_days;
  json findings = json::array();
  for (auto& f : findings_for(c->kind))
    findings.push_back({{"value", f}, {"label", finding_label(f)}, {"needs_approval", needs_approval(f)}});
  out["findings"] = findings;
  out["suggest_remedy"] = c->concern_kind == "decision";
  auto agencies = agency_options(tx, false);
  if (!agencies) return agencies.error();
  json targets = json::array();
  for (auto& a : *agencies)
    if (a["code"] != c->handling_agency_code && !(c->kind == "complaint" && a["code"] == c->acting_agency_code)) targets.push_back(a);
  out["transfer_targets"] = targets;
  return out;
}

Result<FileOut> attachment(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t id, std::int64_t file_id) {
  auto c = load_for(tx, p, id, "complaints.view");
  if (!c) return c.error();
  bool own = p.agency_id == c->handling_agency_id;
  bool is_handler = own && c->handler_id && *c->handler_id == p.person_id;
  bool head = own && org::authorize(p, "complaints.approve", c->handling_agency_id).allowed;
  for (auto& f : c->attachments) {
    if (f.id != file_id) continue;
    if (!is_handler && !head) return Error::forbidden("附件只对承办人和本机关负责人开放");
    auto bytes = blobs.get(f.sha256);
    if (!bytes) return bytes.error();
    return FileOut{std::move(*bytes), f.content_type, f.filename};
  }
  return Error::not_found("附件不存在");
}

Result<json> agency_options(store::Tx& tx, bool en) {
  auto rows = tx.query("SELECT code, name, name_en FROM agencies ORDER BY COALESCE(parent_id, 0), id");
  if (!rows) return rows.error();
  json out = json::array();
  for (auto& r : *rows) out.push_back({{"code", r.text(0)}, {"name", en && !r.text(2).empty() ? r.text(2) : r.text(1)}});
  return out;
}

}  // namespace zhifa::complaints
