#pragma once
// The text that passed legal review becomes the decision's text (issue 15; APL art. 58): the
// decision document is drafted from the latest review round's draft, and a change after the
// review is shown as a difference; a material change (amount, measure, legal basis, party)
// refuses the signature until a new review round has looked at it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

// The latest review round's decision draft of the case, without the "《…》（草稿）" heading the
// submission adds; nullopt when the case was never submitted for review.
Result<std::optional<std::string>> reviewed_decision_text(store::Tx& tx, std::int64_t case_id);

// What materially differs between the reviewed text and `text` (pure), as sentences: the amounts
// (figures or capital numerals before 元), the legal basis (《…》 titles and 第…条 articles), the
// measures (警告, 没收, 吊销 …) and whether the party's name is there. Empty: no material change.
std::vector<std::string> material_changes(const std::string& reviewed, const std::string& text, const std::string& party_name);

// The line difference for the document page: [{"op": "+"|"-", "line"}] (review::draft_diff).
nlohmann::json reviewed_diff(const std::string& reviewed, const std::string& text);

}  // namespace zhifa::recording
