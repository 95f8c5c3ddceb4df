#pragma once
// 执法监督 statistics (issue 20): the figures of an agency (and the agencies below it) over a
// period. Each figure is defined once, in docs/SUPERVISION.md; the JSON keys here are the names
// used there. This file is the documented exception to "each pillar owns its SQL": a read-only
// aggregate over recording's, review's, publicity's and inspection's tables (no writes, no
// rules of those pillars re-implemented); complaints are counted by their own service.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"
#include "platform/store/database.h"
#include "supervision/scope.h"

namespace zhifa::supervision {

// The figures for the agencies of `s` (the first is the one asked about) over `period`, as of
// `today` (Beijing date: what is overdue). Cases are those opened (立案/受理) in the period.
Result<nlohmann::json> statistics(store::Tx& tx, const Scope& s, const Period& period, const std::string& today);

// The label of a case's outcome key ("impose", "grant", "ended:revoked", "open" …).
std::string outcome_label(const std::string& key, const std::string& procedure_id);

}  // namespace zhifa::supervision
