#pragma once
// The lists' use cases. Each change: permission (and jurisdiction) → validate → change → ledger
// event (org::record_event), inside the caller's one write transaction. Publications are
// ledger events (publicity.list.published carries the SHA-256 of the published rows).
//
// Review (审查机制, seed 一.9 and 118): draft → submitted (publicity.edit) → approved
// (publicity.review) → [superior_approved (publicity.superior, the superior agency's
// supervisor — seed 一.4: the 主体资格清单 is reviewed by the city legal office before it is
// published; for the city office itself, its own supervisor stands in for the city 法制办)]
// → published (publicity.edit). Any reviewer may reject with a reason → rejected.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "org/permissions.h"
#include "publicity/list_search.h"
#include "publicity/lists.h"
#include "platform/store/database.h"

namespace zhifa::publicity {

struct ListState {
  std::int64_t id = 0;  // 0: never saved
  std::int64_t agency_id = 0;
  std::string kind;
  json rows = json::array();
  std::int64_t revision = 0;
  std::string state = "draft";
  std::string reason;
  std::string updated_at, updated_by, submitted_at, submitted_by, approved_at, approved_by, superior_at, superior_by;
  std::int64_t published_version = 0;
};

struct Version {
  std::int64_t version = 0;
  std::string published_at, published_by, approved_by, superior_by, note, rows_sha256;
  std::int64_t ledger_index = -1;
  json rows = json::array();
};

// Chinese labels of the states.
std::string state_label(const std::string& state);

Result<ListState> load_list(store::Tx& tx, std::int64_t agency_id, const std::string& kind);
// Newest first; rows included only when with_rows.
Result<std::vector<Version>> list_versions(store::Tx& tx, std::int64_t agency_id, const std::string& kind, bool with_rows);
// version 0: the current one. nullopt when nothing is published.
Result<std::optional<Version>> find_version(store::Tx& tx, std::int64_t agency_id, const std::string& kind, std::int64_t version);

// Errors: kInvalid (row errors in `errors`, nothing saved); kConflict (kChangedMessage) when
// expected_revision is not the draft's revision any more — someone else saved in between.
inline constexpr const char* kChangedMessage = "清单已被他人修改，请查看最新内容后再保存";

// Replaces the draft (after validation); returns the new revision.
Result<std::int64_t> save_draft(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                                const json& rows, std::int64_t expected_revision, std::vector<RowError>& errors);
Status submit(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, std::int64_t expected_revision);
Status approve(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind);
Status superior_approve(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind);
Status reject(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, const std::string& reason);
// Publishes the approved draft as the next version; returns the version number.
Result<std::int64_t> publish(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                             const std::string& note);

// Publishes rows derived from another pillar's rules (ListDef::derived_from: the legal review
// catalog, issue 14) as the list's next version, in the caller's transaction, without the draft
// → review workflow: the caller has checked its own permission (review.catalog) and the rules
// were validated where they are edited. Nothing is published when the rows equal the current
// version (returns it). Returns the version number.
Result<std::int64_t> publish_derived(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                                     const json& rows, const std::string& note);

// May p act as the superior reviewer of agency_id's lists?
bool is_superior_reviewer(store::Tx& tx, const org::Principal& p, std::int64_t agency_id);

// My tasks: lists waiting for the principal's review (submitted), the superior's approval,
// publication, or a correction (rejected).
Status list_tasks(store::Tx& tx, const org::Principal& p, json& tasks);

}  // namespace zhifa::publicity
