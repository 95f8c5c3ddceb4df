#include "app/backup.h"
#include "platform/core/process.h"

#include "app/config.h"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/ledger_setup.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/ledger/checkpoint.h"
#include "platform/ledger/codec.h"
#include "platform/ledger/log.h"
#include "platform/ledger/verify.h"

extern char** environ;

namespace zhifa::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "zhifa-backup 1";

struct Options {
  std::string to, from, data_dir = "./data", db, key;
  bool include_signing_key = false;
  bool data_dir_given = false;
  std::string url() const { return db.empty() ? "sqlite:" + data_dir + "/zhifa.db" : db; }
  bool postgres() const { return url().rfind("postgres", 0) == 0; }
};

// --to/--from/--key/--include-signing-key are this command's; --data-dir, --db and --config are
// read exactly as `zhifa serve` reads them (flags over ZHIFA_* variables over the TOML file), so
// a backup started by the systemd timer finds the same database as the server.
bool parse(const std::vector<std::string>& args, Options& o, std::ostream& err, const std::string& cmd) {
  std::vector<std::string> shared;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--include-signing-key" && cmd == "backup") {
      o.include_signing_key = true;
      continue;
    }
    bool own = (a == "--to" && cmd == "backup") || (a == "--from" && cmd == "restore") || (a == "--key" && cmd == "restore");
    bool serve_flag = a == "--data-dir" || a == "--db" || a == "--config";
    if ((!own && !serve_flag) || i + 1 >= args.size()) {
      err << "zhifa " << cmd << ": unexpected argument '" << a << "' (see zhifa help)\n";
      return false;
    }
    if (a == "--to") o.to = args[i + 1];
    else if (a == "--from") o.from = args[i + 1];
    else if (a == "--key") o.key = args[i + 1];
    else shared.insert(shared.end(), {a, args[i + 1]});
    if (a == "--data-dir") o.data_dir_given = true;
    ++i;
  }
  auto cfg = load_config(shared);
  if (!cfg) {
    err << "zhifa " << cmd << ": " << cfg.error().message << "\n";
    return false;
  }
  o.data_dir = cfg->data_dir;
  o.db = cfg->db;
  if (std::getenv("ZHIFA_DATA_DIR")) o.data_dir_given = true;
  if (cmd == "backup" && o.to.empty()) err << "zhifa backup: --to DIR is required\n";
  if (cmd == "restore" && o.from.empty()) err << "zhifa restore: --from DIR is required\n";
  return !(cmd == "backup" ? o.to : o.from).empty();
}

// A PostgreSQL URL without its password, and the password apart: the tools get it through
// PGPASSWORD in their environment, never in argv (which every local user can read in /proc).
struct PgTarget {
  std::string url, password;
};
PgTarget split_password(const std::string& url) {
  PgTarget t{url, ""};
  auto scheme = url.find("://");
  auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return t;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return t;
  t.password = url.substr(colon + 1, at - colon - 1);
  t.url = url.substr(0, colon) + url.substr(at);
  return t;
}

// Runs a program found on PATH with its arguments (no shell); returns its exit code, with what it
// printed (stdout and stderr) in *output.
Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::string& password = "") {
  std::vector<std::string> env;
  if (!password.empty()) env.push_back("PGPASSWORD=" + password);
  auto rc = proc::run_program(argv, output, env);
  if (!rc) return Error::unavailable(argv[0] + " was not found on PATH (Debian: apt-get install postgresql-client)");
  return rc;
}

// The major version of a PostgreSQL client program ("pg_dump (PostgreSQL) 15.8" → 15).
Result<int> client_major(const std::string& program) {
  std::string text;
  auto rc = run_program({program, "--version"}, &text);
  if (!rc) return rc.error();
  auto pos = text.find(") ");
  if (*rc != 0 || pos == std::string::npos) return Error::unavailable(program + " --version failed: " + text);
  return std::atoi(text.c_str() + pos + 2);
}

// pg_dump and pg_restore must be of the server's major version: an older one cannot read a newer
// server, and a newer one writes archives an older pg_restore cannot read.
Status check_pg_tools(store::Database& db, const std::string& program) {
  int server = 0;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SHOW server_version_num");
    if (!r) return r.error();
    server = static_cast<int>(std::stol((*r)->text(0)) / 10000);
    return {};
  });
  if (!st) return st;
  auto client = client_major(program);
  if (!client) return client.error();
  if (*client != server)
    return Error::conflict(program + " is version " + std::to_string(*client) + " but the server is PostgreSQL " +
                           std::to_string(server) + ": install postgresql-client-" + std::to_string(server) +
                           " and put its " + program + " first on PATH");
  return {};
}

