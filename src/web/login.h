#pragma once
// Logging in at the edge: the three steps of org/auth.h, each in its own transaction, with the
// slow password check (argon2id) outside any. Errors: kInvalid (generic "wrong login or
// password"), kTooMany (throttled, saying how long to wait), or the database's error.
#include <string>

#include "org/auth.h"
#include "platform/store/database.h"

namespace zhifa::web {

Result<org::LoginResult> login(store::Database& db, const std::string& login, const std::string& password, const std::string& address);

}  // namespace zhifa::web
