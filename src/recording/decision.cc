#include "recording/decision.h"

#include "law/money.h"
#include "platform/core/clock.h"
#include "publicity/decisions.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "review/catalog.h"
#include "review/service.h"

namespace zhifa::recording {

namespace {

// The conclusion of a decision as the public record words it.
std::string conclusion_of(const Case& c, const law::Transition& t) {
  if (t.imposes) {
    std::vector<std::string> parts;
    if (c.warning) parts.push_back("警告");
    if (c.fine_fen > 0) parts.push_back("罚款人民币" + law::format_yuan(c.fine_fen) + "元");
    if (c.confiscation_fen > 0) parts.push_back("没收违法所得、非法财物（价值人民币" + law::format_yuan(c.confiscation_fen) + "元）");
    for (const auto& m : c.measures) parts.push_back(review::measure_label(m));
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i) s += (i == 0 ? "" : i == 1 && c.warning ? "，并处" : "；") + parts[i];
    return s.empty() ? t.label : s;
  }
  if (t.id == "no_penalty") return "不予行政处罚";
  if (t.id == "grant") return "准予行政许可";
  if (t.id == "refuse") return c.category == "行政确认" ? "不予确认" : "不予行政许可";
  if (t.id == "confirm") return "予以确认";
  if (t.id == "seize") return "查封、扣押";
  return t.label;
}

// The decision draft for review: the procedure's decision document (the first decision
// transition's required document) as drafted or signed, else its template filled from the case.
Result<std::string> decision_draft(store::Tx& tx, const Case& c, const law::Procedure& proc) {
  std::string kind;
  for (const auto& st : proc.steps)
    for (const auto& t : st.transitions)
      if (kind.empty() && t.decision && !t.requires_documents.empty()) kind = t.requires_documents.front();
  std::string draft;
  if (!kind.empty()) {
    // The current draft (a decision signed in an earlier round whose act was refused is not
    // what the reviewer is asked about now; issue 15: the reviewed text becomes the decision).
    auto d = tx.query_one("SELECT body FROM rec_documents WHERE case_id = ? AND kind = ? AND status = 'draft' ORDER BY id DESC LIMIT 1",
                          {c.id, kind});
    if (!d) return d.error();
    if (*d) draft = (*d)->text(0);
    else {
      auto recorded = recorded_values(tx, c, clock::today_beijing());
      if (!recorded) return recorded.error();
      draft = document_draft_body(c, proc, kind, clock::today_beijing(), *recorded);
    }
    const law::DocumentSpec* spec = proc.document(kind);
    if (spec) draft = spec->name + "（草稿）\n" + draft;
  }
  if (draft.empty()) draft = c.title + "\n" + c.facts;
  return draft;
}

// The case's signed documents as review materials.
Result<std::vector<review::Material>> signed_materials(store::Tx& tx, std::int64_t case_id) {
  auto docs = tx.query("SELECT name, doc_number, pdf_sha256, signed_at FROM rec_documents WHERE case_id = ? AND status = 'signed' ORDER BY id", {case_id});
  if (!docs) return docs.error();
  std::vector<review::Material> materials;
  for (auto& r : *docs)
    materials.push_back({r.text(0) + (r.text(1).empty() ? "（" + r.text(3).substr(0, 10) + "）" : "（" + r.text(1) + "）"), r.text(2)});
  return materials;
}

}  // namespace

const law::Transition* decision_transition(const Case& c, std::string_view decision) {
  const law::Procedure* proc = law::find_procedure(c.procedure_id);
  if (!proc) return nullptr;
  auto all = proc->decisions();
  std::string_view id = !decision.empty() ? decision : std::string_view(c.proposed_decision);
  for (const auto* t : all)
    if (id.empty() || t->id == id) return t;
  return nullptr;
}

// Issue 14: the one mapping. The submission (decision "" → the case's proposed decision) and
// the gate (the transition being taken) build the facts by the same rules, so what the gate
// compares is what was reviewed; a different decision shows as a named difference.
Result<review::DecisionFacts> decision_facts(store::Tx& tx, const Case& c, std::string_view decision) {
  review::DecisionFacts f;
  f.agency_id = c.agency_id;
  f.case_id = c.id;
  f.category = c.category;
  f.matter_code = c.matter_code;
  f.party_kind = c.party.kind;
  const law::Transition* t = decision_transition(c, decision);
  if (t) {
    f.decision = t->id;
    // The case's penalty facts apply to a decision that imposes them (not to 不予行政处罚).
    if (t->imposes) {
      f.fine_fen = c.fine_fen;
      f.confiscation_fen = c.confiscation_fen;
      f.measures = c.measures;
      // 118; seed 三.4(六): a fine outside the band applied is a decision outside the benchmark.
      f.outside_discretion_benchmark = c.outside_band();
    }
    for (const auto& m : t->measures) f.measures.push_back(m);
  }
  f.complex = c.complex;
  f.major_social_impact = c.social_impact;
  auto h = tx.query_one("SELECT COUNT(*) FROM rec_acts WHERE case_id = ? AND to_step = 'hearing'", {c.id});
  if (!h) return h.error();
  f.hearing_held = (*h)->integer(0) > 0;
  return f;
}

