#pragma once
#include <string>
#include <vector>

namespace zhifa::app {
// `zhifa serve …`: runs until SIGINT/SIGTERM, then shuts down gracefully. Returns the exit code.
int run_serve(const std::vector<std::string>& args);
}  // namespace zhifa::app
