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
      {"public", {}, "任何人，无需登录"},
      {"staff", {}, "任何已登录的工作人员"},
      {"org.view", {"admin", "supervisor", "agency_head"}, "查看执法主体、人员和执法证"},
      {"org.admin", {"admin"}, "管理执法主体、人员、执法证和角色"},
      {"token.own", {}, "创建和吊销本人的 API 令牌"},
      {"ledger.admin", {"admin"}, "立即签发账本检查点"},
      {"audit.view", {"admin", "supervisor"}, "查阅访问日志"},
  };
  return all;
}

Decision authorize(const Principal& p, std::string_view permission, std::optional<std::int64_t> agency) {
  if (permission == "public") return {true, {}};
  auto it = std::find_if(permissions().begin(), permissions().end(), [&](auto& x) { return x.name == permission; });
  if (it == permissions().end()) return {false, "未知权限（" + std::string(permission) + "）"};
  if (p.anonymous()) return {false, "请先登录"};
  // A token carries only the scopes it was given, never more than its owner has.
  if (p.token_scopes && permission != "staff" && !p.token_scopes->count(std::string(permission)))
    return {false, "API 令牌没有此权限范围（" + std::string(permission) + "）"};
  if (agency && !p.jurisdiction.count(*agency)) return {false, "超出本机关的管辖范围"};
  if (it->roles.empty()) return {true, {}};
  for (auto role : it->roles)
    if (p.has(role)) return {true, {}};
  return {false, "您的角色无权执行此操作（" + std::string(permission) + "）"};
}

}  // namespace zhifa::org
