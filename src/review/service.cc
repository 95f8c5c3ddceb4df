#include "review/service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "law/calendar.h"
#include "law/document_number.h"
#include "org/ledger_privacy.h"
#include "org/record.h"
#include "platform/core/clock.h"
#include "review/catalog.h"

namespace zhifa::review {

using nlohmann::json;

const char* element_label(int element) {
  // Seed 三.4 (济外侨办字〔2017〕28号): the 要素清单.
  static const char* const kLabels[kElementCount] = {
      "执法主体是否合法",
      "执法人员是否具备执法资格",
      "主要事实是否清楚",
      "证据是否确凿、充分",
      "适用法律、法规、规章是否准确",
      "是否正确适用裁量基准",
      "程序是否合法",
      "是否超越法定权限、滥用职权",
      "执法文书是否规范、齐备",
      "是否涉嫌犯罪需要移送司法机关",
      "其他需要审核的内容",
  };
  return element >= 1 && element <= kElementCount ? kLabels[element - 1] : "";
}

std::string state_label(const std::string& s) {
  if (s == "waiting") return "待领取";
  if (s == "in_review") return "审核中";
  if (s == "returned") return "已退回承办机构";
  if (s == "escalated") return "协调决定中";
  if (s == "passed") return "审核通过";
  if (s == "decided") return "经协调准予作出决定";
  return s;
}

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

struct Sub {
  std::int64_t id = 0, agency_id = 0, case_id = 0, round = 0, reviewer_id = 0, submitted_by = 0;
  std::string state, case_title;
};

Result<Sub> load_sub(store::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(
      "SELECT id, agency_id, case_id, round, reviewer_id, submitted_by, state, case_title FROM review_submissions WHERE id = ?", {id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这个法制审核");
  auto& row = **r;
  return Sub{row.integer(0), row.integer(1), row.integer(2), row.integer(3), row.opt_integer("reviewer_id").value_or(0),
             row.integer(5), row.text(6), row.text(7)};
}

// A submission of another agency is answered as a missing one (org::require).
Status need(const org::Principal& p, std::string_view permission, std::int64_t agency_id) {
  return org::require(p, permission, agency_id, "没有这个法制审核");
}

Result<std::vector<std::int64_t>> handlers_of(store::Tx& tx, std::int64_t submission_id) {
  auto rows = tx.query("SELECT person_id FROM review_handlers WHERE submission_id = ? ORDER BY person_id", {submission_id});
  if (!rows) return rows.error();
  std::vector<std::int64_t> out;
  for (auto& r : *rows) out.push_back(r.integer(0));
  return out;
}

// The handling unit acts on its own submission only.
Status need_handler(store::Tx& tx, const org::Principal& p, const Sub& s) {
  if (auto st = need(p, "review.submit", s.agency_id); !st) return st;
  auto h = handlers_of(tx, s.id);
  if (!h) return h.error();
  if (std::find(h->begin(), h->end(), p.person_id) == h->end() && s.submitted_by != p.person_id)
    return Error::forbidden("只有本案承办人员可以办理此事项");
  return {};
}

Status need_reviewer(const org::Principal& p, const Sub& s) {
  if (auto st = need(p, "review.review", s.agency_id); !st) return st;
  if (s.state != "in_review") return Error::conflict("该审核当前状态为“" + state_label(s.state) + "”，不能进行此操作");
  if (s.reviewer_id != p.person_id) return Error::forbidden("该案件由其他审核人员审核");
  return {};
}

Status event(store::Tx& tx, const org::Principal& p, const Sub& s, const std::string& kind, json payload) {
  payload["case"] = s.case_id;
  payload["review"] = s.id;
  return org::record_event(tx, p, org::agency_code_of(tx, s.agency_id), kind, "review:" + std::to_string(s.id), payload.dump());
}

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

// Working-day deadline of a round (local practice; 7 working days by default).
Result<std::string> add_working_days(store::Tx& tx, const std::string& from, int days) {
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto d = law::Date::parse(from);
  if (!d) return d.error();
  auto due = cal->add_working_days(*d, days);
  if (!due) return due.error();
  return due->date.str();
}

Result<std::int64_t> insert_round(store::Tx& tx, const Sub& s, int round, const std::string& draft, const DecisionFacts& f,
                                  const std::vector<Material>& materials, const std::vector<CatalogMatch>& major,
                                  const std::string& note, const json& changes, std::int64_t by) {
  auto settings = load_settings(tx, s.agency_id);
  if (!settings) return settings.error();
  std::string today = clock::today_beijing();
  auto due = add_working_days(tx, today, settings->period_days);
  if (!due) return due.error();
  auto r = tx.query_one(
      "INSERT INTO review_rounds(submission_id, round, draft, facts_json, materials_json, major_json, note, changes_json, "
      "submitted_by, submitted_at, submitted_on, due_on) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {s.id, std::int64_t{round}, draft, facts_json(f), materials_to_json(materials).dump(), matches_json(major).dump(), note,
       changes.dump(), by, clock::now_iso(), today, *due});
  if (!r) return r.error();
  return (*r)->integer(0);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Line diff (longest common subsequence) of two drafts: the removed and added lines.
json draft_diff(const std::string& before, const std::string& after) {
  auto a = lines_of(before), b = lines_of(after);
  json out = json::array();
  if (a.size() * b.size() > 4'000'000) {  // too large to align: say it changed
    out.push_back({{"op", "~"}, {"line", "（草稿全文已修改）"}});
    return out;
  }
  std::vector<std::vector<int>> l(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;) l[i][j] = a[i] == b[j] ? l[i + 1][j + 1] + 1 : std::max(l[i + 1][j], l[i][j + 1]);
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i, ++j;
    } else if (j < b.size() && (i == a.size() || l[i][j + 1] >= l[i + 1][j])) {
      out.push_back({{"op", "+"}, {"line", b[j++]}});
    } else {
      out.push_back({{"op", "-"}, {"line", a[i++]}});
    }
  }
  return out;
}

std::string measures_text(const std::vector<std::string>& ms) {
  std::string s;
  for (auto& m : ms) s += (s.empty() ? "" : "、") + measure_label(m);
  return s.empty() ? "无" : s;
}

std::string yes_no(bool b) { return b ? "是" : "否"; }

// What changed between two rounds: fields of the facts, the draft's lines, the materials.
json changes_between(const std::string& old_draft, const DecisionFacts& of, const std::vector<Material>& om,
                     const std::string& new_draft, const DecisionFacts& nf, const std::vector<Material>& nm) {
  json out = json::array();
  auto field = [&](const std::string& label, const std::string& a, const std::string& b) {
    if (a != b) out.push_back({{"what", label}, {"before", a}, {"after", b}});
  };
  field("执法类别", of.category, nf.category);
  field("执法事项", of.matter_code, nf.matter_code);
  field("当事人类型", party_kind_label(of.party_kind), party_kind_label(nf.party_kind));
  field("罚款（元）", yuan(of.fine_fen), yuan(nf.fine_fen));
  field("没收违法所得、非法财物（元）", yuan(of.confiscation_fen), yuan(nf.confiscation_fen));
  auto sa = of.measures, sb = nf.measures;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  field("处理措施", measures_text(sa), measures_text(sb));
  field("经过听证", yes_no(of.hearing_held), yes_no(nf.hearing_held));
  field("超出裁量基准", yes_no(of.outside_discretion_benchmark), yes_no(nf.outside_discretion_benchmark));
  field("疑难复杂", yes_no(of.complex), yes_no(nf.complex));
  field("重大社会影响", yes_no(of.major_social_impact), yes_no(nf.major_social_impact));
  for (auto& m : om)
    if (std::find(nm.begin(), nm.end(), m) == nm.end()) out.push_back({{"what", "材料"}, {"before", m.name}, {"after", "（删除）"}});
  for (auto& m : nm)
    if (std::find(om.begin(), om.end(), m) == om.end()) out.push_back({{"what", "材料"}, {"before", "（新增）"}, {"after", m.name}});
  if (old_draft != new_draft) out.push_back({{"what", "决定书草稿"}, {"diff", draft_diff(old_draft, new_draft)}});
  return out;
}

struct RoundRow {
  std::int64_t id = 0;
  std::string draft, facts_json, materials_json;
};

Result<RoundRow> current_round(store::Tx& tx, const Sub& s) {
  auto r = tx.query_one("SELECT id, draft, facts_json, materials_json FROM review_rounds WHERE submission_id = ? AND round = ?",
                        {s.id, s.round});
  if (!r) return r.error();
  if (!*r) return Error::internal("review round missing");
  return RoundRow{(*r)->integer(0), (*r)->text(1), (*r)->text(2), (*r)->text(3)};
}

Status set_state(store::Tx& tx, const Sub& s, const std::string& state) {
  auto u = tx.exec("UPDATE review_submissions SET state = ?, updated_at = ? WHERE id = ?", {state, clock::now_iso(), s.id});
  return u ? Status{} : Status(u.error());
}

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

namespace {

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
  if (auto st = need(p, "review.submit", in.facts.agency_id); !st) return st.error();
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
  Sub s{(*ins)->integer(0), in.facts.agency_id, in.case_id, 1, 0, p.person_id, "waiting", in.case_title};
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
  if (auto st = event(tx, p, s, "review.submitted", payload); !st) return st.error();
  return s.id;
}

Status resubmit(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, Resubmission in) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need_handler(tx, p, *s); !st) return st;
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
  return event(tx, p, *s, "review.resubmitted",
               {{"round", next}, {"note_commitment", *note}, {"changes", changes.size()}, {"changes_commitment", *changed}});
}

