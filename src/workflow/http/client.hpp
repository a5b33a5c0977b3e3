// The Http action's single exchange, awaitable: the blocking libcurl transfer (transfer.hpp)
// runs on the `blocking` pool via offload(), the caller's coroutine resumes on its own executor.
// Why easy-on-a-pool and not curl multi on the io_context: a few dozen lines instead of a socket
// and timer bridge, and Http actions are rare next to SMTP sends. The price is one pool thread
// per call in flight (up to HttpOptions::timeout): give Http its own pool (a handful of threads)
// rather than the store's, so a slow endpoint cannot starve SQLite.
// `options` and `blocking` must outlive the awaited call.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "workflow/action_result.hpp"
#include "workflow/http/http_call.hpp"
#include "workflow/http/http_options.hpp"
#include "workflow/http/transfer.hpp"

namespace mailflow::workflow::http {

// One exchange as it came (redirects followed); no interpretation.
boost::asio::awaitable<TransferResult> send(Request request, const HttpOptions& options,
                                            boost::asio::thread_pool& blocking);

// The call, interpreted per outcome.hpp; inputs in the result are history_inputs(call).
// A 202 is returned as it is: the asynchronous pattern is async_pattern.hpp's.
boost::asio::awaitable<ActionResult> call(HttpCall call, const HttpOptions& options,
                                          boost::asio::thread_pool& blocking);

}  // namespace mailflow::workflow::http
