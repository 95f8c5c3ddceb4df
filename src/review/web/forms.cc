#include "review/web/forms.h"

#include "law/labels.h"
#include <algorithm>

#include "law/money.h"
#include "platform/http/util.h"

namespace zhifa::review {

using nlohmann::json;

DecisionFacts facts_from(web::Input& in, const http::Request& req, std::int64_t agency_id, std::int64_t case_id) {
  DecisionFacts f;
  f.agency_id = agency_id;
  f.case_id = case_id;
  f.category = in.text("category");
  f.matter_code = in.text("matter_code");
  f.party_kind = in.text("party_kind");
  f.fine_fen = in.yuan("fine").value_or(0);
  f.confiscation_fen = in.yuan("confiscation").value_or(0);
  if (in.is_json()) {
    if (const json* m = in.raw("measures"); m && m->is_array())
      for (auto& x : *m)
        if (x.is_string()) f.measures.push_back(x.get<std::string>());
  } else {
    f.measures = req.form_all("measures");
  }
  f.hearing_held = in.flag("hearing_held");
  f.outside_discretion_benchmark = in.flag("outside_benchmark");
  f.complex = in.flag("complex");
  f.major_social_impact = in.flag("social_impact");
  return f;
}

std::vector<Material> materials_from_text(const std::string& text) {
  std::vector<Material> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t\r");
    auto e = cur.find_last_not_of(" \t\r");
    if (b != std::string::npos) out.push_back({cur.substr(b, e - b + 1), ""});
    cur.clear();
  };
  for (char c : text) {
    if (c == '\n') flush();
    else cur += c;
  }
  flush();
  return out;
}

std::vector<std::string> participants_from_text(const std::string& parts) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i <= parts.size(); ++i) {
    bool sep = i == parts.size() || parts[i] == ',' || parts[i] == '\n';
    if (!sep && i + 3 <= parts.size() && (parts.compare(i, 3, "，") == 0 || parts.compare(i, 3, "、") == 0)) {
      sep = true;
      i += 2;
    }
    if (sep) {
      auto b = cur.find_first_not_of(" \t\r"), e = cur.find_last_not_of(" \t\r");
      if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += parts[i];
    }
  }
  return out;
}

std::vector<ElementAnswer> element_answers_from(web::Input& in, json& typed) {
  std::vector<ElementAnswer> answers;
  typed = json::object();
  for (int e = 1; e <= kElementCount; ++e) {
    std::string a = in.text("answer_" + std::to_string(e)), c = in.text("comment_" + std::to_string(e));
    typed[std::to_string(e)] = {{"answer", a}, {"comment", c}};
    if (!a.empty() || !c.empty()) answers.push_back({e, a, c});
  }
  return answers;
}

CatalogRule rule_from(web::Input& in, std::int64_t agency_id) {
  CatalogRule r;
  r.id = http::parse_id(in.text("rule_id")).value_or(0);
  r.agency_id = agency_id;
  r.code = in.text("code");
  r.name = in.text("name");
  r.category = in.text("category");
  r.matter_code = in.text("matter_code");
  r.party_kind = in.text("party_kind");
  r.measure = in.text("measure");
  r.requires_hearing = in.flag("requires_hearing");
  r.requires_outside_benchmark = in.flag("requires_outside_benchmark");
  r.requires_complex = in.flag("requires_complex");
  r.requires_social_impact = in.flag("requires_social_impact");
  r.legal_source = in.text("legal_source");
  r.min_fine_fen = in.yuan("min_fine");
  r.min_confiscation_fen = in.yuan("min_confiscation");
  return r;
}

namespace {

json category_options(const std::string& selected, bool any) {
  json out = json::array();
  if (any) out.push_back({{"value", ""}, {"label", "（不限）"}, {"selected", selected.empty()}});
  for (auto& c : categories()) out.push_back({{"value", c}, {"label", c}, {"selected", c == selected}});
  return out;
}

json measure_options(const std::vector<std::string>& selected) {
  json out = json::array();
  for (auto& [k, v] : measure_labels())
    out.push_back({{"value", k}, {"label", v}, {"checked", std::find(selected.begin(), selected.end(), k) != selected.end()}});
  return out;
}

json party_options(const std::string& selected, bool any) {
  json out = json::array();
  if (any) out.push_back({{"value", ""}, {"label", "（不限）"}, {"selected", selected.empty()}});
  out.push_back({{"value", "person"}, {"label", std::string(law::party_kind_label("person"))}, {"selected", selected == "person"}});
  out.push_back({{"value", "organisation"}, {"label", std::string(law::party_kind_label("organisation"))}, {"selected", selected == "organisation"}});
  return out;
}

}  // namespace

json facts_form(const DecisionFacts& f) {
  return {{"matter_code", f.matter_code},
          {"fine", f.fine_fen ? law::format_yuan(f.fine_fen) : ""},
          {"confiscation", f.confiscation_fen ? law::format_yuan(f.confiscation_fen) : ""},
          {"hearing_held", f.hearing_held},
          {"outside_benchmark", f.outside_discretion_benchmark},
          {"complex", f.complex},
          {"social_impact", f.major_social_impact},
          {"categories", category_options(f.category, false)},
          {"parties", party_options(f.party_kind, false)},
          {"measures", measure_options(f.measures)}};
}

std::string materials_text(const json& materials) {
  std::string s;
  if (materials.is_array())
    for (auto& m : materials) s += m.value("name", std::string()) + "\n";
  return s;
}

json rule_form_json(const CatalogRule& r) {
  json measures = json::array();
  measures.push_back({{"value", ""}, {"label", "（不限）"}, {"selected", r.measure.empty()}});
  for (auto& [k, v] : measure_labels()) measures.push_back({{"value", k}, {"label", v}, {"selected", k == r.measure}});
  return {{"id", r.id ? json(r.id) : json(nullptr)},
          {"code", r.code},
          {"name", r.name},
          {"matter_code", r.matter_code},
          {"min_fine", r.min_fine_fen ? law::format_yuan(*r.min_fine_fen) : ""},
          {"min_confiscation", r.min_confiscation_fen ? law::format_yuan(*r.min_confiscation_fen) : ""},
          {"requires_hearing", r.requires_hearing},
          {"requires_outside_benchmark", r.requires_outside_benchmark},
          {"requires_complex", r.requires_complex},
          {"requires_social_impact", r.requires_social_impact},
          {"legal_source", r.legal_source},
          {"categories", category_options(r.category, true)},
          {"parties", party_options(r.party_kind, true)},
          {"measure_options", measures}};
}

}  // namespace zhifa::review
