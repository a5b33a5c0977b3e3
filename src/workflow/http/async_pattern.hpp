// The asynchronous request-response pattern of Logic Apps' Http action: when the endpoint
// answers 202 Accepted with a Location header, the action is not done — it GETs Location,
// waiting Retry-After seconds between polls (20 s when absent, the interval Microsoft's
// async sample documents), until an answer other than 202; that answer is the action's result.
// operationOptions "DisableAsyncPattern" turns this off (the 202 is the result). The whole wait
// is bounded by `total_timeout` (pass the action's limit.timeout when it has one); past it the
// action is TimedOut with the last 202 as outputs. Polls carry the call's headers and
// Authorization only while Location stays on the call's origin.
// The wait is injected (`sleep`), so tests and a fake clock need not really wait.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "workflow/action_result.hpp"
#include "workflow/http/http_call.hpp"
#include "workflow/http/http_options.hpp"

namespace mailflow::workflow::http {

using Sleep = std::function<boost::asio::awaitable<void>(std::chrono::milliseconds)>;

// A steady_timer on the awaiting coroutine's executor.
Sleep timer_sleep();

struct AsyncPattern {
  bool enabled = true;
  std::chrono::milliseconds default_interval{20'000};       // no Retry-After
  std::chrono::milliseconds total_timeout{24 * 3'600'000};  // all polls together
  Sleep sleep;                                              // empty = timer_sleep()
};

// operationOptions (a string, possibly "A, B") names DisableAsyncPattern (any case).
bool async_pattern_disabled(const boost::json::value& operation_options);

// Retry-After as delta-seconds; nullopt when absent or an HTTP-date (not supported: the
// caller's default applies).
std::optional<std::chrono::seconds> retry_after(const HeaderList& headers);

// call() followed by the polling above.
boost::asio::awaitable<ActionResult> call_with_async_pattern(HttpCall call,
                                                             const HttpOptions& options,
                                                             boost::asio::thread_pool& blocking,
                                                             const AsyncPattern& pattern);

}  // namespace mailflow::workflow::http