// Every blob file under root, by name (its SHA-256).
std::vector<fs::path> blob_files(const std::string& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && blob::is_sha256_hex(it->path().filename().string())) out.push_back(it->path());
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return out;
}

fs::path blob_path(const fs::path& root, const std::string& sha) { return root / sha.substr(0, 2) / sha.substr(2, 2) / sha; }

// Writes text to path via a temporary file, fsync and rename: all or nothing.
Status write_file_atomic(const fs::path& path, const std::string& text, mode_t mode = 0644) {
  fs::path tmp = path.string() + ".partial";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) return Error::unavailable("cannot write " + tmp.string() + " (disk full or not writable?)");
  }
  if (chmod(tmp.c_str(), mode) != 0) return Error::unavailable("cannot set the mode of " + tmp.string());
  if (auto h = blob::file_sha256(tmp.string()); !h) return h.error();  // reads back what was written
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Error::unavailable("cannot rename " + tmp.string() + ": " + ec.message());
  return {};
}

// Copies a file to dest through dest.partial and a rename; returns its SHA-256.
Result<std::string> copy_atomic(const fs::path& from, const fs::path& dest, int mode = 0600) {
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  fs::path tmp = dest.string() + ".partial";
  auto h = blob::copy_file_sha256(from.string(), tmp.string(), mode);
  if (!h) return h.error();
  fs::rename(tmp, dest, ec);
  if (ec) return Error::unavailable("cannot rename " + tmp.string() + ": " + ec.message());
  return *h;
}

struct LedgerState {
  std::uint64_t size = 0;
  std::string root_hex, note;
  int schema = 0;
};

Result<LedgerState> ledger_state(store::Database& db) {
  LedgerState s;
  auto v = db.schema_version();
  if (!v) return v.error();
  s.schema = *v;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto cp = ledger::latest_checkpoint(tx);
    if (!cp) return cp.error();
    if (!*cp) return {};
    s.size = (*cp)->size;
    s.root_hex = ledger::hex_encode(std::string_view(reinterpret_cast<const char*>((*cp)->root.data()), 32));
    s.note = (*cp)->note;
    return {};
  });
  if (!st) return st.error();
  return s;
}

Result<json> backup_database(const Options& o, store::Database& live, const fs::path& dir, LedgerState& state) {
  std::error_code ec;
  if (!o.postgres()) {
    std::string path = o.url().substr(7);
    fs::path tmp = dir / "zhifa.db.partial";
    fs::remove(tmp, ec);
    if (auto st = store::sqlite_backup(path, tmp.string()); !st) return st.error();
    {
      auto copy = store::open_raw("sqlite:" + tmp.string(), 1);  // what the copy itself contains
      if (!copy) return copy.error();
      auto s = ledger_state(**copy);
      if (!s) return s.error();
      state = *s;
    }
    auto h = blob::file_sha256(tmp.string());
    if (!h) return h.error();
    fs::rename(tmp, dir / "zhifa.db", ec);
    if (ec) return Error::unavailable("cannot rename " + tmp.string() + ": " + ec.message());
    return json{{"file", "zhifa.db"}, {"sha256", *h}, {"bytes", fs::file_size(dir / "zhifa.db")}};
  }
  if (auto st = check_pg_tools(live, "pg_dump"); !st) return st.error();
  // Read before the dump starts: pg_dump's snapshot is later, so it contains this checkpoint.
  auto s = ledger_state(live);
  if (!s) return s.error();
  state = *s;
  fs::path tmp = dir / "zhifa.pgdump.partial";
  std::string text;
  PgTarget pg = split_password(o.url());
  auto rc = run_program({"pg_dump", "--format=custom", "--no-owner", "--file=" + tmp.string(), "--dbname=" + pg.url}, &text,
                        pg.password);
  if (!rc) return rc.error();
  if (*rc != 0) return Error::unavailable("pg_dump failed: " + text);
  auto h = blob::file_sha256(tmp.string());
  if (!h) return h.error();
  fs::rename(tmp, dir / "zhifa.pgdump", ec);
  if (ec) return Error::unavailable("cannot rename " + tmp.string() + ": " + ec.message());
  return json{{"file", "zhifa.pgdump"}, {"sha256", *h}, {"bytes", fs::file_size(dir / "zhifa.pgdump")}};
}

