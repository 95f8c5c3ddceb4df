#include "platform/core/log.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>


namespace zhifa::logs {
namespace {

// Beijing time with its offset, to the millisecond: what an operator reads, and still ISO 8601.
std::string beijing_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::time_t t = ts.tv_sec + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03ld+08:00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long>(ts.tv_nsec / 1000000) % 1000);
  return buf;
}

bool names_a_secret(std::string_view key) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* s : {"password", "passwd", "token", "secret", "cookie", "authorization", "key"})
    if (k.find(s) != std::string::npos) return true;
  return false;
}

void emit(std::string_view level, std::string_view event, const Fields& fields) {
  std::string l = line(level, event, fields);
  std::size_t off = 0;
  while (off < l.size()) {
    ssize_t n = ::write(1, l.data() + off, l.size() - off);
    if (n <= 0) return;  // a closed stdout loses the line, never the request
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::string json_quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string without_url_passwords(std::string_view text) {
  std::string out(text);
  std::size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) {
    std::size_t start = pos + 3;
    std::size_t end = out.find_first_of("/ \t\n\"'", start);
    std::size_t at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at > start && (end == std::string::npos || at < end)) {
      std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
    pos = start;
  }
  return out;
}

std::string line(std::string_view level, std::string_view event, const Fields& fields) {
  std::string l = "{\"time\":" + json_quoted(beijing_now()) + ",\"level\":" + json_quoted(level) +
                  ",\"event\":" + json_quoted(event);
  for (const auto& [k, v] : fields)
    l += "," + json_quoted(k) + ":" + json_quoted(names_a_secret(k) ? std::string("[redacted]") : without_url_passwords(v));
  return l + "}\n";
}

void info(std::string_view event, const Fields& fields) { emit("info", event, fields); }
void warn(std::string_view event, const Fields& fields) { emit("warn", event, fields); }
void error(std::string_view event, const Fields& fields) { emit("error", event, fields); }

}  // namespace zhifa::logs
