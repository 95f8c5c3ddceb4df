// The review's steps after submission: the reviewer takes it, answers the checklist, asks the
// legal adviser, gives the opinion; the handling unit disagrees; the agency head decides the
// escalation or extends the time limit.
#include "law/calendar.h"
#include "review/workflow.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "law/document_number.h"
#include "org/ledger_privacy.h"
#include "platform/core/clock.h"
#include "review/catalog.h"
#include "review/model.h"

namespace zhifa::review {

using nlohmann::json;

namespace {

Status require_reviewer(const org::Principal& p, const SubmissionRow& s) {
  if (auto st = org::require(p, "review.review", s.agency_id, kNoSuchReview); !st) return st;
  if (s.state != "in_review") return Error::conflict("该审核当前状态为“" + state_label(s.state) + "”，不能进行此操作");
  if (s.reviewer_id != p.person_id) return Error::forbidden("该案件由其他审核人员审核");
  return {};
}

}  // namespace

Status take(store::Tx& tx, const org::Principal& p, std::int64_t submission_id) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = org::require(p, "review.review", s->agency_id, kNoSuchReview); !st) return st;
  if (s->state != "waiting") return Error::conflict("该审核已由审核人员领取或已结束（" + state_label(s->state) + "）");
  auto h = handlers_of(tx, s->id);
  if (!h) return h.error();
  // A reviewer must not review a case they handled (seed 三; separation of handling and review).
  if (std::find(h->begin(), h->end(), p.person_id) != h->end() || s->submitted_by == p.person_id)
    return Error::forbidden("审核人员不得审核本人承办的案件");
  auto u = tx.exec("UPDATE review_submissions SET reviewer_id = ?, state = 'in_review', updated_at = ? WHERE id = ?",
                   {p.person_id, clock::now_iso(), s->id});
  if (!u) return u.error();
  return record_step(tx, p, *s, "review.taken", {{"round", s->round}, {"reviewer", p.person_id}});
}

Status answer_elements(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::vector<ElementAnswer>& answers) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = require_reviewer(p, *s); !st) return st;
  if (answers.empty()) return Error::invalid("没有填写任何要素", "elements");
  for (auto& a : answers) {
    std::string field = "element_" + std::to_string(a.element);
    if (a.element < 1 || a.element > kElementCount) return Error::invalid("未知的审核要素", field);
    if (a.answer != "pass" && a.answer != "problem" && a.answer != "na")
      return Error::invalid("第" + std::to_string(a.element) + "项须选择合格、存在问题或不适用", field);
    if (a.answer == "problem" && is_blank(a.comment))
      return Error::invalid("第" + std::to_string(a.element) + "项“" + element_label(a.element) + "”存在问题，须写明问题", field);
    if (a.comment.size() > 4000) return Error::invalid("意见过长", field);
  }
  auto cur = current_round(tx, *s);
  if (!cur) return cur.error();
  std::string now = clock::now_iso();
  json list = json::array();
  for (auto& a : answers) {
    auto r = tx.exec(
        "INSERT INTO review_checklist(round_id, element, answer, comment, answered_by, answered_at) VALUES(?,?,?,?,?,?) "
        "ON CONFLICT (round_id, element) DO UPDATE SET answer = excluded.answer, comment = excluded.comment, "
        "answered_by = excluded.answered_by, answered_at = excluded.answered_at",
        {cur->id, std::int64_t{a.element}, a.answer, a.comment, p.person_id, now});
    if (!r) return r.error();
    list.push_back({{"element", a.element}, {"answer", a.answer}});
  }
  json comments = json::array();
  for (auto& a : answers) comments.push_back(a.comment);
  auto committed = org::commit_private_json(tx, comments);
  if (!committed) return committed.error();
  return record_step(tx, p, *s, "review.elements_answered", {{"round", s->round}, {"answers", list}, {"comments_commitment", *committed}});
}

Result<std::int64_t> request_adviser_opinion(store::Tx& tx, const org::Principal& p, std::int64_t submission_id,
                                             std::int64_t adviser_id, const std::string& question) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = require_reviewer(p, *s); !st) return st.error();
  if (is_blank(question)) return Error::invalid("请写明需要法律顾问研究的问题", "question");
  auto a = tx.query_one("SELECT 1 FROM people pe JOIN person_roles r ON r.person_id = pe.id AND r.role = 'legal_adviser' "
                        "WHERE pe.id = ? AND pe.agency_id = ? AND pe.active = 1",
                        {adviser_id, s->agency_id});
  if (!a) return a.error();
  if (!*a) return Error::invalid("请选择本机关的法律顾问", "adviser_id");
  auto ins = tx.query_one(
      "INSERT INTO review_adviser_requests(submission_id, round, requested_by, adviser_id, question, requested_at) "
      "VALUES(?,?,?,?,?,?) RETURNING id",
      {s->id, s->round, p.person_id, adviser_id, question, clock::now_iso()});
  if (!ins) return ins.error();
  std::int64_t id = (*ins)->integer(0);
  auto q = org::commit_private(tx, question);
  if (!q) return q.error();
  if (auto st = record_step(tx, p, *s, "review.adviser_requested", {{"request", id}, {"adviser", adviser_id}, {"question_commitment", *q}}); !st)
    return st.error();
  return id;
}

