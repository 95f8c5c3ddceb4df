// multipart/form-data parsing behind http::parse_multipart: delimiters (RFC 2046 §5.1.1),
// part header fields (RFC 7230 §3.2) and the Content-Type / Content-Disposition parameters
// (RFC 7231 §3.1.1.1, RFC 6266, RFC 5987 for filename*).
#include "platform/core/text.h"
#include "platform/http/multipart.h"

#include <optional>
#include <utility>

#include "platform/http/util.h"

namespace zhifa::http {

namespace {
Error bad(std::string message) { return Error::invalid("上传内容格式错误：" + std::move(message), "body"); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool starts_with_caseless(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

using Params = std::vector<std::pair<std::string, std::string>>;

// A token or a quoted-string (quoted-pairs undone); nullopt when neither.
std::optional<std::string> parse_value(std::string_view& s) {
  if (!s.empty() && s.front() == '"') {
    std::string out;
    std::size_t i = 1;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"') break;
      if (c == '\\') {
        if (++i >= s.size()) return std::nullopt;
        out += s[i];
      } else if (c == '\r' || c == '\n' || c == '\0') {
        return std::nullopt;
      } else {
        out += c;
      }
    }
    if (i >= s.size()) return std::nullopt;  // no closing quote
    s.remove_prefix(i + 1);
    return out;
  }
  std::size_t n = 0;
  while (n < s.size() && is_tchar(s[n])) ++n;
  if (n == 0) return std::nullopt;
  std::string out(s.substr(0, n));
  s.remove_prefix(n);
  return out;
}

// "main; a=1; b="x"" → main and its parameters (names lower-cased); nullopt when malformed.
std::optional<std::pair<std::string, Params>> parse_with_params(std::string_view s) {
  s = trim(s);
  std::size_t n = 0;
  while (n < s.size() && s[n] != ';' && !is_ows(s[n])) ++n;
  std::string main(s.substr(0, n));
  if (main.empty()) return std::nullopt;
  s.remove_prefix(n);
  Params params;
  for (;;) {
    s = trim(s);
    if (s.empty()) break;
    if (s.front() != ';') return std::nullopt;
    s.remove_prefix(1);
    s = trim(s);
    if (s.empty()) break;
    std::size_t k = 0;
    while (k < s.size() && is_tchar(s[k])) ++k;
    if (k == 0) return std::nullopt;
    std::string name(s.substr(0, k));
    for (auto& c : name) c = lower(c);
    s.remove_prefix(k);
    s = trim(s);
    if (s.empty() || s.front() != '=') return std::nullopt;
    s.remove_prefix(1);
    s = trim(s);
    auto v = parse_value(s);
    if (!v) return std::nullopt;
    params.emplace_back(std::move(name), std::move(*v));
  }
  return std::make_pair(std::move(main), std::move(params));
}

const std::string* find_param(const Params& ps, std::string_view name) {
  for (auto& [k, v] : ps)
    if (k == name) return &v;
  return nullptr;
}

// RFC 2046 bchars: 1–70 of DIGIT ALPHA '()+_,-./:=? and space, not ending in a space.
bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  for (char c : b) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// The pieces between delimiters; empty when the body does not open with a delimiter line and
// close with the closing delimiter.
std::vector<std::string_view> split_body(std::string_view body, const std::string& delimiter) {
  std::vector<std::string_view> pieces;
  // The first delimiter: at the start or after a CRLF (a preamble before it is ignored).
  std::size_t pos;
  if (body.starts_with(delimiter)) {
    pos = 0;
  } else {
    pos = body.find("\r\n" + delimiter);
    if (pos == std::string_view::npos) return {};
    pos += 2;
  }
  const std::string next = "\r\n" + delimiter;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return pieces;  // closing delimiter; the epilogue is ignored
    while (pos < body.size() && is_ows(body[pos])) ++pos;  // transport padding
    if (body.substr(pos, 2) != "\r\n") return {};
    pos += 2;
    std::size_t end = body.find(next, pos);
    if (end == std::string_view::npos) return {};
    pieces.push_back(body.substr(pos, end - pos));
    pos = end + 2;
  }
}

struct ParsedPart {
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  std::string_view body;
  std::optional<std::string_view> field(std::string_view name) const {
    for (auto& [k, v] : fields)
      if (iequals(k, name)) return v;
    return std::nullopt;
  }
};

std::optional<ParsedPart> parse_part(std::string_view piece) {
  ParsedPart p;
  std::size_t pos = 0;
  for (;;) {
    std::size_t eol = piece.find("\r\n", pos);
    if (eol == std::string_view::npos) return std::nullopt;
    std::string_view line = piece.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view name = line.substr(0, colon);
    for (char c : name)
      if (!is_tchar(c)) return std::nullopt;
    std::string_view value = trim(line.substr(colon + 1));
    for (char c : value)
      if (c == '\0' || c == '\r' || c == '\n') return std::nullopt;
    p.fields.emplace_back(name, value);
  }
  p.body = piece.substr(pos);
  return p;
}
}  // namespace

Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body, const MultipartLimits& limits) {
  auto ct = parse_with_params(content_type);
  if (!ct || !iequals(ct->first, "multipart/form-data")) return bad("请求不是 multipart/form-data");
  const std::string* boundary = find_param(ct->second, "boundary");
  if (!boundary) return bad("Content-Type 缺少 boundary 参数");
  if (!valid_boundary(*boundary)) return bad("boundary 参数无效（1–70 个规定字符）");
  std::string delimiter = "--" + *boundary;

  auto pieces = split_body(body, delimiter);
  if (pieces.empty()) return bad("没有以 boundary 正确分隔和结束的内容");
  if (pieces.size() > limits.max_parts) return bad("超过 " + std::to_string(limits.max_parts) + " 个部分");

  std::vector<Part> parts;
  parts.reserve(pieces.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::string which = "第 " + std::to_string(i + 1) + " 部分";
    auto parsed = parse_part(pieces[i]);
    if (!parsed) return bad(which + "的头部无效");
    auto disposition = parsed->field("Content-Disposition");
    if (!disposition) return bad(which + "缺少 Content-Disposition");
    auto cd = parse_with_params(*disposition);
    if (!cd || !iequals(cd->first, "form-data")) return bad(which + "的 Content-Disposition 不是 form-data");
    const std::string* name = find_param(cd->second, "name");
    if (!name || name->empty()) return bad(which + "缺少字段名（name）");
    Part p;
    p.name = *name;
    if (const std::string* ext = find_param(cd->second, "filename*")) {
      // RFC 5987: charset'language'percent-encoded; browsers use UTF-8.
      std::string_view v = *ext;
      if (!starts_with_caseless(v, "utf-8'")) return bad(which + "的文件名编码不是 UTF-8");
      auto quote = v.find('\'', 6);
      if (quote == std::string_view::npos) return bad(which + "的文件名（filename*）无效");
      p.filename = url_decode(v.substr(quote + 1), false);
      p.file = true;
    } else if (const std::string* fn = find_param(cd->second, "filename")) {
      p.filename = *fn;
      p.file = true;
    }
    if (p.name.size() > limits.max_name_bytes || p.filename.size() > limits.max_name_bytes)
      return bad(which + "的字段名或文件名过长");
    if (!text::valid_utf8(p.name) || !text::valid_utf8(p.filename)) return bad(which + "的字段名或文件名不是有效的 UTF-8");
    if (auto t = parsed->field("Content-Type")) p.content_type = std::string(*t);
    p.bytes = std::string(parsed->body);
    parts.push_back(std::move(p));
  }
  return parts;
}

const Part* find_part(const std::vector<Part>& parts, std::string_view name) {
  for (auto& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace zhifa::http
