#pragma once
// 投诉举报 (issue 19): what the public sends and what the handling agency does with it.
//
// Kinds: complaint (投诉: about an enforcement act), report (举报: of a violation), suggestion
// (意见建议). A complaint about an act goes to the supervising agency of the acting agency (its
// parent), for the top agency to the configured 行政执法监督机构 (settings key
// complaints.oversight_agency) — never only to the office complained about. A report goes to the
// competent agency; an unknown agency to the city office, which routes it.
//
// States: received → (info_requested →) accepted → (approval_pending →) replied, or refused.
// A transfer gives the complaint to another agency in state received, its acceptance clock
// starting again on the day of the transfer.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zhifa::complaints {

// Deadlines and limits, from the settings table (keys complaints.*), with these defaults.
//  - accept_days: decide whether to accept within 15 days of receipt. 《信访工作条例》(2022)
//    第二十三条第一款: an agency that receives a matter directly registers it and tells the person
//    how it will be handled, or transfers it (article checked against a government Q&A page of
//    福田区信访局, 2025); the 15 days are the figure DOMAIN.md gives for the decision. Calendar days.
//  - reply_days: answered within 60 days of acceptance; extension_days: once, at most 30 more
//    with the approval of the agency's head, the reason told to the person — 《信访工作条例》
//    (2022), the article on 办理期限 (第三十二条 as recalled; not yet checked against the official
//    text). Calendar days, unlike the APL's working days (art. 85); a period whose last day is a
//    rest day ends on the next working day of the official calendar (民法典 第二百零三条).
struct Rules {
  int accept_days = 15;
  int reply_days = 60;
  int extension_days = 30;
  int warn_days = 3;                   // yellow card this many days before a deadline
  std::string oversight_agency;        // agency code of the 行政执法监督机构 above the top agency
  std::string city_office;             // agency code that routes complaints with no agency ('' = first top agency)
  int max_per_window = 5;              // submissions per address per window before 429
  int window_seconds = 3600;
};

struct Limits {
  static constexpr std::size_t kMaxTextChars = 5000;           // what happened, what is asked
  static constexpr std::size_t kMaxShortChars = 200;           // concerning, name, contact
  static constexpr std::size_t kMaxAttachments = 5;
  static constexpr std::size_t kMaxAttachmentBytes = 5u << 20;  // 5 MiB each
  static constexpr std::size_t kMaxBodyBytes = 27u << 20;      // the whole form: 413 before reading beyond
};

struct Attachment {
  std::string filename;
  std::string content_type;  // set by sniffing the bytes (JPEG, PNG, PDF)
  std::string bytes;
};

// What the public sends (the form and POST /api/v1/complaints take the same fields).
struct Submission {
  std::string kind;          // complaint | report | suggestion (投诉 | 举报 | 意见建议 accepted too)
  std::string agency;        // agency code, '' = don't know
  std::string concerning;    // a decision / case / certificate number, or text
  std::string what_happened;
  std::string request;
  std::string name, phone, email;
  bool consent = false;
  std::vector<Attachment> attachments;
};

struct Submitted {
  std::int64_t id = 0;
  std::string code;          // the tracking code (only ever shown to the one who submitted)
  std::string accept_due;
  std::string handling_agency;
  bool replay = false;       // an idempotent replay of an earlier submission
  std::int64_t retry_after = 0;  // > 0: refused, too many submissions from the address (429)
};

// A handler's act on a complaint (the workspace form and its fields).
struct Act {
  std::string action;        // take | accept | refuse | transfer | request_info | reply | link_case
  std::string reason;        // refuse, transfer, request_info (the question), extend
  std::string basis;         // refuse: the legal basis
  std::string to_agency;     // transfer: agency code
  std::string finding;       // reply
  std::string reply;         // reply text
  bool contests_decision = false;  // reply: 诉访分离, name 复议/诉讼
  std::string case_no;       // link_case
};

inline Act act_of(std::string action) {
  Act a;
  a.action = std::move(action);
  return a;
}

// The head's act: approve | return (a reply awaiting approval), extend (the reply deadline).
struct HeadAct {
  std::string action;
  std::string reason;
};

struct Step {
  std::string at, on_date, action, person, agency, note;
};

struct Complaint {
  std::int64_t id = 0;
  std::string kind, state, routed_by;
  std::optional<std::int64_t> acting_agency_id;
  std::int64_t handling_agency_id = 0;
  std::string acting_agency_code, acting_agency_name, handling_agency_code, handling_agency_name;
  std::string acting_agency_name_en, handling_agency_name_en;
  std::string concerning, concern_kind, concern_ref;
  std::optional<std::int64_t> concern_id;
  std::string what_happened, request, name, phone, email;
  bool anonymous = false;
  std::optional<std::int64_t> handler_id;
  std::string handler_name;
  std::string received_on, accept_due, accepted_on, reply_due, closed_on;
  bool extended = false;
  std::string info_request, supplement, refusal_reason, refusal_basis, finding, reply;
  bool contests_decision = false;
  std::optional<std::int64_t> approved_by;
  std::optional<std::int64_t> linked_case_id;
  std::string linked_case_no;
  std::string submitted_at;
  struct File { std::int64_t id; std::string sha256, content_type, filename; std::int64_t size; };
  std::vector<File> attachments;
  std::vector<Step> steps;
  bool open() const { return state != "replied" && state != "refused"; }
};

// Where a deadline stands today: the due date, days left (negative: overdue), and its card.
struct DueView {
  std::string what;   // 受理期限 | 答复期限
  std::string due;
  std::int64_t days_left = 0;
  std::string level;  // ok | warn | danger
};

}  // namespace zhifa::complaints
