// The time limits and display periods of publication (国办发〔2018〕118号 and the agency's own
// recorded rules per category or matter).
#include "publicity/decision_model.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "law/deadline.h"
#include "law/document_number.h"
#include "law/identifiers.h"
#include "org/directory.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "publicity/lists.h"

namespace zhifa::publicity {

using namespace decision_detail;
using text::char_count;
using text::first_chars;

Result<PublicationRule> publication_rule(store::Tx& tx, std::int64_t agency_id, const std::string& category,
                                         const std::string& matter_code) {
  PublicationRule r;
  // 118: 行政许可 and 行政处罚 decisions within 7 working days; other decisions within 20.
  bool seven = category == "行政许可" || category == "行政处罚";
  r.publish_days = seven ? 7 : 20;
  r.rule_id = seven ? "publicity.decision" : "publicity.other_decision";
  r.source = "国办发〔2018〕118号";
  auto rows = tx.query(
      "SELECT matter_code, publish_days, display_months, source FROM pub_rules WHERE agency_id = ? AND category = ? AND matter_code IN ('', ?) "
      "ORDER BY matter_code",
      {agency_id, category, matter_code});
  if (!rows) return rows.error();
  for (auto& row : *rows) {  // '' (category) first, then the matter's own rule wins
    bool matter = !row.text(0).empty();
    if (row.integer(1) > 0) {
      r.publish_days = static_cast<int>(row.integer(1));
      r.rule_id = matter ? "matter:" + row.text(0) : "category:" + category;
      r.source = row.text(3);
    }
    if (row.integer(2) > 0) r.display_months = static_cast<int>(row.integer(2));
  }
  return r;
}

Status set_rule(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& category, const std::string& matter_code,
                int publish_days, int display_months, const std::string& source) {
  if (auto s = org::require(p, "publicity.decisions.rules", agency_id, kNoDecision); !s) return s;
  if (!is_category(category)) return Error::invalid("执法类别不正确", "category");
  if (matter_code.size() > 64) return Error::invalid("事项编码过长", "matter_code");
  if (publish_days < 0 || publish_days > 60) return Error::invalid("公示时限应在 1–60 个工作日之间（0 表示按规定默认）", "publish_days");
  if (display_months < 0 || display_months > 240) return Error::invalid("公示期应在 1–240 个月之间（0 表示默认 36 个月）", "display_months");
  if (!matter_code.empty() && publish_days > 0 && source.find_first_not_of(" \t") == std::string::npos)
    return Error::invalid("按事项另定公示时限须注明依据（法律、行政法规的规定）", "source");
  if (source.size() > 500) return Error::invalid("依据过长", "source");
  if (auto s = law::check_utf8(source, "source"); !s) return s;
  auto u = tx.exec(
      "INSERT INTO pub_rules(agency_id, category, matter_code, publish_days, display_months, source, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?) "
      "ON CONFLICT (agency_id, category, matter_code) DO UPDATE SET publish_days = excluded.publish_days, display_months = excluded.display_months, "
      "source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      {agency_id, category, matter_code, std::int64_t(publish_days), std::int64_t(display_months), source, who(p), clock::now_iso()});
  if (!u) return u.error();
  return org::record_event(tx, p, org::agency_code_of(tx, agency_id), "publicity.decision.rule_set", "agency:" + std::to_string(agency_id),
                           json{{"category", category}, {"matter_code", matter_code}, {"publish_days", publish_days},
                                {"display_months", display_months}, {"source_sha256", blob::sha256_hex(source)}}
                               .dump());
}

Result<json> list_rules(store::Tx& tx, std::int64_t agency_id) {
  auto rows = tx.query("SELECT category, matter_code, publish_days, display_months, source, updated_at FROM pub_rules WHERE agency_id = ? "
                       "ORDER BY category, matter_code",
                       {agency_id});
  if (!rows) return rows.error();
  json out = json::array();
  for (auto& r : *rows)
    out.push_back({{"category", r.text(0)}, {"matter_code", r.text(1)}, {"publish_days", r.integer(2)}, {"display_months", r.integer(3)},
                   {"source", r.text(4)}, {"updated_at", r.text(5)}, {"has_matter", !r.text(1).empty()}});
  return out;
}

}  // namespace zhifa::publicity