Status take(store::Tx& tx, const org::Principal& p, std::int64_t submission_id) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need(p, "review.review", s->agency_id); !st) return st;
  if (s->state != "waiting") return Error::conflict("该审核已由审核人员领取或已结束（" + state_label(s->state) + "）");
  auto h = handlers_of(tx, s->id);
  if (!h) return h.error();
  // A reviewer must not review a case they handled (seed 三; separation of handling and review).
  if (std::find(h->begin(), h->end(), p.person_id) != h->end() || s->submitted_by == p.person_id)
    return Error::forbidden("审核人员不得审核本人承办的案件");
  auto u = tx.exec("UPDATE review_submissions SET reviewer_id = ?, state = 'in_review', updated_at = ? WHERE id = ?",
                   {p.person_id, clock::now_iso(), s->id});
  if (!u) return u.error();
  return event(tx, p, *s, "review.taken", {{"round", s->round}, {"reviewer", p.person_id}});
}

Status answer_elements(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::vector<ElementAnswer>& answers) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need_reviewer(p, *s); !st) return st;
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
  return event(tx, p, *s, "review.elements_answered", {{"round", s->round}, {"answers", list}, {"comments_commitment", *committed}});
}

Result<std::int64_t> request_adviser_opinion(store::Tx& tx, const org::Principal& p, std::int64_t submission_id,
                                             std::int64_t adviser_id, const std::string& question) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need_reviewer(p, *s); !st) return st.error();
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
  if (auto st = event(tx, p, *s, "review.adviser_requested", {{"request", id}, {"adviser", adviser_id}, {"question_commitment", *q}}); !st)
    return st.error();
  return id;
}

