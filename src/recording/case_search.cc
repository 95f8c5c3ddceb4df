#include "recording/case_search.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/categories.h"
#include "org/directory.h"
#include "platform/core/clock.h"
#include "recording/deadlines.h"
#include "recording/views.h"

namespace zhifa::recording {

namespace {

// The sortable columns, by the name the page's links use: never SQL from the request.
const char* sort_column(const std::string& key) {
  if (key == "opened_on") return "c.opened_on";
  if (key == "case_no") return "c.case_no";
  if (key == "title") return "c.title";
  if (key == "party") return "c.party_name";
  if (key == "step") return "c.step";
  if (key == "updated") return "c.updated_at";
  return nullptr;
}

std::string like_pattern(const std::string& s) {
  std::string out = "%";
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

}  // namespace

Result<CasePage> search_cases(store::Tx& tx, const org::Principal& p, const CaseQuery& q) {
  if (q.status != "open" && q.status != "closed" && q.status != "all") return Error::invalid("案件状态只能是在办、已结案或全部", "status");
  if (!q.category.empty() && !law::is_enforcement_category(q.category)) return Error::invalid("没有这种执法类别", "category");
  if (!q.from.empty() && !law::Date::parse(q.from)) return Error::invalid("起始日期应为“年-月-日”", "from");
  if (!q.to.empty() && !law::Date::parse(q.to)) return Error::invalid("截止日期应为“年-月-日”", "to");
  const char* col = sort_column(q.sort);
  if (!col) return Error::invalid("不能按这一列排序", "sort");
  if (q.q.size() > 200) return Error::invalid("检索词过长（最多 200 字节）", "q");

  std::string where = "WHERE c.agency_id = ?";
  store::Params params{p.agency_id};
  if (q.status != "all") {
    where += " AND c.status = ?";
    params.push_back(q.status);
  }
  if (q.mine) {
    where += " AND (c.lead_officer_id = ? OR c.co_officer_id = ?)";
    params.insert(params.end(), {p.person_id, p.person_id});
  }
  if (q.officer_id) {
    where += " AND (c.lead_officer_id = ? OR c.co_officer_id = ?)";
    params.insert(params.end(), {*q.officer_id, *q.officer_id});
  }
  if (!q.category.empty()) {
    where += " AND c.category = ?";
    params.push_back(q.category);
  }
  if (!q.from.empty()) {
    where += " AND c.opened_on >= ?";
    params.push_back(q.from);
  }
  if (!q.to.empty()) {
    where += " AND c.opened_on <= ?";
    params.push_back(q.to);
  }
  if (!q.q.empty()) {
    where += " AND (c.case_no LIKE ? ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\' OR c.party_name LIKE ? ESCAPE '\\')";
    std::string pat = like_pattern(q.q);
    params.insert(params.end(), {pat, pat, pat});
  }

  CasePage out;
  out.per_page = std::clamp(q.per_page, 1, kCaseExportMax);
  out.page = std::max(q.page, 1);
  // The total, counted up to the cap: one more row than the cap says "more".
  // (LIMIT and OFFSET are numbers this function computed, written into the SQL as such.)
  auto n = tx.query_one("SELECT COUNT(*) FROM (SELECT 1 FROM rec_cases c " + where + " LIMIT " + std::to_string(kCaseCountCap + 1) + ") AS t",
                        params);
  if (!n) return n.error();
  out.total = *n ? (**n).integer(0) : 0;
  out.capped = out.total > kCaseCountCap;
  if (out.capped) out.total = kCaseCountCap;

  std::string dir = q.desc ? " DESC" : " ASC";
  const std::int64_t offset = static_cast<std::int64_t>(out.page - 1) * out.per_page;
  std::string sql = std::string(kCaseSelect) + where + " ORDER BY " + col + dir + ", c.id" + dir + " LIMIT " +
                    std::to_string(out.per_page) + " OFFSET " + std::to_string(offset);
  auto rows = tx.query(sql, params);
  if (!rows) return rows.error();
  for (auto& r : *rows) out.items.push_back(case_from_row(r));
  return out;
}

static nlohmann::json::array_t officers_json(store::Tx& tx, std::int64_t agency_id) {
  nlohmann::json::array_t out;
  auto people = org::list_people(tx, agency_id);
  if (!people) return out;
  for (const auto& person : *people)
    if (person.active && std::find(person.roles.begin(), person.roles.end(), "officer") != person.roles.end())
      out.push_back({{"id", person.id}, {"name", person.name}});
  return out;
}

Result<nlohmann::json> case_search_json(store::Tx& tx, const org::Principal& p, const CaseQuery& q) {
  auto page = search_cases(tx, p, q);
  if (!page) return page.error();
  nlohmann::json items = nlohmann::json::array();
  std::string today = clock::today_beijing();
  auto cal = law::load_calendar(tx);  // once for the whole page
  if (!cal) return cal.error();
  for (const auto& c : page->items) {
    nlohmann::json j = case_json(c);
    auto dl = case_deadlines(tx, c.id, today, *cal);
    if (!dl) return dl.error();
    for (const auto& d : *dl)
      if (d.state == "running" && (!j.contains("due") || d.due < j["due"].get<std::string>())) {
        j["due"] = d.due;
        j["overdue"] = d.overdue;
        j["warn"] = d.warn;
      }
    items.push_back(std::move(j));
  }
  return nlohmann::json{{"items", items},       {"cases", items},           {"page", page->page},
                        {"per_page", page->per_page}, {"total", page->total}, {"total_capped", page->capped},
                        {"officers", officers_json(tx, p.agency_id)}};
}

}  // namespace zhifa::recording
