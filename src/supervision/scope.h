#pragma once
// 执法监督 (issue 20): whom a supervisor supervises, and the period a request asks about.
//
// The supervisor (执法监督) and the agency head supervise their own agency and every agency
// below it in the org tree (seed 三.(二): the city office guides and supervises the county
// offices). Supervision reads; it never acts: drill-down goes through viewer(), a principal
// with the read-only supervisor role over the same agencies, so every existing change route
// still refuses a case that is only supervised.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "org/directory.h"
#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::supervision {

// THE jurisdiction rule of supervision, written once: `p` supervises agency `agency_id` when p
// holds supervision.view (roles 执法监督 and 机关负责人) and the agency is p's own or below it in
// the org tree, at any depth (seed 三.(二)). `all` is every agency (org::list_agencies). Every
// other check below — supervised(), Scope::contains, supervising(), require_supervising() — is
// this rule applied.
bool supervises(const org::Principal& p, std::int64_t agency_id, const std::vector<org::Agency>& all);
// The same rule reading the agencies from the store.
Result<bool> supervising(store::Tx& tx, const org::Principal& p, std::int64_t agency_id);
// not_found(missing) — 404, exactly like a record that does not exist — unless `p` supervises
// the agency. Use for one record (a case, a file, a notice) found by id.
Status require_supervising(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& missing);

// Every agency `p` supervises (supervises() over all agencies), materialised for lists.
struct Scope {
  std::vector<org::Agency> agencies;  // the principal's own agency first, then the tree below (depth first)
  std::set<std::int64_t> ids;
  bool contains(std::int64_t id) const { return ids.count(id) > 0; }  // == supervises(p, id, …)
};

// The agencies `p` supervises. Empty for anyone without supervision.view.
Result<Scope> supervised(store::Tx& tx, const org::Principal& p);
// `code` and the agencies below it, inside the scope; another agency answers not_found
// (404, "没有这个执法主体") exactly like a code that does not exist. "" = the principal's own agency.
Result<Scope> narrow(const Scope& s, const std::string& code);

// A principal that may only read, over the supervised agencies (drill-down to a case).
org::Principal viewer(const org::Principal& p, const Scope& s);

// A period from two form dates ("YYYY-MM-DD"; either may be empty: the default is the current
// year up to today). Refused with a Chinese message naming the field: not a date, the end before
// the start, or longer than ten years.
struct Period {
  std::string from, to;
};
Result<Period> parse_period(const std::string& from, const std::string& to, const std::string& today);

}  // namespace zhifa::supervision
