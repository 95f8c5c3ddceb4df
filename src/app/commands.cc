#include "app/commands.h"

#include <iostream>

#include "app/serve.h"

namespace zhifa::app {

std::string usage() {
  return "zhifa " ZHIFA_VERSION " — 行政执法三项制度 platform (publicity, whole-process recording, legal review)\n\n"
         "Usage:\n"
         "  zhifa serve [--listen 127.0.0.1:8080] [--data-dir ./data] [--db sqlite:PATH | --db postgresql://…] [--demo]\n"
         "                          run the portal, workspace and API (zhifa serve --help lists every option)\n"
         "  zhifa --version         print the version\n"
         "  zhifa help              this text\n";
}

int run_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  (void)in;
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << usage();
    return args.empty() ? 2 : 0;
  }
  const std::string& cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "--version" || cmd == "version") {
    out << "zhifa " << ZHIFA_VERSION << "\n";
    return 0;
  }
  if (cmd == "serve") return run_serve(rest);
  err << "zhifa: unknown command '" << cmd << "'\n\n" << usage();
  return 2;
}

}  // namespace zhifa::app
