// run_program's limits for programs that read untrusted input (ffprobe/ffmpeg on uploads).
#include "platform/core/process.h"

#include <gtest/gtest.h>

#include <chrono>

namespace zhifa::proc {
namespace {

TEST(Process, StderrKeptOutOfTheOutputWhenAsked) {
  std::string merged, apart;
  auto a = run_program({"sh", "-c", "echo out; echo err >&2"}, &merged);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 0);
  EXPECT_NE(merged.find("err"), std::string::npos);
  RunLimits l;
  l.stderr_to_output = false;
  auto b = run_program({"sh", "-c", "echo out; echo err >&2"}, &apart, {}, l);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(apart, "out\n");
}

TEST(Process, AProgramPastItsTimeIsKilled) {
  RunLimits l;
  l.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  std::string out;
  auto rc = run_program({"sh", "-c", "echo started; exec sleep 30"}, &out, {}, l);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(*rc, kTimedOut);
  EXPECT_EQ(out, "started\n");
  EXPECT_LT(took, std::chrono::seconds(5));
  // A crash is told apart from an exit status.
  auto crashed = run_program({"sh", "-c", "kill -SEGV $$"}, nullptr);
  ASSERT_TRUE(crashed.ok());
  EXPECT_EQ(*crashed, kKilled);
}

TEST(Process, OutputIsCappedAndTheProgramStillFinishes) {
  RunLimits l;
  l.max_output = 1000;
  std::string out;
  auto rc = run_program({"sh", "-c", "head -c 200000 /dev/zero"}, &out, {}, l);
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(*rc, 0);
  EXPECT_EQ(out.size(), 1000u);
}

}  // namespace
}  // namespace zhifa::proc
