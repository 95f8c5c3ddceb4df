#include "web/login.h"

namespace zhifa::web {

Result<org::LoginResult> login(store::Database& db, const std::string& login_name, const std::string& password,
                               const std::string& address) {
  std::optional<org::LoginAttempt> attempt;
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto a = org::begin_login(tx, login_name, address);
    if (!a) return a.error();
    attempt = std::move(*a);
    return {};
  });
  // An attempt that could not be counted is not checked either.
  if (!st) return st.error();
  if (attempt->refused) return *attempt->refused;
  if (!org::check_login_password(*attempt, password)) {
    st = db.write([&](store::Tx& tx) { return org::record_login_failure(tx, *attempt); });
    if (!st) return st.error();
    return Error::invalid("登录名或密码错误 (wrong login or password)", "password");
  }
  std::optional<org::LoginResult> out;
  st = db.write([&](store::Tx& tx) -> Status {
    auto r = org::open_session(tx, *attempt);
    if (!r) return r.error();
    out = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  return *out;
}

}  // namespace zhifa::web
