// The authorization matrix (issue 12, item 7): every route the router has × every role of the
// agency × a record of the person's own agency, a record of another agency, and a missing id;
// plus the public (no login) and a person of the other agency holding every role.
//
// The routes come from the router itself: a route registered without a row here fails the test
// with its method and pattern named, and so does a row for a route that no longer exists.
//
// The rule it holds (issue 12, item 5): another agency's record answers 404, byte for byte as a
// missing id does; 403 only where the record is the person's own agency's and their role (or
// the record's state, or their part in it) does not allow the act.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "harness.h"
#include "org/directory.h"
#include "platform/blob/blob_store.h"

namespace zhifa::testing {
namespace {

constexpr const char* kPw = "zhifa-demo-2025";

// What one role may do on a route (the columns of the table below).
enum E {
  ok,  // allowed. Own agency's record: 2xx/3xx, or 400/409 (the empty body is refused as
       // invalid, or the record's state does not allow it) — never 401, 403, 404 or 5xx.
  st,  // allowed by the role, but the record's state or the person's part in it (not its signer,
       // handler, reviewer or adviser; cannot approve what they submitted) may refuse: as ok,
       // and 403 too.
  no,  // the role may not: 403 — for the own agency's record, another agency's and a missing
       // id alike (the route refuses before it looks anything up).
};
// For ok and st: another agency's record answers 404, with the same body as a missing id.

// The role columns, and the demo person (agency jnwqb) who holds just that role.
constexpr std::array<const char*, 7> kRoles = {"officer", "legal_reviewer", "legal_adviser", "agency_head",
                                               "publicity_editor", "supervisor", "admin"};
constexpr std::array<const char*, 7> kLogins = {"wangqiang", "zhaomin", "sunli", "lili", "chenjing", "zhoujian", "admin"};

// What the first {parameter} of a pattern names.
enum class Rec {
  none,
  // Workspace records, each of agency A (jnwqb), of agency B (another top-level agency the test
  // adds) and missing:
  case_, document, review, review_case, decision, person, agency,
  // Public records (anyone may read them; missing: 404):
  pub_agency, pub_decision, pub_decision_no, ledger_index, procedure, certificate,
  // 投诉举报: a complaint handled by agency A (one with an attachment) / moved to B / missing; and
  // a tracking code (public).
  complaint, pub_complaint,
  // 执法监督 (2): an evaluated file of A (graded, with a 整改 request) / moved to B / missing; a
  // notice A sent (with a reply's attachment, id 1) / moved to B; a filing A made / moved to B.
  eval_file, notice, filing,
  // 音像记录: a tus upload by wangqiang of agency A / one of agency B / missing.
  upload,
  // 音像记录 items: one of a case of A (with its original and thumbnail in the blob store) / of B / missing.
  av_item,
  // 音像记录设备: one of agency A / of B / missing.
  device,
};

// The attachment id of agency A's complaint (the {file} of its attachment route), set by Matrix.
std::string g_complaint_file = "1";

struct Row {
  std::string method, pattern;
  Rec rec = Rec::none;
  std::array<E, 7> roles{};       // officer, reviewer, adviser, head, editor, supervisor, admin
  int public_status = 0;          // public routes: what everyone gets
  int public_missing = 404;       // public routes: what a missing record gets
  std::map<std::string, std::string> fill = {};  // the other {parameters}
  std::string query = {};         // appended to the path
};

Row R(std::string method, std::string pattern, Rec rec, std::array<E, 7> roles, std::map<std::string, std::string> fill = {}) {
  return Row{std::move(method), std::move(pattern), rec, roles, 0, 404, std::move(fill)};
}
Row P(std::string method, std::string pattern, Rec rec, int status, std::map<std::string, std::string> fill = {}, std::string query = {}) {
  return Row{std::move(method), std::move(pattern), rec, {}, status, 404, std::move(fill), std::move(query)};
}

// clang-format off
// One row per route. R: a workspace route, with what each role of agency A may do — columns officer,
// legal_reviewer, legal_adviser, agency_head, publicity_editor, supervisor, admin. P: a public route, with
// the status everyone gets. The record: what the first {parameter} is filled with (own / other / missing).
const std::vector<Row>& matrix() {
  static const std::vector<Row> rows = {
  // method  pattern                                                        record            {off rev adv hd  ed  sup adm}
  // --- platform ---
  P("GET",  "/healthz",                                                     Rec::none,        200),
  P("GET",  "/metrics",                                                     Rec::none,        200),
  P("GET",  "/static/{file...}",                                            Rec::none,        200, {{"file", "site.css"}}),
  P("GET",  "/favicon.ico",                                                 Rec::none,        204),
  // --- login, workspace, administration, tokens ---
  P("GET",  "/login",                                                       Rec::none,        200),
  // (Only the public tries it: wrong logins are throttled per address.)
  P("POST", "/login",                                                       Rec::none,        401),
  R("POST", "/logout",                                                      Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("GET",  "/workspace",                                                   Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("GET",  "/workspace/admin/agencies",                                    Rec::none,        {no, no, no, ok, no, ok, ok}),
  R("POST", "/workspace/admin/agencies",                                    Rec::none,        {no, no, no, no, no, no, ok}),
  R("GET",  "/workspace/admin/agencies/{code}",                             Rec::agency,      {no, no, no, ok, no, ok, ok}),
  R("POST", "/workspace/admin/agencies/{code}",                             Rec::agency,      {no, no, no, no, no, no, ok}),
  R("GET",  "/workspace/admin/people",                                      Rec::none,        {no, no, no, ok, no, ok, ok}),
  R("POST", "/workspace/admin/people",                                      Rec::none,        {no, no, no, no, no, no, ok}),
  R("GET",  "/workspace/admin/people/{id}",                                 Rec::person,      {no, no, no, ok, no, ok, ok}),
  R("POST", "/workspace/admin/people/{id}",                                 Rec::person,      {no, no, no, no, no, no, ok}),
  R("GET",  "/api/v1/me",                                                   Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("GET",  "/workspace/tokens",                                            Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("POST", "/workspace/tokens",                                            Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  // --- law (public) ---
  P("GET",  "/api/v1/law/workday/add",                                      Rec::none,        200, {}, "?date=2025-09-30&n=3"),
  P("GET",  "/api/v1/law/workday/between",                                  Rec::none,        200, {}, "?from=2025-09-30&to=2025-10-10"),
  P("GET",  "/api/v1/law/calendar",                                         Rec::none,        200, {}, "?from=2025-09-30&to=2025-10-10"),
  P("GET",  "/api/v1/law/check",                                            Rec::none,        200, {}, "?kind=uscc&value=91370800MA3C5UJ21X"),
  P("POST", "/api/v1/law/mask",                                             Rec::none,        400),
  P("POST", "/api/v1/law/mask/apply",                                       Rec::none,        400),
  // --- ledger ---
  P("GET",  "/ledger",                                                      Rec::none,        200),
  P("GET",  "/ledger/checkpoint",                                           Rec::none,        200),
  P("GET",  "/ledger/verifier-key",                                         Rec::none,        200),
  P("GET",  "/ledger/entries/{index}",                                      Rec::ledger_index, 200),
  P("GET",  "/ledger/proof/inclusion",                                      Rec::none,        200, {}, "?index=0&size=2"),
  P("GET",  "/ledger/proof/consistency",                                    Rec::none,        200, {}, "?from=1&to=2"),
  // An index past the signed checkpoint: 409 (not covered by a checkpoint yet), it may come.
  [] { auto r = P("GET", "/ledger/bundle/{index}", Rec::ledger_index, 200); r.public_missing = 409; return r; }(),
  R("POST", "/workspace/ledger/checkpoint",                                 Rec::none,        {no, no, no, no, no, no, ok}),
  // --- legal review (法制审核) ---
  R("GET",  "/workspace/review",                                            Rec::none,        {ok, ok, ok, ok, no, ok, ok}),
  R("GET",  "/workspace/review/new",                                        Rec::none,        {ok, no, no, no, no, no, no}),
  R("POST", "/workspace/review/new",                                        Rec::none,        {ok, no, no, no, no, no, no}),
  R("GET",  "/workspace/review/{id}",                                       Rec::review,      {ok, ok, ok, ok, no, ok, ok}),
  R("POST", "/workspace/review/{id}/take",                                  Rec::review,      {no, st, no, no, no, no, no}),
  R("POST", "/workspace/review/{id}/elements",                              Rec::review,      {no, st, no, no, no, no, no}),
  R("POST", "/workspace/review/{id}/opinion",                               Rec::review,      {no, st, no, no, no, no, no}),
  R("POST", "/workspace/review/{id}/adviser",                               Rec::review,      {no, st, no, no, no, no, no}),
  R("POST", "/workspace/review/{id}/adviser-answer",                        Rec::review,      {no, no, st, no, no, no, no}),
  R("POST", "/workspace/review/{id}/resubmit",                              Rec::review,      {st, no, no, no, no, no, no}),
  R("POST", "/workspace/review/{id}/disagree",                              Rec::review,      {st, no, no, no, no, no, no}),
  R("POST", "/workspace/review/{id}/decide",                                Rec::review,      {no, no, no, st, no, no, no}),
  R("POST", "/workspace/review/{id}/extend",                                Rec::review,      {no, no, no, st, no, no, no}),
  R("GET",  "/workspace/review/{id}/opinion",                               Rec::review,      {ok, ok, ok, ok, no, ok, ok}),
  R("GET",  "/workspace/review/{id}/opinion.pdf",                           Rec::review,      {ok, ok, ok, ok, no, ok, ok}),
  R("GET",  "/workspace/review/cases/{case_id}",                            Rec::review_case, {ok, ok, ok, ok, no, ok, ok}),
  R("GET",  "/workspace/review/catalog",                                    Rec::none,        {ok, ok, ok, ok, no, ok, ok}),
  R("POST", "/workspace/review/catalog",                                    Rec::none,        {no, ok, no, no, no, no, ok}),
  R("GET",  "/workspace/review/staffing",                                   Rec::none,        {no, no, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/review/{id}",                                          Rec::review,      {ok, ok, ok, ok, no, ok, ok}),
  R("POST", "/api/v1/review/gate",                                          Rec::none,        {ok, ok, ok, ok, no, ok, ok}),
  P("GET",  "/api/v1/review/catalog/{agency}",                              Rec::pub_agency,  200),
  // --- 双随机、一公开 (inspection; the demo's plan 1 and inspection 1 are jnwqb's) ---
  R("GET",  "/api/v1/inspection/{agency}/objects",                          Rec::agency,      {ok, no, no, ok, ok, ok, ok}),
  R("POST", "/api/v1/inspection/{agency}/objects",                          Rec::agency,      {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/inspection/{agency}/conflicts",                        Rec::agency,      {ok, no, no, ok, no, no, no}),
  R("GET",  "/api/v1/inspection/{agency}/plans",                            Rec::agency,      {ok, no, no, ok, ok, ok, ok}),
  R("POST", "/api/v1/inspection/{agency}/plans",                            Rec::agency,      {ok, no, no, ok, no, no, no}),
  R("GET",  "/api/v1/inspection/{agency}/plans/{plan}",                     Rec::agency,      {ok, no, no, ok, ok, ok, ok}, {{"plan", "1"}}),
  R("POST", "/api/v1/inspection/{agency}/plans/{plan}/freeze",              Rec::agency,      {ok, no, no, ok, no, no, no}, {{"plan", "1"}}),
  R("POST", "/api/v1/inspection/{agency}/plans/{plan}/randomness",          Rec::agency,      {ok, no, no, ok, no, ok, no}, {{"plan", "1"}}),
  R("POST", "/api/v1/inspection/{agency}/inspections/{inspection}/result",  Rec::agency,      {ok, no, no, no, no, no, no}, {{"inspection", "1"}}),
  R("POST", "/api/v1/inspection/{agency}/inspections/{inspection}/publish", Rec::agency,      {no, no, no, ok, ok, no, no}, {{"inspection", "1"}}),
  R("POST", "/api/v1/inspection/{agency}/plans/{plan}/publish",             Rec::agency,      {ok, no, no, ok, no, no, no}, {{"plan", "1"}}),
  // Only the object's two drawn inspectors start its case or open a penalty case from it.
  R("POST", "/api/v1/inspection/{agency}/inspections/{inspection}/case",    Rec::agency,      {st, no, no, no, no, no, no}, {{"inspection", "1"}}),
  R("POST", "/api/v1/inspection/{agency}/inspections/{inspection}/penalty", Rec::agency,      {st, no, no, no, no, no, no}, {{"inspection", "1"}}),
  // The staff pages (双随机抽查 in the sidebar).
  R("GET",  "/workspace/inspection",                                        Rec::none,        {ok, no, no, ok, ok, ok, ok}),
  R("GET",  "/workspace/inspection/{agency}",                               Rec::agency,      {ok, no, no, ok, ok, ok, ok}),
  R("GET",  "/workspace/inspection/{agency}/objects",                       Rec::agency,      {ok, no, no, ok, ok, ok, ok}),
  R("POST", "/workspace/inspection/{agency}/objects/import",                Rec::agency,      {ok, no, no, ok, no, no, no}),
  R("GET",  "/workspace/inspection/{agency}/plans/new",                     Rec::agency,      {ok, no, no, ok, no, no, no}),
  R("POST", "/workspace/inspection/{agency}/plans",                         Rec::agency,      {ok, no, no, ok, no, no, no}),
  R("GET",  "/workspace/inspection/{agency}/plans/{plan}",                  Rec::agency,      {ok, no, no, ok, ok, ok, ok}, {{"plan", "1"}}),
  R("POST", "/workspace/inspection/{agency}/plans/{plan}/publish",          Rec::agency,      {ok, no, no, ok, no, no, no}, {{"plan", "1"}}),
  R("POST", "/workspace/inspection/{agency}/plans/{plan}/discard",          Rec::agency,      {ok, no, no, ok, no, no, no}, {{"plan", "1"}}),
  R("POST", "/workspace/inspection/{agency}/plans/{plan}/freeze",           Rec::agency,      {ok, no, no, ok, no, no, no}, {{"plan", "1"}}),
  R("POST", "/workspace/inspection/{agency}/plans/{plan}/randomness",       Rec::agency,      {ok, no, no, ok, no, ok, no}, {{"plan", "1"}}),
  R("GET",  "/workspace/inspection/{agency}/inspections/{inspection}",      Rec::agency,      {ok, no, no, ok, ok, ok, ok}, {{"inspection", "1"}}),
  R("POST", "/workspace/inspection/{agency}/inspections/{inspection}/case", Rec::agency,      {st, no, no, no, no, no, no}, {{"inspection", "1"}}),
  R("POST", "/workspace/inspection/{agency}/inspections/{inspection}/result", Rec::agency,    {st, no, no, no, no, no, no}, {{"inspection", "1"}}),
  R("POST", "/workspace/inspection/{agency}/inspections/{inspection}/publish", Rec::agency,   {no, no, no, ok, ok, no, no}, {{"inspection", "1"}}),
  R("POST", "/workspace/inspection/{agency}/inspections/{inspection}/penalty", Rec::agency,   {st, no, no, no, no, no, no}, {{"inspection", "1"}}),
  P("GET",  "/inspections/draws.json",                                      Rec::none,        200),
  P("GET",  "/inspections/draws/{draw}",                                    Rec::none,        200, {{"draw", "1.json"}}),
  P("GET",  "/inspections/results.json",                                    Rec::none,        200),
  P("GET",  "/inspections/results.csv",                                     Rec::none,        200),
  P("GET",  "/inspections/results.atom",                                    Rec::none,        200),
  P("GET",  "/inspections/results",                                         Rec::none,        200),
  P("GET",  "/inspections/results/{id}",                                    Rec::none,        200, {{"id", "1"}}),
  P("GET",  "/agencies/{code}/inspections",                                 Rec::pub_agency,  200),
  // --- case handling (执法案件) ---
  P("GET",  "/api/v1/procedures",                                           Rec::none,        200),
  P("GET",  "/api/v1/procedures/{id}",                                      Rec::procedure,   200),
  P("GET",  "/api/v1/openapi.json",                                         Rec::none,        200),
  R("GET",  "/workspace/cases",                                             Rec::none,        {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/cases",                                                Rec::none,        {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/cases.xlsx",                                        Rec::none,        {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/cases/new",                                         Rec::none,        {ok, no, no, ok, no, no, no}),
  R("POST", "/workspace/cases",                                             Rec::none,        {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases",                                                Rec::none,        {ok, no, no, ok, no, no, no}),
  R("GET",  "/workspace/cases/{id}",                                        Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/cases/{id}",                                           Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("POST", "/workspace/cases/{id}/act",                                    Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases/{id}/acts",                                      Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/workspace/cases/{id}/deadlines/extend",                       Rec::case_,       {no, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases/{id}/deadlines/extend",                          Rec::case_,       {no, no, no, ok, no, no, no}),
  R("POST", "/workspace/cases/{id}/facts",                                  Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases/{id}/facts",                                     Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/workspace/cases/{id}/co_officer",                             Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases/{id}/co_officer",                                Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("GET",  "/api/v1/cases/{id}/gate",                                      Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/discretion/outside",                                   Rec::none,        {no, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/discretion",                                         Rec::none,        {no, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/discretion.xlsx",                                    Rec::none,        {no, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/discretion",                                            Rec::none,        {no, ok, no, ok, no, ok, ok}),
  R("POST", "/workspace/cases/{id}/documents",                              Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases/{id}/documents",                                 Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("GET",  "/workspace/cases/{id}/file.pdf",                               Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/cases/{id}/file.pdf",                                  Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/cases/{id}/file.zip",                               Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/cases/{id}/file.zip",                                  Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/documents/{id}",                                    Rec::document,    {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/documents/{id}",                                       Rec::document,    {ok, ok, no, ok, no, ok, ok}),
  R("POST", "/workspace/documents/{id}",                                    Rec::document,    {ok, no, no, ok, no, no, no}),
  R("PUT",  "/api/v1/documents/{id}",                                       Rec::document,    {ok, no, no, ok, no, no, no}),
  R("POST", "/workspace/documents/{id}/sign",                               Rec::document,    {st, no, no, st, no, no, no}),
  R("POST", "/api/v1/documents/{id}/sign",                                  Rec::document,    {st, no, no, st, no, no, no}),
  R("POST", "/workspace/documents/{id}/correct",                            Rec::document,    {ok, no, no, ok, no, no, no}),
  R("POST", "/api/v1/documents/{id}/correct",                               Rec::document,    {ok, no, no, ok, no, no, no}),
  R("GET",  "/workspace/documents/{id}/pdf",                                Rec::document,    {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/documents/{id}/pdf",                                   Rec::document,    {ok, ok, no, ok, no, ok, ok}),
  // --- 音像记录: tus uploads (only the uploader continues or ends an upload: st) ---
  P("OPTIONS", "/api/v1/uploads",                                           Rec::none,        204),
  R("POST", "/api/v1/uploads",                                              Rec::none,        {ok, no, no, ok, no, no, no}),
  R("HEAD", "/api/v1/uploads/{id}",                                         Rec::upload,      {st, no, no, st, no, no, no}),
  R("PATCH", "/api/v1/uploads/{id}",                                        Rec::upload,      {st, no, no, st, no, no, no}),
  R("DELETE", "/api/v1/uploads/{id}",                                       Rec::upload,      {st, no, no, st, no, no, no}),
  R("GET",  "/workspace/av/{id}",                                           Rec::av_item,     {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/av/{id}/download",                                  Rec::av_item,     {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/av/{id}/thumb",                                     Rec::av_item,     {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/cases/{id}/av",                                        Rec::case_,       {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/api/v1/av/{id}/custody",                                      Rec::av_item,     {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/av/devices",                                        Rec::none,        {ok, ok, no, ok, no, ok, ok}),
  R("POST", "/workspace/av/devices",                                        Rec::none,        {no, no, no, ok, no, no, ok}),
  R("POST", "/workspace/av/devices/{id}",                                   Rec::device,      {no, no, no, ok, no, no, ok}),
  R("GET",  "/api/v1/devices",                                              Rec::none,        {ok, ok, no, ok, no, ok, ok}),
  R("GET",  "/workspace/cases/{id}/capture",                               Rec::case_,       {ok, no, no, ok, no, no, no}),
  R("POST", "/workspace/cases/{id}/av-exemption",                          Rec::case_,       {no, no, no, ok, no, no, no}),
  R("POST", "/api/v1/cases/{id}/av-exemption",                             Rec::case_,       {no, no, no, ok, no, no, no}),
  // --- publicity of decisions (执法决定公示) ---
  P("GET",  "/decisions",                                                   Rec::none,        200),
  P("GET",  "/decisions.json",                                              Rec::none,        200),
  P("GET",  "/api/v1/decisions",                                            Rec::none,        200),
  P("GET",  "/decisions.csv",                                               Rec::none,        200),
  P("GET",  "/decisions.atom",                                              Rec::none,        200),
  P("GET",  "/decisions/{id}",                                              Rec::pub_decision, 200),
  P("GET",  "/decisions/no/{number}",                                       Rec::pub_decision_no, 303),  // to /decisions/{id}
  P("GET",  "/decisions/{id}/record.json",                                  Rec::pub_decision, 200),
  P("GET",  "/api/v1/decisions/{id}",                                       Rec::pub_decision, 200),
  // A QR code of the decision's public address, drawn without reading the database.
  P("GET",  "/decisions/{id}/qr.svg",                                       Rec::none,        200, {{"id", "1"}}),
  R("GET",  "/workspace/decisions",                                         Rec::none,        {ok, ok, no, ok, ok, ok, ok}),
  R("GET",  "/workspace/decisions/{id}",                                    Rec::decision,    {ok, ok, no, ok, ok, ok, ok}),
  R("GET",  "/api/v1/workspace/decisions/{id}",                             Rec::decision,    {ok, ok, no, ok, ok, ok, ok}),
  R("POST", "/workspace/decisions/{id}/masks/add",                          Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/masks/add",                   Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/workspace/decisions/{id}/masks/remove",                       Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/masks/remove",                Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/workspace/decisions/{id}/masks/confirm",                      Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/masks/confirm",               Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/workspace/decisions/{id}/publish",                            Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/publish",                     Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/workspace/decisions/{id}/fulfilment",                         Rec::decision,    {ok, no, no, no, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/fulfilment",                  Rec::decision,    {ok, no, no, no, ok, no, no}),
  R("POST", "/workspace/decisions/{id}/withdrawal",                         Rec::decision,    {ok, ok, no, ok, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/withdrawal",                  Rec::decision,    {ok, ok, no, ok, ok, no, no}),
  R("POST", "/workspace/decisions/{id}/withdraw",                           Rec::decision,    {no, no, no, no, ok, no, no}),
  R("POST", "/api/v1/workspace/decisions/{id}/withdraw",                    Rec::decision,    {no, no, no, no, ok, no, no}),
  R("GET",  "/workspace/decisions/rules",                                   Rec::none,        {no, no, no, no, ok, no, ok}),
  R("POST", "/workspace/decisions/rules",                                   Rec::none,        {no, no, no, no, ok, no, ok}),
  // --- the public lists (行政执法公示) and their editing ---
  P("GET",  "/",                                                            Rec::none,        200),
  P("GET",  "/agencies/{code}",                                             Rec::pub_agency,  200),
  P("GET",  "/agencies/{code}/publicity",                                   Rec::pub_agency,  200),
  P("GET",  "/agencies/{code}/publicity/{kind}",                            Rec::pub_agency,  200, {{"kind", "matters"}}),
  P("GET",  "/agencies/{code}/publicity/{kind}/history",                    Rec::pub_agency,  200, {{"kind", "matters"}}),
  P("GET",  "/agencies/{code}/publicity/{kind}/data/{file}",                Rec::pub_agency,  200, {{"kind", "matters"}, {"file", "list.json"}}),
  P("GET",  "/agencies/{code}/feed.atom",                                   Rec::pub_agency,  200),
  P("GET",  "/agencies/{code}/guides/{matter}",                             Rec::pub_agency,  200, {{"matter", "$guide"}}),
  P("GET",  "/agencies/{code}/guides/{matter}/pdf",                         Rec::pub_agency,  200, {{"matter", "$guide"}}),
  P("GET",  "/flowcharts",                                                  Rec::none,        200),
  P("GET",  "/flowcharts/{id}/svg",                                         Rec::procedure,   200),
  P("GET",  "/certificates/{number}",                                       Rec::certificate, 200),
  R("GET",  "/workspace/publicity",                                         Rec::none,        {no, no, no, ok, ok, ok, ok}),
  R("GET",  "/workspace/publicity/{agency}/{kind}",                         Rec::agency,      {no, no, no, ok, ok, ok, ok}, {{"kind", "matters"}}),
  R("GET",  "/workspace/publicity/{agency}/{kind}/export/{file}",           Rec::agency,      {no, no, no, ok, ok, ok, ok}, {{"kind", "matters"}, {"file", "list.csv"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/rows",                    Rec::agency,      {no, no, no, no, ok, no, no}, {{"kind", "matters"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/submit",                  Rec::agency,      {no, no, no, no, ok, no, no}, {{"kind", "matters"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/approve",                 Rec::agency,      {no, no, no, st, st, no, no}, {{"kind", "matters"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/reject",                  Rec::agency,      {no, no, no, ok, ok, ok, ok}, {{"kind", "matters"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/superior-approve",        Rec::agency,      {no, no, no, no, no, st, no}, {{"kind", "subjects"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/publish",                 Rec::agency,      {no, no, no, no, ok, no, no}, {{"kind", "matters"}}),
  R("POST", "/workspace/publicity/{agency}/{kind}/import",                  Rec::agency,      {no, no, no, no, ok, no, no}, {{"kind", "matters"}}),
  R("POST", "/api/v1/publicity/{agency}/{kind}/import",                     Rec::agency,      {no, no, no, no, ok, no, no}, {{"kind", "matters"}}),
  R("GET",  "/workspace/publicity/badges/{person}",                         Rec::person,      {no, no, no, ok, ok, ok, ok}),
  // --- complaints and reports (投诉举报) ---
  P("GET",  "/complaints/new",                                              Rec::none,        200),
  // An empty submission is refused before anything is counted or stored.
  P("POST", "/complaints",                                                  Rec::none,        400),
  P("POST", "/api/v1/complaints",                                           Rec::none,        400),
  P("GET",  "/complaints/{code}",                                           Rec::pub_complaint, 200),
  P("GET",  "/api/v1/complaints/{code}",                                    Rec::pub_complaint, 200),
  // The demo complaint was not asked for more information: 409.
  P("POST", "/complaints/{code}/supplement",                                Rec::pub_complaint, 409),
  P("GET",  "/api/v1/complaints/statistics",                                Rec::none,        200),
  R("GET",  "/workspace/complaints",                                        Rec::none,        {ok, no, no, ok, no, ok, ok}),
  R("GET",  "/workspace/complaints/{id}",                                   Rec::complaint,   {ok, no, no, ok, no, ok, ok}),
  // Only the assigned handler of the handling agency acts (the complaint is 王强's).
  R("POST", "/workspace/complaints/{id}/handle",                            Rec::complaint,   {st, no, no, no, no, st, no}),
  R("POST", "/workspace/complaints/{id}/approve",                           Rec::complaint,   {no, no, no, ok, no, no, no}),
  // Attachments: the assigned handler and the agency's head only.
  R("GET",  "/workspace/complaints/{id}/attachments/{file}",                Rec::complaint,   {st, no, no, st, no, st, st}, {{"file", "$file"}}),
  // --- 执法监督 (supervision): the supervisor and the head read; 督办 by them ---
  R("GET",  "/workspace/supervision",                                       Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/cases",                                 Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/cases.xlsx",                            Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/cases/{id}",                            Rec::case_,       {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/documents/{id}",                        Rec::document,    {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/documents/{id}/pdf",                    Rec::document,    {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/review/{id}",                           Rec::review,      {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/decisions/{id}",                        Rec::decision,    {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/statistics",                            Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/api/v1/supervision/statistics",                               Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/warnings",                              Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("POST", "/workspace/supervision/urges",                                 Rec::none,        {no, no, no, ok, no, ok, no}),
  R("POST", "/api/v1/supervision/urges",                                    Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/reports/{year}",                        Rec::none,        {no, no, no, ok, no, ok, no}, {{"year", "2025"}}),
  R("POST", "/workspace/supervision/reports/{year}/{step}",                 Rec::none,        {no, no, no, ok, no, ok, no}, {{"year", "2025"}, {"step", "generate"}}),
  // --- 执法监督 (2): 案卷评查, 同案同罚, 整改, 督查通报, 备案 ---
  R("GET",  "/workspace/supervision/evaluations",                           Rec::none,        {no, no, no, ok, no, ok, no}),
  R("POST", "/workspace/supervision/evaluations",                           Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/evaluations/files/{id}",                Rec::eval_file,   {no, no, no, ok, no, ok, no}),
  R("POST", "/workspace/supervision/evaluations/files/{id}",                Rec::eval_file,   {no, no, no, ok, no, ok, no}),
  R("GET",  "/api/v1/supervision/evaluations",                              Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/standard",                              Rec::none,        {no, no, no, ok, no, ok, no}),
  R("POST", "/workspace/supervision/standard",                              Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/rectifications",                        Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("POST", "/workspace/supervision/rectifications/{id}",                   Rec::eval_file,   {st, st, st, ok, st, ok, st}),
  R("GET",  "/workspace/supervision/consistency",                           Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/notices",                               Rec::none,        {ok, ok, ok, ok, ok, ok, ok}),
  R("POST", "/workspace/supervision/notices",                               Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/notices/{id}",                          Rec::notice,      {ok, ok, ok, ok, ok, ok, ok}),
  R("POST", "/workspace/supervision/notices/{id}/reply",                    Rec::notice,      {st, st, st, st, st, st, st}),
  R("GET",  "/workspace/supervision/notices/{id}/attachments/{file}",       Rec::notice,      {ok, ok, ok, ok, ok, ok, ok}, {{"file", "1"}}),
  R("GET",  "/api/v1/supervision/notices",                                  Rec::none,        {no, no, no, ok, no, ok, no}),
  R("GET",  "/workspace/supervision/filings",                               Rec::none,        {no, no, no, ok, no, ok, no}),
  R("POST", "/workspace/supervision/filings",                               Rec::none,        {no, no, no, ok, no, ok, no}),
  R("POST", "/workspace/supervision/filings/{id}",                          Rec::filing,      {no, no, no, st, no, st, no}),
  P("GET",  "/agencies/{code}/reports/{year}",                              Rec::pub_agency,  200, {{"year", "2025"}}),
  };
  return rows;
}
// clang-format on

struct Ids { std::string own, other, missing; };

// The demo (agency A = jnwqb with a person of each role), plus agency B: another top-level
// agency (no one of A has it in their jurisdiction, not even A's supervisor or administrator),
// a person of B who holds every role, and one record of each kind moved from A to B.
class Matrix {
 public:
  Matrix() : server_() {
    auto& db = server_.db();
    auto st = db.write([&](store::Tx& tx) -> Status {
      auto a = tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'");
      if (!a || !*a) return Error::internal("no demo agency");
      std::int64_t city = (*a)->integer(0);
      org::Agency b;
      b.code = "otherb";
      b.doc_prefix = "他";
      b.name = "另一执法主体（测试）";
      b.name_en = "Another agency (test)";
      b.kind = "city";
      b.division_code = "370100";
      auto bid = org::create_agency(tx, b);
      if (!bid) return bid.error();
      org::NewPerson np;
      np.person.agency_id = *bid;
      np.person.name = "外机关人员";
      np.person.login = "outsider";
      np.person.post = "科员";
      for (auto r : kRoles) np.person.roles.push_back(r);
      np.password = kPw;
      auto pid = org::create_person(tx, np);
      if (!pid) return pid.error();
      auto two = [&](const std::string& sql) -> Result<std::pair<std::int64_t, std::int64_t>> {
        auto rows = tx.query(sql, {city});
        if (!rows) return rows.error();
        if (rows->size() < 2) return Error::internal("the demo has fewer than two records for: " + sql);
        return std::pair{(*rows)[0].integer(0), (*rows)[1].integer(0)};
      };
      auto cases = two("SELECT c.id FROM rec_cases c WHERE c.agency_id = ? AND EXISTS (SELECT 1 FROM rec_documents d WHERE d.case_id = c.id) ORDER BY c.id");
      if (!cases) return cases.error();
      auto reviews = two("SELECT id FROM review_submissions WHERE agency_id = ? ORDER BY id");
      if (!reviews) return reviews.error();
      auto decisions = two("SELECT id FROM pub_decisions WHERE agency_id = ? AND state = 'pending' ORDER BY id");
      if (!decisions) return decisions.error();
      for (auto [table, id] : {std::pair{"rec_cases", cases->second}, {"review_submissions", reviews->second}, {"pub_decisions", decisions->second}})
        if (auto u = tx.exec(std::string("UPDATE ") + table + " SET agency_id = ? WHERE id = ?", {*bid, id}); !u) return u.error();
      auto doc_of = [&](std::int64_t case_id) -> Result<std::int64_t> {
        auto r = tx.query_one("SELECT MIN(id) FROM rec_documents WHERE case_id = ?", {case_id});
        if (!r) return r.error();
        return (*r)->integer(0);
      };
      auto doc_a = doc_of(cases->first), doc_b = doc_of(cases->second);
      if (!doc_a || !doc_b) return Error::internal("documents");
      auto case_of = [&](std::int64_t review) -> Result<std::int64_t> {
        auto r = tx.query_one("SELECT case_id FROM review_submissions WHERE id = ?", {review});
        if (!r) return r.error();
        return (*r)->integer(0);
      };
      auto rc_a = case_of(reviews->first), rc_b = case_of(reviews->second);
      if (!rc_a || !rc_b) return Error::internal("review cases");
      auto wang = tx.query_one("SELECT id FROM people WHERE login = 'wangqiang'");
      if (!wang || !*wang) return Error::internal("wangqiang");
      auto pub = tx.query_one("SELECT id, decision_no FROM pub_decisions WHERE agency_id = ? AND state = 'published' ORDER BY id", {city});
      if (!pub || !*pub) return Error::internal("no published decision");
      auto guide = tx.query_one("SELECT code FROM matters WHERE agency_id = ? AND published = 1 ORDER BY id", {city});
      if (!guide || !*guide) return Error::internal("no published matter");
      auto cert = tx.query_one("SELECT number FROM certificates WHERE person_id = ?", {(*wang)->integer(0)});
      if (!cert || !*cert) return Error::internal("no certificate");
      const std::string miss = "987654321";
      auto s = [](std::int64_t v) { return std::to_string(v); };
      ids_[Rec::case_] = {s(cases->first), s(cases->second), miss};
      ids_[Rec::document] = {s(*doc_a), s(*doc_b), miss};
      ids_[Rec::review] = {s(reviews->first), s(reviews->second), miss};
      ids_[Rec::review_case] = {s(*rc_a), s(*rc_b), miss};
      ids_[Rec::decision] = {s(decisions->first), s(decisions->second), miss};
      ids_[Rec::person] = {s((*wang)->integer(0)), s(*pid), miss};
      ids_[Rec::agency] = {"jnwqb", "otherb", "nosuchagency"};
      ids_[Rec::pub_agency] = {"jnwqb", "", "nosuchagency"};
      ids_[Rec::pub_decision] = {s((*pub)->integer(0)), "", miss};
      ids_[Rec::pub_decision_no] = {(*pub)->text(1), "", "济外侨罚〔1999〕987654321号"};
      ids_[Rec::ledger_index] = {"1", "", miss};
      ids_[Rec::procedure] = {"penalty", "", "no.such.procedure"};
      ids_[Rec::certificate] = {(*cert)->text(0), "", "99990000000000"};
      guide_ = (*guide)->text(0);
      // Complaints: A's = one handled by A with an attachment; B's = another of A's, moved to B.
      auto own_c = tx.query_one("SELECT c.id, MIN(f.id) FROM complaints c JOIN complaint_attachments f ON f.complaint_id = c.id "
                                "WHERE c.handling_agency_id = ? GROUP BY c.id ORDER BY c.id", {city});
      if (!own_c || !*own_c) return Error::internal("no demo complaint with an attachment");
      auto other_c = tx.query_one("SELECT id FROM complaints WHERE handling_agency_id = ? AND id <> ? ORDER BY id", {city, (*own_c)->integer(0)});
      if (!other_c || !*other_c) return Error::internal("no second demo complaint");
      if (auto u = tx.exec("UPDATE complaints SET handling_agency_id = ? WHERE id = ?", {*bid, (*other_c)->integer(0)}); !u) return u.error();
      ids_[Rec::complaint] = {s((*own_c)->integer(0)), s((*other_c)->integer(0)), miss};
      g_complaint_file = s((*own_c)->integer(1));
      ids_[Rec::pub_complaint] = {"demo-tousu-2025-jnwqb-decision-01", "", "no-such-tracking-code-0000000000"};
      // 执法监督 (2): A's records from the demo (src/demo/supervision2.cc), the second of each moved to B.
      auto sup2 = [&](const std::string& own_sql, const std::string& other_sql, const char* table) -> Result<std::pair<std::string, std::string>> {
        auto o = tx.query_one(own_sql, {city});
        if (!o || !*o) return Error::internal(std::string("demo: no ") + table);
        auto x = tx.query_one(other_sql, {city, (*o)->integer(0)});
        if (!x || !*x) return Error::internal(std::string("demo: no second ") + table);
        if (auto u = tx.exec(std::string("UPDATE ") + table + " SET agency_id = ? WHERE id = ?", {*bid, (*x)->integer(0)}); !u) return u.error();
        return std::pair{s((*o)->integer(0)), s((*x)->integer(0))};
      };
      auto ef = sup2("SELECT id FROM sup_eval_files WHERE agency_id = ? AND state <> 'pending' AND rectify_note <> '' ORDER BY id",
                     "SELECT id FROM sup_eval_files WHERE agency_id = ? AND id <> ? ORDER BY id", "sup_eval_files");
      if (!ef) return ef.error();
      ids_[Rec::eval_file] = {ef->first, ef->second, miss};
      auto nt = sup2("SELECT notice_id FROM sup_notice_attachments WHERE id = 1 AND notice_id IN (SELECT id FROM sup_notices WHERE agency_id = ?)",
                     "SELECT id FROM sup_notices WHERE agency_id = ? AND id <> ? ORDER BY id", "sup_notices");
      if (!nt) return nt.error();
      ids_[Rec::notice] = {nt->first, nt->second, miss};
      auto fl = sup2("SELECT id FROM sup_filings WHERE agency_id = ? ORDER BY id", "SELECT id FROM sup_filings WHERE agency_id = ? AND id <> ? ORDER BY id",
                     "sup_filings");
      if (!fl) return fl.error();
      ids_[Rec::filing] = {fl->first, fl->second, miss};
      // Uploads: wangqiang's on A's case, and one on the case moved to B.
      for (auto [uid, agency, case_id] : {std::tuple{std::string("matrixUploadOwnA"), city, cases->first},
                                          std::tuple{std::string("matrixUploadOfB"), *bid, cases->second}})
        if (auto u = tx.exec("INSERT INTO av_uploads(id, agency_id, case_id, person_id, upload_length, kind, filename, step, state, created_at, "
                             "updated_at, expires_at) VALUES (?, ?, ?, ?, 10, 'photo', 'a.jpg', 'x', 'open', '2026-01-01T00:00:00Z', "
                             "'2026-01-01T00:00:00Z', '2999-01-01T00:00:00Z')",
                             {uid, agency, case_id, agency == city ? (*wang)->integer(0) : *pid});
            !u)
          return u.error();
      ids_[Rec::upload] = {"matrixUploadOwnA", "matrixUploadOfB", "matrixUploadMissing"};
      auto blobs = blob::open_filesystem_store(server_.app().site().options.data_dir + "/blobs");
      auto sha = blobs->put("matrix test photo bytes");
      if (!sha) return sha.error();
      std::vector<std::string> items;
      for (auto [agency, case_id] : {std::pair{city, cases->first}, std::pair{*bid, cases->second}}) {
        auto it = tx.query("INSERT INTO av_items(agency_id, case_id, step, kind, filename, sha256, size_bytes, recorder_id, uploaded_at, "
                           "thumb_sha256) VALUES (?, ?, 'x', 'photo', 'a.jpg', ?, 24, ?, '2026-01-01T00:00:00Z', ?) RETURNING id",
                           {agency, case_id, *sha, (*wang)->integer(0), *sha});
        if (!it) return it.error();
        items.push_back(s((*it)[0].integer(0)));
      }
      ids_[Rec::av_item] = {items[0], items[1], miss};
      std::vector<std::string> devices;
      for (auto agency : {city, *bid}) {
        auto d = tx.query("INSERT INTO av_devices(agency_id, code, kind, created_at) VALUES (?, 'MATRIX-JZY', 'body_camera', "
                          "'2026-01-01T00:00:00Z') RETURNING id", {agency});
        if (!d) return d.error();
        devices.push_back(s((*d)[0].integer(0)));
      }
      ids_[Rec::device] = {devices[0], devices[1], miss};
      return {};
    });
    if (!st) throw std::runtime_error(st.error().message);
    // A signed checkpoint, for /ledger/checkpoint and the bundles.
    if (auto c = server_.app().site().sign_checkpoint(); !c) throw std::runtime_error(c.error().message);
  }

  TestServer& server() { return server_; }
  const Ids& ids(Rec r) { return ids_.at(r); }
  std::string guide() const { return guide_; }

  // A logged-in session, reused for every row.
  Client& session(const std::string& login) {
    auto it = sessions_.find(login);
    if (it != sessions_.end()) return *it->second;
    auto c = std::make_unique<Client>(server_.port());
    int s = c->login(login, kPw);
    EXPECT_EQ(s, 303) << "login " << login;
    return *(sessions_[login] = std::move(c));
  }
  void forget(const std::string& login) { sessions_.erase(login); }

 private:
  TestServer server_;
  std::map<Rec, Ids> ids_;
  std::string guide_;
  std::map<std::string, std::unique_ptr<Client>> sessions_;
};

std::string path_of(const Row& row, const std::string& id, const std::string& guide) {
  std::string out, pat = row.pattern;
  bool first = true;
  for (std::size_t i = 0; i < pat.size();) {
    if (pat[i] != '{') {
      out += pat[i++];
      continue;
    }
    auto end = pat.find('}', i);
    std::string name = pat.substr(i + 1, end - i - 1);
    if (name.ends_with("...")) name.resize(name.size() - 3);
    std::string v;
    if (first && row.rec != Rec::none) v = id;
    else if (auto f = row.fill.find(name); f != row.fill.end()) v = f->second == "$guide" ? guide : f->second == "$file" ? g_complaint_file : f->second;
    else v = "1";
    if (first) first = false;
    out += v;
    i = end + 1;
  }
  return out + row.query;
}

HttpResult call(Client& c, const Row& row, const std::string& path) {
  if (row.method == "GET") return c.get(path);
  std::string token = c.csrf();
  std::map<std::string, std::string> headers;
  if (!token.empty()) headers["X-CSRF-Token"] = token;
  return c.send(row.method, path, "_csrf=" + token, headers);
}

std::string brief(const HttpResult& r) {
  std::string b = r.body.substr(0, 240);
  for (auto& ch : b)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return std::to_string(r.status) + " " + b;
}

bool allowed_status(int s, E e) {
  if (s >= 200 && s < 400) return true;
  if (s == 400 || s == 409) return true;
  return e == st && s == 403;
}

// The other agency's answer must be the missing id's answer: 404, with the same body once the id
// in it is the same. (Or the same 400: an API body refused as invalid before the id is looked
// at — that answer says nothing about the id either.)
void expect_same_as_missing(const std::string& what, const HttpResult& other, const HttpResult& missing, const Ids& ids,
                            std::vector<std::string>& failures, int& refused_before_lookup) {
  std::string m = missing.body;
  for (std::size_t p = m.find(ids.missing); p != std::string::npos; p = m.find(ids.missing, p + ids.other.size()))
    m.replace(p, ids.missing.size(), ids.other);
  if (other.status == 400 && missing.status == 400 && other.body == m) {
    ++refused_before_lookup;
    return;
  }
  if (other.status != 404) failures.push_back(what + ": another agency's record answers " + brief(other) + " (want 404)");
  if (missing.status != 404) failures.push_back(what + ": a missing id answers " + brief(missing) + " (want 404)");
  if (other.status == 404 && missing.status == 404 && other.body != m)
    failures.push_back(what + ": another agency's record and a missing id answer differently:\n    other:   " + other.body.substr(0, 400) +
                       "\n    missing: " + m.substr(0, 400));
}

TEST(AuthorizationMatrix, EveryRouteEveryRoleOwnOtherAndMissing) {
  auto started = std::chrono::steady_clock::now();
  Matrix mx;
  const auto& routes = mx.server().app().router().routes();

  // Every route has a row; every row is a route, with the same idea of what is public.
  std::set<std::pair<std::string, std::string>> registered;
  std::map<std::pair<std::string, std::string>, const Row*> by_route;
  for (const auto& row : matrix()) {
    EXPECT_TRUE(by_route.emplace(std::pair{row.method, row.pattern}, &row).second) << "two rows for " << row.method << " " << row.pattern;
  }
  for (const auto& r : routes) {
    registered.insert({r.method, r.pattern});
    auto it = by_route.find({r.method, r.pattern});
    if (it == by_route.end()) {
      ADD_FAILURE() << "route " << r.method << " " << r.pattern << " (permission " << r.permission
                    << ") has no row in the authorization matrix (tests/integration/authz_matrix_test.cc): add one";
      continue;
    }
    bool public_row = it->second->public_status != 0;
    EXPECT_EQ(public_row, r.permission == "public")
        << r.method << " " << r.pattern << ": the row and the route (permission " << r.permission << ") disagree on whether it is public";
  }
  for (const auto& row : matrix())
    EXPECT_TRUE(registered.count({row.method, row.pattern})) << "the matrix has a row for " << row.method << " " << row.pattern
                                                             << ", which the router does not have";

  std::vector<std::string> failures;
  int requests = 0, refused_before_lookup = 0;
  Client anonymous(mx.server().port());
  for (const auto& row : matrix()) {
    if (!registered.count({row.method, row.pattern})) continue;
    std::string label = row.method + " " + row.pattern;
    bool is_api = row.pattern.rfind("/api/", 0) == 0;

    if (row.public_status) {
      // Public: everyone (anonymous, each role, the other agency's person) gets the same.
      const Ids* ids = row.rec == Rec::none ? nullptr : &mx.ids(row.rec);
      std::vector<std::pair<std::string, Client*>> who{{"anonymous", &anonymous}};
      if (row.pattern != "/login") {
        for (auto login : kLogins) who.push_back({login, &mx.session(login)});
        who.push_back({"outsider", &mx.session("outsider")});
      }
      for (auto& [name, client] : who) {
        auto r = call(*client, row, path_of(row, ids ? ids->own : "", mx.guide()));
        ++requests;
        if (r.status != row.public_status) failures.push_back(label + " as " + name + ": " + brief(r) + " (want " + std::to_string(row.public_status) + ")");
        if (ids) {
          auto m = call(*client, row, path_of(row, ids->missing, mx.guide()));
          ++requests;
          if (m.status != row.public_missing)
            failures.push_back(label + " as " + name + ", a missing record: " + brief(m) + " (want " + std::to_string(row.public_missing) + ")");
        }
      }
      continue;
    }

    // Anonymous: the API and forms answer 401; pages send the browser to the login.
    {
      const Ids* ids = row.rec == Rec::none ? nullptr : &mx.ids(row.rec);
      auto r = call(anonymous, row, path_of(row, ids ? ids->own : "", mx.guide()));
      ++requests;
      if (row.method == "GET" && !is_api) {
        if (r.status != 303 || r.header("location").rfind("/login?next=", 0) != 0)
          failures.push_back(label + " as anonymous: " + brief(r) + " location " + r.header("location") + " (want 303 to /login)");
      } else if (r.status != 401) {
        failures.push_back(label + " as anonymous: " + brief(r) + " (want 401)");
      }
    }

    // Each role of agency A.
    for (std::size_t i = 0; i < kRoles.size(); ++i) {
      E e = row.roles[i];
      std::string login = kLogins[i];
      Client& c = mx.session(login);
      std::string who = label + " as " + kRoles[i] + " (" + login + ")";
      if (row.rec == Rec::none) {
        auto r = call(c, row, path_of(row, "", mx.guide()));
        ++requests;
        if (e == no ? r.status != 403 : !allowed_status(r.status, e))
          failures.push_back(who + ": " + brief(r) + (e == no ? " (want 403)" : " (want 2xx/3xx, 400 or 409)"));
        if (row.pattern == "/logout") mx.forget(login);  // that session has ended: the next row logs in again
        continue;
      }
      const Ids& ids = mx.ids(row.rec);
      auto own = call(c, row, path_of(row, ids.own, mx.guide()));
      auto other = call(c, row, path_of(row, ids.other, mx.guide()));
      auto missing = call(c, row, path_of(row, ids.missing, mx.guide()));
      requests += 3;
      if (e == no) {
        for (auto [what, r] : std::initializer_list<std::pair<const char*, const HttpResult*>>{
                 {"own agency's record", &own}, {"another agency's record", &other}, {"a missing id", &missing}})
          if (r->status != 403) failures.push_back(who + ", " + what + ": " + brief(*r) + " (want 403: the role may not)");
        continue;
      }
      if (!allowed_status(own.status, e))
        failures.push_back(who + ", own agency's record: " + brief(own) + (e == st ? " (want 2xx/3xx, 400, 403 or 409)" : " (want 2xx/3xx, 400 or 409)"));
      expect_same_as_missing(who, other, missing, ids, failures, refused_before_lookup);
    }

    // The other agency's person, holding every role: agency A's record is a missing one.
    if (row.rec != Rec::none) {
      const Ids& ids = mx.ids(row.rec);
      Client& c = mx.session("outsider");
      auto a = call(c, row, path_of(row, ids.own, mx.guide()));
      auto m = call(c, row, path_of(row, ids.missing, mx.guide()));
      requests += 2;
      Ids flipped{ids.other, ids.own, ids.missing};
      expect_same_as_missing(label + " as a person of another agency with every role", a, m, flipped, failures, refused_before_lookup);
    }
  }

  for (auto& f : failures) ADD_FAILURE() << f;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("authorization matrix: %zu routes, %zu rows, %d requests (%d other/missing pairs refused alike as invalid bodies before "
              "any lookup), %zu failures, %.1f s\n",
              routes.size(), matrix().size(), requests, refused_before_lookup, failures.size(), secs);
}

}  // namespace
}  // namespace zhifa::testing
