#pragma once
#include "platform/http/router.h"
#include "web/site.h"

namespace zhifa::supervision {
// 执法监督: the supervisor's workspace (/workspace/supervision…: overview, cases, one case
// read-only, statistics, warnings and 督办) and GET /api/v1/supervision/statistics; adds the
// warnings to "my tasks".
void register_routes(http::Router& router, web::Site& site);
// The annual report (web/reports.cc), called by register_routes.
void register_report_routes(http::Router& router, web::Site& site);
// 案卷评查, 评查标准, 整改, 同案同罚 (web/oversight.cc) and 督查通报, 备案 (web/notices.cc), issue 21.
void register_evaluation_routes(http::Router& router, web::Site& site);
void register_notice_routes(http::Router& router, web::Site& site);
// The read-only drill-down to a supervised case's documents, review and publication on the
// owning pillar's own pages (web/drilldown.cc).
void register_drilldown_routes(http::Router& router, web::Site& site);
inline constexpr const char* kNoReportPage = "没有这份年度报告";
}  // namespace zhifa::supervision
