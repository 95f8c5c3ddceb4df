#pragma once
// The portal's own settings for the demo (issue 16): the site's 主办单位, the agency whose
// columns the navigation shows, and the footer's identifiers (demo values, marked as such).
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::app {

Status ensure_demo_portal_settings(store::Database& db);

}  // namespace zhifa::app
