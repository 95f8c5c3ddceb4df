#pragma once
// 督查通报 and 备案 (issue 21).
//
// A notice (督查通报) goes from an agency to some or all of the agencies below it; each must
// reply by the due date — a working day on the official calendar, given as a date or as a
// number of working days (law::working_days_after) — with a text and attachments (blob store).
// A reply after the due date is late, by working days (law::Calendar::working_days_between).
//
// A filing (备案) of a 双随机 plan, a published list or a published annual report goes to the
// legal office of the agency's superior: the parent agency, or for a top-level agency the
// government's 行政执法监督机构 (setting complaints.oversight_agency); the superior's supervisor
// or head acknowledges it or returns it with reasons. A list not yet published is refused.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/blob/blob_store.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {

struct NewNotice {
  std::string title, body;
  std::vector<std::string> recipients;  // agency codes below the sender
  bool all = false;                     // every agency below
  std::string due_on;                   // a date, or
  std::string reply_days;               // working days from today
};
Result<std::int64_t> issue_notice(store::Tx& tx, const org::Principal& p, const NewNotice& in, const std::string& today);

struct ReplyFile {
  std::string name, bytes;
};
Status reply_notice(store::Tx& tx, blob::BlobStore* blobs, const org::Principal& p, std::int64_t notice_id, const std::string& reply,
                    const std::vector<ReplyFile>& files, const std::string& today);

// The notices page: sent (by the agencies in scope) and received (by the principal's agency).
Result<nlohmann::json> notices_page(store::Tx& tx, const org::Principal& p, const std::string& today);
// One notice: the sender's view (every recipient's state) or the recipient's (its own reply).
Result<nlohmann::json> notice_page(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& today);
// GET /api/v1/supervision/notices?agency=CODE: notices sent by that agency and those below.
Result<nlohmann::json> notices_api(store::Tx& tx, const org::Principal& p, const std::string& agency, const std::string& today);
struct FileOut {
  std::string name, media_type, bytes;
};
Result<FileOut> notice_attachment(store::Tx& tx, blob::BlobStore& blobs, const org::Principal& p, std::int64_t notice_id, std::int64_t file_id);

struct NewFiling {
  std::string kind;  // plan | list | report
  std::string ref;   // plan id | list kind | year
};
Result<std::int64_t> file_filing(store::Tx& tx, const org::Principal& p, const NewFiling& in, const std::string& today);
Status decide_filing(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& decision, const std::string& reason,
                     const std::string& today);
Result<nlohmann::json> filings_page(store::Tx& tx, const org::Principal& p);

// "My tasks": notices the principal's agency has not answered (red when past due), 整改 requests
// of its files not yet reported (for its head and supervisor), filings waiting for its decision.
Status notice_tasks(store::Tx& tx, const org::Principal& p, const std::string& today, nlohmann::json& out);

}  // namespace zhifa::supervision
