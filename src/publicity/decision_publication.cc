// A decision's way to the public: opened when case handling issues it (automatic masking, the due
// date), the editor's mask review, and publication of the fixed public record.
#include "publicity/decision_model.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "law/deadline.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "law/person_names.h"
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

Result<law::MaskResult> automatic_masks(const DecisionIssued& in) {
  // Personal data masked before anything is public (118): the party's name when a natural person.
  std::vector<std::string> names;
  if (in.party_kind == "person" && !in.party_name.empty()) names.push_back(in.party_name);
  // Every other natural person the text names (relatives, witnesses, agents …): proposed by the
  // name detector, shown to the editor as name masks to confirm or drop (issue 15).
  for (auto& n : law::detect_person_names(in.body))
    if (std::find(names.begin(), names.end(), n) == names.end() && n != in.party_name) names.push_back(n);
  auto found = law::mask_personal_data(in.body, names);
  if (!found) return found.error();
  law::MaskResult masked = std::move(*found);
  if (in.party_kind == "person" && char_count(in.party_address) >= 4) {
    // 118: a natural person's home address is hidden; the city and district may stay.
    const std::string& addr = in.party_address;
    std::string keep = first_chars(addr, 6);
    std::string rep = keep + std::string(char_count(addr) - char_count(keep), '*');
    for (std::size_t at = in.body.find(addr); at != std::string::npos; at = in.body.find(addr, at + addr.size())) {
      std::size_t end = at + addr.size();
      auto& sp = masked.spans;
      if (std::any_of(sp.begin(), sp.end(), [&](const law::MaskSpan& x) { return x.start < end && at < x.end; })) continue;
      sp.push_back({law::MaskKind::kManual, at, end, addr, rep});
    }
    std::sort(masked.spans.begin(), masked.spans.end(), [](auto& a, auto& b) { return a.start < b.start; });
    auto text = law::apply_mask_spans(in.body, masked.spans);
    if (!text) return text.error();
    masked.text = std::move(*text);
  }
  return masked;
}

Result<std::int64_t> open_decision_publication(store::Tx& tx, const org::Principal& p, const DecisionIssued& in) {
  if (in.source.empty()) return Error::invalid("缺少决定来源", "source");
  if (auto s = check_date(in.decision_date, "decision_date"); !s) return s.error();
  if (in.party_kind != "person" && in.party_kind != "organisation") return Error::invalid("当事人类型不正确", "party_kind");
  if (auto s = law::check_utf8(in.body, "body"); !s) return s.error();
  if (in.body.find('\0') != std::string::npos) return Error::invalid("决定正文含有空字符", "body");
  if (in.party_kind == "organisation" && !in.party_code.empty())
    if (auto s = law::check_uscc(in.party_code); !s) return s.error();  // GB 32100-2015
  auto existing = tx.query_one("SELECT id FROM pub_decisions WHERE source = ?", {in.source});
  if (!existing) return existing.error();
  if (*existing) return (*existing)->integer(0);
  if (!in.decision_no.empty()) {
    // A 发文字号 in the standard form (GB/T 9704-2012 7.2.4); the agency's sequence continues after
    // it, so a number recorded from paper or an import is never given out again.
    if (!law::parse_document_number(in.decision_no))
      return Error::invalid("决定书文号格式应为“机关代字〔年份〕序号号”，例如 济外侨罚〔2026〕3号", "decision_no");
    auto prefix = tx.query_one("SELECT doc_prefix FROM agencies WHERE id = ?", {in.agency_id});
    if (!prefix) return prefix.error();
    if (*prefix)
      if (auto used = law::note_document_number_used(tx, (*prefix)->text(0), in.decision_no); !used) return used.error();
  }

  std::string legal_basis = in.legal_basis;
  if (legal_basis.empty() && !in.matter_code.empty()) {
    auto m = tx.query_one("SELECT legal_basis FROM matters WHERE agency_id = ? AND code = ?", {in.agency_id, in.matter_code});
    if (!m) return m.error();
    if (*m) legal_basis = (*m)->text(0);
  }
  auto rule = publication_rule(tx, in.agency_id, in.category, in.matter_code);
  if (!rule) return rule.error();
  // 118: due N working days after the decision day, on the official calendar.
  auto due = law::working_days_after(tx, in.decision_date, rule->publish_days);
  if (!due) return due.error();
  auto masked = automatic_masks(in);
  if (!masked) return masked.error();
  bool required = in.party_kind == "person" || !masked->spans.empty();
  std::string now = clock::now_iso();
  auto ins = tx.query_one(
      "INSERT INTO pub_decisions(agency_id, source, case_id, case_no, category, matter_code, matter_name, legal_basis, party_kind, party_name, "
      "party_code, conclusion, decision_no, decision_date, document_sha256, decision_event, body, spans, mask_required, deadline_rule, "
      "publish_days, due_on, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'pending',?,?) RETURNING id",
      {in.agency_id, in.source, in.case_id ? store::Value(*in.case_id) : store::null(), in.case_no, in.category, in.matter_code,
       in.matter_name, legal_basis, in.party_kind, in.party_name, in.party_kind == "organisation" ? in.party_code : std::string(),
       in.conclusion, in.decision_no, in.decision_date, in.document_sha256,
       in.decision_event ? store::Value(*in.decision_event) : store::null(), in.body, spans_json(masked->spans).dump(),
       std::int64_t(required ? 1 : 0), rule->rule_id, std::int64_t(rule->publish_days), *due, now, now});
  if (!ins) return ins.error();
  std::int64_t id = (**ins).integer(0);
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = event(tx, p, *d, "opened",
                     {{"source", in.source}, {"case_no", in.case_no}, {"category", in.category}, {"decision_date", in.decision_date},
                      {"due_on", *due}, {"rule", rule->rule_id}, {"publish_days", rule->publish_days}, {"auto_spans", masked->spans.size()}});
      !s)
    return s.error();
  return id;
}

