#pragma once
// Pillar 2, whole-process recording (执法全过程记录, APL art. 47): cases handled on the
// executable procedures of law/procedure.h, every act recorded (who, when, where) with a ledger
// event in the same transaction, running deadlines (law/deadline.h), and documents (文书)
// drafted from templates, signed by the responsible person, numbered (发文字号), rendered to
// PDF and stored content-addressed. A signed document never changes; a correction is a new
// document that references the old one.
//
// Every change: permission check → validate → change → ledger event, in ONE db.write.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "law/procedure.h"
#include "org/permissions.h"
#include "review/service.h"
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// Field errors (field → message), as org::FieldErrors.
using FieldErrors = std::map<std::string, std::string>;

struct Party {
  std::string kind;       // person | organisation
  std::string name;
  std::string id_number;  // resident ID (GB 11643) or USCC (GB 32100)
  std::string address, phone;
};
// Checks a party: kind, name, and the ID's check character.
FieldErrors validate_party(const Party& p);

// Where an act happened: the browser's geolocation when it gives one, and/or a place text.
struct Location { std::string latitude, longitude, accuracy_m, place; };
FieldErrors validate_location(const Location& l);

struct NewCase {
  std::optional<std::int64_t> matter_id;  // a published matter (publicity::find_published_matter)
  std::string matter_code, matter_name, category;  // used only when matter_id is not given
  std::string procedure_id;               // empty: the matter's procedure (or by category)
  std::string title;
  Party party;
  std::string facts;
  std::int64_t fine_fen = 0;              // proposed fine (penalty procedures)
  bool warning = false;
  std::optional<std::int64_t> co_officer_id;
  Location location;
  std::string on_date;                    // Beijing date of opening; empty: today (tests set it)
};

struct Case {
  std::int64_t id = 0, agency_id = 0, lead_officer_id = 0;
  std::optional<std::int64_t> matter_id, co_officer_id;
  std::string case_no, procedure_id, matter_code, matter_name, category, title, step, status;
  Party party;
  std::string facts;
  std::int64_t fine_fen = 0;
  bool warning = false;
  std::string opened_on, created_at, updated_at;
  std::string lead_officer_name, co_officer_name, agency_name;
};

struct Act {
  std::int64_t id = 0, actor_id = 0;
  std::string transition, label, from_step, to_step, actor_name, co_actor_names, at, on_date, note;
  Location location;
};

struct Document {
  std::int64_t id = 0, case_id = 0, created_by = 0;
  std::optional<std::int64_t> replaces_id, signed_by;
  std::string kind, name, body, status, doc_number, created_at, updated_at, signed_at, pdf_sha256, signer_name;
  std::int64_t pdf_size = 0;
};

struct DeadlineView {
  std::string rule_id, description, source, state, due, explanation;
  std::optional<std::int64_t> days_left;
  bool overdue = false, warn = false;  // warn: due within 3 days
  bool extendable = false;             // the rule allows one extension and it was not used
  std::string extension;               // the granted extension, in Chinese ("" when none)
};

// The default procedure for a matter category (行政许可 → licence, 行政处罚 → penalty, …).
std::string procedure_for_category(const std::string& category);

// Opens a case from a matter: needs permission recording.handle, a certified officer (118;
// certificate valid today), a valid party. Returns the case id.
Result<std::int64_t> open_case(store::Database& db, const org::Principal& p, const NewCase& c);

// Takes a transition of the case's current step. co_officers: the other officers present
// (on-site acts need ≥ 2 certified officers, APL art. 42). Refused with the failing condition
// (Error::field) and nothing changes. A transition into the step "legal_review" (行政处罚:
// 提请法制审核) submits the case to the review pillar in the same transaction
// (review::submit_for_review, or resubmit after a return), from the case's own data.
struct ActInput {
  std::string transition;
  std::vector<std::int64_t> co_officers;
  Location location;
  std::string note;
  std::string on_date;  // empty: today
};
Status act(store::Database& db, const org::Principal& p, std::int64_t case_id, const ActInput& in);

