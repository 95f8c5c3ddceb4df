#pragma once
// The server's log: one JSON object per line on stdout, for journald (`journalctl -u zhifa -o cat`
// reads them back; docs/OPERATIONS.md). Each line is written with one write(2), so lines from
// several threads never interleave. Secrets never reach it: a field whose name says it holds one
// (password, token, secret, cookie, authorization, key) is written as "[redacted]", and a URL's
// password (postgresql://user:PASSWORD@host) is cut out of every value.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zhifa::logs {

using Fields = std::vector<std::pair<std::string, std::string>>;

// {"time":"2026-12-04T21:37:35.120+08:00","level":"info","event":"serve.started", …fields}: Beijing
// time with its offset, as people read it and machines parse it.
std::string line(std::string_view level, std::string_view event, const Fields& fields = {});

void info(std::string_view event, const Fields& fields = {});
void warn(std::string_view event, const Fields& fields = {});
void error(std::string_view event, const Fields& fields = {});

// A JSON string literal of `s`, quotes included (control characters escaped; UTF-8 kept). The one
// escaper: http::json_string is this.
std::string json_quoted(std::string_view s);

// `text` with the password of any URL in it removed ("postgresql://zhifa:…@db" → "postgresql://zhifa@db").
std::string without_url_passwords(std::string_view text);

}  // namespace zhifa::logs
