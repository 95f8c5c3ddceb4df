#pragma once
// What changed between two rounds of a review (pure): the facts field by field, the materials,
// and the draft's lines — what the reviewer reads on a resubmission, and what an unchanged
// resubmission is refused for.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "review/gate.h"
#include "review/workflow.h"

namespace zhifa::review {

// Line diff (longest common subsequence) of two drafts: [{"op": "+"|"-", "line"}], or one
// {"op": "~"} entry when the drafts are too large to align.
nlohmann::json draft_diff(const std::string& before, const std::string& after);

// [{"what", "before", "after"}] per changed field or material, and {"what": "决定书草稿", "diff"}.
nlohmann::json changes_between(const std::string& old_draft, const DecisionFacts& of, const std::vector<Material>& om,
                               const std::string& new_draft, const DecisionFacts& nf, const std::vector<Material>& nm);

}  // namespace zhifa::review