// Extends a running deadline of an open case by the rule's extension (ALL art. 42: the licence
// decision, 20 working days, may be extended once by 10 working days with the approval of the
// agency head; the reason is told to the applicant). Only the licence decision deadline, only
// while it runs and before it has passed, only once; the approver is the acting principal and
// must be the agency head (permission recording.extend). Records an act and a ledger event.
struct DeadlineExtension {
  std::string rule_id = "licence.decision";
  std::string reason;   // why the decision cannot be made in 20 working days (told to the applicant)
  std::string on_date;  // empty: today
};
Status extend_deadline(store::Database& db, const org::Principal& p, std::int64_t case_id, const DeadlineExtension& in);

// Updates the fine / warning / facts of an open case (before the decision is signed).
Status update_case_facts(store::Database& db, const org::Principal& p, std::int64_t case_id, const std::string& facts,
                         std::int64_t fine_fen, bool warning);

// Drafts a document of the procedure, filled from the case; returns its id.
Result<std::int64_t> draft_document(store::Database& db, const org::Principal& p, std::int64_t case_id, const std::string& kind);
// Edits a draft (refused once signed: kConflict).
Status edit_document(store::Database& db, const org::Principal& p, std::int64_t doc_id, const std::string& body);
// Approves and signs: a signer role of the document, 发文字号 allocated, the PDF rendered and
// stored under its SHA-256; the ledger event carries that SHA-256 as evidence. Where blobs is
// null the PDF waits in rec_pending_blobs until flush_pending_blobs.
Status sign_document(store::Database& db, blob::BlobStore* blobs, const org::Principal& p, std::int64_t doc_id,
                     const std::string& on_date = {});
// A correction: a new draft of the same kind whose replaces_id is the signed document.
Result<std::int64_t> correct_document(store::Database& db, const org::Principal& p, std::int64_t doc_id);
// Moves PDFs from rec_pending_blobs into the blob store.
Status flush_pending_blobs(store::Database& db, blob::BlobStore& blobs);

// The case as legal review needs to know it (review::set_case_lookup): its agency and officers.
Result<std::optional<review::CaseRef>> case_ref_for_review(store::Tx& tx, std::int64_t case_id);

// Reads (jurisdiction-checked).
Result<Case> load_case(store::Tx& tx, const org::Principal& p, std::int64_t case_id);
Result<std::vector<Act>> case_acts(store::Tx& tx, std::int64_t case_id);
Result<std::vector<Document>> case_documents(store::Tx& tx, std::int64_t case_id);
Result<Document> load_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id);
Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today);
// The same on a calendar loaded once (lists: one law::load_calendar for every case shown).
Result<std::vector<DeadlineView>> case_deadlines(store::Tx& tx, std::int64_t case_id, const std::string& today, const law::Calendar& cal);
// The officer's cases (lead or co-officer), open first; scope "agency" lists the agency's cases.
Result<std::vector<Case>> list_cases(store::Tx& tx, const org::Principal& p, bool whole_agency, bool open_only, int limit);

// The PDF of a document as it would be / was signed.
Result<std::string> render_document_pdf(store::Tx& tx, const Document& d, const Case& c);

// The case file (案卷): documents in the standard order with a table of contents, as one PDF.
Result<std::string> case_file_pdf(store::Tx& tx, blob::BlobStore* blobs, const Case& c);

// The case's latest legal review (review pillar), when it has one: {id, state, state_label, href}.
Result<std::optional<nlohmann::json>> case_review(store::Tx& tx, const Case& c);

// JSON views for the API and templates.
nlohmann::json case_json(const Case& c);
nlohmann::json document_json(const Document& d);

// "My tasks" (web::Site::TaskProvider): open cases where the principal can act, deadlines.
Status tasks_for(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks);

}  // namespace zhifa::recording
