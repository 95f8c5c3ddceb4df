#include "platform/ledger/event.h"

#include "platform/core/text.h"
#include <algorithm>
#include <nlohmann/json.hpp>

#include "platform/ledger/codec.h"

namespace zhifa::ledger {
namespace {

using json = nlohmann::json;
constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53) - 1;

// Appends s as a JSON string literal with the escapes canonical JSON requires (and no others);
// byte for byte what nlohmann::json::dump() writes with ensure_ascii = false.
void append_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

Status check_value(const json& v, const std::string& where) {
  switch (v.type()) {
    case json::value_t::number_float:
      return Error::invalid(where + ": numbers must be integers (no fractions or exponents)", where);
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: {
      bool in_range = v.is_number_unsigned() ? v.get<std::uint64_t>() <= std::uint64_t(kMaxSafeInteger)
                                             : (v.get<std::int64_t>() >= -kMaxSafeInteger &&
                                                v.get<std::int64_t>() <= kMaxSafeInteger);
      if (!in_range) return Error::invalid(where + ": integer beyond ±(2^53−1)", where);
      return {};
    }
    case json::value_t::object:
      for (auto& [k, x] : v.items())
        if (auto st = check_value(x, where + "." + k); !st) return st;
      return {};
    case json::value_t::array:
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto st = check_value(v[i], where + "[" + std::to_string(i) + "]"); !st) return st;
      return {};
    case json::value_t::binary:
    case json::value_t::discarded:
      return Error::invalid(where + ": not a JSON value", where);
    default:
      return {};
  }
}

// Parses text strictly: invalid UTF-8 and duplicate keys (which nlohmann would silently
// collapse to the last one) are errors.
Result<json> parse_strict(std::string_view text, const std::string& what) {
  if (!text::valid_utf8(text)) return Error::invalid(what + " is not valid UTF-8", what);
  std::vector<std::vector<std::string>> keys;  // the keys seen in each open object
  std::string duplicate;
  json::parser_callback_t cb = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) keys.emplace_back();
    if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == json::parse_event_t::key && !keys.empty()) {
      auto k = parsed.get<std::string>();
      if (std::find(keys.back().begin(), keys.back().end(), k) != keys.back().end()) duplicate = k;
      keys.back().push_back(std::move(k));
    }
    return true;
  };
  json v = json::parse(text.begin(), text.end(), cb, false);
  if (v.is_discarded()) return Error::invalid(what + " is not valid JSON", what);
  if (!duplicate.empty()) return Error::invalid(what + " has the key \"" + duplicate + "\" twice", what);
  return v;
}

bool is_hex_digest(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// "YYYY-MM-DDTHH:MM:SSZ", optionally with fractional seconds before the Z.
bool is_iso_utc(std::string_view t) {
  if (t.size() < 20 || t.back() != 'Z') return false;
  static const char shape[] = "dddd-dd-ddTdd:dd:dd";
  for (std::size_t i = 0; i < 19; ++i) {
    char c = t[i];
    if (shape[i] == 'd' ? !(c >= '0' && c <= '9') : c != shape[i]) return false;
  }
  if (t.size() == 20) return true;
  if (t[19] != '.' || t.size() < 22) return false;
  for (std::size_t i = 20; i + 1 < t.size(); ++i)
    if (!(t[i] >= '0' && t[i] <= '9')) return false;
  return true;
}

}  // namespace

Result<std::string> canonical_json(std::string_view text) {
  auto v = parse_strict(text, "payload");
  if (!v) return v.error();
  if (auto st = check_value(*v, "payload"); !st) return st.error();
  // nlohmann's object is a std::map<std::string, …>: keys come out in byte order.
  return v->dump(-1, ' ', false, json::error_handler_t::strict);
}

