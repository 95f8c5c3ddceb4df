#include "recording/discretion.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "law/calendar.h"
#include "law/procedure.h"
#include "platform/store/placeholders.h"
#include "recording/case.h"

namespace zhifa::recording {

using json = nlohmann::json;

namespace {

struct Group {
  std::string matter_code, matter_name, band;
  std::int64_t decided = 0, inside = 0, reasoned = 0, unreasoned = 0;
  double share() const { return decided ? double(reasoned + unreasoned) / double(decided) : 0.0; }
};

// The imposing decisions of every procedure (law/procedure.h): the decisions a band governs.
std::vector<std::string> imposing_transitions() {
  std::vector<std::string> out;
  auto procs = law::load_procedures();
  if (!procs) return out;
  for (const auto& p : **procs)
    for (const auto* t : p.decisions())
      if (t->imposes && std::find(out.begin(), out.end(), t->id) == out.end()) out.push_back(t->id);
  return out;
}

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
  return buf;
}

}  // namespace

bool discretion_sort_key(const std::string& key) {
  static const std::vector<std::string> keys = {"matter", "band", "decided", "inside", "outside", "unreasoned", "share"};
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

Result<json> discretion_execution(store::Tx& tx, const org::Principal& p, const DiscretionQuery& q) {
  if (auto st = org::require(p, "recording.discretion", p.agency_id, "执法主体不存在"); !st) return st.error();
  if (!q.from.empty() && !law::Date::parse(q.from, "from")) return Error::invalid("起始日期应为 YYYY-MM-DD，如 2025-01-01", "from");
  if (!q.to.empty() && !law::Date::parse(q.to, "to")) return Error::invalid("截止日期应为 YYYY-MM-DD，如 2025-12-31", "to");
  if (!discretion_sort_key(q.sort)) return Error::invalid("排序字段不正确", "sort");
  auto decisions = imposing_transitions();
  std::vector<std::int64_t> agencies(p.jurisdiction.begin(), p.jurisdiction.end());
  std::map<std::tuple<std::string, std::string>, Group> groups;
  if (!agencies.empty() && !decisions.empty()) {
    std::string sql = std::string(kCaseSelect) + "WHERE c.agency_id IN (" + store::placeholders(agencies.size()) +
                      ") AND EXISTS (SELECT 1 FROM rec_acts a WHERE a.case_id = c.id AND a.transition IN (" +
                      store::placeholders(decisions.size()) + ")";
    store::Params params;
    params.reserve(agencies.size() + decisions.size() + 2);  // no reallocation (GCC 12's false maybe-uninitialized on moving variants)
    for (auto a : agencies) params.emplace_back(a);
    for (auto& d : decisions) params.emplace_back(d);
    if (!q.from.empty()) sql += " AND a.on_date >= ?", params.emplace_back(q.from);
    if (!q.to.empty()) sql += " AND a.on_date <= ?", params.emplace_back(q.to);
    sql += ") ORDER BY c.id";
    auto rows = tx.query(sql, params);
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      Case c = case_from_row(r);
      Group& g = groups[{c.matter_code, c.band_facts}];
      g.matter_code = c.matter_code, g.matter_name = c.matter_name, g.band = c.band_facts;
      ++g.decided;
      // 行政处罚法 第三十四条, 118: outside the band's range or kinds (Case::outside_band) needs the reason.
      if (!c.outside_band()) ++g.inside;
      else if (!c.outside_band_reason.empty()) ++g.reasoned;
      else ++g.unreasoned;
    }
  }
  std::vector<Group> list;
  for (auto& [k, g] : groups) list.push_back(g);
  auto key = [&](const Group& g) {
    if (q.sort == "band") return std::make_tuple(std::string(), g.band, 0.0);
    if (q.sort == "decided") return std::make_tuple(std::string(), std::string(), double(g.decided));
    if (q.sort == "inside") return std::make_tuple(std::string(), std::string(), double(g.inside));
    if (q.sort == "outside") return std::make_tuple(std::string(), std::string(), double(g.reasoned + g.unreasoned));
    if (q.sort == "unreasoned") return std::make_tuple(std::string(), std::string(), double(g.unreasoned));
    if (q.sort == "share") return std::make_tuple(std::string(), std::string(), g.share());
    return std::make_tuple(g.matter_code, g.band, 0.0);
  };
  std::stable_sort(list.begin(), list.end(), [&](const Group& a, const Group& b) { return q.desc ? key(b) < key(a) : key(a) < key(b); });
  json totals{{"decided", 0}, {"inside", 0}, {"outside_reasoned", 0}, {"outside_unreasoned", 0}};
  for (const auto& g : list) {
    totals["decided"] = totals["decided"].get<std::int64_t>() + g.decided;
    totals["inside"] = totals["inside"].get<std::int64_t>() + g.inside;
    totals["outside_reasoned"] = totals["outside_reasoned"].get<std::int64_t>() + g.reasoned;
    totals["outside_unreasoned"] = totals["outside_unreasoned"].get<std::int64_t>() + g.unreasoned;
  }
  int per_page = q.per_page <= 0 ? static_cast<int>(list.size()) : q.per_page;
  int page = std::max(1, q.page);
  std::size_t first = per_page ? static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page) : 0;
  json items = json::array();
  for (std::size_t i = first; i < list.size() && i < first + static_cast<std::size_t>(per_page); ++i) {
    const Group& g = list[i];
    items.push_back({{"matter_code", g.matter_code}, {"matter_name", g.matter_name}, {"band", g.band}, {"decided", g.decided},
                     {"inside", g.inside}, {"outside_reasoned", g.reasoned}, {"outside_unreasoned", g.unreasoned},
                     {"outside_share", percent(g.share())}});
  }
  return json{{"items", items}, {"total", list.size()}, {"page", page}, {"per_page", q.per_page <= 0 ? 0 : q.per_page}, {"totals", totals}};
}

}  // namespace zhifa::recording
