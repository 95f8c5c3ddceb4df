#pragma once
// The one permission check every request goes through. Deny unless a role allows.
//
// A role applies within the person's own agency; supervisor and admin also act on the
// agencies below their own (the superior agency supervises its counties and zones).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::org {

inline constexpr std::string_view kRoles[] = {"officer", "legal_reviewer", "legal_adviser", "agency_head",
                                              "publicity_editor", "supervisor", "admin"};
std::string_view role_label(std::string_view role);  // 执法人员, 法制审核人员 …
bool is_role(std::string_view role);

// Who is asking. Anonymous when person_id == 0.
struct Principal {
  std::int64_t person_id = 0;
  std::int64_t agency_id = 0;
  std::string name, login, agency_name;
  std::set<std::string> roles;
  std::set<std::int64_t> jurisdiction;  // own agency and, for supervisor/admin, those below it
  std::optional<std::set<std::string>> token_scopes;  // set when authenticated by an API token
  std::string csrf;                                    // the session's CSRF token
  bool anonymous() const { return person_id == 0; }
  bool has(std::string_view role) const { return roles.count(std::string(role)) > 0; }
};

// The permissions, each with the roles that grant it. "public" needs nothing; "staff" any login.
struct Permission { std::string_view name; std::vector<std::string_view> roles; std::string_view what; };
const std::vector<Permission>& permissions();

// outside_jurisdiction: refused because `agency` is not the person's (nor below it), before any
// role or token scope was looked at.
struct Decision { bool allowed; std::string reason; bool outside_jurisdiction = false; };
// agency: the agency the request acts on, when it acts on one. The jurisdiction is checked
// first, so that what the answer says about another agency's record never depends on the
// person's roles or token scopes.
Decision authorize(const Principal& p, std::string_view permission, std::optional<std::int64_t> agency = std::nullopt);

// The check for an act on one record (a case, a document, a review, a decision, a list, a
// person) that belongs to `agency`, made after the record was found by its id. A record of
// another agency is answered exactly as a missing one — not_found(missing), the message the
// caller gives for an id that does not exist — so that ids cannot be probed across agencies.
// Only within the jurisdiction does a role (or token scope) that does not allow the act answer
// forbidden (403). The one permission check for services: use it, never a local wrapper.
Status require(const Principal& p, std::string_view permission, std::int64_t agency, std::string_view missing);

}  // namespace zhifa::org
