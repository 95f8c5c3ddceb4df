// The second of the two files that include RESTinio (the other is restinio_server.cc): its
// multipart helpers, behind http::parse_multipart.
#include "platform/http/multipart.h"

#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/multipart_body.hpp>

#include "platform/http/util.h"

namespace zhifa::http {

namespace {
Error bad(std::string message) { return Error::invalid("上传内容格式错误：" + std::move(message), "body"); }

bool starts_with_caseless(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}
}  // namespace

Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body, const MultipartLimits& limits) {
  namespace hfp = restinio::http_field_parsers;
  namespace mp = restinio::multipart_body;
  auto ct = hfp::content_type_value_t::try_parse(content_type);
  if (!ct || !restinio::impl::is_equal_caseless(ct->media_type.type, "multipart") ||
      !restinio::impl::is_equal_caseless(ct->media_type.subtype, "form-data"))
    return bad("请求不是 multipart/form-data");
  auto boundary = hfp::find_first(ct->media_type.parameters, "boundary");
  if (!boundary) return bad("Content-Type 缺少 boundary 参数");
  if (mp::check_boundary_value(*boundary)) return bad("boundary 参数无效（1–70 个规定字符）");
  std::string delimiter = "--" + std::string(*boundary);

  // RESTinio wants CRLF after the closing delimiter; some clients end the body right after it.
  std::string owned;
  if (body.ends_with(delimiter + "--")) {
    owned = std::string(body) + "\r\n";
    body = owned;
  }
  auto pieces = mp::split_multipart_body(body, delimiter);
  if (pieces.empty()) return bad("没有以 boundary 正确分隔和结束的内容");
  if (pieces.size() > limits.max_parts) return bad("超过 " + std::to_string(limits.max_parts) + " 个部分");

  std::vector<Part> parts;
  parts.reserve(pieces.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::string which = "第 " + std::to_string(i + 1) + " 部分";
    auto parsed = mp::try_parse_part(pieces[i]);
    if (!parsed) return bad(which + "的头部无效");
    auto disposition = parsed->fields.opt_value_of("Content-Disposition");
    if (!disposition) return bad(which + "缺少 Content-Disposition");
    auto cd = hfp::content_disposition_value_t::try_parse(*disposition);
    if (!cd || cd->value != "form-data") return bad(which + "的 Content-Disposition 不是 form-data");
    auto name = hfp::find_first(cd->parameters, "name");
    if (!name || name->empty()) return bad(which + "缺少字段名（name）");
    Part p;
    p.name = std::string(*name);
    if (auto ext = hfp::find_first(cd->parameters, "filename*")) {
      // RFC 5987: charset'language'percent-encoded; browsers use UTF-8.
      std::string_view v = *ext;
      if (!starts_with_caseless(v, "utf-8'")) return bad(which + "的文件名编码不是 UTF-8");
      auto quote = v.find('\'', 6);
      if (quote == std::string_view::npos) return bad(which + "的文件名（filename*）无效");
      p.filename = url_decode(v.substr(quote + 1), false);
      p.file = true;
    } else if (auto fn = hfp::find_first(cd->parameters, "filename")) {
      p.filename = std::string(*fn);
      p.file = true;
    }
    if (p.name.size() > limits.max_name_bytes || p.filename.size() > limits.max_name_bytes)
      return bad(which + "的字段名或文件名过长");
    if (!valid_utf8(p.name) || !valid_utf8(p.filename)) return bad(which + "的字段名或文件名不是有效的 UTF-8");
    if (auto t = parsed->fields.opt_value_of("Content-Type")) p.content_type = std::string(*t);
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
