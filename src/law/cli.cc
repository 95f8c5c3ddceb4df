#include "law/cli.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "law/identifiers.h"
#include "law/mask.h"
#include "platform/store/database.h"

namespace zhifa::law {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxCliDays = 3650;       // workday add N
constexpr std::int64_t kMaxCalendarSpan = 3660;  // calendar FROM TO

Result<std::int64_t> parse_count(std::string_view s) {
  if (s.empty() || s.size() > 9) return Error::invalid("N must be a whole number 0…" + std::to_string(kMaxCliDays) + ", got \"" + std::string(s) + "\"", "n");
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return Error::invalid("N must be a whole number 0…" + std::to_string(kMaxCliDays) + ", got \"" + std::string(s) + "\"", "n");
    v = v * 10 + (c - '0');
  }
  if (v > kMaxCliDays) return Error::invalid("N must be 0…" + std::to_string(kMaxCliDays) + ", got " + std::to_string(v), "n");
  return v;
}

std::string provisional_note(const Calendar& cal) {
  return "provisional: uses days after the last published holiday notice (" + std::to_string(cal.last_notice_year()) +
         "); weekdays assumed";
}

Result<Calendar> calendar_for(store::Database* db) {
  if (!db) return Calendar::official();
  std::optional<Calendar> cal;
  auto st = db->read([&](store::Tx& tx) -> Status {
    auto c = load_calendar(tx);
    if (!c) return c.error();
    cal = std::move(*c);
    return {};
  });
  if (!st) return st.error();
  return std::move(*cal);
}

struct CalendarRange {
  Date from, to;
};

Result<CalendarRange> parse_range(std::string_view from, std::string_view to, const Calendar& cal) {
  auto a = Date::parse(from, "from");
  if (!a) return a.error();
  auto b = Date::parse(to, "to");
  if (!b) return b.error();
  if (*b < *a) return Error::invalid("the end date " + b->str() + " is before the start date " + a->str(), "to");
  if (b->serial() - a->serial() >= kMaxCalendarSpan)
    return Error::invalid("at most " + std::to_string(kMaxCalendarSpan) + " days at once", "to");
  if (*a < Calendar::first_day()) {
    auto st = cal.day(*a);  // the "before the first notice" message
    return st.error();
  }
  return CalendarRange{*a, *b};
}

Status check_kind(std::string_view kind, std::string_view value) {
  if (kind == "id") return check_resident_id(value);
  if (kind == "uscc") return check_uscc(value);
  if (kind == "mobile") return check_mobile(value);
  if (kind == "bank_card") return check_bank_card(value);
  return Error::invalid("unknown kind \"" + std::string(kind) + "\" (id, uscc, mobile, bank_card)", "kind");
}

json spans_json(const std::vector<MaskSpan>& spans) {
  json arr = json::array();
  for (const auto& s : spans)
    arr.push_back({{"kind", mask_kind_name(s.kind)},
                   {"start", s.start},
                   {"end", s.end},
                   {"original", s.original},
                   {"replacement", s.replacement}});
  return arr;
}

Result<std::vector<MaskSpan>> spans_from_json(const json& arr) {
  if (!arr.is_array()) return Error::invalid("\"spans\" must be an array", "spans");
  std::vector<MaskSpan> out;
  for (const auto& s : arr) {
    if (!s.is_object() || !s.contains("start") || !s.contains("end") || !s["start"].is_number_unsigned() ||
        !s["end"].is_number_unsigned())
      return Error::invalid("every span needs non-negative integer \"start\" and \"end\"", "spans");
    MaskSpan span;
    auto kind = parse_mask_kind(s.value("kind", "manual"));
    if (!kind) return kind.error();
    span.kind = *kind;
    span.start = s["start"].get<std::size_t>();
    span.end = s["end"].get<std::size_t>();
    if (s.contains("original") && !s["original"].is_string()) return Error::invalid("span \"original\" must be a string", "spans");
    if (!s.contains("replacement") || !s["replacement"].is_string())
      return Error::invalid("every span needs a string \"replacement\"", "spans");
    span.original = s.value("original", "");
    span.replacement = s["replacement"].get<std::string>();
    out.push_back(std::move(span));
  }
  return out;
}

LawApiReply error_reply(const Error& e) {
  return {http_status(e.kind), json{{"error", e.message}, {"field", e.field}}.dump()};
}

LawApiReply ok_reply(const json& j) { return {200, j.dump()}; }

Result<std::string> need(const LawQuery& q, const char* key) {
  auto it = q.find(key);
  if (it == q.end() || it->second.empty()) return Error::invalid(std::string("missing parameter \"") + key + "\"", key);
  return it->second;
}

Result<json> parse_body(std::string_view body) {
  if (auto st = check_utf8(body, "body"); !st) return st.error();
  try {
    json j = json::parse(body.begin(), body.end());
    if (!j.is_object()) return Error::invalid("the body must be a JSON object", "body");
    return j;
  } catch (const json::exception& e) {
    return Error::invalid(std::string("the body is not valid JSON: ") + e.what(), "body");
  }
}

// ---- CLI ----

