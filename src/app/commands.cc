#include "app/commands.h"

#include <iostream>

#include "app/serve.h"
#include "law/cli.h"
#include "platform/store/database.h"

namespace zhifa::app {

std::string usage() {
  return "zhifa " ZHIFA_VERSION " — 行政执法三项制度 platform (publicity, whole-process recording, legal review)\n\n"
         "Usage:\n"
         "  zhifa serve [--listen 127.0.0.1:8080] [--data-dir ./data] [--db sqlite:PATH | --db postgresql://…] [--demo]\n"
         "                          run the portal, workspace and API (zhifa serve --help lists every option)\n"
         "  zhifa law workday add DATE N | workday between FROM TO | calendar FROM TO\n"
         "  zhifa law check id|uscc VALUE | mask [--spans] [--name NAME]… < text\n"
         "  zhifa law calendar import FILE [--data-dir DIR | --db URL]\n"
         "                          legal primitives: working days, identifiers, masking (zhifa law help)\n"
         "  zhifa --version         print the version\n"
         "  zhifa help              this text\n";
}

// `zhifa law …`: the database is opened only when asked for (--db / --data-dir) or needed
// (calendar import stores the notice), so the pure commands work anywhere.
static int run_law(std::vector<std::string> args, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string db_url, data_dir;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--db" || args[i] == "--data-dir") && i + 1 < args.size()) {
      (args[i] == "--db" ? db_url : data_dir) = args[i + 1];
      ++i;
    } else {
      rest.push_back(args[i]);
    }
  }
  bool importing = rest.size() >= 2 && rest[0] == "calendar" && rest[1] == "import";
  if (db_url.empty() && (importing || !data_dir.empty())) db_url = "sqlite:" + (data_dir.empty() ? "./data" : data_dir) + "/zhifa.db";
  if (db_url.empty()) return law::run_law_cli(rest, in, out, err, nullptr);
  auto db = store::open(db_url, 2);
  if (!db) {
    err << "zhifa law: database: " << db.error().message << "\n";
    return 1;
  }
  return law::run_law_cli(rest, in, out, err, db->get());
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
  if (cmd == "law") return run_law(rest, in, out, err);
  err << "zhifa: unknown command '" << cmd << "'\n\n" << usage();
  return 2;
}

}  // namespace zhifa::app
