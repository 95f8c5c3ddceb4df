#pragma once
// 电子监察 (issue 20): yellow and red warnings on every deadline the product tracks, and 督办.
//
// Yellow: the due date is today or within the next three working days (official calendar,
// law/calendar.h). Red: the due date has passed and the thing is not done. The deadlines:
// a case's running time limits (recording), a legal review round's opinion (review), a
// decision's publication and withdrawal (publicity, 7 and 3 working days — 118), a
// complaint's acceptance and reply (complaints), a 双随机 result's publication (inspection).
// Like statistics.cc this is a read-only view over those pillars' tables.
//
// Who sees a warning: the responsible person (a case's lead officer, the round's reviewer, the
// complaint's handler); the head of the agency and the supervisors of the agency and above.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {

struct Warning {
  std::string kind;  // case | review | publication | withdrawal | complaint | inspection
  std::int64_t ref_id = 0, agency_id = 0;
  std::int64_t responsible_id = 0;  // 0: nobody named (the agency's head answers)
  std::string rule, agency_name, what, due, responsible_name, href;
  bool red = false;
  std::int64_t working_days_left = 0;  // negative when overdue
};

// The warnings `p` may see, red first, then by due date.
Result<std::vector<Warning>> warnings(store::Tx& tx, const org::Principal& p, const std::string& today);
// The page / JSON: {"items": [...], "urges_received": [...]} with the 督办 history of each item.
Result<nlohmann::json> warnings_json(store::Tx& tx, const org::Principal& p, const std::string& today);

// Senders of a notice (e-mail, SMS …). The default only logs one JSON line to stderr; tests and
// deployments without an outside service keep it.
struct Notice {
  std::int64_t person_id = 0;
  std::string subject, body, href;
};

// 督办: the supervisor (or the head) urges the person responsible for a warned deadline. Only
// for a warning the principal sees as supervisor or head; records a row and the ledger event
// supervision.urged (ids and dates only). The notice to the urged person is returned, not sent:
// the caller sends it (send_after_commit) only once the transaction has committed, so a
// rolled-back 督办 never reaches anyone.
struct UrgeInput {
  std::string kind;
  std::int64_t ref_id = 0;
  std::string rule, note;
};
struct Urged {
  std::int64_t id = 0;
  std::optional<Notice> notice;  // none when nobody is responsible
};
Result<Urged> urge(store::Tx& tx, const org::Principal& p, const UrgeInput& in, const std::string& today);
// Hands the notice of a committed 督办 to the notifier (call after the write transaction).
void send_after_commit(const Urged& u);
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void send(const Notice& n) = 0;
};
class LogNotifier : public Notifier {
 public:
  void send(const Notice& n) override;
};
void set_notifier(std::shared_ptr<Notifier> n);
std::shared_ptr<Notifier> notifier();

// "My tasks" cards: the warnings the principal is responsible for, and 督办 addressed to them.
Status tasks(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks);

}  // namespace zhifa::supervision