constexpr const char* kUsage =
    "usage: zhifa law workday add DATE N | workday between DATE DATE | workday is DATE\n"
    "       zhifa law calendar FROM TO | calendar import FILE\n"
    "       zhifa law check id|uscc|mobile|bank_card VALUE\n"
    "       zhifa law mask [--spans] [--name NAME]... < text\n";

int usage(std::ostream& err, const std::string& why) {
  err << "zhifa law: " << why << "\n" << kUsage;
  return 2;
}

int fail(std::ostream& err, const Error& e) {
  err << "zhifa law: " << e.message << "\n";
  return 1;
}

}  // namespace

Result<Notice> import_calendar_notice(store::Database& db, std::string_view text) {
  auto notice = parse_holiday_cn(text);
  if (!notice) return notice.error();
  if (!notice->published()) return Error::invalid("the notice has no paper URL: nothing to import", "papers");
  // Check it merges cleanly before storing.
  if (auto cal = Calendar::official().with_notices({*notice}); !cal) return cal.error();
  auto st = db.write([&](store::Tx& tx) { return store_notice(tx, *notice); });
  if (!st) return st.error();
  return notice;
}

int run_law_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  return run_law_cli(args, in, out, err, nullptr);
}

int run_law_cli(const std::vector<std::string>& a, std::istream& in, std::ostream& out, std::ostream& err,
                store::Database* db) {
  if (a.empty()) return usage(err, "missing command");
  const std::string& cmd = a[0];

  if (cmd == "workday") {
    if (a.size() < 2) return usage(err, "workday: missing add, between or is");
    auto cal = calendar_for(db);
    if (!cal) return fail(err, cal.error());
    if (a[1] == "add") {
      if (a.size() != 4) return usage(err, "workday add takes DATE N");
      auto d = Date::parse(a[2]);
      if (!d) return fail(err, d.error());
      auto n = parse_count(a[3]);
      if (!n) return fail(err, n.error());
      auto r = cal->add_working_days(*d, *n);
      if (!r) return fail(err, r.error());
      out << r->date.str() << "\n";
      if (r->provisional) err << provisional_note(*cal) << "\n";
      return 0;
    }
    if (a[1] == "between") {
      if (a.size() != 4) return usage(err, "workday between takes DATE DATE");
      auto x = Date::parse(a[2], "from");
      if (!x) return fail(err, x.error());
      auto y = Date::parse(a[3], "to");
      if (!y) return fail(err, y.error());
      auto r = cal->working_days_between(*x, *y);
      if (!r) return fail(err, r.error());
      out << r->days << "\n";
      if (r->provisional) err << provisional_note(*cal) << "\n";
      return 0;
    }
    if (a[1] == "is") {
      if (a.size() != 3) return usage(err, "workday is takes DATE");
      auto d = Date::parse(a[2]);
      if (!d) return fail(err, d.error());
      auto info = cal->day(*d);
      if (!info) return fail(err, info.error());
      out << (info->working ? "workday" : "restday") << "\n";
      if (info->provisional) err << provisional_note(*cal) << "\n";
      return 0;
    }
    return usage(err, "workday: unknown subcommand \"" + a[1] + "\"");
  }

  if (cmd == "calendar") {
    if (a.size() >= 2 && a[1] == "import") {
      if (a.size() != 3) return usage(err, "calendar import takes FILE");
      if (!db) return fail(err, Error::invalid("calendar import needs a database (run it through zhifa with --db)"));
      std::ifstream f(a[2], std::ios::binary);
      if (!f) return fail(err, Error::invalid("cannot read " + a[2]));
      std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      auto n = import_calendar_notice(*db, text);
      if (!n) return fail(err, n.error());
      out << "imported notice " << n->year << ": " << n->days.size() << " days from " << n->papers.size()
          << " paper(s)\n";
      return 0;
    }
    if (a.size() != 3) return usage(err, "calendar takes FROM TO (or import FILE)");
    auto cal = calendar_for(db);
    if (!cal) return fail(err, cal.error());
    auto range = parse_range(a[1], a[2], *cal);
    if (!range) return fail(err, range.error());
    bool provisional = false;
    std::string buf;
    for (Date d = range->from; d <= range->to; d = d.plus_days(1)) {
      auto info = cal->day(d);
      if (!info) return fail(err, info.error());
      buf += d.str();
      buf += info->working ? " workday\n" : " restday\n";
      provisional = provisional || info->provisional;
    }
    out << buf;
    if (provisional) err << provisional_note(*cal) << "\n";
    return 0;
  }

  if (cmd == "check") {
    if (a.size() != 3) return usage(err, "check takes id|uscc|mobile|bank_card VALUE");
    if (a[1] != "id" && a[1] != "uscc" && a[1] != "mobile" && a[1] != "bank_card")
      return usage(err, "check: unknown kind \"" + a[1] + "\"");
    auto st = check_kind(a[1], a[2]);
    if (st) {
      out << "valid\n";
      return 0;
    }
    out << "invalid: " << st.error().message << "\n";
    return 1;
  }

  if (cmd == "mask") {
    bool spans = false;
    std::vector<std::string> names;
    for (std::size_t i = 1; i < a.size(); ++i) {
      if (a[i] == "--spans") spans = true;
      else if (a[i] == "--name" && i + 1 < a.size()) names.push_back(a[++i]);
      else if (a[i].rfind("--name=", 0) == 0) names.push_back(a[i].substr(7));
      else return usage(err, "mask: unknown argument \"" + a[i] + "\"");
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = mask_personal_data(text, names);
    if (!r) return fail(err, r.error());
    if (spans) out << json{{"text", r->text}, {"spans", spans_json(r->spans)}}.dump(1) << "\n";
    else out << r->text;
    return 0;
  }

  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    out << kUsage;
    return 0;
  }
  return usage(err, "unknown command \"" + cmd + "\"");
}

