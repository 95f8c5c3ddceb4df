#include "recording/av/coverage.h"

#include <cmath>
#include <map>
#include <tuple>

#include "platform/store/placeholders.h"
#include "recording/av/requirement.h"
#include "recording/av/upload_files.h"

namespace zhifa::recording::av {

namespace {

constexpr std::size_t kChunk = 500;  // case ids per IN list

struct Item {
  std::string step;
  std::int64_t at = 0;
};

}  // namespace

double AvCoverage::pct() const {
  if (required == 0) return 100.0;
  return std::round(1000.0 * static_cast<double>(covered) / static_cast<double>(required)) / 10.0;
}

AvCoverage av_coverage(const std::vector<AvAct>& acts) {
  AvCoverage c;
  for (auto& a : acts) {
    ++c.required;
    if (a.covered) ++c.covered;
  }
  return c;
}

Result<std::vector<AvAct>> av_required_acts(store::Tx& tx, const std::vector<std::int64_t>& case_ids) {
  std::vector<AvAct> out;
  auto tol = clock_tolerance_seconds(tx);
  if (!tol) return tol.error();
  // Whether (agency, procedure, step) requires A/V: read once per combination.
  std::map<std::tuple<std::int64_t, std::string, std::string>, bool> required;
  for (std::size_t at = 0; at < case_ids.size(); at += kChunk) {
    std::size_t n = std::min(kChunk, case_ids.size() - at);
    store::Params ids(case_ids.begin() + static_cast<std::ptrdiff_t>(at), case_ids.begin() + static_cast<std::ptrdiff_t>(at + n));
    std::string in = "(" + store::placeholders(n) + ")";
    auto cases = tx.query("SELECT id, agency_id, procedure_id, created_at FROM rec_cases WHERE id IN " + in, ids);
    if (!cases) return cases.error();
    std::map<std::int64_t, Case> by_id;
    for (auto& r : *cases) {
      Case& c = by_id[r.integer(0)];
      c.id = r.integer(0);
      c.agency_id = r.integer(1);
      c.procedure_id = r.text(2);
      c.created_at = r.text(3);
    }
    auto items = tx.query("SELECT case_id, step, recorded_at, uploaded_at FROM av_items WHERE kind IN ('video', 'audio', 'photo') AND case_id IN " + in, ids);
    if (!items) return items.error();
    std::map<std::int64_t, std::vector<Item>> items_of;
    for (auto& r : *items) items_of[r.integer(0)].push_back({r.text(1), unix_from_iso(r.text(2).empty() ? r.text(3) : r.text(2))});
    auto acts = tx.query("SELECT case_id, id, from_step, to_step, at, on_date, label FROM rec_acts WHERE case_id IN " + in + " ORDER BY case_id, id", ids);
    if (!acts) return acts.error();
    std::map<std::string, std::string> entered;  // step → when the case entered it (per case)
    std::int64_t current = 0;
    for (auto& r : *acts) {
      std::int64_t cid = r.integer(0);
      auto c = by_id.find(cid);
      if (c == by_id.end()) continue;
      if (cid != current) entered.clear(), current = cid;
      std::string from = r.text(2), to = r.text(3), at_iso = r.text(4);
      if (!from.empty() && from != to) {
        auto key = std::make_tuple(c->second.agency_id, c->second.procedure_id, from);
        auto it = required.find(key);
        if (it == required.end()) {
          auto reqs = step_requirements(tx, c->second, from);
          if (!reqs) return reqs.error();
          it = required.emplace(key, !reqs->empty()).first;
        }
        if (it->second) {
          auto e = entered.find(from);
          std::int64_t lo = unix_from_iso(e == entered.end() ? c->second.created_at : e->second) - *tol;
          std::int64_t hi = unix_from_iso(at_iso) + *tol;
          bool covered = false;
          for (auto& item : items_of[cid]) covered = covered || (item.step == from && item.at >= lo && item.at <= hi);
          out.push_back({cid, r.integer(1), from, r.text(6), r.text(5), covered});
        }
      }
      entered[to] = at_iso;
    }
  }
  return out;
}

}  // namespace zhifa::recording::av
