#pragma once
// `zhifa draw …`: anyone's tools for the 双随机 draws (CONTRACTS.md).
//   draw rfc3797 --key KEY --pool N --select K   the selected 1-based positions, one a line, in
//                                                draw order (KEY used exactly as given)
//   draw verify FILE|URL                          re-runs a published draw record
//                                                (/inspections/draws/{id}.json); exit 0 match,
//                                                1 mismatch (the first difference), 2 unreadable
#include <iosfwd>
#include <string>
#include <vector>

namespace zhifa::app {
int run_draw(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
}