Status add_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision, const std::string& text,
                const std::string& replacement, const std::string& reason) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.edit", d->agency_id, kNoDecision); !s) return s;
  if (d->state != "pending") return Error::conflict("只有待公示的决定可以调整脱敏（已公示的内容不再改变）");
  if (text.empty()) return Error::invalid("请填写要隐去的文字", "text");
  if (text.size() > 400) return Error::invalid("要隐去的文字过长（最多 400 字节）", "text");
  if (auto s = law::check_utf8(text, "text"); !s) return s;
  if (auto s = law::check_utf8(replacement, "replacement"); !s) return s;
  if (auto s = check_reason(reason, "reason"); !s) return s;
  std::string rep = replacement;
  if (rep.empty()) rep = std::string(char_count(text), '*');
  auto spans = d->spans;
  int added = 0;
  for (std::size_t at = d->body.find(text); at != std::string::npos; at = d->body.find(text, at + text.size())) {
    std::size_t end = at + text.size();
    bool overlaps = std::any_of(spans.begin(), spans.end(), [&](const law::MaskSpan& s) { return s.start < end && at < s.end; });
    if (overlaps) continue;
    law::MaskSpan s{law::MaskKind::kManual, at, end, text, rep};
    if (auto l = log_mask(tx, p, id, "add", &s, reason); !l) return l;
    spans.push_back(std::move(s));
    ++added;
  }
  if (added == 0) return Error::invalid("正文中没有找到未隐去的“" + first_chars(text, 20) + "”", "text");
  std::sort(spans.begin(), spans.end(), [](auto& a, auto& b) { return a.start < b.start; });
  if (auto s = save_spans(tx, *d, expected_revision, spans); !s) return s;
  auto out = event(tx, p, *d, "mask_changed", {{"action", "add"}, {"spans_added", added}, {"spans", spans.size()}});
  return out;
}

