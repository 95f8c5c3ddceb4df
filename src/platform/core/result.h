#pragma once
// Errors are values (after LevelDB's Status): a Result<T> holds a T or an Error that says what
// was wrong, for which field, and why. Nothing throws across a module boundary.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace zhifa {

enum class ErrorKind {
  kInvalid,      // bad input: 400
  kUnauthorized, // not logged in: 401
  kForbidden,    // a role does not allow it: 403
  kNotFound,     // 404
  kConflict,     // state does not allow it (already signed, already allocated …): 409
  kTooMany,      // throttled: 429
  kInternal,     // a bug or an I/O failure: 500
  kUnavailable,  // database unreachable, shutting down: 503
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;  // for people, Chinese in the UI layer where it reaches users
  std::string field;    // the input field, column or line that was wrong, if any

  static Error invalid(std::string msg, std::string field = {}) { return {ErrorKind::kInvalid, std::move(msg), std::move(field)}; }
  static Error not_found(std::string msg) { return {ErrorKind::kNotFound, std::move(msg), {}}; }
  static Error forbidden(std::string msg) { return {ErrorKind::kForbidden, std::move(msg), {}}; }
  static Error conflict(std::string msg, std::string field = {}) { return {ErrorKind::kConflict, std::move(msg), std::move(field)}; }
  static Error internal(std::string msg) { return {ErrorKind::kInternal, std::move(msg), {}}; }
  static Error unavailable(std::string msg) { return {ErrorKind::kUnavailable, std::move(msg), {}}; }
};

int http_status(ErrorKind kind);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;

// For a step whose failure must not fail the caller (best effort: an access-log row, a
// checkpoint signed early, a cleanup): logs the error as one JSON line (platform/core/log.h), naming `what`
// — never input values — and returns whether it succeeded. The one way to drop a Result.
bool log_if_error(std::string_view what, const Error* error);
inline bool log_if_error(std::string_view what, const Status& st) { return log_if_error(what, st ? nullptr : &st.error()); }
template <typename T>
bool log_if_error(std::string_view what, const Result<T>& r) { return log_if_error(what, r ? nullptr : &r.error()); }

}  // namespace zhifa