Result<nlohmann::json> case_gate_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id, std::string_view decision) {
  auto c = load_case(tx, p, case_id);
  if (!c) return c.error();
  if (!decision.empty() && !decision_transition(*c, decision)) return Error::invalid("本程序没有这个决定", "decision");
  auto f = decision_facts(tx, *c, decision);
  if (!f) return f.error();
  auto g = review::check_decision_gate(tx, *f);
  if (!g) return g.error();
  nlohmann::json reasons = nlohmann::json::array();
  for (auto& r : g->reasons) reasons.push_back({{"rule", r.rule_id}, {"name", r.rule_name}, {"source", r.legal_source}});
  return nlohmann::json{{"facts", nlohmann::json::parse(review::facts_json(*f))}, {"major", g->major}, {"reasons", reasons},
                        {"review_id", g->review_id}, {"review_state", g->review_state}, {"review_passed", g->review_passed},
                        {"mismatch", g->mismatch}, {"allowed", g->allowed()}, {"refusal", g->refusal()}};
}

Result<std::int64_t> submit_case_for_review(store::Tx& tx, const org::Principal& p, const Case& c, const law::Procedure& proc,
                                            const std::string& note) {
  auto f = decision_facts(tx, c, "");  // the proposed decision, as the gate will build it
  if (!f) return f.error();
  auto draft = decision_draft(tx, c, proc);
  if (!draft) return draft.error();
  auto materials = signed_materials(tx, c.id);
  if (!materials) return materials.error();
  std::vector<std::int64_t> handlers{c.lead_officer_id};
  if (c.co_officer_id) handlers.push_back(*c.co_officer_id);
  auto latest = review::latest_submission_state(tx, c.id, c.agency_id);
  if (!latest) return latest.error();
  if (*latest) {
    std::int64_t id = (*latest)->id;
    const std::string& state = (*latest)->state;
    if (state == "waiting" || state == "in_review" || state == "escalated") return id;
    if (state == "returned") {
      review::Resubmission r{*draft, *f, *materials, note.empty() ? "案件经补充调查后重新提请法制审核" : note};
      if (auto st = review::resubmit(tx, p, id, std::move(r)); !st) return st.error();
      return id;
    }
  }
  review::SubmissionInput in;
  in.case_id = c.id;
  in.case_title = utf8_prefix(c.case_no + " " + c.title, 300);
  in.draft = std::move(*draft);
  in.facts = std::move(*f);
  in.materials = std::move(*materials);
  in.handlers = std::move(handlers);
  in.note = note;
  return review::submit_for_review(tx, p, std::move(in));
}

Status issue_decision(store::Tx& tx, const org::Principal& p, const Case& c, const law::Transition& t, const std::string& date,
                      std::int64_t event_index) {
  std::string source = "case:" + std::to_string(c.id);
  if (t.id == "executed") return publicity::fulfilment_from_case(tx, p, source, "已履行", date);
  if (!t.decision) return {};
  publicity::DecisionIssued d;
  d.agency_id = c.agency_id;
  d.case_id = c.id;
  d.source = source;
  d.case_no = c.case_no;
  d.category = c.category;
  d.matter_code = c.matter_code;
  d.matter_name = c.matter_name;
  d.party_kind = c.party.kind;
  d.party_name = c.party.name;
  d.party_address = c.party.address;
  if (c.party.kind == "organisation") d.party_code = c.party.id_number;
  d.decision_date = date;
  d.decision_event = event_index;
  d.conclusion = conclusion_of(c, t);
  // The decision document: the first document the transition requires, as signed.
  if (!t.requires_documents.empty()) {
    auto doc = tx.query_one("SELECT doc_number, body, pdf_sha256 FROM rec_documents WHERE case_id = ? AND kind = ? AND status = 'signed' "
                            "ORDER BY id DESC LIMIT 1",
                            {c.id, t.requires_documents.front()});
    if (!doc) return doc.error();
    if (*doc) {
      d.decision_no = (*doc)->text(0);
      d.body = (*doc)->text(1);
      d.document_sha256 = (*doc)->opt_text("pdf_sha256").value_or("");
    }
  }
  auto id = publicity::open_decision_publication(tx, p, d);
  return id ? Status{} : Status(id.error());
}

}  // namespace zhifa::recording