Status remove_mask(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision, std::size_t index,
                   const std::string& reason) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.edit", d->agency_id, kNoDecision); !s) return s;
  if (d->state != "pending") return Error::conflict("只有待公示的决定可以调整脱敏（已公示的内容不再改变）");
  if (index >= d->spans.size()) return Error::invalid("没有这一处脱敏", "span");
  if (auto s = check_reason(reason, "reason"); !s) return s;
  auto spans = d->spans;
  if (auto l = log_mask(tx, p, id, "remove", &spans[index], reason); !l) return l;
  spans.erase(spans.begin() + static_cast<std::ptrdiff_t>(index));
  if (auto s = save_spans(tx, *d, expected_revision, spans); !s) return s;
  return event(tx, p, *d, "mask_changed", {{"action", "remove"}, {"spans", spans.size()}});
}

Status confirm_masks(store::Tx& tx, const org::Principal& p, std::int64_t id, std::int64_t expected_revision) {
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.edit", d->agency_id, kNoDecision); !s) return s;
  if (d->state != "pending") return Error::conflict("该决定不在待公示状态");
  auto text = masked_text(*d);
  if (!text) return text.error();
  std::string now = clock::now_iso();
  auto u = tx.exec("UPDATE pub_decisions SET mask_reviewed_by = ?, mask_reviewed_at = ?, revision = revision + 1, updated_at = ? "
                   "WHERE id = ? AND revision = ?",
                   {who(p), now, now, id, expected_revision});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("公示内容已被他人修改，请刷新后重试");
  if (auto l = log_mask(tx, p, id, "reviewed", nullptr, ""); !l) return l;
  return event(tx, p, *d, "mask_reviewed", {{"spans", d->spans.size()}, {"masked_sha256", blob::sha256_hex(*text)}});
}

Status publish_decision(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& on) {
  std::string today = today_or(on);
  auto d = load_decision(tx, id);
  if (!d) return d.error();
  if (auto s = org::require(p, "publicity.decisions.edit", d->agency_id, kNoDecision); !s) return s;
  if (d->state == "withdrawn" || d->state == "expired") return Error::conflict("该决定已撤下，不能再公示（APL art. 48）");
  if (d->state == "published") return Error::conflict("该决定已经公示");
  if (!d->withdraw_ground.empty())
    return Error::conflict("该决定已" + withdraw_ground_label(d->withdraw_ground).substr(std::string("决定").size()) + "，不再公示");
  // 118: personal data is masked before publication; the editor confirms the masking.
  if (d->mask_required && !d->mask_reviewed()) return Error::conflict("须先完成脱敏审查，再公示", "mask_review");
  if (today < d->decision_date) return Error::invalid("公示日期早于决定日期", "date");
  auto text = masked_text(*d);
  if (!text) return text.error();
  auto rule = publication_rule(tx, d->agency_id, d->category, d->matter_code);
  if (!rule) return rule.error();
  auto until = add_months(today, rule->display_months);
  if (!until) return until.error();
  // The public record, fixed now; its SHA-256 goes into the ledger event (citizens verify it).
  json record = public_record(*d, *text, today);
  std::string record_bytes = record.dump();  // sorted keys, no whitespace, UTF-8
  std::string sha = blob::sha256_hex(record_bytes);
  std::string search = decision_search_text(record);
  std::string now = clock::now_iso();
  auto u = tx.exec(
      "UPDATE pub_decisions SET state = 'published', published_on = ?, published_at = ?, published_by = ?, record_json = ?, record_sha256 = ?, "
      "display_until = ?, search_text = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND state = 'pending'",
      {today, now, who(p), record_bytes, sha, *until, search, now, id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("该决定已被他人处理，请刷新");
  if (auto s = assign_publication_order(tx, id, today); !s) return s;
  if (auto s = index_decision(tx, id, search); !s) return s;
  bool on_time = today <= d->due_on;
  auto idx = event_at(tx, p, *d, "published",
                      {{"record_sha256", sha}, {"category", d->category}, {"published_on", today}, {"due_on", d->due_on},
                       {"on_time", on_time}, {"display_until", *until}});
  if (!idx) return idx.error();
  auto e = tx.exec("UPDATE pub_decisions SET publish_event = ? WHERE id = ?", {*idx, id});
  return e ? Status{} : Status(e.error());
}

}  // namespace zhifa::publicity
