#pragma once
// The step bar of a case's procedure (立案 → 调查取证 → … → 结案): where the case is, which steps
// it went through. For templates/part/steps.html: {"steps": [{label, state, current}]}.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/procedure.h"

namespace zhifa::recording {

nlohmann::json step_bar_json(const law::Procedure& proc, const std::string& current, const std::vector<std::string>& visited);

}  // namespace zhifa::recording
