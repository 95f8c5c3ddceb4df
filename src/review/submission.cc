// Submitting a decision draft for review, and resubmitting it corrected: each makes a round.
#include "law/calendar.h"
#include "review/workflow.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "org/ledger_privacy.h"
#include "platform/core/clock.h"
#include "review/catalog.h"
#include "review/changes.h"
#include "review/model.h"

namespace zhifa::review {

using nlohmann::json;

namespace {

json materials_to_json(const std::vector<Material>& m) {
  json out = json::array();
  for (auto& x : m) out.push_back({{"name", x.name}, {"sha256", x.sha256}});
  return out;
}

std::vector<Material> materials_from_json(const std::string& text) {
  std::vector<Material> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (auto& x : j) out.push_back({x.value("name", std::string()), x.value("sha256", std::string())});
  return out;
}

json matches_json(const std::vector<CatalogMatch>& m) {
  json out = json::array();
  for (auto& x : m) out.push_back({{"rule", x.rule_id}, {"name", x.rule_name}, {"source", x.legal_source}});
  return out;
}

Status validate_content(const std::string& draft, const DecisionFacts& f, const std::vector<Material>& materials) {
  if (draft.find_first_not_of(" \t\r\n") == std::string::npos) return Error::invalid("决定书草稿必填", "draft");
  if (draft.size() > 200000) return Error::invalid("决定书草稿过长", "draft");
  if (f.category.empty()) return Error::invalid("请选择执法类别", "category");
  if (std::find(categories().begin(), categories().end(), f.category) == categories().end())
    return Error::invalid("未知的执法类别", "category");
  if (f.party_kind != "person" && f.party_kind != "organisation") return Error::invalid("请选择当事人类型", "party_kind");
  if (f.fine_fen < 0 || f.confiscation_fen < 0) return Error::invalid("金额不能为负", "fine");
  for (auto& m : f.measures)
    if (std::none_of(measure_labels().begin(), measure_labels().end(), [&](auto& x) { return x.first == m; }))
      return Error::invalid("未知的处理措施：" + m, "measures");
  for (auto& m : materials)
    if (m.name.empty() || m.name.size() > 300) return Error::invalid("材料名称必填（最多300字节）", "materials");
  return {};
}

Result<std::int64_t> insert_round(store::Tx& tx, const SubmissionRow& s, int round, const std::string& draft, const DecisionFacts& f,
                                  const std::vector<Material>& materials, const std::vector<CatalogMatch>& major,
                                  const std::string& note, const json& changes, std::int64_t by) {
  auto settings = load_settings(tx, s.agency_id);
  if (!settings) return settings.error();
  std::string today = clock::today_beijing();
  auto due = law::working_days_after(tx, today, settings->period_days);
  if (!due) return due.error();
  auto r = tx.query_one(
      "INSERT INTO review_rounds(submission_id, round, draft, facts_json, materials_json, major_json, note, changes_json, "
      "submitted_by, submitted_at, submitted_on, due_on) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {s.id, std::int64_t{round}, draft, facts_json(f), materials_to_json(materials).dump(), matches_json(major).dump(), note,
       changes.dump(), by, clock::now_iso(), today, *due});
  if (!r) return r.error();
  return (*r)->integer(0);
}

CaseLookup& case_lookup() {
  static CaseLookup l;
  return l;
}

// A submission is made for a case of one's own agency, by the people handling it or by a legal
// reviewer of that agency (APL art. 58: the handling unit submits to its own legal office).
// Another agency's case answers exactly as a missing one. A case number the platform does not
// hold is a case handled outside it (paper files), scoped to the submitter's agency.
Status need_case(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::int64_t agency_id) {
  if (!case_lookup()) return {};
  auto ref = case_lookup()(tx, case_id);
  if (!ref) return ref.error();
  if (!*ref) return {};
  if ((*ref)->agency_id != agency_id) return Error::not_found("没有这个案件");
  const auto& h = (*ref)->handlers;
  if (std::find(h.begin(), h.end(), p.person_id) == h.end() && !p.has("legal_reviewer"))
    return Error::forbidden("只有本案承办人员或本机关法制审核人员可以提请法制审核");
  return {};
}

}  // namespace

void set_case_lookup(CaseLookup lookup) { case_lookup() = std::move(lookup); }

