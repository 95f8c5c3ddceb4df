#pragma once
// The one label table for the codes people must never see raw: party kinds, agency kinds (and
// the enforcement categories, which are their own labels: law/categories.h). Pages, documents,
// the API's *_label fields and error messages all take their wording from here.
#include <string_view>

namespace zhifa::law {

// 当事人: APL art. 2 and art. 9 speak of 公民、法人或者其他组织.
inline std::string_view party_kind_label(std::string_view kind) {
  if (kind == "person") return "公民";
  if (kind == "organisation") return "法人或者其他组织";
  return "未知当事人类型";
}

// 执法主体的层级.
inline std::string_view agency_kind_label(std::string_view kind) {
  if (kind == "city") return "市级";
  if (kind == "county") return "县（市、区）级";
  if (kind == "zone") return "功能区";
  if (kind == "other") return "其他";
  return "未知类型";
}

}  // namespace zhifa::law
