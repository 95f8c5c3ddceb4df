#include "review/views.h"

#include "law/labels.h"
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "law/money.h"
#include "org/directory.h"
#include "review/catalog.h"
#include "review/model.h"
#include "review/workflow.h"

#include "platform/store/placeholders.h"

namespace zhifa::review {

using nlohmann::json;

namespace {

// The ledger event kinds of the review, for people.
std::string event_label(const std::string& kind) {
  static const std::map<std::string, std::string> labels = {
      {"review.submitted", "提交审核"},          {"review.resubmitted", "整改后重新提交"},
      {"review.taken", "领取审核"},             {"review.elements_answered", "填写要素清单"},
      {"review.adviser_requested", "请求法律顾问意见"}, {"review.adviser_answered", "法律顾问出具意见"},
      {"review.agreed", "出具同意意见"},         {"review.returned", "出具存在问题意见，退回"},
      {"review.escalated", "承办机构提出异议"},   {"review.escalation_decided", "协调决定"},
      {"review.time_limit_extended", "延长审核期限"}};
  auto it = labels.find(kind);
  return it == labels.end() ? kind : it->second;
}

std::string answer_label(const std::string& a) {
  if (a == "pass") return "合格";
  if (a == "problem") return "存在问题";
  if (a == "na") return "不适用";
  return "未填写";
}

json facts_view(const DecisionFacts& f) {
  json measures = json::array();
  for (auto& m : f.measures) measures.push_back(measure_label(m));
  return {{"category", f.category},
          {"matter_code", f.matter_code},
          {"party_kind", std::string(law::party_kind_label(f.party_kind))},
          {"fine", law::format_yuan(f.fine_fen)},
          {"has_fine", f.fine_fen > 0},
          {"confiscation", law::format_yuan(f.confiscation_fen)},
          {"has_confiscation", f.confiscation_fen > 0},
          {"measures", measures},
          {"hearing_held", f.hearing_held},
          {"outside_benchmark", f.outside_discretion_benchmark},
          {"complex", f.complex},
          {"social_impact", f.major_social_impact}};
}

std::string in_list(std::size_t n) { return "(" + store::placeholders(n) + ")"; }

json submission_head(const store::Row& row, Names& names) {
  std::string state = row.text("state");
  return {{"id", row.integer("id")},
          {"agency_id", row.integer("agency_id")},
          {"agency_name", row.text("agency_name")},
          {"case_id", row.integer("case_id")},
          {"case_title", row.text("case_title")},
          {"state", state},
          {"state_label", state_label(state)},
          {"round", row.integer("round")},
          {"reviewer_id", row.opt_integer("reviewer_id").value_or(0)},
          {"reviewer", names(row.opt_integer("reviewer_id"))},
          {"submitted_by", names(row.integer("submitted_by"))},
          {"created_at", row.text("created_at")},
          {"updated_at", row.text("updated_at")},
          {"opinion_number", row.text("opinion_number")},
          {"open", state == "waiting" || state == "in_review" || state == "returned" || state == "escalated"},
          {"gate_open", state == "passed" || state == "decided"}};
}

// The 要素清单 of one round, the 11 elements in order, into round["checklist"] with the counts.
Status add_checklist(store::Tx& tx, std::int64_t round_id, Names& names, json& round) {
  auto cl = tx.query("SELECT element, answer, comment, answered_by, answered_at FROM review_checklist WHERE round_id = ?", {round_id});
  if (!cl) return cl.error();
  std::map<int, const store::Row*> by_el;
  for (auto& c : *cl) by_el[static_cast<int>(c.integer(0))] = &c;
  json checklist = json::array();
  int answered = 0, problems = 0;
  for (int e = 1; e <= kElementCount; ++e) {
    json item{{"element", e}, {"label", element_label(e)}, {"answer", ""}, {"answer_label", answer_label("")}, {"comment", ""}};
    if (auto it = by_el.find(e); it != by_el.end()) {
      const auto& c = *it->second;
      ++answered;
      problems += c.text(1) == "problem";
      item["answer"] = c.text(1);
      item["answer_label"] = answer_label(c.text(1));
      item["comment"] = c.text(2);
      item["answered_by"] = names(c.integer(3));
      item["answered_at"] = c.text(4);
      item["is_pass"] = c.text(1) == "pass";
      item["is_problem"] = c.text(1) == "problem";
      item["is_na"] = c.text(1) == "na";
    }
    checklist.push_back(item);
  }
  round["checklist"] = checklist;
  round["answered"] = answered;
  round["problems"] = problems;
  round["complete"] = answered == kElementCount;
  return {};
}

// The rounds, newest first; the current one (`current_round`) counts its working days left
// while it waits for an opinion.
Result<json> rounds_json(store::Tx& tx, std::int64_t submission_id, const std::string& state, std::int64_t current_round,
                         const law::Calendar& cal, Names& names) {
  auto rounds = tx.query(
      "SELECT id, round, draft, facts_json, materials_json, major_json, note, changes_json, submitted_by, submitted_at, submitted_on, "
      "due_on, extended, extension_note, opinion, opinion_text, opinion_by, opinion_at FROM review_rounds WHERE submission_id = ? "
      "ORDER BY round DESC",
      {submission_id});
  if (!rounds) return rounds.error();
  json rs = json::array();
  for (auto& r : *rounds) {
    auto facts = parse_facts_json(r.text("facts_json"));
    if (!facts) return facts.error();
    json round{{"round", r.integer("round")},
               {"draft", r.text("draft")},
               {"facts", facts_view(*facts)},
               {"facts_raw", json::parse(r.text("facts_json"))},
               {"materials", json::parse(r.text("materials_json"), nullptr, false)},
               {"major", json::parse(r.text("major_json"), nullptr, false)},
               {"note", r.text("note")},
               {"changes", json::parse(r.text("changes_json"), nullptr, false)},
               {"submitted_by", names(r.integer("submitted_by"))},
               {"submitted_at", r.text("submitted_at")},
               {"submitted_on", r.text("submitted_on")},
               {"due_on", r.text("due_on")},
               {"extended", r.integer("extended") != 0},
               {"extension_note", r.text("extension_note")},
               {"opinion", r.text("opinion")},
               {"opinion_agree", r.text("opinion") == "agree"},
               {"opinion_problems", r.text("opinion") == "problems"},
               {"opinion_text", r.text("opinion_text")},
               {"opinion_by", names(r.opt_integer("opinion_by"))},
               {"opinion_at", r.text("opinion_at")},
               {"current", r.integer("round") == current_round}};
    round["has_changes"] = round["changes"].is_array() && !round["changes"].empty();
    if (r.text("opinion").empty() && (state == "waiting" || state == "in_review")) {
      auto left = days_left(cal, r.text("due_on"));
      if (left) {
        round["days_left"] = *left;
        round["overdue"] = *left < 0;
        round["due_soon"] = *left >= 0 && *left <= 2;
      }
    }
    if (auto st = add_checklist(tx, r.integer("id"), names, round); !st) return st.error();
    rs.push_back(round);
  }
  return rs;
}

Result<json> adviser_requests_json(store::Tx& tx, std::int64_t submission_id, Names& names) {
  auto adv = tx.query(
      "SELECT id, round, requested_by, adviser_id, question, requested_at, answer, answered_at FROM review_adviser_requests "
      "WHERE submission_id = ? ORDER BY id",
      {submission_id});
  if (!adv) return adv.error();
  json advs = json::array();
  for (auto& a : *adv)
    advs.push_back({{"id", a.integer(0)}, {"round", a.integer(1)}, {"requested_by", names(a.integer(2))}, {"adviser_id", a.integer(3)},
                    {"adviser", names(a.integer(3))}, {"question", a.text(4)}, {"requested_at", a.text(5)}, {"answer", a.text(6)},
                    {"answered_at", a.text(7)}, {"answered", !a.is_null(7)}});
  return advs;
}

Result<json> escalations_json(store::Tx& tx, std::int64_t submission_id, Names& names) {
  auto esc = tx.query(
      "SELECT id, round, raised_by, reason, raised_at, method, outcome, outcome_text, participants_json, decided_by, decided_at "
      "FROM review_escalations WHERE submission_id = ? ORDER BY id",
      {submission_id});
  if (!esc) return esc.error();
  json escs = json::array();
  for (auto& e : *esc) {
    std::string method = e.text(5), outcome = e.text(6);
    escs.push_back({{"id", e.integer(0)}, {"round", e.integer(1)}, {"raised_by", names(e.integer(2))}, {"reason", e.text(3)},
                    {"raised_at", e.text(4)}, {"decided", !e.is_null(10)},
                    {"method_label", method == "collective" ? "集体讨论" : method == "head" ? "机关负责人决定" : ""},
                    {"outcome_label", outcome == "accept" ? "采纳承办机构意见，准予作出决定" : outcome == "uphold" ? "审核意见成立，退回承办机构整改" : ""},
                    {"outcome_text", e.text(7)}, {"participants", json::parse(e.text(8), nullptr, false)},
                    {"decided_by", names(e.opt_integer("decided_by"))}, {"decided_at", e.text(10)}});
  }
  return escs;
}

// The ledger events of the submission (subject review:<id>), with who as a name.
Result<json> events_json(store::Tx& tx, std::int64_t submission_id, Names& names) {
  auto ev = tx.query("SELECT idx, time, actor, kind FROM ledger_events WHERE subject = ? ORDER BY idx", {"review:" + std::to_string(submission_id)});
  if (!ev) return ev.error();
  json events = json::array();
  for (auto& e : *ev) {
    std::string actor = e.text(2);
    if (actor.rfind("person:", 0) == 0) actor = names(std::stoll(actor.substr(7)));
    events.push_back({{"index", e.integer(0)}, {"time", e.text(1)}, {"actor", actor}, {"kind", e.text(3)}, {"kind_label", event_label(e.text(3))}});
  }
  return events;
}

}  // namespace

Result<std::optional<SubmissionState>> latest_submission_state(store::Tx& tx, std::int64_t case_id, std::int64_t agency_id) {
  auto r = tx.query_one("SELECT id, state FROM review_submissions WHERE case_id = ? AND agency_id = ? ORDER BY id DESC LIMIT 1",
                        {case_id, agency_id});
  if (!r) return r.error();
  if (!*r) return std::optional<SubmissionState>{};
  return std::optional<SubmissionState>{SubmissionState{(*r)->integer(0), (*r)->text(1)}};
}

Result<std::int64_t> latest_submission(store::Tx& tx, std::int64_t case_id) {
  auto r = tx.query_one("SELECT id FROM review_submissions WHERE case_id = ? ORDER BY id DESC LIMIT 1", {case_id});
  if (!r) return r.error();
  return *r ? (*r)->integer(0) : std::int64_t{0};
}

Result<json> submission_json(store::Tx& tx, std::int64_t submission_id) {
  auto sr = tx.query_one(
      "SELECT s.id, s.agency_id, s.case_id, s.case_title, s.state, s.round, s.reviewer_id, s.submitted_by, s.created_at, "
      "s.updated_at, s.opinion_number, a.name AS agency_name, a.code AS agency_code FROM review_submissions s "
      "JOIN agencies a ON a.id = s.agency_id WHERE s.id = ?",
      {submission_id});
  if (!sr) return sr.error();
  if (!*sr) return Error::not_found(std::string(kNoSuchReview));
  auto& row = **sr;
  Names names(tx);
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  json out = submission_head(row, names);
  auto h = handlers_of(tx, submission_id);
  if (!h) return h.error();
  json handlers = json::array(), handler_ids = json::array();
  for (auto id : *h) {
    handlers.push_back(names(id));
    handler_ids.push_back(id);
  }
  out["handlers"] = handlers;
  out["handler_ids"] = handler_ids;
  auto rs = rounds_json(tx, submission_id, row.text("state"), row.integer("round"), *cal, names);
  if (!rs) return rs.error();
  out["rounds"] = *rs;
  out["major"] = rs->empty() ? json::array() : (*rs)[0]["major"];
  out["is_major"] = out["major"].is_array() && !out["major"].empty();
  auto advs = adviser_requests_json(tx, submission_id, names);
  if (!advs) return advs.error();
  out["adviser_requests"] = *advs;
  auto escs = escalations_json(tx, submission_id, names);
  if (!escs) return escs.error();
  out["escalations"] = *escs;
  auto events = events_json(tx, submission_id, names);
  if (!events) return events.error();
  out["events"] = *events;
  return out;
}

Result<json> visible_submission(store::Tx& tx, const org::Principal& p, std::int64_t submission_id) {
  auto s = submission_json(tx, submission_id);
  if (!s) return s.error();
  if (!p.jurisdiction.count((*s)["agency_id"].get<std::int64_t>())) return Error::not_found(std::string(kNoSuchReview));
  return s;
}

Result<json> submission_for(store::Tx& tx, const org::Principal& p, std::int64_t submission_id) {
  auto s = visible_submission(tx, p, submission_id);
  if (!s) return s.error();
  json ctx = std::move(*s);
  std::string state = ctx["state"];
  bool handler = false;
  for (auto& h : ctx["handler_ids"]) handler |= h.get<std::int64_t>() == p.person_id;
  bool reviewer_here = ctx["reviewer_id"].get<std::int64_t>() == p.person_id;
  bool in_agency = ctx["agency_id"].get<std::int64_t>() == p.agency_id;
  ctx["can_take"] = state == "waiting" && p.has("legal_reviewer") && in_agency && !handler;
  ctx["own_case_warning"] = state == "waiting" && p.has("legal_reviewer") && handler;
  ctx["can_review"] = state == "in_review" && reviewer_here && p.has("legal_reviewer");
  ctx["can_correct"] = state == "returned" && handler && p.has("officer");
  ctx["can_decide"] = state == "escalated" && p.has("agency_head") && in_agency;
  ctx["can_extend"] = (state == "waiting" || state == "in_review") && p.has("agency_head") && in_agency;
  for (auto& a : ctx["adviser_requests"])
    a["can_answer"] = !a["answered"].get<bool>() && a["adviser_id"].get<std::int64_t>() == p.person_id;
  if (ctx["can_review"].get<bool>()) {
    auto people = org::list_people(tx, ctx["agency_id"].get<std::int64_t>());
    if (!people) return people.error();
    json advisers = json::array();
    for (auto& x : *people)
      if (x.active && std::find(x.roles.begin(), x.roles.end(), "legal_adviser") != x.roles.end())
        advisers.push_back({{"id", x.id}, {"name", x.name}});
    ctx["advisers"] = advisers;
  }
  return ctx;
}

Result<json> list_submissions(store::Tx& tx, const std::vector<std::int64_t>& agency_ids, const std::string& state) {
  json out = json::array();
  if (agency_ids.empty()) return out;
  store::Params params;
  for (auto id : agency_ids) params.push_back(id);
  std::string sql =
      "SELECT s.id, s.case_id, s.case_title, s.state, s.round, s.reviewer_id, s.updated_at, a.name, r.due_on, r.opinion "
      "FROM review_submissions s JOIN agencies a ON a.id = s.agency_id "
      "JOIN review_rounds r ON r.submission_id = s.id AND r.round = s.round WHERE s.agency_id IN " +
      in_list(agency_ids.size());
  if (!state.empty()) {
    sql += " AND s.state = ?";
    params.push_back(state);
  }
  sql += " ORDER BY s.id DESC LIMIT 500";
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  Names names(tx);
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  for (auto& r : *rows) {
    std::string st = r.text(3);
    json item{{"id", r.integer(0)}, {"case_id", r.integer(1)}, {"case_title", r.text(2)}, {"state", st}, {"state_label", state_label(st)},
              {"round", r.integer(4)}, {"reviewer", names(r.opt_integer("reviewer_id"))}, {"updated_at", r.text(6)},
              {"agency", r.text(7)}, {"due_on", r.text(8)}};
    if (st == "waiting" || st == "in_review")
      if (auto left = days_left(*cal, r.text(8))) {
        item["days_left"] = *left;
        item["overdue"] = *left < 0;
      }
    out.push_back(item);
  }
  return out;
}

Result<json> case_accountability(store::Tx& tx, std::int64_t case_id) {
  auto rows = tx.query("SELECT id FROM review_submissions WHERE case_id = ? ORDER BY id", {case_id});
  if (!rows) return rows.error();
  json subs = json::array();
  for (auto& r : *rows) {
    auto s = submission_json(tx, r.integer(0));
    if (!s) return s.error();
    subs.push_back(std::move(*s));
  }
  return json{{"case_id", case_id}, {"submissions", subs}};
}

Result<json> visible_case_accountability(store::Tx& tx, const org::Principal& p, std::int64_t case_id) {
  auto a = case_accountability(tx, case_id);
  if (!a) return a.error();
  json subs = json::array();
  for (auto& s : (*a)["submissions"])
    if (p.jurisdiction.count(s["agency_id"].get<std::int64_t>())) subs.push_back(s);
  if (subs.empty()) return Error::not_found("该案件没有法制审核记录");
  return json{{"case_id", case_id}, {"case_title", subs.back()["case_title"]}, {"submissions", subs}};
}

}  // namespace zhifa::review
