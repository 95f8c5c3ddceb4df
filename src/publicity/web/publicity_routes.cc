// The lists' routes (事前公开): the public column and open data, guides, flowcharts and the
// certificate check, and the workspace where lists are edited, reviewed, imported and published.
#include "publicity/list_workflow.h"
#include "publicity/web/pages.h"
#include "publicity/web/routes.h"

namespace zhifa::publicity {

std::string base_url(const web::Site& site) { return site.options.public_url; }

void register_publicity_routes(http::Router& router, web::Site& site) {
  // My tasks: lists waiting for my review, approval or publication.
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& tasks) -> Status { return list_tasks(tx, p, tasks); });
  pages::register_list_pages(router, site);
  pages::register_open_data(router, site);
  pages::register_guide_pages(router, site);
  pages::register_certificate_check(router, site);
  pages::register_list_workspace(router, site);
  pages::register_list_workflow(router, site);
  pages::register_list_import(router, site);
  pages::register_badges(router, site);
}

}  // namespace zhifa::publicity
