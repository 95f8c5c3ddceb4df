#include "supervision/cases.h"

#include "law/categories.h"
#include "law/money.h"
#include "law/procedure.h"
#include "platform/core/clock.h"
#include "publicity/decisions.h"
#include "recording/oversight.h"
#include "recording/views.h"
#include "supervision/scope.h"
#include "supervision/xlsx.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

constexpr int kPageSize = 50;

std::string get(const Filter& f, const char* k) {
  auto it = f.find(k);
  return it == f.end() ? std::string() : it->second;
}

std::string step_name(const recording::CaseRow& c) {
  const law::Procedure* proc = law::find_procedure(c.procedure_id);
  const law::Step* st = proc ? proc->step(c.step) : nullptr;
  return st ? st->name : c.step;
}

// The query a filter asks for, checked: dates (both may be empty: no bound), the agency.
Result<recording::CaseQuery> query_of(store::Tx& tx, const org::Principal& p, const Filter& f, const std::string& today, Scope& scope) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, get(f, "agency"));
  if (!s) return s.error();
  scope = std::move(*s);
  recording::CaseQuery q;
  for (auto& a : scope.agencies) q.agency_ids.push_back(a.id);
  std::string from = get(f, "from"), to = get(f, "to");
  if (!from.empty() || !to.empty()) {
    auto period = parse_period(from.empty() ? "1900-01-01" : from, to.empty() ? today : to, today);
    if (!period) return period.error();
    q.from = from;
    q.to = to;
  }
  q.category = get(f, "category");
  q.matter_code = get(f, "matter");
  q.state = get(f, "state");
  std::string officer = get(f, "officer");
  if (!officer.empty()) {
    try {
      q.officer_id = std::stoll(officer);
    } catch (...) {
      return Error::invalid("执法人员须从列表中选择", "officer");
    }
  }
  q.overdue_only = get(f, "overdue") == "1";
  q.sort = get(f, "sort").empty() ? "opened_on" : get(f, "sort");
  q.desc = get(f, "dir") != "asc";
  q.today = today;
  return q;
}

json row_json(const recording::CaseRow& c) {
  return {{"id", c.id},
          {"agency", c.agency_name},
          {"case_no", c.case_no},
          {"title", c.title},
          {"category", c.category},
          {"matter", c.matter_name},
          {"step", step_name(c)},
          {"open", c.status == "open"},
          {"officer", c.lead_officer_name},
          {"opened_on", clock::chinese_date(c.opened_on)},
          {"due", c.next_due.empty() ? std::string() : clock::chinese_date(c.next_due)},
          {"overdue", c.overdue},
          {"fine", c.fine_fen > 0 ? law::format_yuan(c.fine_fen) + " 元" : std::string()}};
}

// The query string of the filter with one key changed ("" removes it), for sort and page links.
std::string href(const Filter& f, const std::string& key, const std::string& value) {
  Filter g = f;
  if (value.empty()) g.erase(key);
  else g[key] = value;
  std::string q;
  auto enc = [](const std::string& s) {
    std::string o;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char ch : s) {
      if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') o += static_cast<char>(ch);
      else o += '%', o += hex[ch >> 4], o += hex[ch & 15];
    }
    return o;
  };
  for (auto& [k, v] : g)
    if (!v.empty()) q += (q.empty() ? "?" : "&") + enc(k) + "=" + enc(v);
  return q;
}

}  // namespace

