#include "app/migrate_command.h"

#include <filesystem>
#include <map>

#include "app/backup.h"
#include "app/config.h"
#include "platform/store/copy.h"
#include "platform/store/database.h"
#include "publicity/search_index.h"

namespace zhifa::app {

int run_migrate_to(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string target, data_dir_flag;
  std::vector<std::string> shared;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] != "--db" && args[i] != "--data-dir" && args[i] != "--config") || i + 1 >= args.size()) {
      err << "zhifa migrate-to: unexpected argument '" << args[i] << "' (usage: zhifa migrate-to --db postgresql://… [--data-dir DIR])\n";
      return 2;
    }
    if (args[i] == "--db") target = args[i + 1];
    else shared.insert(shared.end(), {args[i], args[i + 1]});
    ++i;
  }
  if (target.rfind("postgresql://", 0) != 0 && target.rfind("postgres://", 0) != 0) {
    err << "zhifa migrate-to: --db must name the target PostgreSQL database (postgresql://user@host:port/db)\n";
    return 2;
  }
  // The source: the SQLite database of the data directory, as the server's configuration says.
  auto cfg = load_config(shared);
  if (!cfg) {
    err << "zhifa migrate-to: " << cfg.error().message << "\n";
    return 2;
  }
  std::string source = "sqlite:" + cfg->data_dir + "/zhifa.db";
  if (!std::filesystem::exists(cfg->data_dir + "/zhifa.db")) {
    err << "zhifa migrate-to: no SQLite database at " << cfg->data_dir << "/zhifa.db (pass the server's --data-dir)\n";
    return 2;
  }
  // Both at this program's schema: the source is upgraded as `zhifa serve` would at start.
  auto from = store::open(source, 2);
  if (!from) {
    err << "zhifa migrate-to: source " << source << ": " << from.error().message << "\n";
    return 1;
  }
  auto to = store::open(target, 2);
  if (!to) {
    err << "zhifa migrate-to: target database: " << to.error().message << "\n";
    return 1;
  }
  out << "copying " << source << " into the PostgreSQL database\n";
  int indexed = 0;
  auto st = store::copy_into_empty(**from, **to, out, [&indexed](store::Tx& tx) -> Status {
    auto n = publicity::rebuild_search_index(tx);
    if (!n) return n.error();
    indexed = *n;
    return {};
  });
  if (!st) {
    err << "zhifa migrate-to: nothing was copied: " << st.error().message << "\n";
    return 1;
  }
  out << "search index rebuilt: " << indexed << " entries\n";
  // The same checks as `zhifa verify`, on the target, with the evidence files of the data directory.
  std::string blob_dir = cfg->data_dir + "/blobs";
  if (auto v = verify_installation(**to, blob_dir, {}, out); !v) {
    err << "zhifa migrate-to: copied, but verification of the target FAILED at " << v.error().field << ": " << v.error().message
        << " — do not use it\n";
    return 1;
  }
  // Where the blobs are, for a later `zhifa verify --db URL` (the server records it too).
  std::error_code ec;
  std::string abs = std::filesystem::absolute(blob_dir, ec).lexically_normal().string();
  (void)(*to)->write([&](store::Tx& tx) { return store::put_setting(tx, "blob_dir", abs); });
  out << "migrated and verified. Start the server with --data-dir " << cfg->data_dir
      << " --db <the PostgreSQL URL>; keep " << cfg->data_dir << "/zhifa.db as the pre-migration copy.\n";
  return 0;
}

}  // namespace zhifa::app
