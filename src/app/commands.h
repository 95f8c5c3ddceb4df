#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace zhifa::app {
// Dispatches `zhifa <command> …`; returns the exit code.
int run_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
std::string usage();
}  // namespace zhifa::app
