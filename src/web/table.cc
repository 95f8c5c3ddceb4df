#include "web/table.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "platform/http/util.h"

namespace zhifa::web {

using json = nlohmann::json;

namespace {

int to_int(std::string_view s, int fallback) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() ? v : fallback;
}

}  // namespace

Paging paging_of(const http::Request& req, const std::vector<Column>& columns, const std::string& default_sort,
                 bool default_desc) {
  Paging p;
  p.page = std::max(1, to_int(req.query_param("page"), 1));
  int size = to_int(req.query_param("per_page"), 20);
  p.per_page = std::find(std::begin(kPageSizes), std::end(kPageSizes), size) != std::end(kPageSizes) ? size : 20;
  std::string sort(req.query_param("sort"));
  bool known = std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return !c.key.empty() && c.key == sort; });
  p.sort = known ? sort : default_sort;
  std::string dir(req.query_param("dir"));
  p.desc = known ? dir != "asc" : default_desc;
  return p;
}

std::string href_with(const http::Request& req, std::initializer_list<std::pair<std::string, std::string>> changes) {
  std::map<std::string, std::string> q = req.query;
  for (const auto& [k, v] : changes) {
    if (v.empty()) q.erase(k);
    else q[k] = v;
  }
  std::string out = req.path;
  char sep = '?';
  for (const auto& [k, v] : q) {
    if (v.empty()) continue;
    out += sep + http::url_encode(k) + "=" + http::url_encode(v);
    sep = '&';
  }
  return out;
}

json cell(std::string text, std::string href, std::string cls) {
  return {{"text", std::move(text)}, {"href", std::move(href)}, {"cls", std::move(cls)}, {"tag", ""}, {"tag_cls", ""}, {"sub", ""}};
}

json table_json(const http::Request& req, const std::vector<Column>& columns, json rows, const Paging& paging,
                std::int64_t total, bool capped, json empty) {
  json cols = json::array();
  for (const auto& c : columns) {
    json col{{"label", c.label}, {"cls", c.cls}, {"href", ""}, {"mark", ""}, {"aria_sort", ""}};
    if (!c.key.empty()) {
      bool sorted = paging.sort == c.key;
      bool next_desc = sorted ? !paging.desc : (c.cls == "date");
      col["href"] = href_with(req, {{"sort", c.key}, {"dir", next_desc ? "desc" : "asc"}, {"page", ""}});
      if (sorted) {
        col["mark"] = paging.desc ? "↓" : "↑";
        col["aria_sort"] = paging.desc ? "descending" : "ascending";
      }
    }
    cols.push_back(col);
  }
  // Every key a cell may use is set, so that a cell never shows its row's value of the same name.
  for (auto& r : rows) {
    if (!r.contains("cls")) r["cls"] = "";
    auto& cells = r["cells"];
    for (std::size_t i = 0; i < cells.size(); ++i) {
      json base = cell("");
      base.update(cells[i]);
      base["label"] = i < columns.size() ? columns[i].label : "";
      if (base["cls"].get<std::string>().empty() && i < columns.size()) base["cls"] = columns[i].cls;
      cells[i] = base;
    }
  }
  const int pages = static_cast<int>(std::max<std::int64_t>(1, (total + paging.per_page - 1) / paging.per_page));
  const int last = capped ? std::max(pages, paging.page + 1) : pages;
  json numbers = json::array();
  int prev_shown = 0;
  for (int n = 1; n <= last; ++n) {
    bool show = n == 1 || (n == last && !capped) || std::abs(n - paging.page) <= 2;
    if (!show) continue;
    if (prev_shown && n > prev_shown + 1) numbers.push_back({{"gap", true}});
    numbers.push_back({{"n", n}, {"href", href_with(req, {{"page", std::to_string(n)}})}, {"current", n == paging.page}, {"gap", false}});
    prev_shown = n;
  }
  json sizes = json::array();
  for (int s : kPageSizes) sizes.push_back({{"value", s}, {"selected", s == paging.per_page}});
  json hidden = json::array();
  for (const auto& [k, v] : req.query)
    if (k != "per_page" && k != "page" && !v.empty()) hidden.push_back({{"name", k}, {"value", v}});
  json pager{{"pages", numbers}, {"sizes", sizes}, {"hidden", hidden}, {"action", req.path},
             {"prev_href", paging.page > 1 ? href_with(req, {{"page", std::to_string(paging.page - 1)}}) : ""},
             {"next_href", paging.page < last ? href_with(req, {{"page", std::to_string(paging.page + 1)}}) : ""}};
  std::string count = capped ? std::to_string(total) + "+" : std::to_string(total);
  bool has_rows = !rows.empty();
  return {{"columns", cols},
          {"rows", std::move(rows)},
          {"has_rows", has_rows},
          {"total_text", "共 " + count + " 条，第 " + std::to_string(paging.page) + " 页"},
          {"pager", pager},
          {"empty", std::move(empty)}};
}

json filter_select(const std::string& name, const std::string& label, const std::string& value,
                   const std::vector<std::pair<std::string, std::string>>& options) {
  json opts = json::array();
  for (const auto& [v, l] : options) opts.push_back({{"value", v}, {"label", l}, {"selected", v == value}});
  return {{"name", name}, {"label", label}, {"select", true}, {"options", opts}, {"grow", false}};
}

json filter_input(const std::string& name, const std::string& label, const std::string& type, const std::string& value,
                  const std::string& placeholder) {
  return {{"name", name}, {"label", label}, {"select", false}, {"type", type}, {"value", value},
          {"placeholder", placeholder}, {"grow", type == "search"}};
}

}  // namespace zhifa::web