Status answer_adviser_request(store::Tx& tx, const org::Principal& p, std::int64_t request_id, const std::string& answer) {
  auto r = tx.query_one("SELECT submission_id, adviser_id, answered_at FROM review_adviser_requests WHERE id = ?", {request_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这个法律顾问意见请求");
  auto s = load_submission(tx, (*r)->integer(0));
  if (!s) return s.error();
  if (auto st = org::require(p, "review.advise", s->agency_id, kNoSuchReview); !st) return st;
  if ((*r)->integer(1) != p.person_id) return Error::forbidden("该请求发给了其他法律顾问");
  if (!(*r)->is_null(2)) return Error::conflict("该请求已经答复");
  if (is_blank(answer)) return Error::invalid("请填写法律顾问意见", "answer");
  auto u = tx.exec("UPDATE review_adviser_requests SET answer = ?, answered_at = ? WHERE id = ?", {answer, clock::now_iso(), request_id});
  if (!u) return u.error();
  auto a = org::commit_private(tx, answer);
  if (!a) return a.error();
  return record_step(tx, p, *s, "review.adviser_answered", {{"request", request_id}, {"answer_commitment", *a}});
}

Status answer_adviser_request(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, std::int64_t request_id,
                              const std::string& answer) {
  auto r = tx.query_one("SELECT submission_id FROM review_adviser_requests WHERE id = ?", {request_id});
  if (!r) return r.error();
  if (!*r || (*r)->integer(0) != submission_id) return Error::invalid("没有这个法律顾问意见请求", "request_id");
  return answer_adviser_request(tx, p, request_id, answer);
}

Status give_opinion(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& opinion,
                    const std::string& text) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = require_reviewer(p, *s); !st) return st;
  if (opinion != "agree" && opinion != "problems") return Error::invalid("请选择审核意见：同意或存在问题", "opinion");
  auto cur = current_round(tx, *s);
  if (!cur) return cur.error();
  auto rows = tx.query("SELECT element, answer FROM review_checklist WHERE round_id = ?", {cur->id});
  if (!rows) return rows.error();
  std::map<int, std::string> answered;
  for (auto& r : *rows) answered[static_cast<int>(r.integer(0))] = r.text(1);
  // Every element of the 要素清单 must be answered before an opinion (seed 三.4).
  std::string missing;
  for (int e = 1; e <= kElementCount; ++e)
    if (!answered.count(e)) missing += (missing.empty() ? "" : "、") + std::to_string(e);
  if (!missing.empty()) return Error::invalid("要素清单尚有未填写的项目（第 " + missing + " 项），全部填写后才能出具审核意见", "elements");
  int problems = 0;
  for (auto& [e, a] : answered) problems += a == "problem";
  if (opinion == "agree" && problems > 0)
    return Error::invalid("要素清单中有 " + std::to_string(problems) + " 项存在问题，不能出具同意意见", "opinion");
  if (opinion == "problems" && problems == 0) return Error::invalid("出具“存在问题”意见时，须在要素清单中标明存在问题的项目", "opinion");
  if (opinion == "problems" && is_blank(text)) return Error::invalid("请写明存在的问题和修改建议", "text");
  std::string opinion_text = is_blank(text) ? std::string("经审核，同意作出该执法决定。") : text;
  auto u = tx.exec("UPDATE review_rounds SET opinion = ?, opinion_text = ?, opinion_by = ?, opinion_at = ? WHERE id = ?",
                   {opinion, opinion_text, p.person_id, clock::now_iso(), cur->id});
  if (!u) return u.error();
  auto committed_text = org::commit_private(tx, opinion_text);
  if (!committed_text) return committed_text.error();
  std::string number;
  if (opinion == "agree") {
    // 法制审核意见书: numbered like any 文书 (机关代字 + 法审〔year〕n号).
    auto prefix = tx.query_one("SELECT doc_prefix FROM agencies WHERE id = ?", {s->agency_id});
    if (!prefix) return prefix.error();
    int year = std::stoi(clock::today_beijing().substr(0, 4));
    auto n = law::allocate_document_number(tx, *prefix ? (*prefix)->text(0) : std::string("审"), "法审", year);
    if (!n) return n.error();
    number = *n;
    auto u2 = tx.exec("UPDATE review_submissions SET opinion_number = ? WHERE id = ?", {number, s->id});
    if (!u2) return u2.error();
  }
  if (auto st = set_state(tx, *s, opinion == "agree" ? "passed" : "returned"); !st) return st;
  return record_step(tx, p, *s, opinion == "agree" ? "review.agreed" : "review.returned",
               {{"round", s->round}, {"opinion", opinion}, {"text_commitment", *committed_text}, {"number", number}});
}

