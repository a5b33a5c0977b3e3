// run_http_action: what the engine calls for an action of type "Http" — its evaluated inputs
// parsed (a bad input is a Failed action naming the member, code "InvalidHttpInputs" or
// "NotSupported"), the call made, and the asynchronous 202 pattern followed unless
// operationOptions says DisableAsyncPattern. The engine applies retryPolicy around it
// (ActionResult::http_status / connection_error) and limit.timeout via pattern.total_timeout.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/value.hpp>

#include "workflow/action_result.hpp"
#include "workflow/http/async_pattern.hpp"
#include "workflow/http/http_options.hpp"

namespace mailflow::workflow::http {

// `pattern.enabled` is overridden by operation_options (the action's "operationOptions", or null).
boost::asio::awaitable<ActionResult> run_http_action(boost::json::value inputs,
                                                     boost::json::value operation_options,
                                                     const HttpOptions& options,
                                                     boost::asio::thread_pool& blocking,
                                                     AsyncPattern pattern = {});

}  // namespace mailflow::workflow::http
