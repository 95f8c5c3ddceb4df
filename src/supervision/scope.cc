#include "supervision/scope.h"

#include <functional>
#include <map>

#include "law/calendar.h"

namespace zhifa::supervision {

bool supervises(const org::Principal& p, std::int64_t agency_id, const std::vector<org::Agency>& all) {
  if (!org::authorize(p, "supervision.view").allowed) return false;
  std::map<std::int64_t, const org::Agency*> by_id;
  for (auto& a : all) by_id[a.id] = &a;
  // Up the tree from the agency: p's own agency reached → supervised. At most one step per
  // agency, so a cycle in bad data ends the walk.
  auto it = by_id.find(agency_id);
  for (std::size_t steps = 0; it != by_id.end() && steps <= all.size(); ++steps) {
    if (it->second->id == p.agency_id) return true;
    if (!it->second->parent_id) return false;
    it = by_id.find(*it->second->parent_id);
  }
  return false;
}

Result<bool> supervising(store::Tx& tx, const org::Principal& p, std::int64_t agency_id) {
  if (!org::authorize(p, "supervision.view").allowed) return false;
  auto all = org::list_agencies(tx);
  if (!all) return all.error();
  return supervises(p, agency_id, *all);
}

Status require_supervising(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& missing) {
  auto ok = supervising(tx, p, agency_id);
  if (!ok) return ok.error();
  if (!*ok) return Error::not_found(missing);
  return {};
}

Result<Scope> supervised(store::Tx& tx, const org::Principal& p) {
  Scope s;
  if (!org::authorize(p, "supervision.view").allowed) return s;
  auto all = org::list_agencies(tx);
  if (!all) return all.error();
  std::map<std::int64_t, std::vector<const org::Agency*>> children;
  const org::Agency* own = nullptr;
  for (auto& a : *all) {
    if (a.id == p.agency_id) own = &a;
    if (a.parent_id) children[*a.parent_id].push_back(&a);
  }
  if (!own) return s;
  // Depth first from p's own agency, keeping exactly the agencies supervises() accepts.
  std::function<void(const org::Agency&)> walk = [&](const org::Agency& a) {
    if (s.ids.count(a.id) || !supervises(p, a.id, *all)) return;  // a cycle in bad data stops here
    s.ids.insert(a.id);
    s.agencies.push_back(a);
    for (auto* c : children[a.id]) walk(*c);
  };
  walk(*own);
  return s;
}

Result<Scope> narrow(const Scope& s, const std::string& code) {
  if (s.agencies.empty()) return Error::not_found("没有这个执法主体");
  if (code.empty()) return s;
  Scope out;
  std::int64_t root = 0;
  for (auto& a : s.agencies)
    if (a.code == code) root = a.id;
  if (!root) return Error::not_found("没有这个执法主体");
  // Depth-first order: the root, then everything whose parent is already in.
  for (auto& a : s.agencies)
    if (a.id == root || (a.parent_id && out.contains(*a.parent_id))) {
      out.agencies.push_back(a);
      out.ids.insert(a.id);
    }
  return out;
}

org::Principal viewer(const org::Principal& p, const Scope& s) {
  org::Principal v = p;
  v.roles = {"supervisor"};  // supervisor: read permissions only in recording, review and publicity
  v.jurisdiction = s.ids;
  v.token_scopes.reset();
  return v;
}

Result<Period> parse_period(const std::string& from, const std::string& to, const std::string& today) {
  auto t = law::Date::parse(today, "today");
  if (!t) return t.error();
  Period out;
  out.from = from.empty() ? today.substr(0, 4) + "-01-01" : from;
  out.to = to.empty() ? today : to;
  auto f = law::Date::parse(out.from, "from");
  if (!f) return Error::invalid("开始日期须为“年-月-日”格式的日期，例如 2025-01-01", "from");
  auto e = law::Date::parse(out.to, "to");
  if (!e) return Error::invalid("结束日期须为“年-月-日”格式的日期，例如 2025-12-31", "to");
  if (*e < *f) return Error::invalid("结束日期早于开始日期：请把开始日期放在前面", "to");
  auto limit = law::add_calendar_months(*f, 120);
  if (limit && *e >= *limit) return Error::invalid("统计期间不得超过十年：请缩短日期范围", "to");
  return out;
}

}  // namespace zhifa::supervision
