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
      {"recording.view", {"officer", "agency_head", "legal_reviewer", "supervisor", "admin"}, "查阅执法案件、执法过程记录和执法文书"},
      {"recording.handle", {"officer", "agency_head"}, "办理执法案件：立案受理、记录执法过程、制作执法文书"},
      {"recording.sign", {"officer", "agency_head"}, "审批签发执法文书（按文书规定的签发人）"},
      {"recording.extend", {"agency_head"}, "批准延长行政许可办理期限（行政许可法第四十二条）"},
      {"recording.devices", {"agency_head", "admin"}, "登记执法记录仪等音像记录设备，分配给执法人员"},
      // Publicity (公示) lists and their review (审查机制, 济外侨办字〔2017〕28号 一.9).
      {"publicity.view", {"publicity_editor", "agency_head", "supervisor", "admin"}, "查看公示清单的草稿、审查状态和版本"},
      {"publicity.edit", {"publicity_editor"}, "编辑公示清单、提交审查、发布已审查通过的清单"},
      {"publicity.review", {"publicity_editor", "agency_head"}, "审查公示清单（审查通过或退回）"},
      // Publicity after enforcement (事后公开, 国办发〔2018〕118号; APL art. 48).
      {"publicity.decisions.view", {"publicity_editor", "agency_head", "supervisor", "admin", "officer", "legal_reviewer"}, "查看执法决定公示的待办、期限和脱敏审查"},
      {"publicity.decisions.edit", {"publicity_editor"}, "审查执法决定的脱敏处理、公示决定、撤下已公示的决定"},
      {"publicity.decisions.withdraw", {"publicity_editor", "officer", "legal_reviewer", "agency_head"}, "登记执法决定被变更、撤销、确认违法或无效，启动撤下公示"},
      {"publicity.decisions.fulfilment", {"publicity_editor", "officer"}, "更新执法决定的履行情况"},
      {"publicity.decisions.rules", {"publicity_editor", "admin"}, "设置执法决定的公示时限和公示期"},
      {"publicity.superior", {"supervisor"}, "作为上级法制机构审核下级机关的行政执法主体资格清单（济外侨办字〔2017〕28号 一.4）"},
      // 双随机、一公开 (issue 18): directories, plans, the draw (freeze by one person, randomness by
      // another), results and their publication.
      {"inspection.view", {"officer", "agency_head", "publicity_editor", "supervisor", "admin"}, "查看检查对象名录库、抽查计划、抽签和检查结果"},
      {"inspection.directory", {"officer", "agency_head"}, "维护检查对象名录库（录入、导入）"},
      {"inspection.plan", {"officer", "agency_head"}, "依据已公布的随机抽查事项清单制定并公告抽查计划，登记回避情形"},
      {"inspection.draw", {"officer", "agency_head"}, "固定候选名单并公布随机数来源"},
      {"inspection.randomness", {"officer", "agency_head", "supervisor"}, "录入随机数并执行抽取（须为固定名单者以外的另一人）"},
      {"inspection.inspect", {"officer"}, "作为抽中的检查人员录入检查结果"},
      {"inspection.publish", {"publicity_editor", "agency_head"}, "公示抽查结果（抽查结果公告）"},
      {"review.view", {"officer", "legal_reviewer", "legal_adviser", "agency_head", "supervisor", "admin"}, "查看重大执法决定法制审核及目录清单"},
      {"review.submit", {"officer"}, "提交法制审核、整改后重新提交、对审核意见提出异议"},
      {"review.review", {"legal_reviewer"}, "领取并审核重大执法决定，填写要素清单，出具审核意见"},
      {"review.advise", {"legal_adviser"}, "出具法律顾问意见"},
      {"review.decide", {"agency_head"}, "协调决定审核分歧（机关负责人决定或集体讨论），批准延长审核期限"},
      {"review.catalog", {"legal_reviewer", "admin"}, "编辑重大执法决定法制审核目录清单和审核期限"},
      {"recording.discretion", {"supervisor", "agency_head", "legal_reviewer", "admin"}, "查看超出裁量基准的执法决定（国办发〔2018〕118号）"},
      {"review.staffing", {"supervisor", "admin", "agency_head"}, "查看法制审核人员配备情况"},
      // 投诉举报 (issue 19): complaints are handled by the agency they were routed to (the
      // supervising agency for a complaint about an act); the complainant's identity is shown to
      // the assigned handler only (complaints/service.h).
      {"complaints.view", {"officer", "agency_head", "supervisor", "admin"}, "查看本机关及下级机关办理的投诉举报（不含投诉人身份）"},
      {"complaints.handle", {"officer", "supervisor"}, "办理投诉举报：领取、受理、不予受理、转送、请补充材料、答复"},
      {"complaints.approve", {"agency_head"}, "审批认定执法行为违法或不当的答复，批准延长答复期限（《信访工作条例》）"},
      // 执法监督 (issue 20): the supervisor and the head read the cases and figures of their agency
      // and every agency below it (seed 三.(二)); 督办 urges the person responsible for a deadline.
      {"supervision.view", {"supervisor", "agency_head"}, "执法监督：查看本机关及下级机关的执法案件、统计和电子监察预警"},
      {"supervision.urge", {"supervisor", "agency_head"}, "督办：催办预警或超期的执法事项"},
      {"supervision.report", {"supervisor", "agency_head"}, "编制、审核并公开行政执法数据年度报告（国办发〔2018〕118号）"},
  };
  return all;
}

Decision authorize(const Principal& p, std::string_view permission, std::optional<std::int64_t> agency) {
  if (permission == "public") return {true, {}};
  auto it = std::find_if(permissions().begin(), permissions().end(), [&](auto& x) { return x.name == permission; });
  if (it == permissions().end()) return {false, "未知权限（" + std::string(permission) + "）"};
  if (p.anonymous()) return {false, "请先登录"};
  if (agency && !p.jurisdiction.count(*agency)) return {false, "超出本机关的管辖范围", true};
  // A token carries only the scopes it was given, never more than its owner has.
  if (p.token_scopes && permission != "staff" && !p.token_scopes->count(std::string(permission)))
    return {false, "API 令牌没有此权限范围（" + std::string(permission) + "）"};
  if (it->roles.empty()) return {true, {}};
  for (auto role : it->roles)
    if (p.has(role)) return {true, {}};
  return {false, "您的角色无权执行此操作（" + std::string(permission) + "）"};
}

Status require(const Principal& p, std::string_view permission, std::int64_t agency, std::string_view missing) {
  auto d = authorize(p, permission, agency);
  if (d.allowed) return {};
  if (d.outside_jurisdiction) return Error::not_found(std::string(missing));
  return Error::forbidden(d.reason);
}

}  // namespace zhifa::org