Status answer_adviser_request(store::Tx& tx, const org::Principal& p, std::int64_t request_id, const std::string& answer) {
  auto r = tx.query_one("SELECT submission_id, adviser_id, answered_at FROM review_adviser_requests WHERE id = ?", {request_id});
  if (!r) return r.error();
  if (!*r) return Error::not_found("没有这个法律顾问意见请求");
  auto s = load_sub(tx, (*r)->integer(0));
  if (!s) return s.error();
  if (auto st = need(p, "review.advise", s->agency_id); !st) return st;
  if ((*r)->integer(1) != p.person_id) return Error::forbidden("该请求发给了其他法律顾问");
  if (!(*r)->is_null(2)) return Error::conflict("该请求已经答复");
  if (is_blank(answer)) return Error::invalid("请填写法律顾问意见", "answer");
  auto u = tx.exec("UPDATE review_adviser_requests SET answer = ?, answered_at = ? WHERE id = ?", {answer, clock::now_iso(), request_id});
  if (!u) return u.error();
  auto a = org::commit_private(tx, answer);
  if (!a) return a.error();
  return event(tx, p, *s, "review.adviser_answered", {{"request", request_id}, {"answer_commitment", *a}});
}

Status give_opinion(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& opinion,
                    const std::string& text) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need_reviewer(p, *s); !st) return st;
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
  return event(tx, p, *s, opinion == "agree" ? "review.agreed" : "review.returned",
               {{"round", s->round}, {"opinion", opinion}, {"text_commitment", *committed_text}, {"number", number}});
}

