#pragma once
// The Chinese (and English) name of each ledger event kind, for the pages that list events
// (/ledger): people read "文书签发", never "recording.document.signed".
#include <string>
#include <string_view>

namespace zhifa::org {

// The label of a kind; an unknown kind reads as "其他记录" / "Other record".
std::string event_kind_label(std::string_view kind, bool en = false);
// "person:12" → "人员 12" (what an event happened to, its type in words).
std::string event_subject_label(std::string_view subject, bool en = false);

}  // namespace zhifa::org
