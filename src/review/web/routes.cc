#include "review/web/routes.h"

#include "review/tasks.h"
#include "review/web/pages.h"

namespace zhifa::review {

void register_routes(http::Router& router, web::Site& site) {
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, nlohmann::json& tasks) { return review_tasks(tx, p, tasks); });
  register_queue_routes(router, site);
  register_submission_routes(router, site);
  register_step_routes(router, site);
  register_opinion_routes(router, site);
  register_catalog_routes(router, site);
}

}  // namespace zhifa::review