Status disagree(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& reason) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need_handler(tx, p, *s); !st) return st;
  if (s->state != "returned") return Error::conflict("只有被退回的审核可以提出异议（当前：" + state_label(s->state) + "）");
  if (is_blank(reason)) return Error::invalid("请写明不同意审核意见的理由", "reason");
  auto ins = tx.query_one("INSERT INTO review_escalations(submission_id, round, raised_by, reason, raised_at) VALUES(?,?,?,?,?) RETURNING id",
                          {s->id, s->round, p.person_id, reason, clock::now_iso()});
  if (!ins) return ins.error();
  if (auto st = set_state(tx, *s, "escalated"); !st) return st;
  auto why = org::commit_private(tx, reason);
  if (!why) return why.error();
  return event(tx, p, *s, "review.escalated", {{"round", s->round}, {"escalation", (*ins)->integer(0)}, {"reason_commitment", *why}});
}

Status decide_escalation(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const EscalationOutcome& o) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need(p, "review.decide", s->agency_id); !st) return st;
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
  return event(tx, p, *s, "review.escalation_decided",
               {{"escalation", esc_id}, {"method", o.method}, {"outcome", o.outcome}, {"text_commitment", *committed},
                {"participants", participants.size()}});
}

Status extend_time_limit(store::Tx& tx, const org::Principal& p, std::int64_t submission_id, const std::string& reason) {
  auto s = load_sub(tx, submission_id);
  if (!s) return s.error();
  if (auto st = need(p, "review.decide", s->agency_id); !st) return st;
  if (s->state != "waiting" && s->state != "in_review") return Error::conflict("只有审核中的事项可以延长审核期限");
  if (is_blank(reason)) return Error::invalid("请写明延长的理由", "reason");
  auto settings = load_settings(tx, s->agency_id);
  if (!settings) return settings.error();
  if (settings->extension_days <= 0) return Error::conflict("本机关未设置可延长的审核期限");
  auto r = tx.query_one("SELECT id, due_on, extended FROM review_rounds WHERE submission_id = ? AND round = ?", {s->id, s->round});
  if (!r) return r.error();
  if (!*r) return Error::internal("review round missing");
  if ((*r)->integer(2)) return Error::conflict("本轮审核期限已经延长过一次");
  auto due = add_working_days(tx, (*r)->text(1), settings->extension_days);
  if (!due) return due.error();
  auto u = tx.exec("UPDATE review_rounds SET due_on = ?, extended = 1, extension_note = ? WHERE id = ?", {*due, reason, (*r)->integer(0)});
  if (!u) return u.error();
  auto why = org::commit_private(tx, reason);
  if (!why) return why.error();
  return event(tx, p, *s, "review.time_limit_extended",
               {{"round", s->round}, {"days", settings->extension_days}, {"due", *due}, {"reason_commitment", *why}});
}

// ---- reading ----

namespace {

class Names {
 public:
  explicit Names(store::Tx& tx) : tx_(tx) {}
  std::string operator()(std::optional<std::int64_t> id) {
    if (!id || *id == 0) return "";
    if (auto it = cache_.find(*id); it != cache_.end()) return it->second;
    auto r = tx_.query_one("SELECT name FROM people WHERE id = ?", {*id});
    std::string n = (r && *r) ? (*r)->text(0) : "#" + std::to_string(*id);
    cache_[*id] = n;
    return n;
  }

