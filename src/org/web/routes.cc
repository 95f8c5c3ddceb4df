#include "org/web/routes.h"

namespace zhifa::org {

void register_routes(http::Router& router, web::Site& site) {
  register_session_routes(router, site);
  register_agency_routes(router, site);
  register_people_routes(router, site);
  register_token_routes(router, site);
}

}  // namespace zhifa::org
