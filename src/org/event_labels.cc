#include "org/event_labels.h"

#include <map>

namespace zhifa::org {

namespace {

struct Label {
  const char* zh;
  const char* en;
};

const std::map<std::string_view, Label>& labels() {
  static const std::map<std::string_view, Label> m = {
      {"org.demo.created", {"演示数据建立", "Demo data created"}},
      {"org.agency.created", {"执法主体登记", "Agency registered"}},
      {"org.agency.updated", {"执法主体变更", "Agency updated"}},
      {"org.person.created", {"人员登记", "Person registered"}},
      {"org.person.updated", {"人员变更", "Person updated"}},
      {"org.certificate.added", {"执法证登记", "Certificate added"}},
      {"org.certificate.revoked", {"执法证注销", "Certificate revoked"}},
      {"review.catalog.rule_created", {"法制审核目录新增", "Review catalogue rule added"}},
      {"review.catalog.rule_updated", {"法制审核目录修改", "Review catalogue rule changed"}},
      {"review.catalog.rule_activated", {"法制审核目录启用", "Review catalogue rule enabled"}},
      {"review.catalog.rule_deactivated", {"法制审核目录停用", "Review catalogue rule disabled"}},
      {"review.settings.saved", {"法制审核设置", "Review settings saved"}},
      {"review.submitted", {"提交法制审核", "Submitted for legal review"}},
      {"review.resubmitted", {"重新提交法制审核", "Resubmitted for legal review"}},
      {"review.taken", {"法制审核受理", "Legal review taken"}},
      {"review.elements_answered", {"审核要素认定", "Review elements answered"}},
      {"review.adviser_requested", {"征求法律顾问意见", "Legal adviser consulted"}},
      {"review.adviser_answered", {"法律顾问出具意见", "Legal adviser answered"}},
      {"review.agreed", {"法制审核通过", "Legal review passed"}},
      {"review.returned", {"法制审核退回", "Legal review returned"}},
      {"review.escalated", {"审核异议提请协调", "Review dispute escalated"}},
      {"review.escalation_decided", {"审核异议协调决定", "Review dispute decided"}},
      {"review.time_limit_extended", {"审核期限延长", "Review time limit extended"}},
      {"publicity.list.saved", {"公示清单保存", "List saved"}},
      {"publicity.list.submitted", {"公示清单提交审查", "List submitted"}},
      {"publicity.list.approved", {"公示清单审查通过", "List approved"}},
      {"publicity.list.superior_approved", {"公示清单上级审核通过", "List approved by superior"}},
      {"publicity.list.rejected", {"公示清单退回", "List returned"}},
      {"publicity.list.published", {"公示清单发布", "List published"}},
      {"publicity.decision.opened", {"执法决定待公示", "Decision awaiting publication"}},
      {"publicity.decision.mask_changed", {"公示内容遮蔽调整", "Masking changed"}},
      {"publicity.decision.mask_reviewed", {"公示内容遮蔽确认", "Masking reviewed"}},
      {"publicity.decision.published", {"执法决定公示", "Decision published"}},
      {"publicity.decision.fulfilment", {"履行情况登记", "Fulfilment recorded"}},
      {"publicity.decision.withdrawal_requested", {"申请撤下公示", "Withdrawal requested"}},
      {"publicity.decision.withdrawn", {"撤下公示", "Publication withdrawn"}},
      {"publicity.decision.expired", {"公示期满", "Display period ended"}},
      {"publicity.decision.rule_set", {"公示期限规则", "Display rule set"}},
      {"inspection.objects.imported", {"检查对象名录导入", "Inspection objects imported"}},
      {"inspection.conflict.declared", {"回避申报", "Conflict declared"}},
      {"inspection.plan.published", {"抽查计划公布", "Inspection plan published"}},
      {"inspection.draw.frozen", {"抽取名单冻结", "Draw pool frozen"}},
      {"inspection.draw.drawn", {"随机抽取", "Random draw"}},
      {"inspection.result.recorded", {"检查结果登记", "Inspection result recorded"}},
      {"inspection.result.published", {"抽查结果公示", "Inspection results published"}},
      {"inspection.case.opened", {"抽查对象立案检查", "Inspection case opened"}},
      {"inspection.penalty.opened", {"抽查发现问题立案查处", "Penalty case opened from an inspection"}},
      {"recording.case.opened", {"立案 / 受理", "Case opened"}},
      {"recording.case.act", {"办案环节", "Case step"}},
      {"recording.case.co_officer_set", {"指定共同执法人员", "Co-officer named"}},
      {"recording.case.facts_updated", {"案件事实更新", "Case facts updated"}},
      {"recording.deadline.extended", {"办案期限延长", "Deadline extended"}},
      {"recording.document.drafted", {"文书起草", "Document drafted"}},
      {"recording.document.edited", {"文书修改", "Document edited"}},
      {"recording.document.signed", {"文书签发", "Document signed"}},
      {"recording.document.correction_drafted", {"文书补正起草", "Correction drafted"}},
      {"recording.av.item_added", {"音像记录存证", "A/V evidence recorded"}},
      {"recording.av.exemption", {"批准免予音像记录", "A/V recording exempted"}},
      {"complaints.received", {"投诉举报登记", "Complaint received"}},
      {"complaints.taken", {"投诉举报承办", "Complaint taken"}},
      {"complaints.accepted", {"投诉举报受理", "Complaint accepted"}},
      {"complaints.refused", {"投诉举报不予受理", "Complaint refused"}},
      {"complaints.transferred", {"投诉举报转办", "Complaint transferred"}},
      {"complaints.info_requested", {"要求补充材料", "More information requested"}},
      {"complaints.supplemented", {"补充材料", "Information supplemented"}},
      {"complaints.reply_submitted", {"答复送审", "Reply submitted"}},
      {"complaints.reply_returned", {"答复退回", "Reply returned"}},
      {"complaints.replied", {"投诉举报答复", "Complaint answered"}},
      {"complaints.extended", {"投诉举报期限延长", "Complaint time limit extended"}},
      {"complaints.case_linked", {"投诉举报关联案件", "Complaint linked to a case"}},
      {"supervision.urged", {"督办", "Urged by the supervisor"}},
      {"supervision.report.published", {"行政执法数据年度报告公开", "Annual enforcement report published"}},
      {"supervision.evaluation.created", {"案卷评查启动", "Case-file evaluation started"}},
      {"supervision.evaluation.graded", {"案卷评查评定", "Case file graded"}},
      {"supervision.evaluation.rectified", {"评查整改完成", "Rectification reported"}},
      {"supervision.notice.issued", {"督查通报发出", "Supervision notice issued"}},
      {"supervision.notice.replied", {"督查通报回复", "Supervision notice answered"}},
      {"supervision.filing.filed", {"报送备案", "Filed with the superior"}},
      {"supervision.filing.decided", {"备案审查", "Filing decided"}},
  };
  return m;
}

}  // namespace

std::string event_kind_label(std::string_view kind, bool en) {
  auto it = labels().find(kind);
  if (it == labels().end()) return en ? "Other record" : "其他记录";
  return en ? it->second.en : it->second.zh;
}

std::string event_subject_label(std::string_view subject, bool en) {
  static const std::map<std::string_view, Label> types = {
      {"person", {"人员", "Person"}},       {"agency", {"执法主体", "Agency"}},     {"case", {"案件", "Case"}},
      {"document", {"文书", "Document"}},   {"decision", {"执法决定", "Decision"}}, {"review", {"法制审核", "Review"}},
      {"list", {"公示清单", "List"}},       {"complaint", {"投诉举报", "Complaint"}}, {"plan", {"抽查计划", "Plan"}},
      {"draw", {"随机抽取", "Draw"}},       {"rule", {"规则", "Rule"}},             {"certificate", {"执法证", "Certificate"}},
      {"objects", {"检查对象", "Objects"}}, {"result", {"检查结果", "Result"}},
      {"urge", {"督办", "Urge"}},           {"report", {"年度报告", "Annual report"}}, {"evaluation", {"案卷评查", "Evaluation"}},
      {"eval_file", {"评查案卷", "Evaluated file"}}, {"notice", {"督查通报", "Notice"}}, {"filing", {"备案", "Filing"}},
  };
  auto colon = subject.find(':');
  if (colon == std::string_view::npos) return std::string(subject);
  auto it = types.find(subject.substr(0, colon));
  if (it == types.end()) return std::string(subject);
  return std::string(en ? it->second.en : it->second.zh) + " " + std::string(subject.substr(colon + 1));
}

}  // namespace zhifa::org
