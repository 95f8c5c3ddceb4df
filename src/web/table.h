#pragma once
// The data behind the design system's list partials (templates/part/table.html, pager.html,
// filter_bar.html): sortable column headers as links, page numbers and page size, filters as a
// GET form — all plain links and forms, so lists work without JavaScript. Routes build rows of
// cells; these helpers do the rest the same way on every list.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/http/message.h"

namespace zhifa::web {

struct Column {
  std::string key;      // the sort key the service accepts; empty: not sortable
  std::string label;
  std::string cls;      // "date", "num", "nowrap"
};

struct Paging {
  int page = 1;
  int per_page = 20;
  std::string sort;
  bool desc = true;
};

inline constexpr int kPageSizes[] = {10, 20, 50, 100};

// ?page, ?per_page (one of kPageSizes), ?sort (one of the columns' keys), ?dir=asc|desc.
Paging paging_of(const http::Request& req, const std::vector<Column>& columns, const std::string& default_sort,
                 bool default_desc = true);

// This page's URL with some query parameters replaced (an empty value removes one).
std::string href_with(const http::Request& req, std::initializer_list<std::pair<std::string, std::string>> changes);

// One cell: text, and optionally a link, a tag (a small label), a second line, a class.
nlohmann::json cell(std::string text, std::string href = "", std::string cls = "");

// The table: {columns (sort links, aria-sort), rows (each cell labelled for the phone's card
// view), has_rows, total_text ("共 1000+ 条"), pager, empty}. `rows`: [{"cls", "cells": [cell…]}].
nlohmann::json table_json(const http::Request& req, const std::vector<Column>& columns, nlohmann::json rows,
                          const Paging& paging, std::int64_t total, bool capped, nlohmann::json empty);

// A filter bar field: a select (options as {value, label}) or an input (type text, search, date).
nlohmann::json filter_select(const std::string& name, const std::string& label, const std::string& value,
                             const std::vector<std::pair<std::string, std::string>>& options);
nlohmann::json filter_input(const std::string& name, const std::string& label, const std::string& type,
                            const std::string& value, const std::string& placeholder = "");

}  // namespace zhifa::web
