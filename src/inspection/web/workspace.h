#pragma once
// What the inspection workspace's route files share (web/workspace.cc: home, plans, directory;
// web/workspace_plan.cc: one plan's draw and one inspection).
#include <string>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"
#include "platform/http/message.h"
#include "web/site.h"

namespace zhifa::inspection::ws {

// /workspace/inspection/{agency}
std::string base(const http::Request& req);
// {field: message} of a refusal ("form" when it names no field).
nlohmann::json errors_of(const Error& e);
// Whether the person may do `permission` (for the page's forms; the service checks again).
bool may(const http::Request& req, const char* permission);
// The crumbs of a page under the agency's 双随机抽查 (工作台 › 双随机抽查 › …).
nlohmann::json crumbs(const http::Request& req, const std::string& label = "", const std::string& href = "");

}  // namespace zhifa::inspection::ws
