#include "supervision/consistency.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "law/calendar.h"
#include "law/money.h"
#include "platform/core/clock.h"
#include "supervision/scope.h"

namespace zhifa::supervision {

using json = nlohmann::json;

double quantile(const std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  double pos = q * static_cast<double>(v.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(pos));
  std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

namespace {
struct Decision {
  std::int64_t case_id = 0, fine = 0;
  std::string case_no, agency, on;
};
std::string yuan(double fen) { return law::format_yuan(static_cast<std::int64_t>(std::llround(fen))); }
}  // namespace

Result<json> consistency(store::Tx& tx, const org::Principal& p, const std::string& agency, const std::string& today) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, agency);
  if (!s) return s.error();
  auto t = law::Date::parse(today, "today");
  if (!t) return t.error();
  auto since = law::add_calendar_months(*t, -kComparableMonths);
  if (!since) return since.error();
  store::Params params;
  std::string in;
  for (auto& a : s->agencies) {
    in += in.empty() ? "?" : ",?";
    params.emplace_back(a.id);
  }
  params.emplace_back(since->str());
  params.emplace_back(today);
  auto rows = tx.query(
      "SELECT c.id, c.case_no, a.name, c.matter_code, c.matter_name, c.band_facts, c.band_min_fen, c.band_max_fen, c.fine_fen, MAX(x.on_date) "
      "FROM rec_cases c JOIN agencies a ON a.id = c.agency_id JOIN rec_acts x ON x.case_id = c.id AND x.transition IN ('impose','decide') "
      "WHERE c.agency_id IN (" + in + ") AND c.fine_fen > 0 AND x.on_date >= ? AND x.on_date <= ? "
      "GROUP BY c.id, c.case_no, a.name, c.matter_code, c.matter_name, c.band_facts, c.band_min_fen, c.band_max_fen, c.fine_fen ORDER BY c.id",
      params);
  if (!rows) return rows.error();
  struct Group {
    std::string matter_code, matter_name, band;
    std::vector<Decision> decisions;
  };
  std::map<std::string, Group> groups;
  for (auto& r : *rows) {
    std::string band = r.text(5).empty() && r.is_null(6) ? std::string("未适用裁量基准")
                                                         : r.text(5) + (r.is_null(6) ? std::string() : "（" + law::format_yuan(r.integer(6)) + "至" +
                                                                                                            law::format_yuan(r.integer(7)) + "元）");
    std::string key = r.text(3) + "\x1f" + band;
    Group& g = groups[key];
    g.matter_code = r.text(3);
    g.matter_name = r.text(4);
    g.band = band;
    g.decisions.push_back({r.integer(0), r.integer(8), r.text(1), r.text(2), r.text(9)});
  }
  json out = json::array();
  int flagged_total = 0;
  for (auto& [key, g] : groups) {
    json ds = json::array();
    int flagged = 0;
    std::vector<double> all_v;
    for (auto& d : g.decisions) all_v.push_back(static_cast<double>(d.fine));
    std::sort(all_v.begin(), all_v.end());
    for (std::size_t i = 0; i < g.decisions.size(); ++i) {
      const Decision& d = g.decisions[i];
      std::vector<double> others;
      for (std::size_t k = 0; k < g.decisions.size(); ++k)
        if (k != i) others.push_back(static_cast<double>(g.decisions[k].fine));
      std::sort(others.begin(), others.end());
      json j{{"case_id", d.case_id}, {"case_no", d.case_no}, {"agency", d.agency}, {"decided_on", clock::chinese_date(d.on)},
             {"fine_fen", d.fine}, {"fine_yuan", law::format_yuan(d.fine)}, {"comparables", static_cast<std::int64_t>(others.size())},
             {"flagged", false}, {"href", "/workspace/supervision/cases/" + std::to_string(d.case_id)}};
      if (static_cast<int>(others.size()) >= kMinComparables) {
        double q1 = quantile(others, 0.25), q3 = quantile(others, 0.75), iqr = q3 - q1;
        double lo = q1 - 1.5 * iqr, hi = q3 + 1.5 * iqr;
        j["q1_yuan"] = yuan(q1);
        j["q3_yuan"] = yuan(q3);
        j["low_fen"] = lo;
        j["high_fen"] = hi;
        j["range"] = yuan(std::max(0.0, lo)) + " 至 " + yuan(hi) + " 元";
        double f = static_cast<double>(d.fine);
        if (f < lo || f > hi) {
          j["flagged"] = true;
          j["direction"] = f > hi ? "明显偏高" : "明显偏低";
          ++flagged;
        }
      } else {
        j["range"] = "可比决定不足 " + std::to_string(kMinComparables) + " 件，不作比较";
      }
      ds.push_back(j);
    }
    flagged_total += flagged;
    out.push_back({{"matter_code", g.matter_code}, {"matter_name", g.matter_name}, {"band", g.band}, {"count", static_cast<std::int64_t>(g.decisions.size())},
                   {"q1_yuan", yuan(quantile(all_v, 0.25))}, {"median_yuan", yuan(quantile(all_v, 0.5))}, {"q3_yuan", yuan(quantile(all_v, 0.75))},
                   {"flagged", flagged}, {"decisions", ds}});
  }
  json agencies = json::array();
  for (auto& a : all->agencies) agencies.push_back({{"code", a.code}, {"name", a.name}, {"selected", a.code == agency}});
  return json{{"groups", out}, {"flagged", flagged_total}, {"has_groups", !out.empty()}, {"from", clock::chinese_date(since->str())},
              {"to", clock::chinese_date(today)}, {"min_comparables", kMinComparables}, {"months", kComparableMonths}, {"agencies", agencies}};
}

}  // namespace zhifa::supervision
