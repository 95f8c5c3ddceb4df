#include "org/auth.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"

namespace zhifa::org {

namespace {
struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) std::abort();
  }
} sodium_init_once;

// Verified when the login does not exist, so that a wrong login costs as long as a wrong
// password and timing does not reveal which accounts exist.
const std::string& dummy_hash() {
  static const std::string h = hash_password("not a real password");
  return h;
}
}  // namespace

std::string hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    std::abort();  // out of memory
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<Principal> load_principal(store::Tx& tx, std::int64_t person_id) {
  auto row = tx.query_one(
      "SELECT p.id, p.name, p.login, p.agency_id, a.name AS agency_name FROM people p "
      "JOIN agencies a ON a.id = p.agency_id WHERE p.id = ? AND p.active = 1",
      {person_id});
  if (!row) return row.error();
  if (!*row) return Error::not_found("no such active person");
  Principal p;
  p.person_id = (*row)->integer("id");
  p.name = (*row)->text("name");
  p.login = (*row)->text("login");
  p.agency_id = (*row)->integer("agency_id");
  p.agency_name = (*row)->text("agency_name");
  auto roles = tx.query("SELECT role FROM person_roles WHERE person_id = ?", {person_id});
  if (!roles) return roles.error();
  for (auto& r : *roles) p.roles.insert(r.text(0));
  p.jurisdiction.insert(p.agency_id);
  if (p.has("supervisor") || p.has("admin")) {
    // The superior agency acts on the agencies below it, at any depth.
    auto below = tx.query(
        "WITH RECURSIVE sub(id) AS (SELECT id FROM agencies WHERE parent_id = ? "
        "UNION ALL SELECT a.id FROM agencies a JOIN sub ON a.parent_id = sub.id) SELECT id FROM sub",
        {p.agency_id});
    if (!below) return below.error();
    for (auto& r : *below) p.jurisdiction.insert(r.integer(0));
  }
  return p;
}

namespace {

// Counts one attempt under `key`, in one statement, and returns the count including this one,
// or nullopt when the key's delay (not_before) has not passed (then nothing is counted). A
// window older than kFailureWindowSeconds starts again at 1. One statement is what makes the
// count atomic: SQLite serialises writers, and PostgreSQL's upsert locks the row, so 40
// concurrent attempts get 40 different numbers and only the first few may check a password.
Result<std::optional<std::int64_t>> count_attempt(store::Tx& tx, const std::string& key, std::int64_t now) {
  auto r = tx.query_one(
      "INSERT INTO login_throttle(key, attempts, window_start, not_before) VALUES(?, 1, ?, 0) "
      "ON CONFLICT (key) DO UPDATE SET "
      "attempts = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.attempts + 1 END, "
      "window_start = CASE WHEN login_throttle.window_start <= ? THEN excluded.window_start ELSE login_throttle.window_start END "
      "WHERE login_throttle.not_before <= ? RETURNING attempts",
      {key, now, now - kFailureWindowSeconds, now - kFailureWindowSeconds, now});
  if (!r) return r.error();
  if (!*r) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{(*r)->integer(0)};
}

// Seconds until `key` accepts attempts again (at least 1).
Result<std::int64_t> wait_seconds(store::Tx& tx, const std::string& key, std::int64_t now, bool delayed) {
  auto r = tx.query_one("SELECT window_start, not_before FROM login_throttle WHERE key = ?", {key});
  if (!r) return r.error();
  if (!*r) return std::int64_t{1};
  std::int64_t until = delayed ? (*r)->integer(1) : (*r)->integer(0) + kFailureWindowSeconds;
  return std::max<std::int64_t>(1, until - now);
}

Error too_many(std::int64_t seconds) {
  if (seconds < 120)
    return Error{ErrorKind::kTooMany, "登录尝试过于频繁，请" + std::to_string(seconds) + "秒后再试 (too many attempts; try again in " +
                                          std::to_string(seconds) + " s)", "login"};
  std::int64_t minutes = (seconds + 59) / 60;
  return Error{ErrorKind::kTooMany, "登录失败次数过多，请" + std::to_string(minutes) + "分钟后再试 (too many failed logins; try again in " +
                                        std::to_string(minutes) + " minutes)", "login"};
}

}  // namespace

