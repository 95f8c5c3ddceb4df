#include "org/ledger_privacy.h"

#include <sodium.h>

#include <cctype>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "law/categories.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"

namespace zhifa::org {
namespace {
using json = nlohmann::json;

// A payload value's type. Scalars: id (integer ≥ 0), int, bool, code (ASCII identifier), date
// (YYYY-MM-DD), docno (a 发文字号 such as 济外侨罚〔2026〕3号), sha256 (plain digest of a document or
// public record), commitment (salted digest of private content), category (行政执法类别),
// party_kind (person | organisation). Composites: [T] a list of T, {k:T,…} an object.
struct Type {
  std::string scalar;                      // set for scalars
  std::shared_ptr<Type> item;              // set for lists
  std::map<std::string, Type> fields;      // set for objects
  bool object = false;
};

Type parse_type(std::string_view& s) {
  Type t;
  if (!s.empty() && s[0] == '[') {
    s.remove_prefix(1);
    t.item = std::make_shared<Type>(parse_type(s));
    if (!s.empty() && s[0] == ']') s.remove_prefix(1);
    return t;
  }
  if (!s.empty() && s[0] == '{') {
    s.remove_prefix(1);
    t.object = true;
    while (!s.empty() && s[0] != '}') {
      auto colon = s.find(':');
      std::string key(s.substr(0, colon));
      s.remove_prefix(colon + 1);
      t.fields[key] = parse_type(s);
      if (!s.empty() && s[0] == ',') s.remove_prefix(1);
    }
    if (!s.empty()) s.remove_prefix(1);
    return t;
  }
  std::size_t n = 0;
  while (n < s.size() && s[n] != ',' && s[n] != ']' && s[n] != '}') ++n;
  t.scalar = std::string(s.substr(0, n));
  s.remove_prefix(n);
  return t;
}

// Fields every payload of a family may carry (the ids the family's helper adds).
const char* const kReviewIds = "case=id review=id";
const char* const kDecisionIds = "decision_id=id decision_no=docno";
const char* const kListIds = "list=code";

// The whitelist: event kind → "field=type …". A kind that is not here cannot be appended.
const std::vector<std::pair<std::string, std::string>>& schema_text() {
  static const std::vector<std::pair<std::string, std::string>> s = {
      // org: the organisation. Names, logins, posts, addresses and phones stay in the database;
      // the ledger binds them by commitment.
      {"org.demo.created", "agencies=int people=int"},
      {"org.agency.created", "code=code kind=code parent=code record_commitment=commitment"},
      {"org.agency.updated", "code=code kind=code record_commitment=commitment"},
      {"org.person.created", "roles=[code] record_commitment=commitment"},
      {"org.person.updated", "roles=[code] active=bool password_reset=bool record_commitment=commitment"},
      {"org.certificate.added", "person=id number=code valid_from=date valid_to=date scope_commitment=commitment"},
      {"org.certificate.revoked", "person=id"},
      // review: the catalog (published: plain digests) and the workflow (private: commitments).
      {"review.catalog.rule_created", "rule=id code=code category=category matter_code=code party_kind=party_kind "
                                      "min_fine_fen=int min_confiscation_fen=int measure=code requires_hearing=bool "
                                      "requires_outside_benchmark=bool requires_complex=bool requires_social_impact=bool "
                                      "active=bool text_sha256=sha256"},
      {"review.catalog.rule_updated", "rule=id code=code category=category matter_code=code party_kind=party_kind "
                                      "min_fine_fen=int min_confiscation_fen=int measure=code requires_hearing=bool "
                                      "requires_outside_benchmark=bool requires_complex=bool requires_social_impact=bool "
                                      "active=bool text_sha256=sha256"},
      {"review.catalog.rule_activated", "rule=id code=code"},
      {"review.catalog.rule_deactivated", "rule=id code=code"},
      {"review.settings.saved", "period_days=int extension_days=int"},
      {"review.submitted", "round=int handlers=[id] major=[{rule=code}] "
                           "facts={decision=code,agency_id=id,case_id=id,category=category,matter_code=code,party_kind=party_kind,fine_fen=int,"
                           "confiscation_fen=int,measures=[code],hearing_held=bool,outside_discretion_benchmark=bool,complex=bool,"
                           "major_social_impact=bool} materials=[sha256] draft_commitment=commitment note_commitment=commitment"},
      {"review.resubmitted", "round=int changes=int changes_commitment=commitment note_commitment=commitment"},
      {"review.taken", "round=int reviewer=id"},
      {"review.elements_answered", "round=int answers=[{element=int,answer=code}] comments_commitment=commitment"},
      {"review.adviser_requested", "request=id adviser=id question_commitment=commitment"},
      {"review.adviser_answered", "request=id answer_commitment=commitment"},
      {"review.agreed", "round=int opinion=code number=docno text_commitment=commitment"},
      {"review.returned", "round=int opinion=code number=docno text_commitment=commitment"},
      {"review.escalated", "round=int escalation=id reason_commitment=commitment"},
      {"review.escalation_decided", "escalation=id method=code outcome=code participants=int text_commitment=commitment"},
      {"review.time_limit_extended", "round=int days=int due=date reason_commitment=commitment"},
      // publicity: lists (public once published) and decisions (the masked public record).
      {"publicity.list.saved", "revision=int rows=int rows_commitment=commitment"},
      {"publicity.list.submitted", "revision=int"},
      {"publicity.list.approved", "revision=int"},
      {"publicity.list.superior_approved", "revision=int"},
      {"publicity.list.rejected", "revision=int stage=code reason_commitment=commitment"},
      {"publicity.list.published", "version=int rows=int rows_sha256=sha256 note_sha256=sha256"},
      {"publicity.decision.opened", "source=code case_no=docno category=category decision_date=date due_on=date rule=code "
                                    "publish_days=int auto_spans=int"},
      {"publicity.decision.mask_changed", "action=code spans_added=int spans=int"},
      {"publicity.decision.mask_reviewed", "spans=int masked_sha256=sha256"},
      {"publicity.decision.published", "record_sha256=sha256 category=category published_on=date due_on=date on_time=bool "
                                       "display_until=date"},
      {"publicity.decision.fulfilment", "status=code on=date from=code"},
      {"publicity.decision.withdrawal_requested", "ground=code trigger_on=date due_on=date"},
      {"publicity.decision.withdrawn", "ground=code reason_sha256=sha256 withdrawn_on=date due_on=date on_time=bool was_public=bool"},
      {"publicity.decision.expired", "display_until=date expired_on=date"},
      {"publicity.decision.rule_set", "category=category matter_code=code publish_days=int display_months=int source_sha256=sha256"},
      // inspection (双随机、一公开): plans, frozen lists (their SHA-256; the source by its SHA-256, its
      // text in the public draw record), the draw (the record's SHA-256), results. Conflict grounds
      // and findings by commitment; no name.
      {"inspection.objects.imported", "objects=int rows_sha256=sha256"},
      {"inspection.conflict.declared", "person=id object=id kind=code ground_commitment=commitment"},
      {"inspection.plan.published", "plan=id number=docno matter_code=code list_version=int period_from=date period_to=date "
                                    "inspection_date=date proportion_pct=int fixed_count=int row_sha256=sha256"},
      {"inspection.draw.frozen", "plan=id number=docno objects=int objects_sha256=sha256 inspectors=int inspectors_sha256=sha256 "
                                 "select=int source_sha256=sha256"},
      {"inspection.draw.drawn", "plan=id number=docno key_sha256=sha256 selected=int skipped=int record_sha256=sha256"},
      {"inspection.result.recorded", "plan=id inspection=id result=code inspected_on=date due_on=date findings_commitment=commitment"},
      {"inspection.result.published", "plan=id inspection=id result=code published_on=date due_on=date on_time=bool record_sha256=sha256"},
      {"inspection.case.opened", "plan=id inspection=id case=id"},
      {"inspection.penalty.opened", "plan=id inspection=id case=id"},
      // recording: cases and documents. The party, places, notes and drafts by commitment.
      {"recording.case.opened", "case_no=docno procedure=code matter_code=code category=category party_kind=party_kind step=code "
                                "date=date party_commitment=commitment location_commitment=commitment"},
      {"recording.case.act", "case_no=docno transition=code kind=code from=code to=code co_officers=[id] date=date decision=bool hearing_waived=bool execution_evidence_commitment=commitment "
                             "note_commitment=commitment location_commitment=commitment"},
      {"recording.case.co_officer_set", "case_no=docno co_officer=id"},
      {"recording.case.facts_updated", "case_no=docno fine_fen=int warning=bool facts_commitment=commitment "
                                       "confiscation_fen=int measures=[code] complex=bool social_impact=bool outside_band=bool"},
      {"recording.deadline.extended", "case_no=docno rule=code days=int due_before=date due=date approved_by=id date=date "
                                      "reason_commitment=commitment"},
      {"recording.document.drafted", "case_no=docno case_id=id kind=code"},
      {"recording.document.edited", "case_no=docno kind=code body_commitment=commitment"},
      {"recording.document.signed", "case_no=docno case_id=id kind=code doc_number=docno signed_on=date pdf_sha256=sha256 "
                                    "replaces_document=id"},
      {"recording.document.correction_drafted", "case_no=docno kind=code replaces_document=id"},
      // 音像记录 (issue 17): ids, codes, the size and the SHA-256 of the original — never its file name,
      // the device's label or the place.
      {"recording.av.item_added", "case_no=docno case_id=id item=id kind=code step=code size=int sha256=sha256"},
      {"recording.av.exemption", "case_no=docno case_id=id step=code reason=code date=date note_commitment=commitment"},
      // complaints (投诉举报): what was written and who wrote it stay private (commitments).
      {"complaints.received", "kind=code acting=code handling=code routed_by=code concern=code concern_id=id anonymous=bool "
                              "attachments=int received_on=date accept_due=date text_commitment=commitment "
                              "contact_commitment=commitment attachments_commitment=commitment"},
      {"complaints.taken", "handler=id"},
      {"complaints.accepted", "accepted_on=date reply_due=date on_time=bool"},
      {"complaints.refused", "on=date on_time=bool reason_commitment=commitment"},
      {"complaints.transferred", "from=code to=code received_on=date accept_due=date reason_commitment=commitment"},
      {"complaints.info_requested", "on=date question_commitment=commitment"},
      {"complaints.supplemented", "on=date attachments=int text_commitment=commitment"},
      {"complaints.reply_submitted", "finding=code reply_commitment=commitment"},
      {"complaints.reply_returned", "reason_commitment=commitment"},
      {"complaints.replied", "finding=code replied_on=date on_time=bool approved_by=id remedies=bool reply_commitment=commitment"},
      {"complaints.extended", "days=int reply_due=date on=date reason_commitment=commitment"},
      {"complaints.case_linked", "case=id"},
      // 执法监督 (issue 20): 督办 — who urged whom about which deadline (ids and dates).
      {"supervision.urged", "urge=id kind=code ref=id urged=id due=date on=date"},
      {"supervision.report.published", "year=int report=id figures_sha256=sha256 on=date on_time=bool"},
      {"supervision.evaluation.created", "evaluation=id scope=code year=int kind=code files=int on=date"},
      {"supervision.evaluation.graded", "file=id case=id score=int grade=code rectify_due=date on=date"},
      {"supervision.evaluation.rectified", "file=id on=date"},
      {"supervision.notice.issued", "notice=id recipients=int due=date on=date"},
      {"supervision.notice.replied", "notice=id on=date due=date late=bool attachments=int"},
      {"supervision.filing.filed", "filing=id kind=code superior=code on=date"},
      {"supervision.filing.decided", "filing=id state=code on=date"},
  };
  return s;
}

using Schema = std::map<std::string, Type>;

const std::map<std::string, Schema, std::less<>>& schemas() {
  static const auto built = [] {
    std::map<std::string, Schema, std::less<>> out;
    auto add_fields = [](Schema& sc, std::string_view text) {
      std::size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        // a field spec runs to the next space outside brackets
        std::size_t j = i;
        int depth = 0;
        while (j < text.size() && (depth > 0 || text[j] != ' ')) {
          if (text[j] == '[' || text[j] == '{') ++depth;
          if (text[j] == ']' || text[j] == '}') --depth;
          ++j;
        }
        std::string_view spec = text.substr(i, j - i);
        auto eq = spec.find('=');
        std::string_view t = spec.substr(eq + 1);
        std::string tt(t);
        // object fields inside {…} are written k=T as well: normalise to k:T for parse_type
        for (auto& c : tt)
          if (c == '=') c = ':';
        std::string_view tv(tt);
        sc[std::string(spec.substr(0, eq))] = parse_type(tv);
        i = j;
      }
    };
    for (auto& [kind, text] : schema_text()) {
      Schema sc;
      add_fields(sc, text);
      if (kind.rfind("review.", 0) == 0 && kind.rfind("review.catalog.", 0) != 0 && kind != "review.settings.saved")
        add_fields(sc, kReviewIds);
      if (kind.rfind("publicity.decision.", 0) == 0 && kind != "publicity.decision.rule_set") add_fields(sc, kDecisionIds);
      if (kind.rfind("publicity.list.", 0) == 0) add_fields(sc, kListIds);
      out[kind] = std::move(sc);
    }
    return out;
  }();
  return built;
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

// 发文字号: an agency prefix (a few CJK characters, no spaces or punctuation of a sentence),
// 〔YYYY〕, a number, 号 — e.g. 济外侨罚〔2026〕3号. Nothing else of a person fits this shape.
bool is_docno(std::string_view s) {
  static constexpr std::string_view open = "〔", close = "〕", hao = "号";
  if (s.size() > 96) return false;
  auto o = s.find(open), c = s.find(close);
  if (o == std::string_view::npos || c == std::string_view::npos || c != o + open.size() + 4) return false;
  for (std::size_t i = o + open.size(); i < c; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  std::string_view tail = s.substr(c + close.size());
  if (tail.size() <= hao.size() || tail.substr(tail.size() - hao.size()) != hao) return false;
  for (std::size_t i = 0; i + hao.size() < tail.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(tail[i]))) return false;
  std::string_view prefix = s.substr(0, o);
  if (prefix.empty() || prefix.size() > 48) return false;
  for (unsigned char ch : prefix)
    if (ch < 0x80 && !std::isalnum(ch)) return false;  // no spaces, dots, "·" separators of a title
  return true;
}

bool is_hex64(std::string_view s) { return blob::is_sha256_hex(s); }

Status fail(std::string_view kind, const std::string& path, std::string_view why) {
  return Error::internal("ledger privacy rule: event " + std::string(kind) + " field " + path + " " + std::string(why));
}

Status check_value(std::string_view kind, const std::string& path, const Type& t, const json& v) {
  if (t.item) {
    if (!v.is_array()) return fail(kind, path, "must be a list");
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto st = check_value(kind, path + "[" + std::to_string(i) + "]", *t.item, v[i]); !st) return st;
    return {};
  }
  if (t.object) {
    if (!v.is_object()) return fail(kind, path, "must be an object");
    for (auto it = v.begin(); it != v.end(); ++it) {
      auto f = t.fields.find(it.key());
      if (f == t.fields.end()) return fail(kind, path + "." + it.key(), "is not on the whitelist");
      if (auto st = check_value(kind, path + "." + it.key(), f->second, it.value()); !st) return st;
    }
    return {};
  }
  const std::string& s = t.scalar;
  if (v.is_null()) return {};
  if (s == "id") return v.is_number_integer() && v.get<std::int64_t>() >= 0 ? Status{} : fail(kind, path, "must be an id");
  if (s == "int") return v.is_number_integer() ? Status{} : fail(kind, path, "must be an integer");
  if (s == "bool") return v.is_boolean() ? Status{} : fail(kind, path, "must be true or false");
  if (!v.is_string()) return fail(kind, path, "must be a string of type " + s);
  const auto& str = v.get_ref<const std::string&>();
  if (str.empty()) return {};  // an optional field left empty carries nothing
  bool ok = false;
  if (s == "code") ok = zhifa::text::is_code(str);
  else if (s == "date") ok = is_date(str);
  else if (s == "docno") ok = is_docno(str);
  else if (s == "sha256" || s == "commitment") ok = is_hex64(str);
  else if (s == "category") ok = law::is_enforcement_category(str);
  else if (s == "party_kind") ok = str == "person" || str == "organisation";
  return ok ? Status{} : fail(kind, path, "is not a " + s);
}

}  // namespace

