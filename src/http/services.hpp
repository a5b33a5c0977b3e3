// Services: what route handlers may use. Built once by `mailflow serve` and outlives the server.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include "connectors/smtp/smtp_connector.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "workflow/engine/engine.hpp"
#include "workflow/engine/scheduler.hpp"

namespace mailflow::http {

struct Services {
  store::Store& store;
  boost::asio::thread_pool& blocking;  // for store calls (asio/offload.hpp)
  connectors::smtp::SmtpConnector& smtp;
  Authenticator& auth;
  outbox::Outbox& outbox;
  core::Metrics& metrics;
  workflow::Engine& engine;
  workflow::TriggerScheduler& triggers;
};

// A route handler from a function of (Services&, Request&): the shape every route file uses.
template <class Fn>
Handler with_services(Services& s, Fn fn) {
  return [&s, fn](Request& req) -> boost::asio::awaitable<Response> { return fn(s, req); };
}

void add_health_routes(Router& r, Services& s);
void add_connection_routes(Router& r, Services& s);
void add_key_routes(Router& r, Services& s);
void add_send_routes(Router& r, Services& s);
void add_message_routes(Router& r, Services& s);
void add_workflow_routes(Router& r, Services& s);
// Checks a deploy body (definition, connections that must exist) and stores it as the workflow's
// next version; the 400 names the JSON path of each problem. PUT /api/workflows and serve --app.
boost::asio::awaitable<core::Result<store::WorkflowRecord>> deploy_workflow(Services& s, std::string name,
                                                                           boost::json::value body);
void add_run_routes(Router& r, Services& s);
void add_openapi_route(Router& r);
void add_all_routes(Router& r, Services& s);

}  // namespace mailflow::http