std::int64_t account_delay_seconds(std::int64_t attempts) {
  if (attempts <= kFreeAttemptsPerAccount) return 0;
  std::int64_t d = 2;  // times are whole seconds: 2 s is at least one full second
  for (std::int64_t i = kFreeAttemptsPerAccount + 1; i < attempts && d < kMaxAccountDelaySeconds; ++i) d *= 2;
  return std::min<std::int64_t>(d, kMaxAccountDelaySeconds);
}

Result<LoginAttempt> begin_login(store::Tx& tx, const std::string& login_name, const std::string& address) {
  LoginAttempt a;
  a.now = clock::now_unix();
  // The login is not yet known to exist: a long one is keyed by its hash (short, valid UTF-8).
  const std::string name = login_name.size() <= 64 ? login_name : "#" + blob::sha256_hex(login_name);
  a.pair_key = "pair:" + address + " " + name, a.addr_key = "addr:" + address, a.acct_key = "acct:" + name;
  a.address = address;
  // Every attempt is counted before its password is checked; an attempt over a limit is
  // answered without checking it. Limits: per (address, login) and per address, hard for the
  // window; per login from every address, a growing delay — so that someone guessing from
  // elsewhere slows the owner down for seconds at most and never locks the account.
  auto pair = count_attempt(tx, a.pair_key, a.now);
  if (!pair) return pair.error();
  auto addr = count_attempt(tx, a.addr_key, a.now);
  if (!addr) return addr.error();
  // These two keys never carry a delay, so they always count; no count is over the limit.
  auto over_limit = [](const std::optional<std::int64_t>& n, int limit) { return !n || *n > limit; };
  const std::string* over = over_limit(*pair, kMaxFailuresPerLogin)    ? &a.pair_key
                            : over_limit(*addr, kMaxFailuresPerAddress) ? &a.addr_key
                                                                        : nullptr;
  if (over) {
    auto wait = wait_seconds(tx, *over, a.now, false);
    if (!wait) return wait.error();
    a.refused = too_many(*wait);
    return a;
  }
  auto acct = count_attempt(tx, a.acct_key, a.now);
  if (!acct) return acct.error();
  if (!*acct) {
    auto wait = wait_seconds(tx, a.acct_key, a.now, true);
    if (!wait) return wait.error();
    a.refused = too_many(*wait);
    return a;
  }
  a.account_attempts = **acct;
  auto r = tx.query_one("SELECT id, password_hash FROM people WHERE login = ? AND active = 1", {login_name});
  if (!r) return r.error();
  if (*r) a.account.emplace((*r)->integer(0), (*r)->text(1));
  return a;
}

bool check_login_password(const LoginAttempt& a, const std::string& password) {
  return a.account ? verify_password(a.account->second, password) : (verify_password(dummy_hash(), password), false);
}

Status record_login_failure(store::Tx& tx, const LoginAttempt& a) {
  // The delay runs from now, after the password check, not from when the attempt came in.
  if (auto delay = account_delay_seconds(a.account_attempts); delay > 0)
    if (auto r = tx.exec("UPDATE login_throttle SET not_before = ? WHERE key = ?", {clock::now_unix() + delay, a.acct_key}); !r)
      return r.error();
  // Windows that have passed are of no use any more.
  auto r = tx.exec("DELETE FROM login_throttle WHERE window_start <= ? AND not_before <= ?", {a.now - kFailureWindowSeconds, a.now});
  return r ? Status{} : Status(r.error());
}

Result<LoginResult> open_session(store::Tx& tx, const LoginAttempt& a) {
  if (!a.account) return Error::internal("open_session without an account");
  LoginResult out{random_token(), random_token(24), a.account->first};
  if (auto r = tx.exec("DELETE FROM sessions WHERE expires_at < ?", {a.now}); !r) return r.error();
  // Success clears this login's counters; the address keeps only its failures.
  if (auto r = tx.exec("DELETE FROM login_throttle WHERE key = ? OR key = ?", {a.pair_key, a.acct_key}); !r) return r.error();
  if (auto r = tx.exec("UPDATE login_throttle SET attempts = attempts - 1 WHERE key = ? AND attempts > 0", {a.addr_key}); !r) return r.error();
  auto r = tx.exec("INSERT INTO sessions(token_hash, person_id, csrf, created_at, expires_at, address) VALUES(?,?,?,?,?,?)",
                   {blob::sha256_hex(out.session_token), out.person_id, out.csrf, clock::now_iso(), a.now + kSessionSeconds, a.address});
  if (!r) return r.error();
  return out;
}

