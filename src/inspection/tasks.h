#pragma once
// "My tasks" of 双随机、一公开 (the dashboard and the sidebar's count): drafts to publish, plans to
// freeze, randomness to enter (by someone other than the freezer), inspections to finish (the
// drawn inspectors), results to publish (red when past the time limit).
#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {
Status inspection_tasks(store::Tx& tx, const org::Principal& p, nlohmann::json& tasks);
}
