#pragma once
// What the review's route files share: the page shell (workspace layout, blanks as null for the
// templates), the submission page with what the principal may do now, and the one way a refused
// form is shown again. Each resource registers its routes here (routes.cc calls them).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/http/message.h"
#include "platform/http/router.h"
#include "web/handle.h"
#include "web/site.h"

namespace zhifa::review {

// A workspace page around templates/<name>.html. Mustache treats "" as true: blank strings
// become null (false) so that {{#x}} means "x is set".
http::Response page(const web::Site& site, const http::Request& req, const std::string& title, const std::string& name,
                    nlohmann::json ctx, int status = 200);

// The agencies the principal may see (own, and those below for supervisor and admin).
std::vector<std::int64_t> jurisdiction(const org::Principal& p);

// Runs `service` in one write transaction (web::write); on success `done()`. A refusal for
// which `shown(e)` holds — not only an invalid input, also a conflict or a forbidden act —
// rolls back and shows the form again through `form(e)`, with e's own status; any other error
// is the error page. (web::write shows a form again for kInvalid alone, so the refusal is
// handed to it as kInvalid and kept here as it was.)
http::Response write_or_show(web::Site& site, const http::Request& req, const std::function<Status(store::Tx&)>& service,
                             const std::function<http::Response()>& done, const std::function<bool(const Error&)>& shown,
                             const std::function<http::Response(const Error&)>& form);

// The submission page (templates/review/submission) for the principal. `extra` fills refused
// forms again ("answers" re-shows the checklist as typed; other keys go into the context).
http::Response submission_page(web::Site& site, const http::Request& req, std::int64_t id,
                               nlohmann::json extra = nlohmann::json::object(), int status = 200);

// One workflow step on submission `id`: on success back to its page; a refusal the person can
// act on is the page again with the reason ("error", and "errors" by field); a missing
// submission or a failure is the error page.
http::Response step(web::Site& site, const http::Request& req, std::int64_t id, const std::function<Status(store::Tx&)>& service,
                    nlohmann::json extra = nlohmann::json::object());

// The routes, one file per resource.
void register_queue_routes(http::Router& router, web::Site& site);        // queue.cc: the queue, staffing, a case's record
void register_submission_routes(http::Router& router, web::Site& site);   // submissions.cc: new, one, the API
void register_step_routes(http::Router& router, web::Site& site);         // steps.cc: take, checklist, opinion, escalation …
void register_opinion_routes(http::Router& router, web::Site& site);      // opinion.cc: 法制审核意见书 page and PDF
void register_catalog_routes(http::Router& router, web::Site& site);      // catalog.cc: 目录清单, settings, gate API

}  // namespace zhifa::review
