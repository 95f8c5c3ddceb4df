#pragma once
// What the publicity route files share (pages.cc): a list row as templates show it, version
// differences, the agency named in the URL, and the list editor page that the row, review and
// import routes all render again on a refusal. Each route file registers its routes with one
// register_* function, called in order by register_publicity_routes (publicity_routes.cc).
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "org/directory.h"
#include "platform/http/message.h"
#include "platform/http/router.h"
#include "platform/store/database.h"
#include "publicity/lists.h"
#include "web/site.h"

namespace zhifa::publicity::pages {

using nlohmann::json;

// Digits only, at most 12 (a version, a row number, a revision).
std::optional<std::int64_t> to_int(std::string_view s);
std::string date_of(const std::string& iso);
json agency_json(const org::Agency& a, bool en);
std::string title_of(const ListDef& def, const json& row);
// A row as templates show it: title, key, and every field with its label.
json row_view(const ListDef& def, const json& row, bool en, int index = 0);
json diff_view(const ListDef& def, const std::vector<RowDiff>& diff, bool en);
// The agency named in the URL, or not_found ("没有这个执法主体" / "No such agency").
Result<org::Agency> agency_by_code(store::Tx& tx, const std::string& code, bool en);
// The list kind named in the URL ({kind}), or nullptr.
const ListDef* list_or_null(const http::Request& req);
// The workspace's agency ({agency}): another agency's drafts are answered as an unknown agency
// code (org::require, publicity.view).
Result<org::Agency> workspace_agency(store::Tx& tx, const http::Request& req);
// The editor page of one list: state, actions, rows, add/edit row; `extra` adds to the context
// (a refused form's values and errors).
http::Response render_editor(web::Site& site, const http::Request& req, const ListDef& def, json extra, int status);

// An error of the decisions' open data and actions: JSON for /api/ and for the .json and .csv
// files, else the error page.
http::Response fail_as_data(const web::Site& site, const http::Request& req, const Error& e);

// Runs query(tx) (returning Result<T> or Status) in one read transaction, like web::read, but
// hands its outcome — the value or the error, also the database's own — to done(result): for
// the pages that answer a refusal themselves (the decision search shows it beside the form;
// open data answers in JSON, also for .json and .csv).
template <class Query, class Done>
http::Response read_outcome(web::Site& site, Query&& query, Done&& done) {
  using R = std::remove_cvref_t<decltype(query(std::declval<store::Tx&>()))>;
  std::optional<R> out;
  Status st = site.db.read([&](store::Tx& tx) -> Status {
    R r = query(tx);
    Status s = r ? Status{} : Status(r.error());
    out.emplace(std::move(r));
    return s;
  });
  if (!out) out.emplace(st.error());  // the transaction failed before the query ran
  return done(*out);
}

// Runs service(tx) (returning Status) in one write transaction, like web::write — rolled back on
// any error — and hands the outcome to done(status): for the workspace forms that answer a
// refusal by showing their page again with the reason (the list editor with 409 for a
// conflict, 400 for invalid input; a decision's page with the status of the refusal).
template <class Service, class Done>
http::Response write_outcome(web::Site& site, Service&& service, Done&& done) {
  Status st = site.db.write([&](store::Tx& tx) -> Status { return service(tx); });
  return done(st);
}

// The route files, in the order register_publicity_routes calls them.
void register_list_pages(http::Router& router, web::Site& site);        // list_pages.cc
void register_open_data(http::Router& router, web::Site& site);         // open_data.cc
void register_guide_pages(http::Router& router, web::Site& site);       // guide_pages.cc
void register_certificate_check(http::Router& router, web::Site& site); // staff_pages.cc
void register_list_workspace(http::Router& router, web::Site& site);    // list_workspace.cc
void register_list_workflow(http::Router& router, web::Site& site);     // list_workflow_routes.cc
void register_list_import(http::Router& router, web::Site& site);       // list_import_routes.cc
void register_badges(http::Router& router, web::Site& site);            // staff_pages.cc
// The decisions (事后公开): register_decision_routes calls these two.
void register_decisions_portal(http::Router& router, web::Site& site);     // decisions_portal.cc
void register_decisions_workspace(http::Router& router, web::Site& site);  // decisions_workspace.cc

}  // namespace zhifa::publicity::pages
