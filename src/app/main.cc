// zhifa: one program for the three systems of administrative enforcement.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return zhifa::app::run_command(args, std::cin, std::cout, std::cerr);
}