 private:
  store::Tx& tx_;
  std::map<std::int64_t, std::string> cache_;
};

// Working days from today to the due date (negative: overdue).
std::optional<std::int64_t> days_left(const law::Calendar& cal, const std::string& due) {
  auto d = law::Date::parse(due);
  auto t = law::Date::parse(clock::today_beijing());
  if (!d || !t) return std::nullopt;
  auto n = cal.working_days_between(*t, *d);
  if (!n) return std::nullopt;
  return n->days;
}

json facts_view(const DecisionFacts& f) {
  json measures = json::array();
  for (auto& m : f.measures) measures.push_back(measure_label(m));
  return {{"category", f.category},
          {"matter_code", f.matter_code},
          {"party_kind", party_kind_label(f.party_kind)},
          {"fine", yuan(f.fine_fen)},
          {"has_fine", f.fine_fen > 0},
          {"confiscation", yuan(f.confiscation_fen)},
          {"has_confiscation", f.confiscation_fen > 0},
          {"measures", measures},
          {"hearing_held", f.hearing_held},
          {"outside_benchmark", f.outside_discretion_benchmark},
          {"complex", f.complex},
          {"social_impact", f.major_social_impact}};
}

std::string in_list(std::size_t n) {
  std::string s = "(";
  for (std::size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s + ")";
}

}  // namespace

Result<std::int64_t> latest_submission(store::Tx& tx, std::int64_t case_id) {
  auto r = tx.query_one("SELECT id FROM review_submissions WHERE case_id = ? ORDER BY id DESC LIMIT 1", {case_id});
  if (!r) return r.error();
  return *r ? (*r)->integer(0) : std::int64_t{0};
}

Result<std::optional<SubmissionState>> latest_submission_state(store::Tx& tx, std::int64_t case_id, std::int64_t agency_id) {
  auto r = tx.query_one("SELECT id, state FROM review_submissions WHERE case_id = ? AND agency_id = ? ORDER BY id DESC LIMIT 1",
                        {case_id, agency_id});
  if (!r) return r.error();
  if (!*r) return std::optional<SubmissionState>{};
  return std::optional<SubmissionState>{SubmissionState{(*r)->integer(0), (*r)->text(1)}};
}

Result<json> submission_json(store::Tx& tx, std::int64_t submission_id) {
  auto sr = tx.query_one(
      "SELECT s.id, s.agency_id, s.case_id, s.case_title, s.state, s.round, s.reviewer_id, s.submitted_by, s.created_at, "
      "s.updated_at, s.opinion_number, a.name AS agency_name, a.code AS agency_code FROM review_submissions s "
      "JOIN agencies a ON a.id = s.agency_id WHERE s.id = ?",
      {submission_id});
  if (!sr) return sr.error();
  if (!*sr) return Error::not_found("没有这个法制审核");
  auto& row = **sr;
  Names names(tx);
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  std::string state = row.text("state");
  json out{{"id", row.integer("id")},
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
  auto h = handlers_of(tx, submission_id);
  if (!h) return h.error();
  json handlers = json::array(), handler_ids = json::array();
  for (auto id : *h) {
    handlers.push_back(names(id));
    handler_ids.push_back(id);
  }
  out["handlers"] = handlers;
  out["handler_ids"] = handler_ids;

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
               {"current", r.integer("round") == row.integer("round")}};
    round["has_changes"] = round["changes"].is_array() && !round["changes"].empty();
    if (r.text("opinion").empty() && (state == "waiting" || state == "in_review")) {
      auto left = days_left(*cal, r.text("due_on"));
      if (left) {
        round["days_left"] = *left;
        round["overdue"] = *left < 0;
        round["due_soon"] = *left >= 0 && *left <= 2;
      }
    }
    auto cl = tx.query("SELECT element, answer, comment, answered_by, answered_at FROM review_checklist WHERE round_id = ?", {r.integer("id")});
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
    rs.push_back(round);
  }
  out["rounds"] = rs;
  out["major"] = rs.empty() ? json::array() : rs[0]["major"];
  out["is_major"] = out["major"].is_array() && !out["major"].empty();

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
  out["adviser_requests"] = advs;

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
  out["escalations"] = escs;

