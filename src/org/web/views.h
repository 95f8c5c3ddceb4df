#pragma once
// What the organisation's pages show of agencies and people, shared by its route files.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/directory.h"
#include "web/site.h"

namespace zhifa::org::views {

nlohmann::json agency_json(const Agency& a);
nlohmann::json person_json(const Person& p, const std::string& today);
nlohmann::json role_options(const std::vector<std::string>& selected);
nlohmann::json errors_json(const FieldErrors& e);

}  // namespace zhifa::org::views
