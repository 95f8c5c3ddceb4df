#pragma once
// One way to handle a request. A route handler:
//   1. reads its input with web::Input (a form or a JSON object, the same field names);
//   2. runs ONE service call inside ONE transaction with web::write or web::read — the edge
//      opens the transaction, the service (which takes store::Tx&) holds all the SQL;
//   3. maps the outcome: the `done` callback builds the reply from the service's value (a
//      redirect, a page, JSON); an error becomes a JSON error (/api/) or an error page, or,
//      for a form whose input was refused (kInvalid), the `invalid` callback re-renders the form
//      with the message beside the field.
//
//   router.add("POST", "/workspace/cases/{id}/facts", "recording.handle", [&site](Request& req) {
//     auto id = web::path_id(req, "id", "案件不存在");
//     web::Input in(req);
//     FactsInput f{in.text("facts")};
//     return web::write(site, req, in, [&](store::Tx& tx) { return save_facts(tx, web::principal(req), *id, f); },
//                       [&] { return web::see_other("/workspace/cases/" + std::to_string(*id)); });
//   });
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/http/message.h"
#include "platform/store/database.h"
#include "web/site.h"

namespace zhifa::web {

// The person (or API token) the gate attached to the request.
inline const org::Principal& principal(const http::Request& req) { return Site::principal(req); }

// A {name} path parameter as a positive id; a malformed one is answered as missing (404 with
// `missing`, e.g. "案件不存在"), like an id that does not exist.
Result<std::int64_t> path_id(const http::Request& req, std::string_view name, std::string_view missing);

// The request's input, whichever way it came: a JSON object (Content-Type JSON, or an /api/
// request that is not a form) or a form (urlencoded). Readers never throw; a value of the wrong JSON type is recorded as a field
// error ("须为字符串" …) and status() returns the first one.
class Input {
 public:
  explicit Input(const http::Request& req);
  bool is_json() const { return json_; }
  bool has(std::string_view key) const;
  // A string; "" when absent.
  std::string text(std::string_view key);
  // A positive id (JSON integer, or form digits); nullopt when absent or empty.
  std::optional<std::int64_t> id(std::string_view key);
  // Positive ids: a JSON array of integers, or a repeated form field.
  std::vector<std::int64_t> ids(std::string_view key);
  // A yes/no: JSON true/false, or a form's "1" / "on" / "true" / "yes".
  bool flag(std::string_view key);
  // An amount in yuan as people write it ("10000", "10,000", "123.45"), checked against the
  // ceiling (law/money.h); JSON may give a number. nullopt when absent or empty.
  std::optional<std::int64_t> yuan(std::string_view key, const std::string& what = "金额");
  // A nested JSON object or array (null when absent or a form).
  const nlohmann::json* raw(std::string_view key) const;
  // The whole JSON body (an empty object for a form).
  const nlohmann::json& body() const { return body_; }
  // A form's fields as a JSON object, to fill the form again after a refusal.
  nlohmann::json echo() const;
  // The first field error met while reading (or the body's own: not a JSON object).
  Status status() const;

 private:
  const http::Request& req_;
  bool json_ = false;
  nlohmann::json body_ = nlohmann::json::object();
  std::optional<Error> error_;
  void fail(Error e);
};

// Replies.
http::Response see_other(const std::string& path);           // 303 to a same-site path
http::Response json_reply(const nlohmann::json& body, int status = 200);
// An error, as JSON (/api/: {"error","field"}) or as the site's error page.
http::Response fail(const Site& site, const http::Request& req, const Error& e);

namespace detail {
template <class F>
using service_value_t = std::remove_cvref_t<decltype(std::declval<F&>()(std::declval<store::Tx&>()))>;
template <class R> struct result_value;
template <class T> struct result_value<Result<T>> { using type = T; };
}  // namespace detail

using InvalidForm = std::function<http::Response(const Error&)>;

// Runs `service(tx)` (returning Result<T> or Status) in one write transaction. On success:
// done(value) (or done() for Status). On error: `invalid(e)` for a refused form when given,
// else web::fail. The transaction is rolled back on any error, so nothing partial remains.
template <class Service, class Done>
http::Response write(Site& site, const http::Request& req, Service&& service, Done&& done, InvalidForm invalid = {}) {
  using R = detail::service_value_t<Service>;
  using T = typename detail::result_value<R>::type;
  if constexpr (std::is_void_v<T>) {
    Status st = site.db.write([&](store::Tx& tx) -> Status { return service(tx); });
    if (!st) return (invalid && st.error().kind == ErrorKind::kInvalid && !req.is_api()) ? invalid(st.error()) : fail(site, req, st.error());
    return done();
  } else {
    std::optional<T> value;
    Status st = site.db.write([&](store::Tx& tx) -> Status {
      R r = service(tx);
      if (!r) return r.error();
      value.emplace(std::move(*r));
      return {};
    });
    if (!st) return (invalid && st.error().kind == ErrorKind::kInvalid && !req.is_api()) ? invalid(st.error()) : fail(site, req, st.error());
    return done(*value);
  }
}

// Same, with an input already read: its field errors are answered before any transaction.
template <class Service, class Done>
http::Response write(Site& site, const http::Request& req, const Input& in, Service&& service, Done&& done, InvalidForm invalid = {}) {
  if (auto st = in.status(); !st) return (invalid && !req.is_api()) ? invalid(st.error()) : fail(site, req, st.error());
  return write(site, req, std::forward<Service>(service), std::forward<Done>(done), std::move(invalid));
}

// Runs `query(tx)` in one read transaction (a consistent snapshot) and builds the reply from it.
template <class Query, class Done>
http::Response read(Site& site, const http::Request& req, Query&& query, Done&& done) {
  using R = detail::service_value_t<Query>;
  using T = typename detail::result_value<R>::type;
  if constexpr (std::is_void_v<T>) {
    Status st = site.db.read([&](store::Tx& tx) -> Status { return query(tx); });
    if (!st) return fail(site, req, st.error());
    return done();
  } else {
    std::optional<T> value;
    Status st = site.db.read([&](store::Tx& tx) -> Status {
      R r = query(tx);
      if (!r) return r.error();
      value.emplace(std::move(*r));
      return {};
    });
    if (!st) return fail(site, req, st.error());
    return done(*value);
  }
}

// A form page's context read without failing the page: when the read fails, the error is
// logged and `fallback` is returned (used to re-render a refused form).
nlohmann::json read_or_log(Site& site, const char* what, const std::function<Result<nlohmann::json>(store::Tx&)>& query,
                           nlohmann::json fallback = nlohmann::json::object());

// Field errors of a refused input as {field: message} for the form's template.
nlohmann::json field_errors(const Error& e);

}  // namespace zhifa::web
