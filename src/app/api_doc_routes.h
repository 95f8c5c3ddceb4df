#pragma once
#include "platform/http/router.h"

namespace zhifa::app {
// The API's own description (public): the executable procedures as JSON (/api/v1/procedures,
// /api/v1/procedures/{id}; the published flowcharts are drawn from the same definitions) and
// the OpenAPI 3.1 document (/api/v1/openapi.json, data/openapi.json; a test keeps it in step
// with the router).
void register_api_doc_routes(http::Router& router);
}  // namespace zhifa::app
