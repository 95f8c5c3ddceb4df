#include "org/permissions.h"

#include <algorithm>

namespace zhifa::org {

std::string_view role_label(std::string_view role) {
  if (role == "officer") return "执法人员";
  if (role == "legal_reviewer") return "法制审核人员";
  if (role == "legal_adviser") return "法律顾问";
  if (role == "agency_head") return "机关负责人";
  if (role == "publicity_editor") return "公示编辑";
  if (role == "supervisor") return "执法监督";
  if (role == "admin") return "系统管理员";
  return role;
}

bool is_role(std::string_view role) { return std::find(std::begin(kRoles), std::end(kRoles), role) != std::end(kRoles); }

const std::vector<Permission>& permissions() {
  static const std::vector<Permission> all = {
      {"public", {}, "anyone, without login"},
      {"staff", {}, "any logged-in person"},
      {"org.view", {"admin", "supervisor", "agency_head"}, "see agencies, people, certificates"},
      {"org.admin", {"admin"}, "change agencies, people, certificates and roles"},
      {"token.own", {}, "create and revoke one's own API tokens (any logged-in person)"},
      {"ledger.admin", {"admin"}, "sign a checkpoint on demand"},
      {"audit.view", {"admin", "supervisor"}, "read the access log"},
  };
  return all;
}

Decision authorize(const Principal& p, std::string_view permission, std::optional<std::int64_t> agency) {
  if (permission == "public") return {true, {}};
  auto it = std::find_if(permissions().begin(), permissions().end(), [&](auto& x) { return x.name == permission; });
  if (it == permissions().end()) return {false, "unknown permission " + std::string(permission)};
  if (p.anonymous()) return {false, "login required"};
  // A token carries only the scopes it was given, never more than its owner has.
  if (p.token_scopes && permission != "staff" && !p.token_scopes->count(std::string(permission)))
    return {false, "API token lacks scope " + std::string(permission)};
  if (agency && !p.jurisdiction.count(*agency)) return {false, "outside your agency's jurisdiction"};
  if (it->roles.empty()) return {true, {}};
  for (auto role : it->roles)
    if (p.has(role)) return {true, {}};
  return {false, "your roles do not allow " + std::string(permission)};
}

}  // namespace zhifa::org