Result<std::int64_t> submit_for_review(store::Tx& tx, const org::Principal& p, SubmissionInput in) {
  if (in.facts.agency_id == 0) in.facts.agency_id = p.agency_id;
  if (auto st = org::require(p, "review.submit", in.facts.agency_id, kNoSuchReview); !st) return st.error();
  if (in.case_id <= 0) return Error::invalid("缺少案件编号", "case_id");
  if (auto st = need_case(tx, p, in.case_id, in.facts.agency_id); !st) return st.error();
  in.facts.case_id = in.case_id;
  if (is_blank(in.case_title) || in.case_title.size() > 300) return Error::invalid("案件名称必填（最多300字节）", "case_title");
  if (auto st = validate_content(in.draft, in.facts, in.materials); !st) return st.error();
  // The submitter belongs to the handling unit; all of it must be people of the agency.
  if (std::find(in.handlers.begin(), in.handlers.end(), p.person_id) == in.handlers.end()) in.handlers.push_back(p.person_id);
  std::sort(in.handlers.begin(), in.handlers.end());
  in.handlers.erase(std::unique(in.handlers.begin(), in.handlers.end()), in.handlers.end());
  for (auto h : in.handlers) {
    auto r = tx.query_one("SELECT agency_id FROM people WHERE id = ? AND active = 1", {h});
    if (!r) return r.error();
    if (!*r || (*r)->integer(0) != in.facts.agency_id) return Error::invalid("承办人员须为本机关在岗人员", "handlers");
  }
  auto open = tx.query_one(
      "SELECT id FROM review_submissions WHERE case_id = ? AND agency_id = ? AND state IN ('waiting','in_review','returned','escalated')",
      {in.case_id, in.facts.agency_id});
  if (!open) return open.error();
  if (*open) return Error::conflict("该案件已有进行中的法制审核（编号 " + std::to_string((*open)->integer(0)) + "）");
  auto major = assess(tx, in.facts);
  if (!major) return major.error();
  std::string now = clock::now_iso();
  auto ins = tx.query_one(
      "INSERT INTO review_submissions(agency_id, case_id, case_title, state, round, submitted_by, created_at, updated_at) "
      "VALUES(?,?,?,'waiting',1,?,?,?) RETURNING id",
      {in.facts.agency_id, in.case_id, in.case_title, p.person_id, now, now});
  if (!ins) return ins.error();
  SubmissionRow s{(*ins)->integer(0), in.facts.agency_id, in.case_id, 1, 0, p.person_id, "waiting", in.case_title};
  for (auto h : in.handlers)
    if (auto r = tx.exec("INSERT INTO review_handlers(submission_id, person_id) VALUES(?,?)", {s.id, h}); !r) return r.error();
  auto round = insert_round(tx, s, 1, in.draft, in.facts, in.materials, *major, in.note, json::array(), p.person_id);
  if (!round) return round.error();
  // The ledger binds the draft and the note by commitment; materials by their digests only.
  json major_ids = json::array();
  for (auto& m : *major) major_ids.push_back({{"rule", m.rule_id}});
  json material_digests = json::array();
  for (auto& m : in.materials)
    if (!m.sha256.empty()) material_digests.push_back(m.sha256);
  auto draft = org::commit_private(tx, in.draft);
  if (!draft) return draft.error();
  json payload{{"round", 1}, {"handlers", in.handlers}, {"major", major_ids}, {"facts", json::parse(facts_json(in.facts))},
               {"materials", material_digests}, {"draft_commitment", *draft}};
  if (!is_blank(in.note)) {
    auto note = org::commit_private(tx, in.note);
    if (!note) return note.error();
    payload["note_commitment"] = *note;
  }
  if (auto st = record_step(tx, p, s, "review.submitted", payload); !st) return st.error();
  return s.id;
}

Status resubmit(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, Resubmission in) {
  auto s = load_submission(tx, submission_id);
  if (!s) return s.error();
  if (auto st = require_handler(tx, p, *s); !st) return st;
  if (s->state != "returned") return Error::conflict("只有被退回的审核可以重新提交（当前：" + state_label(s->state) + "）");
  in.facts.agency_id = s->agency_id;
  in.facts.case_id = s->case_id;
  if (auto st = validate_content(in.draft, in.facts, in.materials); !st) return st;
  if (is_blank(in.note)) return Error::invalid("请说明根据审核意见作了哪些整改", "note");
  auto cur = current_round(tx, *s);
  if (!cur) return cur.error();
  auto old_facts = parse_facts_json(cur->facts_json);
  if (!old_facts) return old_facts.error();
  json changes = changes_between(cur->draft, *old_facts, materials_from_json(cur->materials_json), in.draft, in.facts, in.materials);
  if (changes.empty()) return Error::invalid("重新提交的内容与上一轮完全相同：请根据审核意见修改决定书草稿、决定要素或材料后再提交", "draft");
  auto major = assess(tx, in.facts);
  if (!major) return major.error();
  int next = static_cast<int>(s->round) + 1;
  auto round = insert_round(tx, *s, next, in.draft, in.facts, in.materials, *major, in.note, changes, p.person_id);
  if (!round) return round.error();
  std::string state = s->reviewer_id ? "in_review" : "waiting";
  auto u = tx.exec("UPDATE review_submissions SET round = ?, state = ?, updated_at = ? WHERE id = ?",
                   {std::int64_t{next}, state, clock::now_iso(), s->id});
  if (!u) return u.error();
  auto note = org::commit_private(tx, in.note);
  if (!note) return note.error();
  auto changed = org::commit_private_json(tx, changes);
  if (!changed) return changed.error();
  return record_step(tx, p, *s, "review.resubmitted",
               {{"round", next}, {"note_commitment", *note}, {"changes", changes.size()}, {"changes_commitment", *changed}});
}

}  // namespace zhifa::review
