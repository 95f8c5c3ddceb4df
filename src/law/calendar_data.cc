// Reading and writing notices: the holiday-cn format, data/calendar.json, and the store tables.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "platform/store/database.h"

namespace zhifa::law {
namespace {

using nlohmann::json;

Result<json> parse_json(std::string_view text, const std::string& what) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return Error::invalid(what + " is not valid JSON: " + e.what(), "json");
  }
}

// Reads the parts common to both formats: year, papers, and the day list via read_day.
Result<Notice> read_notice(const json& j, const std::string& what, const char* off_key) {
  if (!j.is_object()) return Error::invalid(what + ": expected an object", "notice");
  Notice n;
  auto year = j.find("year");
  if (year == j.end() || !year->is_number_integer())
    return Error::invalid(what + ": \"year\" must be an integer", "year");
  n.year = year->get<int>();
  const std::string where = what + " (year " + std::to_string(n.year) + ")";
  if (n.year < Calendar::first_day().year())
    return Error::invalid(where + " is before the first notice (" + Calendar::first_day().str() + ")", "year");
  if (n.year > 2100) return Error::invalid(where + ": year is implausible", "year");
  auto papers = j.find("papers");
  if (papers == j.end() || !papers->is_array())
    return Error::invalid(where + ": \"papers\" must be an array of notice URLs", "papers");
  for (const auto& p : *papers) {
    if (!p.is_string()) return Error::invalid(where + ": every paper must be a URL string", "papers");
    std::string url = p.get<std::string>();
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
      return Error::invalid(where + ": paper \"" + url + "\" is not an http(s) URL", "papers");
    n.papers.push_back(std::move(url));
  }
  auto days = j.find("days");
  if (days == j.end() || !days->is_array()) return Error::invalid(where + ": \"days\" must be an array", "days");
  const Date lo = *Date::from_ymd(n.year - 1, 12, 1), hi = *Date::from_ymd(n.year, 12, 31);
  std::set<Date> seen;
  for (std::size_t i = 0; i < days->size(); ++i) {
    const json& d = (*days)[i];
    const std::string at = where + " day #" + std::to_string(i + 1);
    if (!d.is_object()) return Error::invalid(at + ": expected an object", "days");
    auto date = d.find("date");
    auto name = d.find("name");
    auto off = d.find(off_key);
    if (date == d.end() || !date->is_string()) return Error::invalid(at + ": \"date\" must be a string", "date");
    if (name == d.end() || !name->is_string() || name->get<std::string>().empty())
      return Error::invalid(at + ": \"name\" must be a non-empty string", "name");
    if (off == d.end() || !off->is_boolean())
      return Error::invalid(at + ": \"" + std::string(off_key) + "\" must be true or false", off_key);
    auto parsed = Date::parse(date->get<std::string>());
    if (!parsed) return Error::invalid(at + ": " + parsed.error().message, "date");
    if (*parsed < lo || *parsed > hi)
      return Error::invalid(at + ": " + parsed->str() + " is outside " + lo.str() + " … " + hi.str() +
                            " (a notice names days of its year and the last days of the previous one)", "date");
    if (!seen.insert(*parsed).second) return Error::invalid(at + ": " + parsed->str() + " is listed twice", "date");
    n.days.push_back({*parsed, off->get<bool>(), name->get<std::string>()});
  }
  if (!n.days.empty() && n.papers.empty())
    return Error::invalid(where + ": names days but gives no notice URL in \"papers\"", "papers");
  std::sort(n.days.begin(), n.days.end(), [](const NoticeDay& a, const NoticeDay& b) { return a.date < b.date; });
  return n;
}

}  // namespace

Result<Notice> parse_holiday_cn(std::string_view text) {
  auto j = parse_json(text, "holiday-cn file");
  if (!j) return j.error();
  return read_notice(*j, "holiday-cn file", "isOffDay");
}

