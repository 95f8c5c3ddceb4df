#pragma once
// The measures an enforcement decision can impose — the one list (issue 14). 行政处罚法 第九条
// names the kinds of penalty (警告、通报批评；罚款、没收违法所得、没收非法财物；暂扣许可证件、降低
// 资质等级、吊销许可证件；限制开展生产经营活动、责令停产停业、责令关闭、限制从业；行政拘留); the other
// decisions (不予行政许可, 查封、扣押 …) carry measures of their own. Who reads it:
//   - the legal review catalog (review/catalog.h): a rule tests "measure.<code>" (catalog = true);
//   - the discretion benchmark (裁量基准, publicity/lists.h): a band lists the measures it allows
//     (band = true); a decision with a measure outside its band is outside the benchmark;
//   - case handling (recording/): the measures a decision is made of.
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::law {

struct Measure {
  std::string code;                  // stable id, e.g. "revoke_licence"
  std::string label;                 // 吊销许可证件
  std::vector<std::string> aliases;  // other names people write for it (吊销许可证 …)
  bool catalog = false;              // a legal review catalog rule may test it ("measure.<code>")
  bool band = false;                 // a discretion band may allow it (行政处罚法 第九条)
};

const std::vector<Measure>& measures();
const Measure* find_measure(std::string_view code);
// The label, or the code itself when unknown.
std::string measure_label(std::string_view code);
// A band's measures as people write them ("警告、罚款", "罚款，吊销许可证"): labels or aliases
// separated by 、，,；; or spaces, in list order, without repeats; an unknown name is an error
// naming it (field "discretion").
Result<std::vector<std::string>> parse_band_measures(std::string_view text);
// The labels joined by "，" (parse_band_measures reads it back).
std::string measures_text(const std::vector<std::string>& codes);

}  // namespace zhifa::law
