#pragma once
// Proposed natural-person names in a text that is about to be published (118; 《政府信息公开条例》
// 第十五条: personal privacy is not disclosed): a decision often names people besides the party
// — "其亲属吴小军", "证人李某华", "委托代理人王晓" — whom no field of the case lists. The detector
// looks for a context word (亲属, 证人, 代理人, 之子 …, see kContexts in person_names.cc), then a
// common Chinese surname (single or compound, kSurnames) and one or two given-name characters,
// stopping at punctuation, digits, Latin letters and function words (于, 在, 的, 等, 证实 …).
// What it returns is a proposal: the editor confirms or drops each mask before publication.
// Names already masked (吴某某) are not proposed again.
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::law {

// Distinct names found, in order of first appearance (each 2–4 Han characters).
std::vector<std::string> detect_person_names(std::string_view text);

}  // namespace zhifa::law