// Copies the blobs the target lacks (content-addressed: a present file of the same name and size
// is the same blob); re-hashes what it copies, so a damaged source blob is named, not copied.
Result<json> backup_blobs(const fs::path& src_root, const fs::path& dst_root, std::ostream& out) {
  json list = json::array();
  int copied = 0;
  std::error_code ec;
  for (auto& p : blob_files(src_root.string())) {
    std::string sha = p.filename().string();
    fs::path dest = blob_path(dst_root, sha);
    auto bytes = fs::file_size(p, ec);
    if (!(fs::exists(dest, ec) && fs::file_size(dest, ec) == bytes)) {
      auto h = copy_atomic(p, dest);
      if (!h) return h.error();
      if (*h != sha) {
        fs::remove(dest, ec);
        return Error::conflict("blob " + p.string() + " hashes to " + *h + ": the source is damaged (run zhifa verify)");
      }
      ++copied;
    }
    list.push_back({{"sha256", sha}, {"bytes", bytes}});
  }
  out << "blobs: " << list.size() << " in the backup, " << copied << " copied now\n";
  return list;
}

int fail(std::ostream& err, const std::string& cmd, const Error& e) {
  err << "zhifa " << cmd << ": " << e.message << "\n";
  return 1;
}

}  // namespace

int run_backup(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options o;
  if (!parse(args, o, err, "backup")) return 2;
  umask(077);  // the copies hold personal data and perhaps the signing key: the operator's only
  fs::path dir = o.to;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || access(dir.c_str(), W_OK) != 0)
    return fail(err, "backup", Error::unavailable("the backup directory " + dir.string() + " is not writable"));
  // The manifest goes first and comes back last: a run that stops half-way leaves no directory
  // that looks complete.
  fs::remove(dir / "manifest.json", ec);
  if (!o.postgres() && !fs::exists(o.url().substr(7)))
    return fail(err, "backup", Error::not_found("no database at " + o.url().substr(7)));
  auto live = store::open_raw(o.url(), 2);
  if (!live) return fail(err, "backup", live.error());
  LedgerState state;
  auto database = backup_database(o, **live, dir, state);
  if (!database) return fail(err, "backup", database.error());
  auto blobs = backup_blobs(fs::path(o.data_dir) / "blobs", dir / "blobs", out);
  if (!blobs) return fail(err, "backup", blobs.error());
  json files = json::array();
  auto keys = stored_verifier_keys(**live);
  if (!keys) return fail(err, "backup", keys.error());
  std::string pub;
  for (auto& k : *keys) pub += k + "\n";
  if (auto st = write_file_atomic(dir / "ledger.pub", pub); !st) return fail(err, "backup", st.error());
  files.push_back({{"path", "ledger.pub"}, {"sha256", blob::sha256_hex(pub)}, {"bytes", pub.size()}});
  fs::remove(dir / "ledger.key", ec);  // a key left by an earlier run must not look included
  if (o.include_signing_key) {
    fs::path key = fs::path(o.data_dir) / "ledger.key";
    auto h = copy_atomic(key, dir / "ledger.key", 0600);
    if (!h) return fail(err, "backup", h.error());
    files.push_back({{"path", "ledger.key"}, {"sha256", *h}, {"bytes", fs::file_size(dir / "ledger.key")}});
  }
  json manifest = {{"format", kFormat},
                   {"zhifa_version", ZHIFA_VERSION},
                   {"created_at", clock::now_iso()},
                   {"backend", o.postgres() ? "postgresql" : "sqlite"},
                   {"schema_version", state.schema},
                   {"database", *database},
                   {"ledger", {{"size", state.size}, {"root", state.root_hex}, {"checkpoint", state.note}}},
                   {"files", files},
                   {"blobs", *blobs}};
  if (auto st = write_file_atomic(dir / "manifest.json", manifest.dump(1) + "\n"); !st) return fail(err, "backup", st.error());
  out << "backup complete in " << dir.string() << ": schema " << state.schema << ", ledger checkpoint of " << state.size
      << " events, " << blobs->size() << " blobs" << (o.include_signing_key ? ", signing key included" : "") << "\n";
  return 0;
}

