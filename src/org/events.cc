#include "org/events.h"

#include <nlohmann/json.hpp>

#include "org/ledger_privacy.h"
#include "platform/core/clock.h"
#include "platform/ledger/log.h"

namespace zhifa::org {

Result<std::int64_t> append_event(store::Tx& tx, const Principal& p, const std::string& agency_code, const std::string& kind,
                                  const std::string& subject, const std::string& payload_json, std::vector<std::string> evidence) {
  // The public ledger's privacy rule (org/ledger_privacy.h): one check for every event.
  auto parsed = nlohmann::json::parse(payload_json, nullptr, false);
  if (parsed.is_discarded()) return Error::internal("ledger event " + kind + ": payload is not JSON");
  if (auto st = check_event_payload(kind, subject, parsed); !st) return st.error();
  ledger::Event e;
  e.time = clock::now_iso();
  e.agency = agency_code;
  e.actor = p.anonymous() ? "system" : "person:" + std::to_string(p.person_id);
  e.kind = kind;
  e.subject = subject;
  e.payload = payload_json;
  e.evidence_sha256 = std::move(evidence);
  return ledger::append(tx, e);
}

Status record_event(store::Tx& tx, const Principal& p, const std::string& agency_code, const std::string& kind,
                    const std::string& subject, const std::string& payload_json) {
  auto r = append_event(tx, p, agency_code, kind, subject, payload_json);
  return r ? Status{} : Status(r.error());
}

std::string agency_code_of(store::Tx& tx, std::int64_t agency_id) {
  auto r = tx.query_one("SELECT code FROM agencies WHERE id = ?", {agency_id});
  return (r && *r) ? (*r)->text(0) : std::string();
}

}  // namespace zhifa::org
