#include "app/commands.h"

#include <iostream>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/backup.h"
#include "app/config.h"
#include "app/draw_command.h"
#include "app/migrate_command.h"
#include "app/ledger_setup.h"
#include "app/serve.h"
#include "platform/blob/blob_store.h"
#include "platform/ledger/verify.h"
#include "recording/case_file_zip.h"
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
         "  zhifa draw rfc3797 --key KEY --pool N --select K | draw verify FILE|URL\n"
         "                          RFC 3797 random selection; re-run a published 双随机 draw (exit 0/1/2)\n"
         "  zhifa init [--data-dir DIR] [--db URL] [--origin NAME] [--public-url URL]\n"
         "                          create the database and the ledger signing key\n"
         "  zhifa verify [--data-dir DIR | --db URL] [--config FILE] [--key VERIFIER-KEY]\n"
         "                          check the whole ledger offline: every event, tree node and checkpoint,\n"
         "                          and every evidence file (from the server's data directory)\n"
         "  zhifa verify --bundle FILE [--key VERIFIER-KEY]\n"
         "                          check one record's bundle (from /ledger/bundle/N) or a case file\n"
         "                          ZIP (from /workspace/cases/N/file.zip) offline\n"
         "  zhifa backup --to DIR [--data-dir DIR] [--db URL] [--include-signing-key]\n"
         "                          online backup: database copy, blobs (incremental), keys, manifest\n"
         "  zhifa restore --from DIR [--data-dir DIR] [--db URL] [--key VERIFIER-KEY]\n"
         "                          restore into an empty target, then verify (docs/OPERATIONS.md)\n"
         "  zhifa migrate-to --db postgresql://… [--data-dir DIR]\n"
         "                          copy a SQLite installation into an empty PostgreSQL database, then verify\n"
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

// Flags of the offline commands: --name VALUE pairs only.
static bool parse_flags(const std::vector<std::string>& args, std::map<std::string, std::string>& flags, std::ostream& err,
                        const std::string& cmd) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) {
      err << "zhifa " << cmd << ": unexpected argument '" << args[i] << "' (see zhifa help)\n";
      return false;
    }
    flags[args[i]] = args[i + 1];
    ++i;
  }
  return true;
}

static int run_init(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto cfg = load_config(args);
  if (!cfg) {
    err << "zhifa init: " << cfg.error().message << "\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(cfg->data_dir, ec);
  auto db = store::open(cfg->db_url(), 2);
  if (!db) {
    err << "zhifa init: database: " << db.error().message << "\n";
    return 1;
  }
  auto key = ensure_ledger_key(*cfg, **db);
  if (!key) {
    err << "zhifa init: ledger key: " << key.error().message << "\n";
    return 1;
  }
  out << "database ready, schema version " << (*db)->schema_version().value() << "\n";
  out << "ledger verifier key: " << ledger::encode_verifier_key(key->verifier) << "\n";
  return 0;
}

static int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> flags;
  if (!parse_flags(args, flags, err, "verify")) return 2;
  for (auto& [k, v] : flags)
    if (k != "--data-dir" && k != "--db" && k != "--config" && k != "--bundle" && k != "--key") {
      err << "zhifa verify: unknown option " << k << "\n";
      return 2;
    }
  std::vector<std::string> keys;
  if (flags.count("--key")) keys.push_back(flags["--key"]);
  if (flags.count("--bundle") && recording::looks_like_zip(flags["--bundle"])) {
    auto st = recording::verify_case_file_zip(flags["--bundle"], keys, out);
    if (!st) {
      err << "zhifa verify: FAILED at " << st.error().field << ": " << st.error().message << "\n";
      return 1;
    }
    out << "OK\n";
    return 0;
  }
  if (flags.count("--bundle")) {
    std::ifstream f(flags["--bundle"], std::ios::binary);
    if (!f) {
      err << "zhifa verify: cannot read " << flags["--bundle"] << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    auto st = ledger::verify_bundle(ss.str(), keys, out);
    if (!st) {
      err << "zhifa verify: FAILED: " << st.error().message << "\n";
      return 1;
    }
    out << "OK\n";
    return 0;
  }
  // The database and the data directory come from the server's own configuration: flags, ZHIFA_*
  // variables, --config or <data-dir>/zhifa.toml (app/config.h), so verify sees what serve wrote.
  std::vector<std::string> shared;
  for (const char* f : {"--data-dir", "--db", "--config"})
    if (flags.count(f)) shared.insert(shared.end(), {f, flags[f]});
  auto cfg = load_config(shared);
  if (!cfg) {
    err << "zhifa verify: " << cfg.error().message << "\n";
    return 2;
  }
  bool dir_given = flags.count("--data-dir") || std::getenv("ZHIFA_DATA_DIR") || cfg->data_dir != Config{}.data_dir;
  std::string url = cfg->db_url();
  if (url.rfind("sqlite:", 0) == 0 && !std::filesystem::exists(url.substr(7))) {
    err << "zhifa verify: no database at " << url.substr(7) << "\n";
    return 2;
  }
  // Opened without migrating: verification never changes what it checks.
  auto db = store::open_raw(url, 2);
  if (!db) {
    err << "zhifa verify: database: " << db.error().message << "\n";
    return 1;
  }
  // Evidence files: <data-dir>/blobs when the data directory is configured; otherwise where the
  // server recorded its blobs at start (`zhifa verify --db URL` alone), else ./data/blobs.
  std::string blob_dir = cfg->data_dir + "/blobs";
  if (!dir_given) {
    auto recorded = (*db)->read_value<std::optional<std::string>>([](store::Tx& tx) { return store::get_setting(tx, "blob_dir"); });
    if (recorded && *recorded && !(*recorded)->empty()) blob_dir = **recorded;
  }
  out << "evidence files: " << blob_dir << "\n";
  auto st = verify_installation(**db, blob_dir, keys, out);
  if (!st) {
    err << "zhifa verify: FAILED at " << st.error().field << ": " << st.error().message << "\n";
    return 1;
  }
  out << "OK\n";
  return 0;
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
  if (cmd == "draw") return run_draw(rest, out, err);
  if (cmd == "init") return run_init(rest, out, err);
  if (cmd == "verify") return run_verify(rest, out, err);
  if (cmd == "backup") return run_backup(rest, out, err);
  if (cmd == "restore") return run_restore(rest, out, err);
  if (cmd == "migrate-to") return run_migrate_to(rest, out, err);
  err << "zhifa: unknown command '" << cmd << "'\n\n" << usage();
  return 2;
}

}  // namespace zhifa::app