Status verify_installation(store::Database& db, const std::string& blob_dir, std::vector<std::string> keys,
                           std::ostream& out) {
  if (keys.empty()) {
    auto stored = stored_verifier_keys(db);
    if (!stored) return stored.error();
    keys = *stored;
    out << "note: trusting the verifier keys recorded in this database; pass --key to check against a key you hold\n";
  }
  ledger::VerifyOptions opts;
  opts.verifier_keys = keys;
  // Every evidence file an event names must still be in the blob store with the same hash.
  auto blobs = blob::open_filesystem_store(blob_dir);
  opts.evidence = [&blobs, &blob_dir](std::uint64_t, std::string_view sha) -> Status {
    if (!blobs->exists(std::string(sha)))
      return Error::not_found("no blob " + std::string(sha) + " in " + blob_dir +
                              " (evidence files are read from <data-dir>/blobs: pass the server's --data-dir)");
    return blobs->check(std::string(sha));
  };
  return ledger::verify_database(db, opts, out);
}

namespace {

// Every file the manifest names, re-hashed; the first that differs is named.
Status check_manifest(const fs::path& dir, const json& m) {
  if (!m.is_object() || m.value("format", "") != kFormat)
    return Error::invalid((dir / "manifest.json").string() + " is not a zhifa backup manifest (format \"" + kFormat + "\")");
  auto check = [&](const fs::path& p, const std::string& want) -> Status {
    if (!fs::exists(p)) return Error::not_found("the backup lacks " + p.string());
    auto h = blob::file_sha256(p.string());
    if (!h) return h.error();
    if (*h != want) return Error::conflict(p.string() + " was altered or damaged: it hashes to " + *h + ", the manifest says " + want);
    return {};
  };
  // Only the names a backup writes: a manifest cannot point outside the backup directory.
  std::string db_file = m["database"]["file"];
  if (db_file != "zhifa.db" && db_file != "zhifa.pgdump") return Error::invalid("manifest: unexpected database file " + db_file);
  if (auto st = check(dir / db_file, m["database"]["sha256"]); !st) return st;
  for (auto& f : m["files"]) {
    std::string path = f["path"];
    if (path != "ledger.pub" && path != "ledger.key") return Error::invalid("manifest: unexpected file " + path);
    if (auto st = check(dir / path, f["sha256"]); !st) return st;
  }
  if (!m["ledger"]["size"].is_number_unsigned() || !m["ledger"]["checkpoint"].is_string() || !m["ledger"]["root"].is_string())
    return Error::invalid("manifest: the ledger checkpoint is missing or malformed");
  for (auto& b : m["blobs"]) {
    std::string sha = b["sha256"];
    if (!blob::is_sha256_hex(sha)) return Error::invalid("manifest: bad blob name " + sha);
    if (auto st = check(blob_path(dir / "blobs", sha), sha); !st) return st;
  }
  return {};
}

bool empty_dir(const fs::path& p) {
  std::error_code ec;
  return !fs::exists(p, ec) || (fs::is_directory(p, ec) && fs::is_empty(p, ec));
}

// A PostgreSQL database with no table in its schema.
Status check_pg_empty(store::Database& db) {
  return db.read([](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()");
    if (!r) return r.error();
    if ((*r)->integer(0) > 0)
      return Error::conflict("the target database is not empty (" + (*r)->text(0) +
                             " tables): restore only into a new, empty database");
    return {};
  });
}

Status restore_database(const Options& o, const fs::path& dir, const json& m) {
  std::string file = (dir / m["database"]["file"].get<std::string>()).string();
  std::string backend = m.value("backend", "");
  if (backend != (o.postgres() ? "postgresql" : "sqlite"))
    return Error::invalid("this backup is of a " + backend + " database; restore it to the same kind of database (zhifa migrate-to moves SQLite to PostgreSQL)");
  if (!o.postgres()) {
    auto h = copy_atomic(file, fs::path(o.url().substr(7)));
    if (!h) return h.error();
    return {};
  }
  auto target = store::open_raw(o.url(), 1);
  if (!target) return target.error();
  if (auto st = check_pg_empty(**target); !st) return st;
  if (auto st = check_pg_tools(**target, "pg_restore"); !st) return st;
  std::string text;
  // One transaction: a failed restore leaves the database empty, so it can be tried again.
  PgTarget pg = split_password(o.url());
  auto rc = run_program({"pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                         "--dbname=" + pg.url, file},
                        &text, pg.password);
  if (!rc) return rc.error();
  if (*rc != 0) return Error::unavailable("pg_restore failed: " + text);
  return {};
}

// The restored ledger holds the manifest's checkpoint: the same signed note at the same size.
Status check_checkpoint(store::Database& db, const json& m) {
  std::uint64_t size = m["ledger"]["size"];
  if (size == 0) return {};
  return db.read([&](store::Tx& tx) -> Status {
    auto cp = ledger::checkpoint_at(tx, size);
    if (!cp) return cp.error();
    if (!*cp || (*cp)->note != m["ledger"]["checkpoint"].get<std::string>())
      return Error::conflict("the restored ledger does not hold the manifest's checkpoint of " + std::to_string(size) + " events");
    auto root = ledger::log_root(tx, size);
    if (!root) return root.error();
    if (ledger::hex_encode(std::string_view(reinterpret_cast<const char*>(root->data()), 32)) != m["ledger"]["root"])
      return Error::conflict("the restored ledger's root at " + std::to_string(size) + " events differs from the manifest's");
    return {};
  });
}

}  // namespace

int run_restore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options o;
  if (!parse(args, o, err, "restore")) return 2;
  umask(077);
  if (o.postgres() && !o.data_dir_given) {
    err << "zhifa restore: --data-dir DIR is required with --db (the blobs and the signing key go there)\n";
    return 2;
  }
  fs::path dir = o.from;
  std::ifstream mf(dir / "manifest.json");
  if (!mf) return fail(err, "restore", Error::not_found("no manifest.json in " + dir.string() + ": not a complete backup"));
  json m = json::parse(mf, nullptr, false);
  if (m.is_discarded()) return fail(err, "restore", Error::invalid((dir / "manifest.json").string() + " is not valid JSON"));
  try {
    if (auto st = check_manifest(dir, m); !st) return fail(err, "restore", st.error());
  } catch (const json::exception& e) {
    return fail(err, "restore", Error::invalid("manifest.json lacks a field: " + std::string(e.what())));
  }
  out << "backup checked: every file matches the manifest\n";
  if (o.key.empty())
    out << "warning: no --key given: the restored ledger is checked against the verifier keys inside the backup, which "
           "proves it intact but not that it is yours; pass the verifier key you keep apart from the backups\n";
  fs::path data = o.data_dir;
  if (!empty_dir(data))
    return fail(err, "restore", Error::conflict("the target directory " + data.string() + " is not empty: restore only into a new or empty directory"));
  std::error_code ec;
  fs::create_directories(data, ec);
  if (ec) return fail(err, "restore", Error::unavailable("cannot create " + data.string() + ": " + ec.message()));
  // The target was empty: a restore that fails takes back everything it wrote (PostgreSQL:
  // pg_restore ran in one transaction), so it can simply be run again.
  auto undo = [&](const Error& e) {
    for (auto& entry : fs::directory_iterator(data, ec)) fs::remove_all(entry.path(), ec);
    return fail(err, "restore", e);
  };
  if (auto st = restore_database(o, dir, m); !st) return undo(st.error());
  for (auto& b : m["blobs"]) {
    std::string sha = b["sha256"];
    if (auto h = copy_atomic(blob_path(dir / "blobs", sha), blob_path(data / "blobs", sha), 0644); !h) return undo(h.error());
  }
  bool key_listed = false;
  for (auto& f : m["files"]) key_listed = key_listed || f["path"] == "ledger.key";
  if (key_listed)
    if (auto h = copy_atomic(dir / "ledger.key", data / "ledger.key", 0600); !h) return undo(h.error());
  auto db = store::open_raw(o.url(), 2);
  if (!db) return undo(db.error());
  std::vector<std::string> keys;
  if (!o.key.empty()) keys.push_back(o.key);
  if (auto st = verify_installation(**db, (data / "blobs").string(), keys, out); !st)
    return fail(err, "restore", Error{st.error().kind, "restored into " + data.string() + ", but verification FAILED at " +
                                                           st.error().field + ": " + st.error().message + " — do not use it", {}});
  if (auto st = check_checkpoint(**db, m); !st) return fail(err, "restore", st.error());
  out << "restore complete: ledger verified, the manifest's checkpoint of " << m["ledger"]["size"].get<std::uint64_t>()
      << " events is present" << (fs::exists(data / "ledger.key") ? "" : "; no signing key in the backup: run zhifa init to make a new one (a key rotation)") << "\n";
  return 0;
}

}  // namespace zhifa::app
