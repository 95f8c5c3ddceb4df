// The JSON log on stdout (issue 23): one parseable object per line, Beijing time, and no secret
// ever written — neither a field that names one nor a password inside a database URL.
#include "platform/core/log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zhifa::logs {
namespace {

TEST(Log, OneJsonObjectPerLineInBeijingTime) {
  std::string l = line("info", "serve.started", {{"listen", "127.0.0.1:8080"}, {"note", "含\"引号\"和\n换行"}});
  ASSERT_EQ(l.back(), '\n');
  EXPECT_EQ(l.find('\n'), l.size() - 1);  // one line, however the values look
  auto j = nlohmann::json::parse(l);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["event"], "serve.started");
  EXPECT_EQ(j["note"], "含\"引号\"和\n换行");
  std::string t = j["time"];
  EXPECT_EQ(t.substr(t.size() - 6), "+08:00");
}

TEST(Log, SecretsAreNeverWritten) {
  std::string l = line("error", "database", {{"password", "hunter2"}, {"api_token", "zft_abc"}, {"Cookie", "zhifa_session=s3cret"},
                                             {"db", "postgresql://zhifa:pa55word@db.internal:5432/zhifa"},
                                             {"error", "connect to postgres://u:pw@h/x failed"}});
  for (const char* secret : {"hunter2", "zft_abc", "s3cret", "pa55word", ":pw@"}) EXPECT_EQ(l.find(secret), std::string::npos) << secret;
  auto j = nlohmann::json::parse(l);
  EXPECT_EQ(j["password"], "[redacted]");
  EXPECT_EQ(j["db"], "postgresql://zhifa@db.internal:5432/zhifa");
  EXPECT_EQ(j["error"], "connect to postgres://u@h/x failed");
}

TEST(Log, UrlsWithoutPasswordsAreKept) {
  EXPECT_EQ(without_url_passwords("sqlite:./data/zhifa.db"), "sqlite:./data/zhifa.db");
  EXPECT_EQ(without_url_passwords("postgresql://postgres@127.0.0.1:5432/x"), "postgresql://postgres@127.0.0.1:5432/x");
  EXPECT_EQ(without_url_passwords("see https://example.org/a:b@c"), "see https://example.org/a:b@c");
}

}  // namespace
}  // namespace zhifa::logs
