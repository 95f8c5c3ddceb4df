#pragma once
// Running a Debian program (pg_dump, ffprobe, ffmpeg …) and reading what it prints: posix_spawnp,
// stdout and stderr into `output` (nullptr: dropped), the environment passed on with `env`
// entries ("NAME=value") replacing or adding their names. Returns the exit status (128: killed);
// an error when the program is not on PATH.
#include <string>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::proc {

Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::vector<std::string>& env = {});

}  // namespace zhifa::proc
