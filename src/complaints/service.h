#pragma once
// 投诉举报: the services. Each takes the caller's transaction (store::Tx&) and holds all the SQL;
// none opens a transaction. Every change is a ledger event (complaints.*) with ids, codes, dates
// and salted commitments only: what people wrote and who they are never enter the ledger.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "complaints/model.h"
#include "org/permissions.h"
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::complaints {

// Labels for people (never raw codes on a page).
std::string kind_label(const std::string& kind, bool en = false);
std::string state_label(const std::string& state, bool en = false);
std::string finding_label(const std::string& finding, bool en = false);
std::string routed_label(const std::string& routed_by, bool en = false);
std::string concern_label(const std::string& concern_kind, bool en = false);
// The findings a reply may give for a kind (e.g. upheld, partly_upheld, not_upheld for 投诉).
const std::vector<std::string>& findings_for(const std::string& kind);
// 投诉 / complaint → complaint …; nullopt for anything else.
std::optional<std::string> parse_kind(const std::string& text);

// The rules as configured (settings complaints.*), defaults in model.h.
Result<Rules> load_rules(store::Tx& tx);

// JPEG, PNG or PDF by their first bytes; nullopt for anything else.
std::optional<std::string> sniff_type(std::string_view bytes);

// Checks a submission before anything is stored (field errors, Error::invalid with the field).
Status validate(Submission& s);

// A submission, in one transaction: an idempotent replay (same key, same body) answers with the
// earlier code; a key reused with another body is a conflict; past the address's limit the
// answer has retry_after set and nothing is stored; otherwise the complaint is routed, stored
// with its attachments (blobs), and recorded (complaints.received). today: '' = now (Beijing);
// fixed_code: the demo's published codes (else 128 random bits).
Result<Submitted> submit(store::Tx& tx, blob::BlobStore& blobs, const Submission& s, const std::string& address,
                         const std::string& idempotency_key, const std::string& today = {}, const std::string& fixed_code = {});

// The complainant's answer to a request for more information, by tracking code: the text (and
// photos or PDFs) are added and the complaint goes back to the handler (state received).
// not_found for an unknown code; conflict unless more information was asked for.
Status supplement(store::Tx& tx, blob::BlobStore& blobs, const std::string& code, const std::string& text,
                  std::vector<Attachment> files, const std::string& today = {});

// The complainant's view by tracking code (text masked, never the contact); not_found otherwise.
Result<nlohmann::json> public_view(store::Tx& tx, const std::string& code, bool en, const std::string& today = {});

// The workspace list: complaints handled by agencies of the principal's jurisdiction.
Result<nlohmann::json> workspace_list(store::Tx& tx, const org::Principal& p, bool open_only, const std::string& today = {});
// One complaint as its handlers see it (contact only for the assigned handler).
Result<nlohmann::json> workspace_view(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& today = {});
// An attachment's bytes, for the assigned handler and the handling agency's head only.
struct FileOut { std::string bytes, content_type, filename; };
Result<FileOut> attachment(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t id, std::int64_t file_id);

// The handler's acts (take, accept, refuse, transfer, request_info, reply, link_case).
Status act(store::Tx& tx, const org::Principal& p, std::int64_t id, const Act& a, const std::string& today = {});
// The head's acts (approve, return, extend).
Status head_act(store::Tx& tx, const org::Principal& p, std::int64_t id, const HeadAct& a, const std::string& today = {});

// Counts by kind, agency, outcome and timeliness (public: no text, no identity). `only`: when
// not empty, the complaints handled by these agencies only (supervision's per-agency figures).
Result<nlohmann::json> statistics(store::Tx& tx, const std::string& from, const std::string& to, const std::string& today = {},
                                  const std::set<std::int64_t>& only = {});

// "My tasks": deadlines of the handler (yellow / red), approvals for the head, overdue
// complaints of the agencies below for the supervisor.
Status tasks(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks, const std::string& today = {});

// The agencies a complaint may be transferred to, and the public form's choice of agencies.
Result<nlohmann::json> agency_options(store::Tx& tx, bool en);

}  // namespace zhifa::complaints
