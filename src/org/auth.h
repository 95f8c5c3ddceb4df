#pragma once
// Login, sessions, CSRF tokens, API tokens and throttling.
//  - Passwords: argon2id via libsodium crypto_pwhash_str (interactive limits).
//  - Sessions: a random 256-bit cookie value; only its SHA-256 is stored. 12 h lifetime.
//  - CSRF: every session has its own token; before login a per-browser cookie token is used
//    (double submit). Every POST must carry it as form field _csrf or header X-CSRF-Token.
//  - Throttling: every attempt is counted (atomically, before its password is checked) per
//    (address, login), per address and per login. Past 5 from one address for one login, or 20
//    from one address, that address waits until its 15-minute window passes. Per login from
//    all addresses there is no lock, only a growing delay between attempts (2 s, 4 s, 8 s … at
//    most 60 s after the 5th), so a guesser elsewhere cannot lock the owner out. A success
//    clears its login's counters. The message never says whether the login exists.
//  - API tokens: "zf_" + random; only the SHA-256 is stored; scopes limit what a token may do.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::org {

std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
std::string random_token(std::size_t bytes = 32);  // URL-safe base64, from libsodium's CSPRNG
bool constant_time_equal(const std::string& a, const std::string& b);

struct LoginResult { std::string session_token; std::string csrf; std::int64_t person_id; };

inline constexpr int kMaxFailuresPerLogin = 5;
inline constexpr int kMaxFailuresPerAddress = 20;
inline constexpr int kFailureWindowSeconds = 15 * 60;
inline constexpr int kFreeAttemptsPerAccount = 5;
inline constexpr int kMaxAccountDelaySeconds = 60;
inline constexpr int kSessionSeconds = 12 * 3600;

// Logging in, in three steps so that the slow password check (argon2id) holds no transaction:
//   1. begin_login (write tx): counts the attempt (per address+login, per address, per login)
//      before the password is looked at; `refused` is set (kTooMany, saying how long to wait)
//      when a limit is passed — that attempt is not checked;
//   2. check_login_password (no tx);
//   3. record_login_failure or open_session (write tx).
// web::login (src/web/login.h) runs the three; an attempt that cannot be counted is not checked,
// and a failure that cannot be recorded is an error.
struct LoginAttempt {
  std::int64_t now = 0, account_attempts = 0;
  std::string pair_key, addr_key, acct_key, address;
  std::optional<std::pair<std::int64_t, std::string>> account;  // person id, password hash
  std::optional<Error> refused;
};
Result<LoginAttempt> begin_login(store::Tx& tx, const std::string& login, const std::string& address);
bool check_login_password(const LoginAttempt& a, const std::string& password);
Status record_login_failure(store::Tx& tx, const LoginAttempt& a);
Result<LoginResult> open_session(store::Tx& tx, const LoginAttempt& a);
Status logout(store::Tx& tx, const std::string& session_token);
// The delay before the next attempt on a login after its n-th attempt in the window: none up
// to kFreeAttemptsPerAccount, then 2 s doubling up to kMaxAccountDelaySeconds.
std::int64_t account_delay_seconds(std::int64_t attempts);

// The person behind a session cookie or an API token; nullopt when neither is valid.
Result<std::optional<Principal>> principal_from_session(store::Tx& tx, const std::string& session_token);
Result<std::optional<Principal>> principal_from_token(store::Tx& tx, const std::string& bearer);
// Loads roles and jurisdiction for a person (used by both of the above).
Result<Principal> load_principal(store::Tx& tx, std::int64_t person_id);

// Ends every session and revokes every API token of a person, inside the caller's transaction:
// what a password change, a role removal or a deactivation must do, so that nobody keeps
// acting on a credential or a role that has been taken away.
Status revoke_credentials(store::Tx& tx, std::int64_t person_id);

struct NewToken { std::int64_t id; std::string token; };
Result<NewToken> create_api_token(store::Tx& tx, const Principal& owner, const std::string& name, const std::string& scopes);
Status revoke_api_token(store::Tx& tx, const Principal& owner, std::int64_t token_id);
struct TokenInfo { std::int64_t id; std::string name, scopes, created_at; bool revoked; };
Result<std::vector<TokenInfo>> list_api_tokens(store::Tx& tx, std::int64_t person_id);

// The database access log (等保: who viewed or changed what): one row per staff or token request.
struct AccessRecord {
  std::optional<std::int64_t> person_id;
  std::string address, method, route, action, subject;
  int status = 0;
};
Status log_access(store::Tx& tx, const AccessRecord& r);

}  // namespace zhifa::org
