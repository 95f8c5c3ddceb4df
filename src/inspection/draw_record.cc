#include "inspection/draw_record.h"

#include <algorithm>
#include <set>

#include "inspection/rfc3797.h"
#include "platform/blob/blob_store.h"

namespace zhifa::inspection {

using nlohmann::json;

std::string candidates_sha256(const json& candidates) { return blob::sha256_hex(candidates.dump()); }

std::string inspector_key(const std::string& key, std::int64_t object_position) { return key + std::to_string(object_position) + "./"; }

json sub_draws_of(const std::string& key, std::int64_t count) {
  json out = json::array();
  if (count <= rfc3797::kMaxPicks) return out;
  for (std::int64_t n = 1; n <= rfc3797::sub_draw_count(count); ++n)
    out.push_back({{"number", n}, {"key", rfc3797::sub_draw_key(key, n)}, {"select", std::min(rfc3797::kMaxPicks, count - (n - 1) * rfc3797::kMaxPicks)}});
  return out;
}

namespace {

// The candidates of each pool: 1-based positions in the whole list, ascending.
std::vector<std::vector<std::int64_t>> pool_members(const json& candidates, const std::vector<GradePool>& pools) {
  std::vector<std::vector<std::int64_t>> out(pools.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::string g = candidates[i].is_object() ? candidates[i].value("risk_grade", "") : "";
    std::size_t at = pools.size() - 1;  // 未分级: the last pool
    for (std::size_t p = 0; p + 1 < pools.size(); ++p)
      if (pools[p].grade == g) at = p;
    out[at].push_back(static_cast<std::int64_t>(i + 1));
  }
  return out;
}

}  // namespace

std::int64_t pooled_select(const json& candidates, const std::vector<GradePool>& pools) {
  std::int64_t n = 0;
  auto members = pool_members(candidates, pools);
  for (std::size_t p = 0; p < pools.size(); ++p) n += objects_to_draw(pools[p].parsed, static_cast<std::int64_t>(members[p].size()));
  return n;
}

Result<ObjectDraw> draw_objects(const std::string& key, const json& candidates, const std::vector<GradePool>& pools, std::int64_t select) {
  ObjectDraw d;
  if (pools.empty()) {
    auto picked = rfc3797::select_in_sub_draws(key, static_cast<std::int64_t>(candidates.size()), select);
    if (!picked) return picked.error();
    d.positions = std::move(*picked);
    d.sub_draws = sub_draws_of(key, select);
    return d;
  }
  auto members = pool_members(candidates, pools);
  for (std::size_t p = 0; p < pools.size(); ++p) {
    auto size = static_cast<std::int64_t>(members[p].size());
    if (size == 0) continue;
    std::string k = key + "/" + grade_code(pools[p].grade);
    std::int64_t n = objects_to_draw(pools[p].parsed, size);
    auto picked = rfc3797::select_in_sub_draws(k, size, n);
    if (!picked) return picked.error();
    json pool{{"grade", pools[p].grade}, {"proportion", pools[p].proportion}, {"key", k}, {"size", size}, {"select", n},
              {"selected_positions", *picked}};
    if (auto subs = sub_draws_of(k, n); !subs.empty()) pool["sub_draws"] = subs;
    d.pools.push_back(pool);
    for (auto local : *picked) d.positions.push_back(members[p][static_cast<std::size_t>(local - 1)]);
  }
  return d;
}

namespace {

DrawCheck differs(std::string m) { return {1, std::move(m)}; }
DrawCheck unreadable(std::string m) { return {2, std::move(m)}; }

bool positions(const json& v, std::vector<std::int64_t>& out) {
  if (!v.is_array()) return false;
  for (auto& x : v) {
    if (!x.is_number_integer()) return false;
    out.push_back(x.get<std::int64_t>());
  }
  return true;
}

std::string list_text(const std::vector<std::int64_t>& v) {
  std::string s;
  for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return "[" + s + "]";
}

// The sub-draws a record lists for a draw of `count` with `key` against those the rule derives.
DrawCheck check_sub_draws(const json& node, const std::string& what, const std::string& key, std::int64_t count) {
  json expect = sub_draws_of(key, count);
  json got = node.contains("sub_draws") ? node["sub_draws"] : json::array();
  if (!got.is_array()) return unreadable(what + "sub_draws is not a list");
  if (got.size() != expect.size())
    return differs(what + "sub_draws: " + std::to_string(got.size()) + " sub-draws in the record, " + std::to_string(expect.size()) + " for " +
                   std::to_string(count) + " picks (at most 65536 per key)");
  for (std::size_t i = 0; i < got.size(); ++i)
    for (const char* f : {"number", "key", "select"})
      if (!got[i].is_object() || got[i].value(f, json()) != expect[i][f])
        return differs(what + "sub_draws[" + std::to_string(i) + "]." + f + ": " + (got[i].is_object() ? got[i].value(f, json()).dump() : got[i].dump()) +
                       " is not " + expect[i][f].dump() + " (" + kSubDrawRule + ")");
  return {};
}

// The draw of `count` among `pool` with `key` against the record's positions.
// Sub-draws (split) are for the object draw only: an inspector draw stops at 65,536 picks.
DrawCheck rerun(const std::string& what, const std::string& key, std::int64_t pool, const std::vector<std::int64_t>& recorded, bool split = false) {
  auto n = static_cast<std::int64_t>(recorded.size());
  auto again = split ? rfc3797::select_in_sub_draws(key, pool, n) : rfc3797::select(key, pool, n);
  if (!again) return differs(what + ": cannot be re-run: " + again.error().message);
  for (std::size_t i = 0; i < recorded.size(); ++i)
    if ((*again)[i] != recorded[i])
      return differs(what + ": pick " + std::to_string(i + 1) + " is position " + std::to_string(recorded[i]) + " in the record but " +
                     std::to_string((*again)[i]) + " when re-run (" + list_text(*again) + ")");
  return {};
}

DrawCheck check_list(const json& rec, const char* name) {
  if (!rec.contains(name) || !rec[name].is_object() || !rec[name].contains("candidates") || !rec[name]["candidates"].is_array() ||
      !rec[name].contains("sha256") || !rec[name]["sha256"].is_string())
    return unreadable(std::string("no ") + name + ".candidates / " + name + ".sha256");
  std::string got = candidates_sha256(rec[name]["candidates"]);
  if (got != rec[name]["sha256"].get<std::string>())
    return differs(std::string(name) + ".sha256: the list as published hashes to " + got + ", not the frozen " +
                   rec[name]["sha256"].get<std::string>());
  return {};
}

DrawCheck check_inspection(const json& ins, const std::string& key, std::int64_t pool, const std::set<std::int64_t>& objects, std::size_t n) {
  std::string what = "inspections[" + std::to_string(n) + "]";
  std::vector<std::int64_t> sel, assigned;
  if (!ins.is_object() || !ins.contains("object_position") || !ins["object_position"].is_number_integer() ||
      !positions(ins.value("selected_positions", json()), sel) || !positions(ins.value("assigned", json()), assigned))
    return unreadable(what + ": object_position / selected_positions / assigned missing");
  auto pos = ins["object_position"].get<std::int64_t>();
  if (!objects.count(pos)) return differs(what + ": object position " + std::to_string(pos) + " was not drawn");
  std::string k = inspector_key(key, pos);
  if (ins.value("key", k) != k) return differs(what + ".key: " + ins.value("key", "") + " is not " + k);
  if (auto c = rerun(what, k, pool, sel); c.code) return c;
  std::set<std::int64_t> skipped;
  if (ins.contains("skipped") && ins["skipped"].is_array())
    for (auto& s : ins["skipped"]) skipped.insert(s.value("position", std::int64_t{0}));
  std::vector<std::int64_t> expect;
  for (auto p : sel)
    if (!skipped.count(p)) expect.push_back(p);
  for (auto p : skipped)
    if (std::find(sel.begin(), sel.end(), p) == sel.end()) return differs(what + ": skipped position " + std::to_string(p) + " was never drawn");
  if (expect != assigned) return differs(what + ".assigned: " + list_text(assigned) + " is not the picks less the skipped " + list_text(expect));
  auto need = ins.value("need", std::int64_t{2});
  if (static_cast<std::int64_t>(assigned.size()) != need || need < 2)
    return differs(what + ": " + std::to_string(assigned.size()) + " inspectors assigned, " + std::to_string(need) + " needed (at least 2)");
  return {};
}

// The pools of a record against those its proportions and candidates make, then the whole draw.
DrawCheck check_pools(const json& rec, const std::string& key, const std::vector<std::int64_t>& sel) {
  if (!rec["pools"].is_array() || !rec.contains("proportion") || !rec["proportion"].is_string() || !rec.contains("risk_proportions") ||
      !rec["risk_proportions"].is_string())
    return unreadable("pools without proportion / risk_proportions");
  auto pools = grade_pools(rec["risk_proportions"].get<std::string>(), rec["proportion"].get<std::string>());
  if (!pools) return differs("risk_proportions: " + pools.error().message);
  if (pools->empty()) return differs("pools: the record has pools but risk_proportions names no grade");
  auto again = draw_objects(key, rec["objects"]["candidates"], *pools, 0);
  if (!again) return differs("pools: cannot be re-run: " + again.error().message);
  const json& got = rec["pools"];
  if (got.size() != again->pools.size())
    return differs("pools: " + std::to_string(got.size()) + " pools in the record, " + std::to_string(again->pools.size()) + " from the list's risk grades");
  for (std::size_t i = 0; i < got.size(); ++i) {
    std::string what = "pools[" + std::to_string(i) + "]";
    for (const char* f : {"grade", "proportion", "key", "size", "select"})
      if (!got[i].is_object() || got[i].value(f, json()) != again->pools[i][f])
        return differs(what + "." + f + ": " + (got[i].is_object() ? got[i].value(f, json()).dump() : got[i].dump()) + " is not " +
                       again->pools[i][f].dump() + " (" + kPoolRule + ")");
    std::string k = again->pools[i]["key"].get<std::string>();
    if (auto c = check_sub_draws(got[i], what + ".", k, again->pools[i]["select"].get<std::int64_t>()); c.code) return c;
    std::vector<std::int64_t> local;
    if (!positions(got[i].value("selected_positions", json()), local)) return unreadable(what + ".selected_positions missing");
    if (auto c = rerun(what + ".selected_positions", k, again->pools[i]["size"].get<std::int64_t>(), local, true); c.code) return c;
  }
  if (sel != again->positions)
    return differs("selected_positions: not the pools' picks pool after pool (" + list_text(again->positions) + ")");
  return {};
}

}  // namespace

DrawCheck verify_draw_record(const json& rec) {
  if (!rec.is_object()) return unreadable("not a JSON object");
  if (!rec.contains("key") || !rec["key"].is_string()) return unreadable("no key");
  std::string key = rec["key"].get<std::string>();
  if (rec.contains("randomness") && rec["randomness"].is_object() && rec["randomness"].contains("values")) {
    std::vector<std::string> values;
    for (auto& v : rec["randomness"]["values"])
      if (v.is_string()) values.push_back(v.get<std::string>());
    auto k = rfc3797::canonical_key(values);
    if (!k) return differs("randomness.values: " + k.error().message);
    if (*k != key) return differs("key: " + key + " is not the canonical key of randomness.values, " + *k);
  }
  if (auto c = check_list(rec, "objects"); c.code) return c;
  std::vector<std::int64_t> sel;
  if (!positions(rec.value("selected_positions", json()), sel)) return unreadable("no selected_positions");
  if (rec.contains("pools")) {
    if (auto c = check_pools(rec, key, sel); c.code) return c;
  } else if (auto c = check_sub_draws(rec, "", key, static_cast<std::int64_t>(sel.size())); c.code) {
    return c;
  } else if (auto c = rerun("selected_positions", key, static_cast<std::int64_t>(rec["objects"]["candidates"].size()), sel, true); c.code) {
    return c;
  }
  if (rec.contains("select") && rec["select"].is_number_integer() && rec["select"].get<std::int64_t>() != static_cast<std::int64_t>(sel.size()))
    return differs("select: " + std::to_string(rec["select"].get<std::int64_t>()) + " to draw, " + std::to_string(sel.size()) + " drawn");
  std::string subs = sel.size() > static_cast<std::size_t>(rfc3797::kMaxPicks)
                         ? " in " + std::to_string(rfc3797::sub_draw_count(static_cast<std::int64_t>(sel.size()))) + " sub-draws"
                         : "";
  if (rec.contains("pools")) subs = " in " + std::to_string(rec["pools"].size()) + " risk-grade pools";
  if (!rec.contains("inspections")) return {0, "OK: " + std::to_string(sel.size()) + " objects" + subs};
  if (auto c = check_list(rec, "inspectors"); c.code) return c;
  if (!rec["inspections"].is_array()) return unreadable("inspections is not a list");
  std::set<std::int64_t> objects(sel.begin(), sel.end());
  auto pool = static_cast<std::int64_t>(rec["inspectors"]["candidates"].size());
  std::set<std::int64_t> covered;
  for (std::size_t n = 0; n < rec["inspections"].size(); ++n) {
    if (auto c = check_inspection(rec["inspections"][n], key, pool, objects, n); c.code) return c;
    covered.insert(rec["inspections"][n]["object_position"].get<std::int64_t>());
  }
  if (covered != objects) return differs("inspections: not every drawn object has its inspector draw");
  return {0, "OK: " + std::to_string(sel.size()) + " objects" + subs + ", " + std::to_string(rec["inspections"].size()) + " inspector draws"};
}

}  // namespace zhifa::inspection
