#include "recording/decision.h"

#include "law/money.h"
#include "platform/core/clock.h"
#include "publicity/decisions.h"
#include "recording/documents.h"
#include "review/service.h"

namespace zhifa::recording {

namespace {

// The conclusion of a decision as the public record words it.
std::string conclusion_of(const Case& c, const law::Transition& t) {
  if (t.id == "impose" || t.id == "decide") {
    std::string fine = c.fine_fen > 0 ? "罚款人民币" + law::format_yuan(c.fine_fen) + "元" : "";
    return c.warning && !fine.empty() ? "警告，并处" + fine : c.warning ? "警告" : fine;
  }
  if (t.id == "no_penalty") return "不予行政处罚";
  if (t.id == "grant") return "准予行政许可";
  if (t.id == "refuse") return c.category == "行政确认" ? "不予确认" : "不予行政许可";
  if (t.id == "confirm") return "予以确认";
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
    auto d = tx.query_one("SELECT body FROM rec_documents WHERE case_id = ? AND kind = ? AND status IN ('draft','signed') ORDER BY id DESC LIMIT 1",
                          {c.id, kind});
    if (!d) return d.error();
    if (*d) draft = (*d)->text(0);
    else draft = document_draft_body(c, proc, kind, clock::today_beijing());
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

Result<review::DecisionFacts> decision_facts(store::Tx& tx, const Case& c, std::string_view decision) {
  review::DecisionFacts f;
  f.agency_id = c.agency_id;
  f.case_id = c.id;
  f.category = c.category;
  f.matter_code = c.matter_code;
  f.party_kind = c.party.kind;
  if (c.category == "行政处罚" && (decision.empty() || decision == "impose" || decision == "decide")) f.fine_fen = c.fine_fen;
  if (decision == "refuse") f.measures.push_back("refuse_licence");
  auto h = tx.query_one("SELECT COUNT(*) FROM rec_acts WHERE case_id = ? AND to_step = 'hearing'", {c.id});
  if (!h) return h.error();
  f.hearing_held = (*h)->integer(0) > 0;
  return f;
}

Result<std::int64_t> submit_case_for_review(store::Tx& tx, const org::Principal& p, const Case& c, const law::Procedure& proc,
                                            const std::string& note) {
  auto f = decision_facts(tx, c, "");  // what "impose" will be checked against
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
