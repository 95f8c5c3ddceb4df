#include "inspection/model.h"

#include <charconv>

#include "law/identifiers.h"
#include "publicity/risk_proportions.h"

namespace zhifa::inspection {

std::vector<std::pair<std::string, std::string>> validate_object(const ObjectInput& o) {
  std::vector<std::pair<std::string, std::string>> errors;
  if (auto st = law::check_uscc(o.code); !st) errors.push_back({"code", "统一社会信用代码无效：" + st.error().message});
  if (o.name.empty()) errors.push_back({"name", "请填写检查对象名称"});
  if (o.name.size() > 300) errors.push_back({"name", "名称过长"});
  if (o.object_type.empty()) errors.push_back({"object_type", "请填写对象类型"});
  if (!o.risk_grade.empty() && o.risk_grade != "低" && o.risk_grade != "中" && o.risk_grade != "高")
    errors.push_back({"risk_grade", "风险等级只能是 低、中、高 或留空"});
  return errors;
}

const std::vector<std::pair<std::string, std::string>>& object_columns() {
  static const std::vector<std::pair<std::string, std::string>> c = {
      {"code", "统一社会信用代码"}, {"name", "名称"}, {"object_type", "对象类型"}, {"region", "所在区域"}, {"risk_grade", "风险等级"}, {"tags", "标签"}};
  return c;
}

const std::vector<std::string>& conflict_kinds() {
  static const std::vector<std::string> k = {"kinship", "recent_inspection", "interest"};
  return k;
}

std::string conflict_label(std::string_view kind) {
  if (kind == "kinship") return "近亲属关系";
  if (kind == "recent_inspection") return "近期检查过同一对象";
  if (kind == "interest") return "申报的利害关系";
  return "其他回避情形";
}

Result<Proportion> parse_proportion(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  std::string_view unit = t.substr(static_cast<std::size_t>(p - t.data()));
  if (ec != std::errc() || v <= 0) return Error::invalid("抽查比例须为正的百分比（如 5%）或家数（如 10家）", "proportion");
  if (unit.empty() || unit == "%" || unit == "％") {
    if (v > 100) return Error::invalid("抽查比例不能超过 100%", "proportion");
    return Proportion{static_cast<int>(v), 0};
  }
  if (unit == "家" || unit == "户" || unit == "个") return Proportion{0, v};
  return Error::invalid("抽查比例须为正的百分比（如 5%）或家数（如 10家）", "proportion");
}

std::int64_t objects_to_draw(const Proportion& p, std::int64_t n) {
  if (n <= 0) return 0;
  if (p.count > 0) return std::min(p.count, n);
  std::int64_t k = (n * p.percent + 99) / 100;
  return std::max<std::int64_t>(1, std::min(k, n));
}

Result<std::vector<GradePool>> parse_risk_proportions(std::string_view text) {
  std::vector<GradePool> out;
  for (const std::string& part : publicity::risk_entries(text)) {
    std::string grade = part.substr(0, 3);  // 高 / 中 / 低: one UTF-8 character
    if (grade != "高" && grade != "中" && grade != "低")
      return Error::invalid("分级抽查比例的每一项须以风险等级（高、中、低）开头，如“高 20%；中 10%；低 3%”", "risk_proportions");
    for (auto& g : out)
      if (g.grade == grade) return Error::invalid("分级抽查比例中风险等级“" + grade + "”重复", "risk_proportions");
    auto p = parse_proportion(part.substr(3));
    if (!p) return Error::invalid("分级抽查比例中“" + grade + "”的" + p.error().message, "risk_proportions");
    out.push_back({grade, part.substr(3), *p});
  }
  return out;
}

Result<std::vector<GradePool>> grade_pools(std::string_view risk_proportions, std::string_view proportion) {
  auto named = parse_risk_proportions(risk_proportions);
  if (!named) return named.error();
  if (named->empty()) return *named;
  auto rest = parse_proportion(proportion);
  if (!rest) return rest.error();
  std::vector<GradePool> out;
  for (const char* g : {"高", "中", "低"})
    for (auto& p : *named)
      if (p.grade == g) out.push_back(p);
  out.push_back({"未分级", std::string(proportion), *rest});
  return out;
}

std::string grade_code(std::string_view grade) {
  if (grade == "高") return "H";
  if (grade == "中") return "M";
  if (grade == "低") return "L";
  return "N";
}

bool scope_covers(std::string_view scope, std::string_view matter_name) {
  if (scope.find("检查") != std::string_view::npos || scope.find("抽查") != std::string_view::npos) return true;
  return !matter_name.empty() && scope.find(matter_name) != std::string_view::npos;
}

std::string plan_status_label(std::string_view status) {
  if (status == "draft") return "草稿，待公告";
  if (status == "published") return "已公告，待固定名单";
  if (status == "frozen") return "名单已固定，待录入随机数";
  if (status == "drawn") return "已抽取";
  return "未知";
}

const std::vector<std::string>& result_codes() {
  static const std::vector<std::string> c = {"no_problem", "rectification", "case_opened", "not_found"};
  return c;
}

std::string result_label(std::string_view code) {
  if (code == "no_problem") return "未发现问题";
  if (code == "rectification") return "发现问题，已责令整改";
  if (code == "case_opened") return "发现问题，已立案查处";
  if (code == "not_found") return "未找到检查对象";
  if (code.empty()) return "待检查";
  return "其他";
}

}  // namespace zhifa::inspection
