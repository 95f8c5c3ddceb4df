#include "org/auth.h"

#include <sodium.h>

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

Result<LoginResult> login(store::Database& db, const std::string& login_name, const std::string& password,
                          const std::string& address) {
  const Error generic = Error::invalid("登录名或密码错误 (wrong login or password)", "password");
  std::int64_t now = clock::now_unix();
  std::optional<std::pair<std::int64_t, std::string>> account;
  int fails_login = 0, fails_addr = 0;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT id, password_hash FROM people WHERE login = ? AND active = 1", {login_name});
    if (!r) return r.error();
    if (*r) account.emplace((*r)->integer(0), (*r)->text(1));
    auto f = tx.query(
        "SELECT SUM(CASE WHEN key = ? THEN 1 ELSE 0 END), SUM(CASE WHEN key = ? THEN 1 ELSE 0 END) "
        "FROM login_failures WHERE at_unix > ? AND (key = ? OR key = ?)",
        {"login:" + login_name, "addr:" + address, now - kFailureWindowSeconds, "login:" + login_name, "addr:" + address});
    if (!f) return f.error();
    if (!f->empty()) {
      fails_login = static_cast<int>((*f)[0].integer(0));
      fails_addr = static_cast<int>((*f)[0].integer(1));
    }
    return {};
  });
  if (!st) return st.error();
  if (fails_login >= kMaxFailuresPerLogin || fails_addr >= kMaxFailuresPerAddress)
    return Error{ErrorKind::kTooMany, "登录失败次数过多，请15分钟后再试 (too many failed logins; try again in 15 minutes)", "login"};
  bool good = account ? verify_password(account->second, password) : (verify_password(dummy_hash(), password), false);
  if (!good) {
    (void)db.write([&](store::Tx& tx) -> Status {
      for (const auto& key : {"login:" + login_name, "addr:" + address})
        if (auto r = tx.exec("INSERT INTO login_failures(key, at_unix) VALUES(?, ?)", {key, now}); !r) return r.error();
      return {};
    });
    return generic;
  }
  LoginResult out{random_token(), random_token(24), account->first};
  st = db.write([&](store::Tx& tx) -> Status {
    if (auto r = tx.exec("DELETE FROM sessions WHERE expires_at < ?", {now}); !r) return r.error();
    if (auto r = tx.exec("DELETE FROM login_failures WHERE key = ?", {"login:" + login_name}); !r) return r.error();
    auto r = tx.exec("INSERT INTO sessions(token_hash, person_id, csrf, created_at, expires_at, address) VALUES(?,?,?,?,?,?)",
                     {blob::sha256_hex(out.session_token), out.person_id, out.csrf, clock::now_iso(), now + kSessionSeconds, address});
    return r ? Status{} : Status(r.error());
  });
  if (!st) return st.error();
  return out;
}

Status logout(store::Database& db, const std::string& session_token) {
  return db.write([&](store::Tx& tx) -> Status {
    auto r = tx.exec("DELETE FROM sessions WHERE token_hash = ?", {blob::sha256_hex(session_token)});
    return r ? Status{} : Status(r.error());
  });
}

Result<std::optional<Principal>> principal_from_session(store::Database& db, const std::string& session_token) {
  std::optional<Principal> out;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT person_id, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?",
                          {blob::sha256_hex(session_token), clock::now_unix()});
    if (!r) return r.error();
    if (!*r) return {};
    auto p = load_principal(tx, (*r)->integer(0));
    if (!p) return p.error().kind == ErrorKind::kNotFound ? Status{} : Status(p.error());
    p->csrf = (*r)->text(1);
    out = std::move(*p);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::optional<Principal>> principal_from_token(store::Database& db, const std::string& bearer) {
  std::optional<Principal> out;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT person_id, scopes FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                          {blob::sha256_hex(bearer)});
    if (!r) return r.error();
    if (!*r) return {};
    auto p = load_principal(tx, (*r)->integer(0));
    if (!p) return p.error().kind == ErrorKind::kNotFound ? Status{} : Status(p.error());
    std::set<std::string> scopes;
    std::istringstream in((*r)->text(1));
    for (std::string s; in >> s;) scopes.insert(s);
    p->token_scopes = std::move(scopes);
    out = std::move(*p);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<NewToken> create_api_token(store::Database& db, const Principal& owner, const std::string& name,
                                  const std::string& scopes) {
  if (name.empty() || name.size() > 100) return Error::invalid("令牌名称必填，最多100字 (name is required, at most 100 characters)", "name");
  std::istringstream in(scopes);
  int n = 0;
  for (std::string s; in >> s; ++n) {
    auto d = authorize(owner, s);
    if (!d.allowed) return Error::invalid("scope " + s + ": " + d.reason, "scopes");
  }
  if (n == 0) return Error::invalid("至少选择一个权限范围 (choose at least one scope)", "scopes");
  NewToken out{0, "zf_" + random_token()};
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("INSERT INTO api_tokens(person_id, name, token_hash, scopes, created_at) VALUES(?,?,?,?,?) RETURNING id",
                          {owner.person_id, name, blob::sha256_hex(out.token), scopes, clock::now_iso()});
    if (!r) return r.error();
    out.id = (*r)->integer(0);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Status revoke_api_token(store::Database& db, const Principal& owner, std::int64_t token_id) {
  return db.write([&](store::Tx& tx) -> Status {
    auto r = tx.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND person_id = ? AND revoked_at IS NULL",
                     {clock::now_iso(), token_id, owner.person_id});
    if (!r) return r.error();
    if (*r == 0) return Error::not_found("no such active token of yours");
    return {};
  });
}

}  // namespace zhifa::org