  auto ev = tx.query("SELECT idx, time, actor, kind FROM ledger_events WHERE subject = ? ORDER BY idx", {"review:" + std::to_string(submission_id)});
  if (!ev) return ev.error();
  json events = json::array();
  for (auto& e : *ev) {
    std::string actor = e.text(2);
    if (actor.rfind("person:", 0) == 0) actor = names(std::stoll(actor.substr(7)));
    events.push_back({{"index", e.integer(0)}, {"time", e.text(1)}, {"actor", actor}, {"kind", e.text(3)}, {"kind_label", event_label(e.text(3))}});
  }
  out["events"] = events;
  return out;
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

Status review_tasks(store::Tx& tx, const org::Principal& p, json& tasks) {
  if (p.anonymous()) return {};
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  auto href = [](std::int64_t id) { return "/workspace/review/" + std::to_string(id); };
  auto due_level = [&](const std::string& due, std::string& suffix) -> std::string {
    auto left = days_left(*cal, due);
    if (!left) return "info";
    if (*left < 0) {
      suffix = "（已超过审核期限 " + std::to_string(-*left) + " 个工作日）";
      return "danger";
    }
    if (*left <= 2) {
      suffix = "（剩余 " + std::to_string(*left) + " 个工作日）";
      return "warn";
    }
    return "info";
  };
  if (p.has("legal_reviewer")) {
    auto rows = tx.query(
        "SELECT s.id, s.case_title, s.state, s.reviewer_id, r.due_on FROM review_submissions s JOIN review_rounds r "
        "ON r.submission_id = s.id AND r.round = s.round WHERE s.agency_id = ? AND (s.state = 'waiting' OR (s.state = 'in_review' AND s.reviewer_id = ?)) "
        "ORDER BY r.due_on, s.id",
        {p.agency_id, p.person_id});
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      std::string suffix;
      std::string level = due_level(r.text(4), suffix);
      std::string what = r.text(2) == "waiting" ? "待领取的法制审核：" : "审核中：";
      tasks.push_back({{"level", level}, {"text", what + r.text(1) + suffix}, {"href", href(r.integer(0))}, {"due", r.text(4)}});
    }
  }
  {
    auto rows = tx.query(
        "SELECT s.id, s.case_title FROM review_submissions s JOIN review_handlers h ON h.submission_id = s.id "
        "WHERE h.person_id = ? AND s.state = 'returned' ORDER BY s.id",
        {p.person_id});
    if (!rows) return rows.error();
    for (auto& r : *rows)
      tasks.push_back({{"level", "warn"}, {"text", "法制审核退回：" + r.text(1) + "，请整改后重新提交或提出异议"}, {"href", href(r.integer(0))}});
  }
  if (p.has("agency_head")) {
    auto rows = tx.query("SELECT id, case_title FROM review_submissions WHERE agency_id = ? AND state = 'escalated' ORDER BY id", {p.agency_id});
    if (!rows) return rows.error();
    for (auto& r : *rows)
      tasks.push_back({{"level", "warn"}, {"text", "承办机构对法制审核意见有异议，待协调决定：" + r.text(1)}, {"href", href(r.integer(0))}});
    auto late = tx.query(
        "SELECT s.id, s.case_title, r.due_on FROM review_submissions s JOIN review_rounds r ON r.submission_id = s.id AND r.round = s.round "
        "WHERE s.agency_id = ? AND s.state IN ('waiting','in_review') ORDER BY r.due_on",
        {p.agency_id});
    if (!late) return late.error();
    for (auto& r : *late) {
      std::string suffix;
      std::string level = due_level(r.text(2), suffix);
      if (level != "info")
        tasks.push_back({{"level", level}, {"text", "法制审核临近或超过期限：" + r.text(1) + suffix}, {"href", href(r.integer(0))}, {"due", r.text(2)}});
    }
  }
  if (p.has("legal_adviser")) {
    auto rows = tx.query("SELECT q.submission_id, s.case_title FROM review_adviser_requests q JOIN review_submissions s ON s.id = q.submission_id "
                         "WHERE q.adviser_id = ? AND q.answered_at IS NULL ORDER BY q.id",
                         {p.person_id});
    if (!rows) return rows.error();
    for (auto& r : *rows)
      tasks.push_back({{"level", "info"}, {"text", "请出具法律顾问意见：" + r.text(1)}, {"href", href(r.integer(0))}});
  }
  return {};
}

Result<std::vector<Staffing>> staffing(store::Tx& tx, const std::vector<std::int64_t>& agency_ids) {
  std::vector<Staffing> out;
  for (auto id : agency_ids) {
    auto r = tx.query_one(
        "SELECT a.name, "
        "(SELECT COUNT(*) FROM people pe JOIN person_roles r ON r.person_id = pe.id AND r.role = 'officer' WHERE pe.agency_id = a.id AND pe.active = 1), "
        "(SELECT COUNT(*) FROM people pe JOIN person_roles r ON r.person_id = pe.id AND r.role = 'legal_reviewer' WHERE pe.agency_id = a.id AND pe.active = 1) "
        "FROM agencies a WHERE a.id = ?",
        {id});
    if (!r) return r.error();
    if (!*r) continue;
    Staffing s;
    s.agency_id = id;
    s.agency_name = (*r)->text(0);
    s.officers = static_cast<int>((*r)->integer(1));
    s.reviewers = static_cast<int>((*r)->integer(2));
    // 国办发〔2018〕118号: reviewers in principle not fewer than 5 % of the enforcement officers.
    s.required = (s.officers * 5 + 99) / 100;
    out.push_back(s);
  }
  return out;
}

}  // namespace zhifa::review
