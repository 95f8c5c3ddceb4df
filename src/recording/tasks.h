#pragma once
// "My tasks" from case handling (web::Site::TaskProvider): the officer's open cases with their
// next step and the nearest running deadline (warn within 3 days, danger when overdue); for the
// agency head, the decisions waiting for them and the documents only they sign.
#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording {

Status tasks_for(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks);

}  // namespace zhifa::recording
