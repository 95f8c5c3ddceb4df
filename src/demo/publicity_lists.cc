#include "demo/publicity_lists.h"

namespace zhifa::publicity::demo_lists {
namespace {

json bands(std::initializer_list<std::pair<const char*, const char*>> items) {
  json out = json::array();
  for (auto& [facts, penalty] : items) out.push_back({{"facts", facts}, {"penalty", penalty}});
  return out;
}

const char* kUnit = "侨务工作科";
const char* kAddress = "山东省济宁市任城区太白湖新区圣贤路9号";
const char* kPhone = "0537-2967000";

json guide(const json& matter, const char* materials, const char* process, const char* preferential) {
  return {{"matter_code", matter["code"]}, {"name", matter["name"]}, {"basis", matter["legal_basis"]}, {"handling_unit", kUnit},
          {"preferential", preferential}, {"materials", materials}, {"process", process}, {"time_limit", matter["time_limit"]},
          {"supervision", "济宁市人民政府外事侨务办公室人秘科，电话 0537-2967001；12345 政务服务便民热线"},
          {"accountability", "工作人员违反规定办理或者超过时限的，依照《中华人民共和国行政许可法》第七章和有关规定追究责任"},
          {"remedy", "对决定不服的，可以自收到决定之日起60日内向济宁市人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼"},
          {"office_hours", "工作日 上午 9:00–12:00，下午 13:30–17:00（法定节假日除外）"}, {"address", kAddress}, {"phone", kPhone}};
}

}  // namespace
json matters_v1() {
  return json::array({
      {{"code", "JNWQB-XK-001"}, {"category", "行政许可"}, {"name", "华侨回国定居审批"},
       {"legal_basis", "《华侨回国定居办理工作规定》（国侨发〔2013〕18号）第三条、第六条"}, {"discretion", json::array()},
       {"handling_unit", kUnit}, {"time_limit", "20个工作日（经负责人批准可延长10个工作日）"}, {"procedure", "licence"}},
      {{"code", "JNWQB-XK-002"}, {"category", "行政许可"}, {"name", "邀请外国人来华审批"},
       {"legal_basis", "《中华人民共和国外国人入境出境管理条例》第六条、第七条"}, {"discretion", json::array()},
       {"handling_unit", kUnit}, {"time_limit", "20个工作日"}, {"procedure", "licence"}},
      {{"code", "JNWQB-QR-001"}, {"category", "行政确认"}, {"name", "归侨侨眷身份确认"},
       {"legal_basis", "《中华人民共和国归侨侨眷权益保护法》第二条；《中华人民共和国归侨侨眷权益保护法实施办法》第三条"},
       {"discretion", json::array()}, {"handling_unit", kUnit}, {"time_limit", "30日"}, {"procedure", "confirmation"}},
      {{"code", "JNWQB-CF-001"}, {"category", "行政处罚"}, {"name", "申请人隐瞒有关情况或者提供虚假材料申请行政许可的处罚"},
       {"legal_basis", "《中华人民共和国行政许可法》第七十八条"},
       {"discretion", bands({{"隐瞒情况或提供虚假材料，在受理前主动更正", "警告"},
                             {"提供虚假材料，经告知拒不更正", "警告；申请人在一年内不得再次申请该行政许可"}})},
       {"handling_unit", kUnit}, {"time_limit", "自立案之日起90日"}, {"procedure", "penalty"}},
      {{"code", "JNWQB-JC-001"}, {"category", "行政检查"}, {"name", "对被授权邀请单位邀请外国人来华工作的监督检查"},
       {"legal_basis", "《中华人民共和国外国人入境出境管理条例》第七条"}, {"discretion", json::array()},
       {"handling_unit", kUnit}, {"time_limit", "按年度抽查计划"}, {"procedure", "inspection"}},
  });
}

json matters_v2() {
  json m = matters_v1();
  m[2]["time_limit"] = "20个工作日";  // 归侨侨眷身份确认: time limit shortened
  m[2]["legal_basis"] = "《中华人民共和国归侨侨眷权益保护法》第二条；《中华人民共和国归侨侨眷权益保护法实施办法》第三条、第四条";
  m.push_back({{"code", "JNWQB-XK-003"}, {"category", "行政许可"}, {"name", "外国人来华工作邀请函件核发"},
               {"legal_basis", "《中华人民共和国出境入境管理法》第四十一条；《外国人入境出境管理条例》第七条"},
               {"discretion", json::array()}, {"handling_unit", kUnit}, {"time_limit", "10个工作日"}, {"procedure", "licence"}});
  // Issue 14: a penalty whose 裁量基准 bands carry fine ranges and the kinds of penalty they allow
  // (law/measures.h; the officer picks one), and a
  // 行政强制 matter (查封、扣押).
  json fined = json::array({
      {{"facts", "情节轻微：首次违反，主动改正，未造成后果"}, {"penalty", "警告，可以并处罚款"}, {"fine_min_yuan", 1000}, {"fine_max_yuan", 5000},
       {"measures", {"warning", "fine"}}},
      {{"facts", "情节一般：邀请人数3人以下，未造成不良影响"}, {"penalty", "罚款"}, {"fine_min_yuan", 5000}, {"fine_max_yuan", 20000},
       {"measures", {"fine"}}},
      {{"facts", "情节严重：邀请人数超过3人或者造成不良影响"}, {"penalty", "罚款；可以责令停止邀请业务"}, {"fine_min_yuan", 20000}, {"fine_max_yuan", 50000},
       {"measures", {"fine", "stop_business"}}},
  });
  m.push_back({{"code", "JNWQB-CF-002"}, {"category", "行政处罚"}, {"name", "被许可单位超越许可范围邀请外国人来华的处罚"},
               {"legal_basis", "《中华人民共和国行政许可法》第八十条；本机关行政处罚裁量基准"}, {"discretion", fined},
               {"handling_unit", kUnit}, {"time_limit", "自立案之日起90日"}, {"procedure", "penalty"}});
  m.push_back({{"code", "JNWQB-QZ-001"}, {"category", "行政强制"}, {"name", "查封、扣押伪造、变造的邀请函件及制作设备"},
               {"legal_basis", "《中华人民共和国行政强制法》第九条、第二十二条、第二十五条"}, {"discretion", json::array()},
               {"handling_unit", kUnit}, {"time_limit", "查封、扣押不超过30日，经批准可延长30日"}, {"procedure", "seizure"}});
  return m;
}


json guides(const json& m) {
  return json::array({
      guide(m[0], "1. 华侨回国定居申请表；2. 有效中国护照；3. 拟定居地亲属关系证明或住房证明；4. 经济来源证明；5. 无犯罪记录证明",
            "申请 → 受理（材料不全的，5个工作日内一次告知补正）→ 审查 → 决定 → 送达", "60周岁以上华侨回国定居的，可免交经济来源证明"),
      guide(m[1], "1. 邀请单位申请函；2. 被邀请人护照复印件；3. 来华活动日程；4. 邀请单位资质证明",
            "申请 → 受理 → 审查 → 决定 → 核发邀请函件", "无"),
      guide(m[2], "1. 归侨侨眷身份确认申请表；2. 居民身份证、户口簿；3. 亲属关系证明；4. 华侨在国外居住证明",
            "申请 → 受理 → 审查 → 决定确认或不予确认 → 送达", "无"),
  });
}

json inspections() {
  return json::array({
      {{"code", "JNWQB-CC-001"}, {"name", "被授权邀请单位邀请外国人来华情况抽查"}, {"inspecting_body", "济宁市人民政府外事侨务办公室"},
       {"legal_basis", "《中华人民共和国外国人入境出境管理条例》第七条"}, {"objects", "本市被授权邀请外国人来华的单位"},
       {"content", "邀请函件的真实性；外国人在华活动与邀请事由是否一致；邀请单位管理责任落实情况"},
       {"method", "书面检查、实地核查"}, {"proportion", "5%"}, {"frequency", "每年1次"}},
      {{"code", "JNWQB-CC-002"}, {"name", "县（市、区）华侨回国定居审批办理情况抽查"}, {"inspecting_body", "济宁市人民政府外事侨务办公室"},
       {"legal_basis", "《华侨回国定居办理工作规定》（国侨发〔2013〕18号）"}, {"objects", "各县（市、区）外侨办"},
       {"content", "审批程序、材料审查、办理时限、档案管理"}, {"method", "书面检查"}, {"proportion", "20%"}, {"frequency", "每年1次"}},
  });
}

json subjects() {
  return json::array({{{"name", "济宁市人民政府外事侨务办公室"}, {"nature", "市政府工作部门（行政机关）"}, {"funding", "财政全额拨款"},
                       {"staffing", "行政编制，内设人秘科、侨务工作科、涉外综合科"}, {"subject_type", "法定行政机关"},
                       {"duties", "负责全市外事、侨务工作；实施华侨回国定居审批、邀请外国人来华审批、归侨侨眷身份确认等行政执法事项"},
                       {"legal_representative", "李丽"}, {"address", kAddress}, {"complaint_phone", kPhone}}});
}

json av_list() {
  return json::array({
      {{"code", "AV-01"}, {"name", "现场检查、实地核查"}, {"requirement", "根据情况音像记录"}, {"basis", "国办发〔2018〕118号"},
       {"equipment", "执法记录仪"}, {"note", "检查人员不少于两人，出示执法证件"}, {"steps", "现场检查"}},
      {{"code", "AV-02"}, {"name", "听证"}, {"requirement", "根据情况音像记录"}, {"basis", "国办发〔2018〕118号；《行政处罚法》第六十四条"},
       {"equipment", "听证室固定摄像设备"}, {"note", ""}},
      {{"code", "AV-03"}, {"name", "直接送达、留置送达"}, {"requirement", "根据情况音像记录"}, {"basis", "国办发〔2018〕118号"},
       {"equipment", "执法记录仪"}, {"note", "留置送达应当全程记录"}},
      {{"code", "AV-04"}, {"name", "查封、扣押现场实施；先行登记保存"}, {"requirement", "全过程音像记录"},
       {"basis", "国办发〔2018〕118号；《行政强制法》第十八条"}, {"equipment", "执法记录仪"}, {"note", "当场交付决定书和清单的过程一并记录"},
       {"steps", "现场实施、先行登记保存"}},
  });
}

}  // namespace zhifa::publicity::demo_lists
