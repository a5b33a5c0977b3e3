// poll_trigger: one check of an Http polling trigger (the engine calls it on each recurrence
// tick). Logic Apps' trigger contract: 200 (any 2xx but 202) → the trigger fires with outputs
// {statusCode, headers, body}; 202 → nothing new, no run; anything else, or no answer → the
// trigger check failed (no run; the engine may apply the trigger's retryPolicy from
// http_status/connection_error). In every answer, Location names the URL to poll next time
// and Retry-After the seconds until then (the recurrence applies when absent).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "workflow/action_result.hpp"
#include "workflow/http/http_options.hpp"

namespace mailflow::workflow::http {

struct TriggerPoll {
  enum class Decision { Fire, NothingNew, Failed };
  Decision decision = Decision::Failed;
  boost::json::value outputs;        // {statusCode, headers, body} when there was an answer
  std::optional<ActionError> error;  // Failed
  int http_status = 0;
  bool connection_error = false;
  std::optional<std::string> next_uri;              // Location, resolved to an absolute URL
  std::optional<std::chrono::seconds> retry_after;  // Retry-After delta-seconds
};

// `inputs`: the trigger's evaluated inputs (same shape as the Http action's). `next_uri`: the
// Location the previous check returned (empty = inputs.uri); it replaces uri and queries.
boost::asio::awaitable<TriggerPoll> poll_trigger(boost::json::value inputs,
                                                 const HttpOptions& options,
                                                 boost::asio::thread_pool& blocking,
                                                 std::string next_uri = {});

}  // namespace mailflow::workflow::http