bool is_ledger_code(std::string_view s) { return zhifa::text::is_code(s); }

Status check_event_payload(std::string_view kind, std::string_view subject, const json& payload) {
  auto& all = schemas();
  auto sc = all.find(kind);
  if (sc == all.end()) return Error::internal("ledger privacy rule: event kind " + std::string(kind) + " has no payload whitelist");
  if (!zhifa::text::is_code(subject)) return fail(kind, "subject", "is not a code");
  if (!payload.is_object()) return fail(kind, "payload", "must be an object");
  for (auto it = payload.begin(); it != payload.end(); ++it) {
    auto f = sc->second.find(it.key());
    if (f == sc->second.end()) return fail(kind, it.key(), "is not on the whitelist");
    if (auto st = check_value(kind, it.key(), f->second, it.value()); !st) return st;
  }
  return {};
}

std::string commitment_of(std::string_view salt_hex, std::string_view content) {
  std::string bytes;
  bytes.reserve(32 + content.size());
  for (std::size_t i = 0; i + 1 < salt_hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(std::string(salt_hex.substr(i, 2)), nullptr, 16)));
  bytes.append(content);
  return blob::sha256_hex(bytes);
}

Result<std::string> commit_private(store::Tx& tx, std::string_view content) {
  unsigned char salt[32];
  randombytes_buf(salt, sizeof salt);
  static const char* hex = "0123456789abcdef";
  std::string salt_hex;
  for (unsigned char b : salt) {
    salt_hex.push_back(hex[b >> 4]);
    salt_hex.push_back(hex[b & 15]);
  }
  std::string c = commitment_of(salt_hex, content);
  auto r = tx.exec("INSERT INTO ledger_commitments(commitment, salt, created_at) VALUES (?, ?, ?)", {c, salt_hex, clock::now_iso()});
  if (!r) return r.error();
  return c;
}

Result<std::string> commit_private_json(store::Tx& tx, const json& value) { return commit_private(tx, value.dump()); }

Result<bool> open_commitment(store::Tx& tx, std::string_view commitment, std::string_view content) {
  auto r = tx.query_one("SELECT salt FROM ledger_commitments WHERE commitment = ?", {std::string(commitment)});
  if (!r) return r.error();
  if (!*r) return false;
  return commitment_of((*r)->text(0), content) == commitment;
}

std::vector<std::string> event_kinds() {
  std::vector<std::string> out;
  for (auto& [k, v] : schema_text()) out.push_back(k);
  return out;
}

}  // namespace zhifa::org