Status disagree(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& reason) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = require_handler(tx, p, *s); !st) return st;
  if (s->state != "returned") return Error::conflict("只有被退回的审核可以提出异议（当前：" + state_label(s->state) + "）");
  if (is_blank(reason)) return Error::invalid("请写明不同意审核意见的理由", "reason");
  auto ins = tx.query_one("INSERT INTO review_escalations(submission_id, round, raised_by, reason, raised_at) VALUES(?,?,?,?,?) RETURNING id",
                          {s->id, s->round, p.person_id, reason, clock::now_iso()});
  if (!ins) return ins.error();
  if (auto st = set_state(tx, *s, "escalated"); !st) return st;
  auto why = org::commit_private(tx, reason);
  if (!why) return why.error();
  return record_step(tx, p, *s, "review.escalated", {{"round", s->round}, {"escalation", (*ins)->integer(0)}, {"reason_commitment", *why}});
}

Status decide_escalation(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const EscalationOutcome& o) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = org::require(p, "review.decide", s->agency_id, kNoSuchReview); !st) return st;
  if (s->state != "escalated") return Error::conflict("该审核没有待协调的异议（当前：" + state_label(s->state) + "）");
  if (o.method != "head" && o.method != "collective") return Error::invalid("请选择协调方式：机关负责人决定或集体讨论", "method");
  if (o.outcome != "uphold" && o.outcome != "accept")
    return Error::invalid("请选择协调结果：审核意见成立（退回整改）或采纳承办机构意见", "outcome");
  if (is_blank(o.text)) return Error::invalid("请写明协调决定的内容和理由", "text");
  std::vector<std::string> participants;
  for (auto& x : o.participants)
    if (!is_blank(x)) participants.push_back(x);
  if (o.method == "collective" && participants.size() < 3) return Error::invalid("集体讨论须记录参加人员（至少3人）", "participants");
  if (participants.empty()) participants.push_back(p.name);
  auto esc = tx.query_one("SELECT id FROM review_escalations WHERE submission_id = ? AND decided_at IS NULL ORDER BY id DESC LIMIT 1", {s->id});
  if (!esc) return esc.error();
  if (!*esc) return Error::internal("escalation row missing");
  std::int64_t esc_id = (*esc)->integer(0);
  auto u = tx.exec(
      "UPDATE review_escalations SET method = ?, outcome = ?, outcome_text = ?, participants_json = ?, decided_by = ?, decided_at = ? "
      "WHERE id = ?",
      {o.method, o.outcome, o.text, json(participants).dump(), p.person_id, clock::now_iso(), esc_id});
  if (!u) return u.error();
  if (auto st = set_state(tx, *s, o.outcome == "accept" ? "decided" : "returned"); !st) return st;
  auto committed = org::commit_private_json(tx, json{{"text", o.text}, {"participants", participants}});
  if (!committed) return committed.error();
  return record_step(tx, p, *s, "review.escalation_decided",
               {{"escalation", esc_id}, {"method", o.method}, {"outcome", o.outcome}, {"text_commitment", *committed},
                {"participants", participants.size()}});
}

Status extend_time_limit(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& reason) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = org::require(p, "review.decide", s->agency_id, kNoSuchReview); !st) return st;
  if (s->state != "waiting" && s->state != "in_review") return Error::conflict("只有审核中的事项可以延长审核期限");
  if (is_blank(reason)) return Error::invalid("请写明延长的理由", "reason");
  auto settings = load_settings(tx, s->agency_id);
  if (!settings) return settings.error();
  if (settings->extension_days <= 0) return Error::conflict("本机关未设置可延长的审核期限");
  auto r = tx.query_one("SELECT id, due_on, extended FROM review_rounds WHERE submission_id = ? AND round = ?", {s->id, s->round});
  if (!r) return r.error();
  if (!*r) return Error::internal("review round missing");
  if ((*r)->integer(2)) return Error::conflict("本轮审核期限已经延长过一次");
  auto due = law::working_days_after(tx, (*r)->text(1), settings->extension_days);
  if (!due) return due.error();
  auto u = tx.exec("UPDATE review_rounds SET due_on = ?, extended = 1, extension_note = ? WHERE id = ?", {*due, reason, (*r)->integer(0)});
  if (!u) return u.error();
  auto why = org::commit_private(tx, reason);
  if (!why) return why.error();
  return record_step(tx, p, *s, "review.time_limit_extended",
               {{"round", s->round}, {"days", settings->extension_days}, {"due", *due}, {"reason_commitment", *why}});
}

}  // namespace zhifa::review