Result<json> case_list(store::Tx& tx, const org::Principal& p, const Filter& f, const std::string& today) {
  Scope scope;
  auto q = query_of(tx, p, f, today, scope);
  if (!q) return q.error();
  int page = 1;
  try {
    page = std::clamp(std::stoi(get(f, "page").empty() ? "1" : get(f, "page")), 1, 100000);
  } catch (...) {
  }
  q->limit = kPageSize;
  q->offset = (page - 1) * kPageSize;
  auto res = recording::search_cases(tx, *q);
  if (!res) return res.error();
  json rows = json::array();
  for (auto& c : res->rows) rows.push_back(row_json(c));
  auto all = supervised(tx, p);
  if (!all) return all.error();
  json agencies = json::array();
  for (auto& a : all->agencies) agencies.push_back({{"code", a.code}, {"name", a.name}, {"selected", a.code == get(f, "agency")}});
  json categories = json::array();
  for (auto& c : law::enforcement_categories()) categories.push_back({{"name", c}, {"selected", c == get(f, "category")}});
  std::vector<std::int64_t> ids(all->ids.begin(), all->ids.end());
  auto officers = recording::case_officers(tx, ids);
  if (!officers) return officers.error();
  json oj = json::array();
  for (auto& [id, name] : *officers) oj.push_back({{"id", id}, {"name", name}, {"selected", std::to_string(id) == get(f, "officer")}});
  std::int64_t pages = std::max<std::int64_t>(1, (res->total + kPageSize - 1) / kPageSize);
  json sorts = json::object();
  for (const char* k : {"opened_on", "case_no", "agency", "category", "due", "fine"}) {
    bool current = q->sort == k;
    sorts[k] = href(f, "sort", k) + (current && q->desc ? "&dir=asc" : "");
    Filter g = f;
    g.erase("page");
    g["sort"] = k;
    g["dir"] = current && q->desc ? "asc" : "desc";
    sorts[k] = href(g, "sort", k);
  }
  Filter nopage = f;
  nopage.erase("page");
  return json{{"rows", rows},
              {"total", res->total},
              {"page", page},
              {"pages", pages},
              {"prev", page > 1 ? href(f, "page", std::to_string(page - 1)) : std::string()},
              {"next", page < pages ? href(f, "page", std::to_string(page + 1)) : std::string()},
              {"export", href(nopage, "page", "")},
              {"sort", sorts},
              {"agencies", agencies},
              {"categories", categories},
              {"officers", oj},
              {"filter",
               {{"from", get(f, "from")}, {"to", get(f, "to")}, {"matter", get(f, "matter")}, {"open", get(f, "state") == "open"},
                {"closed", get(f, "state") == "closed"}, {"overdue", get(f, "overdue") == "1"}}}};
}

Result<std::string> case_export(store::Tx& tx, const org::Principal& p, const Filter& f, const std::string& today) {
  Scope scope;
  auto q = query_of(tx, p, f, today, scope);
  if (!q) return q.error();
  q->limit = 0;
  auto res = recording::search_cases(tx, *q);
  if (!res) return res.error();
  Sheet sheet{"执法案件", {{"执法主体", "案号", "案件名称", "执法类别", "执法事项", "当前环节", "状态", "承办人", "立案日期", "最近期限", "是否超期", "罚款（元）"}}};
  for (auto& c : res->rows)
    sheet.rows.push_back({c.agency_name, c.case_no, c.title, c.category, c.matter_name, step_name(c), c.status == "open" ? "在办" : "已办结",
                          c.lead_officer_name, clock::chinese_date(c.opened_on), c.next_due.empty() ? "" : clock::chinese_date(c.next_due),
                          c.overdue ? "已超期" : "", c.fine_fen > 0 ? law::format_yuan(c.fine_fen) : ""});
  return write_xlsx({sheet});
}

Result<json> case_view(store::Tx& tx, const org::Principal& p, std::int64_t case_id) {
  auto agency = recording::case_agency(tx, case_id);
  if (!agency) return agency.error();
  if (!*agency) return Error::not_found("案件不存在");
  if (auto st = require_supervising(tx, p, **agency, "案件不存在"); !st) return st.error();
  auto s = supervised(tx, p);
  if (!s) return s.error();
  org::Principal v = viewer(p, *s);
  auto ctx = recording::case_page_json(tx, v, case_id);
  if (!ctx) return ctx.error();
  // Supervision reads: no act, no draft, no extension, no colleague choice.
  (*ctx)["actions"] = json::array();
  (*ctx)["draftable"] = json::array();
  (*ctx)["has_draftable"] = false;
  (*ctx)["can_extend"] = false;
  (*ctx)["colleagues"] = json::array();
  // The drill-down: its publications (publicity's own page, read-only, web/drilldown.cc).
  auto pubs = publicity::decisions_of_case(tx, case_id);
  if (!pubs) return pubs.error();
  (*ctx)["publications"] = *pubs;
  return ctx;
}

}  // namespace zhifa::supervision
