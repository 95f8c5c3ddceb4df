#include "platform/http/multipart.h"

#include <gtest/gtest.h>

namespace zhifa::http {
namespace {

const std::string kType = "multipart/form-data; boundary=----WebKitFormBoundaryX7b";

std::string body_of(const std::vector<std::string>& parts, bool close = true) {
  std::string b;
  for (auto& p : parts) b += "------WebKitFormBoundaryX7b\r\n" + p + "\r\n";
  if (close) b += "------WebKitFormBoundaryX7b--\r\n";
  return b;
}

TEST(Multipart, FieldsAndAFilePartAsABrowserSendsThem) {
  std::string csv = "编号,执法环节\r\n1,现场检查\r\n";
  std::string bin("PK\x03\x04\0\r\n--x", 11);
  auto parts = parse_multipart(kType, body_of({"Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok123",
                                               "Content-Disposition: form-data; name=\"file\"; filename=\"清单.csv\"\r\nContent-Type: text/csv\r\n\r\n" + csv,
                                               "Content-Disposition: form-data; name=\"x\"; filename*=UTF-8''%E6%B8%85%E5%8D%95.xlsx\r\n\r\n" + bin,
                                               "content-disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n"}));
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 4u);
  EXPECT_EQ((*parts)[0].name, "_csrf");
  EXPECT_EQ((*parts)[0].bytes, "tok123");
  EXPECT_FALSE((*parts)[0].file);
  EXPECT_EQ((*parts)[1].filename, "清单.csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].bytes, csv);
  EXPECT_TRUE((*parts)[1].file);
  EXPECT_EQ((*parts)[2].filename, "清单.xlsx");
  EXPECT_EQ((*parts)[2].bytes, bin);  // binary, NUL and CRLF inside kept
  EXPECT_TRUE((*parts)[3].file);
  EXPECT_EQ((*parts)[3].bytes, "");
  EXPECT_EQ(find_part(*parts, "file")->filename, "清单.csv");
  EXPECT_EQ(find_part(*parts, "nope"), nullptr);
  // Quoted boundary, upper-case media type, no CRLF after the closing delimiter.
  std::string b = body_of({"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"});
  b.resize(b.size() - 2);
  auto q = parse_multipart("Multipart/Form-Data; boundary=\"----WebKitFormBoundaryX7b\"", b);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ((*q)[0].bytes, "1");
}

TEST(Multipart, MalformedBodiesAreRefusedWithTheReason) {
  auto why = [](std::string_view type, std::string_view body) {
    auto r = parse_multipart(type, body);
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().message;
  };
  std::string ok_part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n1";
  EXPECT_NE(why("application/x-www-form-urlencoded", "a=1").find("不是 multipart/form-data"), std::string::npos);
  EXPECT_NE(why("multipart/form-data", body_of({ok_part})).find("缺少 boundary"), std::string::npos);
  EXPECT_NE(why("multipart/form-data; boundary=" + std::string(71, 'a'), "").find("boundary 参数无效"), std::string::npos);
  EXPECT_NE(why(kType, body_of({ok_part}, false)).find("没有以 boundary 正确分隔和结束"), std::string::npos);
  EXPECT_NE(why(kType, "garbage").find("没有以 boundary"), std::string::npos);
  EXPECT_NE(why(kType, body_of({"Content-Type: text/plain\r\n\r\n1"})).find("第 1 部分缺少 Content-Disposition"), std::string::npos);
  EXPECT_NE(why(kType, body_of({ok_part, "Content-Disposition: form-data\r\n\r\n1"})).find("第 2 部分缺少字段名"), std::string::npos);
  EXPECT_NE(why(kType, body_of({"Content-Disposition: attachment; name=\"a\"\r\n\r\n1"})).find("不是 form-data"), std::string::npos);
  EXPECT_NE(why(kType, body_of({"no header line\r\n\r\n1"})).find("第 1 部分的头部无效"), std::string::npos);
  EXPECT_NE(why(kType, body_of({"Content-Disposition: form-data; name=\"\xFF\"\r\n\r\n1"})).find("UTF-8"), std::string::npos);
  EXPECT_NE(why(kType, body_of(std::vector<std::string>(65, ok_part))).find("超过 64 个部分"), std::string::npos);
}

}  // namespace
}  // namespace zhifa::http
