#pragma once
// Running a Debian program (pg_dump, ffprobe, ffmpeg …) and reading what it prints: posix_spawnp,
// stdout and stderr into `output` (nullptr: dropped), the environment passed on with `env`
// entries ("NAME=value") replacing or adding their names. Returns the exit status (128: killed by
// a signal; kTimedOut: killed after RunLimits::timeout_ms); an error when the program is not on PATH.
#include <cstddef>
#include <string>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::proc {

inline constexpr int kKilled = 128;
inline constexpr int kTimedOut = -1;

// For programs reading untrusted input (ffprobe/ffmpeg on an upload): stderr apart from the output,
// a wall-clock limit after which the program is killed, at most max_output bytes kept.
struct RunLimits {
  bool stderr_to_output = true;  // false: stderr goes to /dev/null
  int timeout_ms = 0;            // 0: no limit
  std::size_t max_output = 0;    // 0: no limit; bytes past it are read and dropped
};

Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::vector<std::string>& env = {});
Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::vector<std::string>& env,
                        const RunLimits& limits);

}  // namespace zhifa::proc
