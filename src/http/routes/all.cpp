// The whole route table, in one place: what /openapi.json documents (a test keeps them equal).
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {

void add_all_routes(Router& r, Services& s) {
  add_health_routes(r, s);
  add_openapi_route(r);
  add_connection_routes(r, s);
  add_key_routes(r, s);
  add_send_routes(r, s);
  add_message_routes(r, s);
  add_workflow_routes(r, s);
  add_run_routes(r, s);
}

}  // namespace mailflow::http
