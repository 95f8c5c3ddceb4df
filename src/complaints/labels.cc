// Labels for people: kinds, states, findings, routes (never a raw code on a page).
#include "complaints/internal.h"

#include <algorithm>
#include <map>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "law/mask.h"
#include "org/auth.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"

namespace zhifa::complaints {

std::string kind_label(const std::string& kind, bool en) {
  if (kind == "complaint") return en ? "Complaint about an enforcement act" : "投诉";
  if (kind == "report") return en ? "Report of a violation" : "举报";
  if (kind == "suggestion") return en ? "Opinion or suggestion" : "意见建议";
  return kind;
}

std::string state_label(const std::string& state, bool en) {
  static const std::map<std::string, std::pair<std::string, std::string>> l = {
      {"received", {"已收到，待受理", "Received, awaiting acceptance"}},
      {"info_requested", {"待补充材料", "More information requested"}},
      {"accepted", {"已受理，办理中", "Accepted, being handled"}},
      {"approval_pending", {"答复待负责人审批", "Reply awaiting the head's approval"}},
      {"replied", {"已答复，办结", "Answered, closed"}},
      {"refused", {"不予受理", "Not accepted"}}};
  auto it = l.find(state);
  return it == l.end() ? state : (en ? it->second.second : it->second.first);
}

std::string finding_label(const std::string& f, bool en) {
  static const std::map<std::string, std::pair<std::string, std::string>> l = {
      {"upheld", {"投诉属实，执法行为违法或不当，已责令纠正", "Upheld: the act was unlawful or improper and is being corrected"}},
      {"partly_upheld", {"投诉部分属实，已责令纠正", "Partly upheld: corrections ordered"}},
      {"not_upheld", {"经核查，执法行为合法", "Not upheld: the act was lawful"}},
      {"case_opened", {"举报属实，已立案查处", "Report confirmed: a case was opened"}},
      {"no_violation", {"经核查，未发现违法行为", "No violation found"}},
      {"adopted", {"意见建议已采纳", "Suggestion adopted"}},
      {"noted", {"意见建议已记录，供今后工作参考", "Suggestion noted"}}};
  auto it = l.find(f);
  return it == l.end() ? f : (en ? it->second.second : it->second.first);
}

std::string routed_label(const std::string& r, bool en) {
  if (r == "supervisor") return en ? "to the supervising agency of the agency complained about" : "由被投诉机关的上级监督机关办理";
  if (r == "oversight_body") return en ? "to the administrative enforcement oversight body" : "由行政执法监督机构办理";
  if (r == "competent") return en ? "to the competent agency" : "由有管辖权的执法机关办理";
  if (r == "city_office") return en ? "to the city office, which routes it" : "由市级机关接收并分办";
  if (r == "transfer") return en ? "transferred" : "经转送办理";
  if (r == "self") return en ? "to the agency itself (no oversight body configured)" : "由本机关办理（未配置监督机构）";
  return r;
}

std::string concern_label(const std::string& k, bool en) {
  if (k == "decision") return en ? "published decision" : "已公示的执法决定";
  if (k == "case") return en ? "case" : "执法案件";
  if (k == "certificate") return en ? "enforcement certificate" : "执法证";
  return en ? "not found (kept as text)" : "未找到对应记录（按文字保存）";
}

const std::vector<std::string>& findings_for(const std::string& kind) {
  static const std::vector<std::string> complaint{"upheld", "partly_upheld", "not_upheld"}, report{"case_opened", "no_violation"},
      suggestion{"adopted", "noted"};
  return kind == "report" ? report : kind == "suggestion" ? suggestion : complaint;
}

std::optional<std::string> parse_kind(const std::string& t) {
  if (t == "complaint" || t == "投诉") return "complaint";
  if (t == "report" || t == "举报") return "report";
  if (t == "suggestion" || t == "意见建议") return "suggestion";
  return std::nullopt;
}

}  // namespace zhifa::complaints