Result<std::vector<Notice>> parse_calendar_json(std::string_view text) {
  auto j = parse_json(text, "calendar file");
  if (!j) return j.error();
  if (!j->is_object() || !j->contains("notices") || !(*j)["notices"].is_array())
    return Error::invalid("calendar file: expected {\"notices\": [...]}", "notices");
  std::vector<Notice> out;
  for (const json& n : (*j)["notices"]) {
    auto notice = read_notice(n, "calendar file notice", "off");
    if (!notice) return notice.error();
    out.push_back(std::move(*notice));
  }
  return out;
}

std::string calendar_json(const std::vector<Notice>& notices) {
  json arr = json::array();
  for (const Notice& n : notices) {
    json days = json::array();
    for (const NoticeDay& d : n.days) days.push_back({{"date", d.date.str()}, {"off", d.off}, {"name", d.name}});
    arr.push_back({{"year", n.year}, {"papers", n.papers}, {"days", std::move(days)}});
  }
  return json{{"notices", std::move(arr)}}.dump(1);
}

// ---- Store ----
// law_calendar_days.source is "notice:YYYY". A date two notices name keeps the later notice's
// entry (the ON CONFLICT … WHERE), so importing an older year again cannot undo a cross-year move.

Status store_notice(store::Tx& tx, const Notice& notice) {
  if (notice.year < Calendar::first_day().year())
    return Error::invalid("notice " + std::to_string(notice.year) + " is before the first notice", "year");
  if (notice.papers.empty()) return Error::invalid("a notice needs at least one paper URL", "papers");
  char source[24];
  std::snprintf(source, sizeof source, "notice:%04d", notice.year);
  if (auto r = tx.exec("DELETE FROM law_calendar_days WHERE source = ?", {std::string(source)}); !r) return r.error();
  if (auto r = tx.exec(
          "INSERT INTO law_calendar_notices(year, papers) VALUES(?, ?) "
          "ON CONFLICT(year) DO UPDATE SET papers = excluded.papers",
          {std::int64_t{notice.year}, json(notice.papers).dump()});
      !r)
    return r.error();
  for (const NoticeDay& d : notice.days) {
    auto r = tx.exec(
        "INSERT INTO law_calendar_days(date, off, name, source) VALUES(?, ?, ?, ?) "
        "ON CONFLICT(date) DO UPDATE SET off = excluded.off, name = excluded.name, source = excluded.source "
        "WHERE law_calendar_days.source <= excluded.source",
        {d.date.str(), std::int64_t{d.off ? 1 : 0}, d.name, std::string(source)});
    if (!r) return r.error();
  }
  return {};
}

Result<std::vector<Notice>> load_stored_notices(store::Tx& tx) {
  std::map<int, Notice> by_year;
  auto notices = tx.query("SELECT year, papers FROM law_calendar_notices ORDER BY year");
  if (!notices) return notices.error();
  for (const auto& row : *notices) {
    Notice n;
    n.year = static_cast<int>(row.integer(0));
    json papers = json::parse(row.text(1), nullptr, false);
    if (papers.is_array())
      for (const auto& p : papers)
        if (p.is_string()) n.papers.push_back(p.get<std::string>());
    by_year[n.year] = std::move(n);
  }
  auto days = tx.query("SELECT date, off, name, source FROM law_calendar_days ORDER BY date");
  if (!days) return days.error();
  for (const auto& row : *days) {
    const std::string& source = row.text(3);
    if (source.rfind("notice:", 0) != 0) continue;
    int year = std::atoi(source.c_str() + 7);
    auto it = by_year.find(year);
    if (it == by_year.end()) continue;
    auto date = Date::parse(row.text(0));
    if (!date) return Error::internal("law_calendar_days: " + date.error().message);
    it->second.days.push_back({*date, row.integer(1) != 0, row.text(2)});
  }
  std::vector<Notice> out;
  for (auto& [y, n] : by_year) out.push_back(std::move(n));
  return out;
}

Result<Calendar> load_calendar(store::Tx& tx) {
  auto stored = load_stored_notices(tx);
  if (!stored) return stored.error();
  if (stored->empty()) return Calendar::official();
  // A stored notice replaces the official one for its year. Days of an official notice that a
  // stored later notice overrode were deleted from the stored copy only, so merging by year is
  // exact: Calendar applies notices in year order.
  return Calendar::official().with_notices(*stored);
}

}  // namespace zhifa::law