Result<Event> normalize(Event e) {
  struct Field { const char* name; const std::string& value; bool required; };
  for (const Field& f : {Field{"time", e.time, true}, Field{"agency", e.agency, false},
                         Field{"actor", e.actor, true}, Field{"kind", e.kind, true},
                         Field{"subject", e.subject, false}}) {
    if (f.required && f.value.empty()) return Error::invalid(std::string("event ") + f.name + " is empty", f.name);
    if (!text::valid_utf8(f.value)) return Error::invalid(std::string("event ") + f.name + " is not valid UTF-8", f.name);
  }
  if (!is_iso_utc(e.time)) return Error::invalid("event time must be ISO-8601 UTC like 2025-09-26T08:00:00Z", "time");
  for (const auto& d : e.evidence_sha256)
    if (!is_hex_digest(d)) return Error::invalid("evidence digest is not 64 lowercase hex digits: " + d, "evidence_sha256");
  auto payload = canonical_json(e.payload);
  if (!payload) return payload.error();
  if ((*payload)[0] != '{') return Error::invalid("event payload must be a JSON object", "payload");
  e.payload = std::move(*payload);
  return e;
}

std::string event_bytes(const Event& e) {
  std::string out;
  out.reserve(160 + e.payload.size() + e.time.size() + e.agency.size() + e.actor.size() + e.kind.size() +
              e.subject.size() + 67 * e.evidence_sha256.size());
  out += "{\"actor\":";
  append_string(out, e.actor);
  out += ",\"agency\":";
  append_string(out, e.agency);
  out += ",\"evidence_sha256\":";
  out += string_list_json(e.evidence_sha256);
  out += ",\"index\":";
  out += std::to_string(e.index);
  out += ",\"kind\":";
  append_string(out, e.kind);
  out += ",\"payload\":";
  out += e.payload;
  out += ",\"subject\":";
  append_string(out, e.subject);
  out += ",\"time\":";
  append_string(out, e.time);
  out += ",\"v\":1}";
  return out;
}

std::string string_list_json(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(',');
    append_string(out, items[i]);
  }
  out.push_back(']');
  return out;
}

Result<std::vector<std::string>> parse_string_list_json(std::string_view text) {
  json v = json::parse(text.begin(), text.end(), nullptr, false);
  if (v.is_discarded() || !v.is_array()) return Error::invalid("not a JSON list of strings");
  std::vector<std::string> out;
  for (auto& x : v) {
    if (!x.is_string()) return Error::invalid("not a JSON list of strings");
    out.push_back(x.get<std::string>());
  }
  return out;
}

Result<Event> parse_event_bytes(std::string_view bytes) {
  auto v = parse_strict(bytes, "entry");
  if (!v) return v.error();
  if (!v->is_object()) return Error::invalid("entry is not a JSON object");
  const json& o = *v;
  auto str = [&](const char* k) -> Result<std::string> {
    auto it = o.find(k);
    if (it == o.end() || !it->is_string()) return Error::invalid(std::string("entry has no string field ") + k, k);
    return it->get<std::string>();
  };
  if (o.size() != 9 || !o.contains("v") || o["v"] != 1) return Error::invalid("entry is not a version-1 ledger event");
  Event e;
  auto idx = o.find("index");
  if (idx == o.end() || !idx->is_number_integer() || idx->get<std::int64_t>() < 0)
    return Error::invalid("entry has no index", "index");
  e.index = idx->get<std::int64_t>();
  for (auto [k, dst] : {std::pair{"time", &e.time}, {"agency", &e.agency}, {"actor", &e.actor}, {"kind", &e.kind},
                        {"subject", &e.subject}}) {
    auto s = str(k);
    if (!s) return s.error();
    *dst = std::move(*s);
  }
  auto ev = o.find("evidence_sha256");
  if (ev == o.end() || !ev->is_array()) return Error::invalid("entry has no evidence_sha256 list", "evidence_sha256");
  for (auto& d : *ev) {
    if (!d.is_string()) return Error::invalid("evidence digest is not a string", "evidence_sha256");
    e.evidence_sha256.push_back(d.get<std::string>());
  }
  auto p = o.find("payload");
  if (p == o.end() || !p->is_object()) return Error::invalid("entry has no payload object", "payload");
  e.payload = p->dump(-1, ' ', false, json::error_handler_t::strict);
  auto normalized = normalize(e);
  if (!normalized) return normalized.error();
  if (event_bytes(*normalized) != bytes) return Error::invalid("entry bytes are not in canonical form");
  return normalized;
}

}  // namespace zhifa::ledger
