#pragma once
// Documents (文书) of a case: drafted from the templates (templates/recording/doc/<kind>.html)
// filled from the case, edited while a draft, approved and signed by a signer role of the
// document, numbered (发文字号), rendered to PDF and stored under its SHA-256. A signed document
// never changes; a correction is a new document that references the old one. Every change runs
// inside the caller's write transaction with its ledger event.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <vector>

#include "law/procedure.h"
#include "org/permissions.h"
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording {

// Drafts a document of the procedure, filled from the case; returns its id (the existing draft
// of that kind, when there is one).
Result<std::int64_t> draft_document(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& kind);
// Edits a draft (refused once signed: kConflict).
Status edit_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id, const std::string& body);
// Approves and signs: a signer role of the document, 发文字号 allocated, the PDF rendered and
// stored under its SHA-256; the ledger event carries that SHA-256 as evidence. Where blobs is
// null the PDF waits in rec_pending_blobs (same transaction) until flush_pending_blob.
// ALL art. 42: the applicant is told in writing why the licence decision takes 10 more working
// days — the 延长行政许可期限告知书, drafted from the reason and the new last day, signed and
// numbered (许延) by the approving head in the caller's transaction. Returns the document id.
Result<std::int64_t> issue_extension_notice(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& reason,
                                            const std::string& due, const std::string& date);

Status sign_document(store::Tx& tx, blob::BlobStore* blobs, const org::Principal& p, std::int64_t doc_id,
                     const std::string& on_date = {});
// A correction: a new draft of the same kind whose replaces_id is the signed document.
Result<std::int64_t> correct_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id);

// PDFs signed without a blob store (rec_pending_blobs), by SHA-256.
Result<std::vector<std::string>> pending_blobs(store::Tx& tx);
// Moves one pending PDF into the blob store: put first, then the row is deleted (a failure
// leaves the row, and the next flush puts it again). Call it in its own write transaction.
Status flush_pending_blob(store::Tx& tx, blob::BlobStore& blobs, const std::string& sha256);

// Reads (load_document is jurisdiction-checked through the document's case).
Result<std::vector<Document>> case_documents(store::Tx& tx, std::int64_t case_id);
Result<Document> load_document(store::Tx& tx, const org::Principal& p, std::int64_t doc_id);

// The body a new document of `kind` gets: its template filled from the case, dated `date`;
// `recorded` adds the values read from the case's records (recorded_values).
std::string document_draft_body(const Case& c, const law::Procedure& proc, const std::string& kind, const std::string& date,
                                const nlohmann::json& recorded = nlohmann::json::object());
// The template values a document takes from the case's records (issue 15): the evidence
// actually recorded (signed 笔录/清单), the matter's legal basis (规定依据, 处罚依据), and the
// party's deadlines computed for a document dated `date` (陈述申辩/听证 5 working days, APL
// arts. 64, 85; 复议 60 days, 行政复议法 art. 20; 诉讼 6 months, 行政诉讼法 art. 46).
Result<nlohmann::json> recorded_values(store::Tx& tx, const Case& c, const std::string& date);
// The PDF of a document as it would be / was signed.
Result<std::string> render_document_pdf(store::Tx& tx, const Document& d, const Case& c);
// The PDF to serve: the signed bytes (blob store, else rec_pending_blobs) with their SHA-256,
// or for a draft a preview rendered now (sha256 empty).
struct DocumentPdf { std::string bytes, sha256; };
Result<DocumentPdf> document_pdf(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t doc_id);

}  // namespace zhifa::recording
