// Configuration precedence: flags over ZHIFA_* environment over the TOML file over defaults.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "app/config.h"
#include "platform/store/testing.h"

namespace zhifa::app {
namespace {

TEST(Config, ZeroConfigurationWorks) {
  auto c = load_config({});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->db_url(), "sqlite:./data/zhifa.db");
}

TEST(Config, FlagsBeatEnvironmentBeatFile) {
  std::string dir = store::testing::temp_dir();
  std::ofstream(dir + "/zhifa.toml") << "listen = \"127.0.0.1:7000\"\nthreads = 3\norigin = \"from-file/ledger\"\n";
  setenv("ZHIFA_THREADS", "5", 1);
  auto c = load_config({"--data-dir", dir, "--listen", "127.0.0.1:9000"});
  unsetenv("ZHIFA_THREADS");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:9000");  // flag
  EXPECT_EQ(c->threads, 5);                 // environment over file
  EXPECT_EQ(c->origin, "from-file/ledger"); // file
  EXPECT_EQ(c->db_url(), "sqlite:" + dir + "/zhifa.db");
}

TEST(Config, BadInputNamesTheSetting) {
  auto bad_port = load_config({"--listen", "127.0.0.1:99999"});
  ASSERT_FALSE(bad_port.ok());
  EXPECT_EQ(bad_port.error().field, "listen");
  auto unknown = load_config({"--colour", "red"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown option --colour"), std::string::npos);
  auto missing = load_config({"--db"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("needs a value"), std::string::npos);
  std::string dir = store::testing::temp_dir();
  std::ofstream(dir + "/bad.toml") << "threads = [1, 2\n";
  auto toml = load_config({"--config", dir + "/bad.toml"});
  ASSERT_FALSE(toml.ok());
  EXPECT_NE(toml.error().message.find("bad.toml:"), std::string::npos) << toml.error().message;
}

TEST(Config, HelpDocumentsEveryOption) {
  std::string help = serve_help();
  for (const auto& o : serve_options()) {
    EXPECT_NE(help.find(o.flag), std::string::npos) << o.flag;
    EXPECT_NE(help.find(o.env), std::string::npos) << o.env;
  }
}

}  // namespace
}  // namespace zhifa::app
