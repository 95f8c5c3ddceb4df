#pragma once
// The gate every routed request passes before its handler (deny by default):
//   1. who is asking — an API token (Authorization: Bearer zf_…), else the zhifa_session cookie;
//   2. a per-browser CSRF cookie for forms before login (double submit);
//   3. org::authorize against the permission the route declared;
//   4. CSRF on every state-changing request that rides on a cookie: the form field _csrf (also
//      as a part of a multipart upload) or the X-CSRF-Token header.
// The principal is attached to the request (web::principal reads it).
#include <optional>
#include <string>

#include "platform/http/message.h"
#include "web/site.h"

namespace zhifa::web {

struct Admission {
  std::optional<http::Response> refusal;  // set: answer this instead of running the handler
  bool denied_by_role = false;            // the refusal is a 401/403 of authorization (to log)
  std::string new_csrf_cookie;            // set: send it with the answer (Set-Cookie)
};

Admission admit(Site& site, http::Request& req, const std::string& permission);

// 5. An irreversible action (签发, 批准, 公示, 撤下, 结案) posted from a form that carries
//    `_confirm` without `_confirmed`: the confirmation page that posts it again, confirmed.
std::optional<http::Response> confirmation(const Site& site, const http::Request& req);

}  // namespace zhifa::web
