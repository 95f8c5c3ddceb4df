#include "recording/case.h"

#include <algorithm>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "platform/core/clock.h"

namespace zhifa::recording {

using json = nlohmann::json;

namespace {

bool decimal(const std::string& s, double lo, double hi) {
  if (s.empty() || s.size() > 20) return false;
  std::size_t pos = 0;
  try {
    double v = std::stod(s, &pos);
    return pos == s.size() && v >= lo && v <= hi;
  } catch (...) {
    return false;
  }
}

}  // namespace

std::vector<std::string> Case::decision_measures() const {
  std::vector<std::string> out;
  if (warning) out.push_back("warning");
  if (fine_fen > 0) out.push_back("fine");
  if (confiscation_fen > 0) out.push_back("confiscate");
  for (const auto& m : measures)
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  return out;
}

std::vector<std::string> Case::measures_outside_band() const {
  std::vector<std::string> out;
  if (band_facts.empty() || band_measures.empty()) return out;
  for (const auto& m : decision_measures())
    if (std::find(band_measures.begin(), band_measures.end(), m) == band_measures.end()) out.push_back(m);
  return out;
}

bool Case::fine_outside_band() const {
  if (band_facts.empty()) return false;
  if (fine_fen == 0 && !band_measures.empty()) return false;  // no fine: the band's kinds decide
  return (band_min_fen && fine_fen < *band_min_fen) || (band_max_fen && fine_fen > *band_max_fen);
}

// 国办发〔2018〕118号, 行政处罚法 第三十四条: outside the benchmark — the amount or the kind.
bool Case::outside_band() const { return fine_outside_band() || !measures_outside_band().empty(); }

std::string procedure_for_category(const std::string& category) {
  if (category == "行政强制") return "seizure";
  if (category == "行政许可") return "licence";
  if (category == "行政处罚") return "penalty";
  if (category == "行政检查") return "inspection";
  if (category == "行政确认") return "confirmation";
  return "";
}


FieldErrors validate_party(const Party& p) {
  FieldErrors e;
  if (p.kind != "person" && p.kind != "organisation") e["party_kind"] = "请选择当事人类型（公民或者法人、其他组织）";
  if (p.name.empty()) e["party_name"] = "请填写当事人名称或者姓名";
  else if (p.name.size() > 200) e["party_name"] = "名称过长";
  if (p.kind == "person") {
    // GB 11643: 18 characters with the ISO 7064 MOD 11-2 check character.
    if (auto s = law::check_resident_id(p.id_number, law::Date::parse(clock::today_beijing()).ok()
                                                         ? std::optional<law::Date>(*law::Date::parse(clock::today_beijing()))
                                                         : std::nullopt);
        !s)
      e["party_id_number"] = "公民身份号码不正确：" + s.error().message;
  } else if (p.kind == "organisation") {
    // GB 32100-2015.
    if (auto s = law::check_uscc(p.id_number); !s) e["party_id_number"] = "统一社会信用代码不正确：" + s.error().message;
  }
  if (!p.phone.empty() && p.phone.size() > 40) e["party_phone"] = "电话过长";
  if (p.address.size() > 400) e["party_address"] = "地址过长";
  return e;
}

FieldErrors validate_location(const Location& l) {
  FieldErrors e;
  if (!l.latitude.empty() || !l.longitude.empty()) {
    if (!decimal(l.latitude, -90, 90)) e["latitude"] = "纬度不正确";
    if (!decimal(l.longitude, -180, 180)) e["longitude"] = "经度不正确";
  }
  if (!l.accuracy_m.empty() && !decimal(l.accuracy_m, 0, 1e6)) e["accuracy_m"] = "精度不正确";
  if (l.place.size() > 400) e["place"] = "地点过长";
  return e;
}

json location_json(const Location& l) {
  json j = json::object();
  if (!l.latitude.empty()) j["latitude"] = l.latitude;
  if (!l.longitude.empty()) j["longitude"] = l.longitude;
  if (!l.accuracy_m.empty()) j["accuracy_m"] = l.accuracy_m;
  if (!l.place.empty()) j["place"] = l.place;
  return j;
}

Case case_from_row(const store::Row& r) {
  Case c;
  c.id = r.integer("id");
  c.agency_id = r.integer("agency_id");
  c.lead_officer_id = r.integer("lead_officer_id");
  c.matter_id = r.opt_integer("matter_id");
  c.co_officer_id = r.opt_integer("co_officer_id");
  c.case_no = r.text("case_no");
  c.procedure_id = r.text("procedure_id");
  c.matter_code = r.text("matter_code");
  c.matter_name = r.text("matter_name");
  c.category = r.text("category");
  c.title = r.text("title");
  c.step = r.text("step");
  c.status = r.text("status");
  c.party = {r.text("party_kind"), r.text("party_name"), r.text("party_id_number"), r.text("party_address"), r.text("party_phone")};
  c.facts = r.text("facts");
  c.fine_fen = r.integer("fine_fen");
  c.warning = r.integer("warning") != 0;
  c.confiscation_fen = r.integer("confiscation_fen");
  auto m = nlohmann::json::parse(r.text("measures"), nullptr, false);
  if (m.is_array())
    for (auto& x : m)
      if (x.is_string()) c.measures.push_back(x.get<std::string>());
  c.complex = r.integer("is_complex") != 0;
  c.social_impact = r.integer("social_impact") != 0;
  c.proposed_decision = r.text("proposed_decision");
  c.band_facts = r.text("band_facts");
  c.band_penalty = r.text("band_penalty");
  c.band_min_fen = r.opt_integer("band_min_fen");
  c.band_max_fen = r.opt_integer("band_max_fen");
  auto bm = nlohmann::json::parse(r.text("band_measures"), nullptr, false);
  if (bm.is_array())
    for (auto& x : bm)
      if (x.is_string()) c.band_measures.push_back(x.get<std::string>());
  c.outside_band_reason = r.text("outside_band_reason");
  c.opened_on = r.text("opened_on");
  c.created_at = r.text("created_at");
  c.updated_at = r.text("updated_at");
  c.agency_name = r.text("agency_name");
  c.lead_officer_name = r.text("lead_name");
  c.co_officer_name = r.text("co_name");
  return c;
}

Document document_from_row(const store::Row& r) {
  Document d;
  d.id = r.integer("id");
  d.case_id = r.integer("case_id");
  d.created_by = r.integer("created_by");
  d.replaces_id = r.opt_integer("replaces_id");
  d.signed_by = r.opt_integer("signed_by");
  d.kind = r.text("kind");
  d.name = r.text("name");
  d.body = r.text("body");
  d.status = r.text("status");
  d.doc_number = r.text("doc_number");
  d.created_at = r.text("created_at");
  d.updated_at = r.text("updated_at");
  d.signed_at = r.text("signed_at");
  d.pdf_sha256 = r.text("pdf_sha256");
  d.pdf_size = r.integer("pdf_size");
  d.signer_name = r.text("signer_name");
  return d;
}

Act act_from_row(const store::Row& r) {
  Act a;
  a.id = r.integer("id");
  a.actor_id = r.integer("actor_id");
  a.transition = r.text("transition");
  a.label = r.text("label");
  a.from_step = r.text("from_step");
  a.to_step = r.text("to_step");
  a.actor_name = r.text("actor_name");
  a.at = r.text("at");
  a.on_date = r.text("on_date");
  a.note = r.text("note");
  a.location = {r.text("latitude"), r.text("longitude"), r.text("accuracy_m"), r.text("place")};
  return a;
}

std::string chinese_date(const std::string& iso) { return clock::chinese_date(iso); }

std::string today_or(const std::string& date) { return date.empty() ? clock::today_beijing() : date; }

std::string utf8_prefix(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace zhifa::recording