// ---- API ----

LawApiReply law_api_workday_add(const LawQuery& q, const Calendar& cal) {
  auto ds = need(q, "date");
  if (!ds) return error_reply(ds.error());
  auto d = Date::parse(*ds);
  if (!d) return error_reply(d.error());
  auto ns = need(q, "n");
  if (!ns) return error_reply(ns.error());
  auto n = parse_count(*ns);
  if (!n) return error_reply(n.error());
  auto r = cal.add_working_days(*d, *n);
  if (!r) return error_reply(r.error());
  return ok_reply({{"date", r->date.str()}, {"provisional", r->provisional}});
}

LawApiReply law_api_workday_between(const LawQuery& q, const Calendar& cal) {
  auto fs = need(q, "from");
  if (!fs) return error_reply(fs.error());
  auto ts = need(q, "to");
  if (!ts) return error_reply(ts.error());
  auto a = Date::parse(*fs, "from");
  if (!a) return error_reply(a.error());
  auto b = Date::parse(*ts, "to");
  if (!b) return error_reply(b.error());
  auto r = cal.working_days_between(*a, *b);
  if (!r) return error_reply(r.error());
  return ok_reply({{"days", r->days}, {"provisional", r->provisional}});
}

LawApiReply law_api_calendar(const LawQuery& q, const Calendar& cal) {
  auto fs = need(q, "from");
  if (!fs) return error_reply(fs.error());
  auto ts = need(q, "to");
  if (!ts) return error_reply(ts.error());
  auto range = parse_range(*fs, *ts, cal);
  if (!range) return error_reply(range.error());
  json days = json::array();
  for (Date d = range->from; d <= range->to; d = d.plus_days(1)) {
    auto info = cal.day(d);
    if (!info) return error_reply(info.error());
    json day = {{"date", d.str()}, {"working", info->working}, {"provisional", info->provisional}};
    if (info->from_notice) day["name"] = info->name;
    days.push_back(std::move(day));
  }
  return ok_reply({{"days", std::move(days)}, {"last_notice_year", cal.last_notice_year()}});
}

LawApiReply law_api_check(const LawQuery& q) {
  auto kind = need(q, "kind");
  if (!kind) return error_reply(kind.error());
  auto it = q.find("value");
  if (it == q.end()) return error_reply(Error::invalid("missing parameter \"value\"", "value"));
  if (auto st = check_utf8(it->second, "value"); !st) return error_reply(st.error());
  if (*kind != "id" && *kind != "uscc" && *kind != "mobile" && *kind != "bank_card")
    return error_reply(Error::invalid("unknown kind \"" + *kind + "\" (id, uscc, mobile, bank_card)", "kind"));
  auto st = check_kind(*kind, it->second);
  if (st) return ok_reply({{"valid", true}});
  return ok_reply({{"valid", false}, {"reason", st.error().message}});
}

LawApiReply law_api_mask(std::string_view body) {
  auto j = parse_body(body);
  if (!j) return error_reply(j.error());
  if (!j->contains("text") || !(*j)["text"].is_string())
    return error_reply(Error::invalid("\"text\" must be a string", "text"));
  std::vector<std::string> names;
  if (j->contains("names")) {
    if (!(*j)["names"].is_array()) return error_reply(Error::invalid("\"names\" must be an array of strings", "names"));
    for (const auto& n : (*j)["names"]) {
      if (!n.is_string()) return error_reply(Error::invalid("\"names\" must be an array of strings", "names"));
      names.push_back(n.get<std::string>());
    }
  }
  auto r = mask_personal_data((*j)["text"].get<std::string>(), names);
  if (!r) return error_reply(r.error());
  return ok_reply({{"text", r->text}, {"spans", spans_json(r->spans)}});
}

LawApiReply law_api_mask_apply(std::string_view body) {
  auto j = parse_body(body);
  if (!j) return error_reply(j.error());
  if (!j->contains("text") || !(*j)["text"].is_string())
    return error_reply(Error::invalid("\"text\" must be a string", "text"));
  auto spans = spans_from_json(j->value("spans", json::array()));
  if (!spans) return error_reply(spans.error());
  auto r = apply_mask_spans((*j)["text"].get<std::string>(), std::move(*spans));
  if (!r) return error_reply(r.error());
  return ok_reply({{"text", *r}});
}

}  // namespace zhifa::law
