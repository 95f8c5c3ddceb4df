#include "recording/step_bar.h"

#include <algorithm>

namespace zhifa::recording {

nlohmann::json step_bar_json(const law::Procedure& proc, const std::string& current, const std::vector<std::string>& visited) {
  auto seen = [&](const std::string& id) { return std::find(visited.begin(), visited.end(), id) != visited.end(); };
  // The procedure's steps in their order; of the endings (terminal steps) only the one the case
  // reached, else the first (the ordinary ending, e.g. 结案).
  std::string ending;
  for (const auto& st : proc.steps)
    if (st.terminal && (st.id == current || (ending.empty() && !seen(st.id)))) ending = st.id;
  for (const auto& st : proc.steps)
    if (st.terminal && st.id == current) ending = st.id;
  nlohmann::json steps = nlohmann::json::array();
  bool passed_current = false;
  for (const auto& st : proc.steps) {
    if (st.terminal && st.id != ending) continue;
    std::string state;
    if (st.id == current) {
      state = st.terminal ? "done" : "current";
      passed_current = true;
    } else if (!passed_current && seen(st.id)) {
      state = "done";
    } else {
      state = "todo";
    }
    steps.push_back({{"label", st.name}, {"state", state}, {"current", st.id == current}});
  }
  return {{"steps", steps}};
}

}  // namespace zhifa::recording