Status logout(store::Tx& tx, const std::string& session_token) {
  auto r = tx.exec("DELETE FROM sessions WHERE token_hash = ?", {blob::sha256_hex(session_token)});
  return r ? Status{} : Status(r.error());
}

Result<std::optional<Principal>> principal_from_session(store::Tx& tx, const std::string& session_token) {
  auto r = tx.query_one("SELECT person_id, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?",
                        {blob::sha256_hex(session_token), clock::now_unix()});
  if (!r) return r.error();
  if (!*r) return std::optional<Principal>{};
  auto p = load_principal(tx, (*r)->integer(0));
  if (!p) return p.error().kind == ErrorKind::kNotFound ? Result<std::optional<Principal>>(std::optional<Principal>{}) : p.error();
  p->csrf = (*r)->text(1);
  return std::optional<Principal>(std::move(*p));
}

Result<std::optional<Principal>> principal_from_token(store::Tx& tx, const std::string& bearer) {
  auto r = tx.query_one("SELECT person_id, scopes FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                        {blob::sha256_hex(bearer)});
  if (!r) return r.error();
  if (!*r) return std::optional<Principal>{};
  auto p = load_principal(tx, (*r)->integer(0));
  if (!p) return p.error().kind == ErrorKind::kNotFound ? Result<std::optional<Principal>>(std::optional<Principal>{}) : p.error();
  std::set<std::string> scopes;
  std::istringstream in((*r)->text(1));
  for (std::string s; in >> s;) scopes.insert(s);
  p->token_scopes = std::move(scopes);
  return std::optional<Principal>(std::move(*p));
}

Status revoke_credentials(store::Tx& tx, std::int64_t person_id) {
  if (auto r = tx.exec("DELETE FROM sessions WHERE person_id = ?", {person_id}); !r) return r.error();
  auto r = tx.exec("UPDATE api_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL", {clock::now_iso(), person_id});
  return r ? Status{} : Status(r.error());
}

Result<NewToken> create_api_token(store::Tx& tx, const Principal& owner, const std::string& name, const std::string& scopes) {
  if (name.empty() || name.size() > 100) return Error::invalid("令牌名称必填，最多100字 (name is required, at most 100 characters)", "name");
  std::istringstream in(scopes);
  int n = 0;
  for (std::string s; in >> s; ++n) {
    auto d = authorize(owner, s);
    if (!d.allowed) return Error::invalid("scope " + s + ": " + d.reason, "scopes");
  }
  if (n == 0) return Error::invalid("至少选择一个权限范围 (choose at least one scope)", "scopes");
  NewToken out{0, "zf_" + random_token()};
  auto r = tx.query_one("INSERT INTO api_tokens(person_id, name, token_hash, scopes, created_at) VALUES(?,?,?,?,?) RETURNING id",
                        {owner.person_id, name, blob::sha256_hex(out.token), scopes, clock::now_iso()});
  if (!r) return r.error();
  out.id = (*r)->integer(0);
  return out;
}

Status revoke_api_token(store::Tx& tx, const Principal& owner, std::int64_t token_id) {
  auto r = tx.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND person_id = ? AND revoked_at IS NULL",
                   {clock::now_iso(), token_id, owner.person_id});
  if (!r) return r.error();
  if (*r == 0) return Error::not_found("no such active token of yours");
  return {};
}

Result<std::vector<TokenInfo>> list_api_tokens(store::Tx& tx, std::int64_t person_id) {
  auto rows = tx.query("SELECT id, name, scopes, created_at, revoked_at FROM api_tokens WHERE person_id = ? ORDER BY id DESC", {person_id});
  if (!rows) return rows.error();
  std::vector<TokenInfo> out;
  for (auto& r : *rows) out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), !r.is_null(4)});
  return out;
}

Status log_access(store::Tx& tx, const AccessRecord& a) {
  auto r = tx.exec("INSERT INTO access_log(at, person_id, address, method, path, action, subject, allowed, status) VALUES(?,?,?,?,?,?,?,?,?)",
                   {clock::now_iso(), a.person_id ? store::Value(*a.person_id) : store::null(), a.address, a.method, a.route, a.action,
                    a.subject, std::int64_t{a.status < 400 ? 1 : 0}, std::int64_t{a.status}});
  return r ? Status{} : Status(r.error());
}

}  // namespace zhifa::org
