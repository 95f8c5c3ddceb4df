#pragma once
// Staff publicity (seed 一.7): the public check behind a badge's QR code — is this enforcement
// certificate valid today, and whose is it.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::publicity {

// The certificate with this number as the public check shows it: {"person", "post", "agency",
// "agency_code", "scope", "valid_from", "valid_to", "revoked", "valid"} — valid: valid on
// `today` and its holder still active. nullopt for an unknown number.
Result<std::optional<nlohmann::json>> certificate_check(store::Tx& tx, const std::string& number, const std::string& today);

}  // namespace zhifa::publicity
