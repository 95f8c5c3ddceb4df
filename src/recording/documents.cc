#include "recording/documents.h"

#include "law/labels.h"
#include <algorithm>

#include "law/calendar.h"
#include "law/document_number.h"
#include "law/money.h"
#include "org/directory.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/core/assets.h"
#include "platform/core/clock.h"
#include "platform/http/util.h"
#include "platform/render/pdf.h"
#include "publicity/matters.h"
#include "recording/case_access.h"
#include "recording/reviewed_text.h"

namespace zhifa::recording {

using json = nlohmann::json;

namespace {

// The facts as a sentence about the party: "当事人在……" — the facts as recorded often begin
// with 当事人 (or the party's own pronoun) already, which is not written twice.
std::string facts_clause(const std::string& facts, const std::string& subject) {
  if (facts.empty()) return subject + "（违法事实待填写）";
  std::string_view f = facts;
  for (std::string_view lead : {"当事人", "你单位", "你"})
    if (f.substr(0, lead.size()) == lead) {
      f.remove_prefix(lead.size());
      break;
    }
  return subject + std::string(f);
}

// The values a document template is filled with.
json template_values(const Case& c, const law::Procedure& proc, const std::string& date) {
  return {{"agency_name", c.agency_name},
          {"case_no", c.case_no},
          {"title", c.title},
          {"matter_name", c.matter_name},
          {"matter_code", c.matter_code},
          {"procedure_name", proc.name},
          {"legal_basis", proc.legal_basis},
          {"party_kind_label", std::string(law::party_kind_label(c.party.kind))},
          {"party_id_label", c.party.kind == "organisation" ? "统一社会信用代码" : "公民身份号码"},
          {"party_name", c.party.name},
          {"party_id_number", c.party.id_number},
          {"party_address", c.party.address.empty() ? "（未登记）" : c.party.address},
          {"party_phone", c.party.phone.empty() ? "（未登记）" : c.party.phone},
          {"facts", c.facts.empty() ? "（待填写）" : c.facts},
          {"fine_yuan", law::format_yuan(c.fine_fen)},
          {"penalty", c.warning && c.fine_fen == 0 ? "警告" : c.fine_fen > 0 ? "罚款人民币" + law::format_yuan(c.fine_fen) + "元" : "（待定）"},
          {"confiscation_yuan", law::format_yuan(c.confiscation_fen)},
          // 118: the decision states the band (情节) of the 裁量基准 applied (issue 14).
          {"band", c.band_facts.empty() ? std::string("（未适用裁量基准情节）")
                                        : "“" + c.band_facts + "”（" + c.band_penalty + "）" +
                                              (c.outside_band() ? "；超出该情节幅度的理由：" + c.outside_band_reason + "，已经法制审核" : "")},
          // Person or organisation wording: 你 / 你单位, never "你（单位）".
          {"you", c.party.kind == "organisation" ? "你单位" : "你"},
          {"facts_clause", facts_clause(c.facts, "当事人")},
          {"facts_you", facts_clause(c.facts, c.party.kind == "organisation" ? "你单位" : "你")},
          {"lead_officer", c.lead_officer_name},
          {"co_officer", c.co_officer_name.empty() ? "（未指定）" : c.co_officer_name},
          {"opened_on", chinese_date(c.opened_on)},
          {"date", chinese_date(date)}};
}

// {{key}} substitution (plain text: the PDF renderer escapes).
std::string fill(std::string text, const json& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t a = text.find("{{", pos);
    if (a == std::string::npos) break;
    std::size_t b = text.find("}}", a);
    if (b == std::string::npos) break;
    out += text.substr(pos, a - pos);
    std::string key = text.substr(a + 2, b - a - 2);
    if (values.contains(key) && values[key].is_string()) out += values[key].get<std::string>();
    pos = b + 2;
  }
  out += text.substr(pos);
  // Trim leading/trailing blank lines.
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  while (!out.empty() && out.front() == '\n') out.erase(0, 1);
  return out;
}

std::string template_for(const std::string& kind) {
  auto t = assets::find("templates/recording/doc/" + kind + ".html");
  if (t) return std::string(*t);
  return "{{party_id_label}}：{{party_id_number}}\n当事人：{{party_name}}\n案号：{{case_no}}\n事项：{{matter_name}}\n{{facts}}";
}

// Is `kind` the document a decision transition of the procedure issues (准予/不予许可决定书,
// 行政处罚决定书, 当场处罚决定书, …)?
bool is_decision_document(const std::string& procedure_id, const std::string& kind) {
  const law::Procedure* proc = law::find_procedure(procedure_id);
  if (!proc) return false;
  for (const auto& s : proc->steps)
    for (const auto& t : s.transitions)
      if (t.decision && !t.requires_documents.empty() && t.requires_documents.front() == kind) return true;
  return false;
}

// The document's body text as PDF paragraphs: a line is a paragraph, blank lines separate.
void add_body_paragraphs(render::PdfDocument& pdf, const std::string& body) {
  std::size_t pos = 0;
  std::string para;
  auto flush = [&] {
    if (!para.empty()) pdf.blocks.push_back({render::PdfBlock::Kind::kParagraph, para, {}, {}, 0});
    para.clear();
  };
  while (pos <= body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string line = body.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) flush();
    else {
      flush();
      para = line;
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  flush();
}

// A document that names the officers present (its template has {{co_officer}}) made in a step
// where at least two officers act (APL art. 42: 执法人员不得少于两人).
bool two_officer_document(const law::Procedure& proc, const std::string& kind) {
  if (template_for(kind).find("{{co_officer}}") == std::string::npos) return false;
  for (const auto& st : proc.steps)
    if (st.actors.min_people >= 2 && std::find(st.produces.begin(), st.produces.end(), kind) != st.produces.end()) return true;
  return false;
}

// APL art. 42: such a document is signed only with two named officers, both certified on the day.
Status check_two_officers(store::Tx& tx, const Case& c, const Document& doc, const std::string& date) {
  const std::string what = "《" + doc.name + "》须由两名持有效执法证件的执法人员制作（《中华人民共和国行政处罚法》第四十二条）：";
  if (!c.co_officer_id) return Error::invalid(what + "请先在案件中指定共同执法人员", "co_officer_id");
  auto cert = certified_on(tx, *c.co_officer_id, date);
  if (!cert) return cert.error();
  if (!*cert) return Error::invalid(what + c.co_officer_name + "在" + chinese_date(date) + "没有有效的行政执法证件", "co_officer_id");
  if (doc.body.find("（未指定）") != std::string::npos)
    return Error::invalid(what + "文书中仍有“（未指定）”，请写明共同执法人员的姓名", "body");
  return {};
}

// An 审批表 as a form: each "项目：内容" line a row of a two-column table; other lines paragraphs.
void add_form_table(render::PdfDocument& pdf, const std::string& body) {
  render::PdfBlock table{render::PdfBlock::Kind::kTable, "", {{"项目", "内容"}}, {}, 0};
  std::string rest;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string line = body.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    std::size_t colon = line.find("：");
    if (colon != std::string::npos && colon > 0 && colon <= 8 * 3)
      table.rows.push_back({line.substr(0, colon), line.substr(colon + std::string("：").size())});
    else if (!line.empty())
      rest += (rest.empty() ? "" : "\n") + line;
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (table.rows.size() > 1) pdf.blocks.push_back(table);
  if (!rest.empty()) add_body_paragraphs(pdf, rest);
}

// The agency's 发文字号 prefix (机关代字), by its id.
Result<std::string> doc_prefix_of(store::Tx& tx, std::int64_t agency_id) {
  auto agency = org::find_agency(tx, org::agency_code_of(tx, agency_id));
  if (!agency) return agency.error();
  if (!*agency) return Error::not_found("执法主体不存在");
  return (*agency)->doc_prefix;
}

}  // namespace

std::string document_draft_body(const Case& c, const law::Procedure& proc, const std::string& kind, const std::string& date,
                                const json& recorded) {
  json values = template_values(c, proc, date);
  for (auto it = recorded.begin(); it != recorded.end(); ++it) values[it.key()] = it.value();
  return fill(template_for(kind), values);
}

Result<json> recorded_values(store::Tx& tx, const Case& c, const std::string& date) {
  json v = json::object();
  // The evidence actually recorded in this case: its signed records, by name, in order.
  auto docs = tx.query(
      "SELECT name FROM rec_documents WHERE case_id = ? AND status = 'signed' AND kind IN ('inspection_record', 'inquiry_record', "
      "'scene_record', 'preservation_list', 'seizure_list', 'statement_record', 'hearing_record', 'expert_opinion', 'handling_record') "
      "ORDER BY id",
      {c.id});
  if (!docs) return docs.error();
  std::string names;
  for (auto& r : *docs)
    if (names.find("《" + r.text(0) + "》") == std::string::npos) names += "《" + r.text(0) + "》";
  v["evidence"] = names.empty() ? std::string("（本案尚未记录证据，请列明证据）") : names + "等证据";
  // The legal basis from the published matter (规定依据 and 处罚依据, with articles).
  std::string basis;
  if (c.matter_id) {
    auto m = publicity::find_published_matter(tx, *c.matter_id);
    if (!m) return m.error();
    if (*m) basis = (*m)->legal_basis;
  }
  v["rule_basis"] = basis.empty() ? std::string("（请写明违反的法律、法规、规章条款）") : basis;
  v["penalty_basis"] = basis.empty() ? std::string("（请写明处罚依据的条款）") : basis;
  // The party's deadlines for a document dated (and served) on `date`.
  auto on = law::Date::parse(date);
  if (!on) return on.error();
  auto hearing = law::working_days_after(tx, date, 5);  // APL arts. 64, 85: 五日 = working days
  if (!hearing) return hearing.error();
  v["hearing_due"] = chinese_date(*hearing);
  auto reconsider = law::add_calendar_days(*on, 60);     // 《行政复议法》第二十条: 六十日
  if (!reconsider) return reconsider.error();
  v["reconsideration_due"] = chinese_date(reconsider->str());
  auto suit = law::add_calendar_months(*on, 6);          // 《行政诉讼法》第四十六条: 六个月
  if (!suit) return suit.error();
  v["litigation_due"] = chinese_date(suit->str());
  return v;
}

Result<std::int64_t> draft_document(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& kind) {
  auto c = case_for_write(tx, p, case_id, "recording.handle");
  if (!c) return c.error();
  if (c->status != "open") return Error::conflict("案件已办结，不能再制作文书");
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  if (!proc) return Error::internal("unknown procedure");
  const law::DocumentSpec* spec = proc->document(kind);
  if (!spec) return Error::invalid("程序“" + proc->name + "”没有这种文书（" + kind + "）", "kind");
  auto existing = tx.query_one("SELECT id FROM rec_documents WHERE case_id = ? AND kind = ? AND status = 'draft'", {case_id, kind});
  if (!existing) return existing.error();
  if (*existing) return (*existing)->integer(0);  // one draft of a kind at a time: edit that one
  const std::string today = clock::today_beijing();
  auto recorded = recorded_values(tx, *c, today);
  if (!recorded) return recorded.error();
  std::string body = document_draft_body(*c, *proc, kind, today, *recorded);
  if (is_decision_document(c->procedure_id, kind)) {
    // The reviewed draft becomes the decision's text: nothing is typed again (APL art. 58).
    auto reviewed = reviewed_decision_text(tx, case_id);
    if (!reviewed) return reviewed.error();
    if (*reviewed && !(*reviewed)->empty()) body = **reviewed;
  }
  std::string now = clock::now_iso();
  auto r = tx.query_one(
      "INSERT INTO rec_documents(case_id, kind, name, body, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?) "
      "RETURNING id",
      {case_id, kind, spec->name, body, p.person_id, now, now});
  if (!r) return r.error();
  std::int64_t id = (*r)->integer(0);
  auto ev = append_case_event(tx, p, c->agency_id, "recording.document.drafted", "document:" + std::to_string(id),
                              {{"case_no", c->case_no}, {"case_id", case_id}, {"kind", kind}});
  if (!ev) return ev.error();
  if (auto st = touch_case(tx, case_id); !st) return st.error();
  return id;
}

Result<std::int64_t> issue_extension_notice(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& reason,
                                            const std::string& due, const std::string& date) {
  auto c = case_for_write(tx, p, case_id, "recording.extend");
  if (!c) return c.error();
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  if (!proc || !proc->document("licence_extension_notice")) return Error::internal("no 延长行政许可期限告知书 in procedure " + c->procedure_id);
  auto doc = draft_document(tx, p, case_id, "licence_extension_notice");
  if (!doc) return doc.error();
  auto recorded = recorded_values(tx, *c, date);
  if (!recorded) return recorded.error();
  (*recorded)["extension_reason"] = reason;
  (*recorded)["extended_due"] = chinese_date(due);
  std::string body = document_draft_body(*c, *proc, "licence_extension_notice", date, *recorded);
  if (auto st = edit_document(tx, p, *doc, body); !st) return st.error();
  // No blob store here: the signed PDF waits in rec_pending_blobs for the next flush.
  if (auto st = sign_document(tx, nullptr, p, *doc, date); !st) return st.error();
  return *doc;
}

Status edit_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id, const std::string& body) {
  if (body.empty()) return Error::invalid("文书正文不能为空", "body");
  if (body.size() > 100000) return Error::invalid("文书正文过长", "body");
  auto found = document_row(tx, doc_id);
  if (!found) return found.error();
  Document doc = std::move(*found);
  auto c = case_for_write(tx, p, doc.case_id, "recording.handle", kNoDocument);
  if (!c) return c.error();
  // A signed document never changes; a correction is a new document.
  if (doc.status != "draft") return Error::conflict("文书已签发，不能修改；如需更正，请制作更正文书");
  auto u = tx.exec("UPDATE rec_documents SET body = ?, updated_at = ? WHERE id = ? AND status = 'draft'", {body, clock::now_iso(), doc_id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("文书已签发，不能修改");
  // A draft is private: bound by a salted commitment, not a plain digest someone could confirm.
  auto draft = org::commit_private(tx, body);
  if (!draft) return draft.error();
  auto ev = append_case_event(tx, p, c->agency_id, "recording.document.edited", "document:" + std::to_string(doc_id),
                              {{"case_no", c->case_no}, {"kind", doc.kind}, {"body_commitment", *draft}});
  return ev ? Status{} : Status(ev.error());
}

Result<std::string> render_document_pdf(store::Tx& tx, const Document& d, const Case& c) {
  render::PdfDocument pdf;
  pdf.issuer = c.agency_name;
  pdf.title = d.name;
  pdf.doc_number = d.doc_number;
  // Until it is signed a document is a draft, and says so on every page.
  if (d.status == "draft") pdf.watermark = "草稿";
  if (d.name.ends_with("审批表")) add_form_table(pdf, d.body);  // 审批表: a form, not prose
  else add_body_paragraphs(pdf, d.body);
  // The closing: the last paragraph, the seal area over the issuer and date, the signer and the
  // QR code stay together — never alone on a page (GB/T 9704-2012 7.3.5).
  if (!pdf.blocks.empty()) pdf.blocks.back().keep_with_next = true;
  pdf.blocks.push_back({render::PdfBlock::Kind::kSpacer, "", {}, {}, 8, true});
  pdf.blocks.push_back({render::PdfBlock::Kind::kSeal, "", {}, {}, 42, true});
  std::string date = d.signed_at.size() >= 10 ? d.signed_at.substr(0, 10) : clock::today_beijing();
  pdf.blocks.push_back({render::PdfBlock::Kind::kRight, c.agency_name + "\n" + chinese_date(date), {}, {}, 0, true});
  if (!d.signer_name.empty())
    pdf.blocks.push_back({render::PdfBlock::Kind::kRight, "签发人：" + d.signer_name, {}, {}, 0, true});
  // 118: a decision is published on the portal; the paper decision carries a QR code to it
  // (by its number, known now: publicity/web/decisions_portal.cc resolves it once published).
  if (!d.doc_number.empty() && is_decision_document(c.procedure_id, d.kind)) {
    std::string base = "http://zhifa.localhost";
    auto u = store::get_setting(tx, "public_url");
    if (!u) return u.error();
    if (*u && !(*u)->empty()) base = **u;
    pdf.blocks.push_back({render::PdfBlock::Kind::kParagraph, "扫描二维码查看本决定的公开信息：", {}, {}, 0, true});
    pdf.blocks.push_back({render::PdfBlock::Kind::kQr, "", {}, base + "/decisions/no/" + http::url_encode(d.doc_number), 22});
  }
  pdf.blocks.back().keep_with_next = false;
  pdf.footer = "案号 " + c.case_no + (d.replaces_id ? " · 更正文书，替代文书 #" + std::to_string(*d.replaces_id) : "");
  return render::render_pdf(pdf);
}

Status sign_document(store::Tx& tx, blob::BlobStore* blobs, const org::Principal& p, std::int64_t doc_id, const std::string& on_date) {
  std::string date = today_or(on_date);
  auto found = document_row(tx, doc_id);
  if (!found) return found.error();
  Document doc = std::move(*found);
  auto c = case_for_write(tx, p, doc.case_id, "recording.sign", kNoDocument);
  if (!c) return c.error();
  if (doc.status != "draft") return Error::conflict("文书已签发，不能再次签发");
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  if (!proc) return Error::internal("unknown procedure");
  const law::DocumentSpec* spec = proc->document(doc.kind);
  if (!spec) return Error::internal("unknown document kind");
  // Approval and signature by the responsible person (a signer role of the document).
  bool may = std::any_of(spec->signer_roles.begin(), spec->signer_roles.end(), [&](const std::string& r) { return p.has(r); });
  if (!may) {
    std::string who;
    for (auto& r : spec->signer_roles) who += (who.empty() ? "" : "或") + std::string(org::role_label(r));
    return Error::forbidden("《" + spec->name + "》须由" + who + "审批签发");
  }
  // An officer signing acts as an enforcement officer: a valid certificate on the day.
  if (!p.has("agency_head")) {
    auto cert = certified_on(tx, p.person_id, date);
    if (!cert) return cert.error();
    if (!*cert) return Error::invalid("您没有有效的行政执法证件，不能签发执法文书", "actors.certified");
  }
  if (is_decision_document(c->procedure_id, doc.kind)) {
    // A material change after legal review (amount, measure, basis, party) needs a new round.
    auto reviewed = reviewed_decision_text(tx, c->id);
    if (!reviewed) return reviewed.error();
    if (*reviewed) {
      auto changed = material_changes(**reviewed, doc.body, c->party.name);
      if (!changed.empty()) {
        std::string what;
        for (auto& x : changed) what += (what.empty() ? "" : "；") + x;
        return Error::conflict("《" + doc.name + "》与法制审核的文本相比有实质性变化：" + what +
                                   "。请重新提请法制审核（《中华人民共和国行政处罚法》第五十八条），或者恢复审核时的文本",
                               "review.changed");
      }
    }
  }
  if (two_officer_document(*proc, doc.kind))
    if (auto st = check_two_officers(tx, *c, doc, date); !st) return st;
  if (!spec->number_kind.empty()) {
    auto prefix = doc_prefix_of(tx, c->agency_id);
    if (!prefix) return prefix.error();
    // 发文字号, gap-free within this transaction (GB/T 9704-2012 7.2.4).
    auto num = law::allocate_document_number(tx, *prefix, spec->number_kind, std::stoi(date.substr(0, 4)));
    if (!num) return num.error();
    doc.doc_number = *num;
  }
  doc.status = "signed";  // rendered as signed: no 草稿 mark
  doc.signed_at = date + "T" + clock::now_iso().substr(11);
  doc.signed_by = p.person_id;
  doc.signer_name = p.name;
  auto pdf = render_document_pdf(tx, doc, *c);
  if (!pdf) return pdf.error();
  std::string sha = blob::sha256_hex(*pdf);
  if (blobs) {
    auto put = blobs->put(*pdf);
    if (!put) return put.error();
  } else {
    auto q = tx.exec("INSERT INTO rec_pending_blobs(sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING", {sha, store::Blob{*pdf}});
    if (!q) return q.error();
  }
  auto u = tx.exec(
      "UPDATE rec_documents SET status = 'signed', doc_number = ?, signed_by = ?, signed_at = ?, pdf_sha256 = ?, pdf_size = ?, updated_at = ? "
      "WHERE id = ? AND status = 'draft'",
      {doc.doc_number, p.person_id, doc.signed_at, sha, static_cast<std::int64_t>(pdf->size()), clock::now_iso(), doc_id});
  if (!u) return u.error();
  if (*u != 1) return Error::conflict("文书已签发");
  if (doc.replaces_id) {
    auto s = tx.exec("UPDATE rec_documents SET status = 'superseded' WHERE id = ? AND status = 'signed'", {*doc.replaces_id});
    if (!s) return s.error();
  }
  json payload{{"case_no", c->case_no}, {"case_id", c->id}, {"kind", doc.kind}, {"doc_number", doc.doc_number},
               {"signed_on", date}, {"pdf_sha256", sha}};
  if (doc.replaces_id) payload["replaces_document"] = *doc.replaces_id;
  auto ev = append_case_event(tx, p, c->agency_id, "recording.document.signed", "document:" + std::to_string(doc_id), payload, {sha});
  if (!ev) return ev.error();
  return touch_case(tx, c->id);
}

Result<std::int64_t> correct_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id) {
  auto found = document_row(tx, doc_id);
  if (!found) return found.error();
  Document doc = std::move(*found);
  auto c = case_for_write(tx, p, doc.case_id, "recording.handle", kNoDocument);
  if (!c) return c.error();
  if (doc.status != "signed") return Error::conflict("只能更正已签发的文书");
  if (c->status != "open") return Error::conflict("案件已办结，案卷已完整，不能再更正文书");
  auto pending = tx.query_one("SELECT id FROM rec_documents WHERE replaces_id = ? AND status = 'draft'", {doc_id});
  if (!pending) return pending.error();
  if (*pending) return (*pending)->integer(0);
  std::string now = clock::now_iso();
  std::string body = "（本文书更正" + doc.name + (doc.doc_number.empty() ? "" : "（" + doc.doc_number + "）") + "，原文书作废。）\n" + doc.body;
  auto r = tx.query_one(
      "INSERT INTO rec_documents(case_id, kind, name, body, status, replaces_id, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id",
      {doc.case_id, doc.kind, doc.name, body, doc_id, p.person_id, now, now});
  if (!r) return r.error();
  std::int64_t id = (*r)->integer(0);
  auto ev = append_case_event(tx, p, c->agency_id, "recording.document.correction_drafted", "document:" + std::to_string(id),
                              {{"case_no", c->case_no}, {"kind", doc.kind}, {"replaces_document", doc_id}});
  if (!ev) return ev.error();
  return id;
}

Result<std::vector<std::string>> pending_blobs(store::Tx& tx) {
  auto r = tx.query("SELECT sha256 FROM rec_pending_blobs");
  if (!r) return r.error();
  std::vector<std::string> shas;
  for (auto& row : *r) shas.push_back(row.text(0));
  return shas;
}

Status flush_pending_blob(store::Tx& tx, blob::BlobStore& blobs, const std::string& sha) {
  auto r = tx.query_one("SELECT bytes FROM rec_pending_blobs WHERE sha256 = ?", {sha});
  if (!r) return r.error();
  if (!*r) return {};
  const std::string& bytes = (*r)->text(0);
  auto put = blobs.put(bytes);
  if (!put) return put.error();
  if (*put != sha) return Error::internal("pending blob " + sha + " does not hash to its name");
  auto d = tx.exec("DELETE FROM rec_pending_blobs WHERE sha256 = ?", {sha});
  return d ? Status{} : Status(d.error());
}

Result<std::vector<Document>> case_documents(store::Tx& tx, std::int64_t case_id) {
  auto rows = tx.query(std::string(kDocSelect) + "WHERE d.case_id = ? ORDER BY d.id", {case_id});
  if (!rows) return rows.error();
  std::vector<Document> out;
  for (auto& r : *rows) out.push_back(document_from_row(r));
  return out;
}

Result<Document> load_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id) {
  auto doc = document_row(tx, doc_id);
  if (!doc) return doc;
  auto c = case_to_read(tx, p, doc->case_id, kNoDocument);
  if (!c) return c.error();
  return doc;
}

Result<DocumentPdf> document_pdf(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t doc_id) {
  auto d = load_document(tx, p, doc_id);
  if (!d) return d.error();
  DocumentPdf out;
  if (!d->pdf_sha256.empty()) {
    out.sha256 = d->pdf_sha256;
    auto b = blobs.get(out.sha256);
    if (b) {
      out.bytes = std::move(*b);
      return out;
    }
    auto pending = tx.query_one("SELECT bytes FROM rec_pending_blobs WHERE sha256 = ?", {out.sha256});
    if (!pending) return pending.error();
    if (!*pending) return Error::internal("signed PDF missing from the blob store: " + out.sha256);
    out.bytes = (*pending)->text(0);
    return out;
  }
  auto c = case_to_read(tx, p, d->case_id, kNoCase);
  if (!c) return c.error();
  auto r = render_document_pdf(tx, *d, *c);
  if (!r) return r.error();
  out.bytes = std::move(*r);
  return out;
}

}  // namespace zhifa::recording
