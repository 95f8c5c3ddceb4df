#pragma once
#include <optional>

#include "web/site.h"
#include "platform/http/router.h"
#include "platform/ledger/note.h"

namespace zhifa::app {
// The public ledger API at its fixed paths (/ledger/checkpoint, /ledger/verifier-key,
// /ledger/entries/{index}[.json], /ledger/proof/inclusion, /ledger/proof/consistency), a bundle
// per entry for offline checking, the citizen's page /ledger, and on-demand signing.
// key: the signer, when this process may sign (nullptr: on-demand signing answers 503).
void register_ledger_routes(http::Router& router, web::Site& site, const ledger::SignerKey* key);
}  // namespace zhifa::app
