// 202 + Location polling (see async_pattern.hpp).
#include "workflow/http/async_pattern.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>

#include "workflow/http/client.hpp"
#include "workflow/http/outcome.hpp"
#include "workflow/http/request.hpp"
#include "workflow/http/url.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::http {
namespace asio = boost::asio;
using std::chrono::milliseconds;

Sleep timer_sleep() {
  return [](milliseconds d) -> asio::awaitable<void> {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;  // cancelled: the caller's next step notices its own cancellation
  };
}

bool async_pattern_disabled(const boost::json::value& operation_options) {
  if (!operation_options.is_string()) return false;
  std::string_view s = operation_options.get_string();
  while (!s.empty()) {
    auto comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
      item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
      item.remove_suffix(1);
    if (iequals(item, "DisableAsyncPattern")) return true;
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<std::chrono::seconds> retry_after(const HeaderList& headers) {
  auto v = header_value(headers, "Retry-After");
  if (!v || v->empty() || v->size() > 9 ||
      !std::all_of(v->begin(), v->end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return std::chrono::seconds(std::stol(*v));
}

namespace {
// The GET of a Location: the call's headers (its Authorization included) only on its origin.
Request poll_request(const Request& original, std::string location) {
  Request poll;
  poll.method = "GET";
  poll.url = std::move(location);
  if (url_origin(poll.url) == url_origin(original.url))
    for (const auto& h : original.headers)
      if (!iequals(h.first, "Content-Type")) poll.headers.push_back(h);
  return poll;
}

std::optional<std::string> next_location(const TransferResult& t) {
  const auto* r = std::get_if<Response>(&t);
  if (!r || r->status != 202) return std::nullopt;
  auto location = header_value(r->headers, "Location");
  return location ? resolve_url(r->url, *location) : std::nullopt;
}
}  // namespace

asio::awaitable<ActionResult> call_with_async_pattern(HttpCall call, const HttpOptions& options,
                                                      asio::thread_pool& blocking,
                                                      const AsyncPattern& pattern) {
  boost::json::value inputs = history_inputs(call);
  auto request = build_request(call);
  if (!request) {
    const auto& e = request.error();
    co_return ActionResult::failed("BadRequest", e.field + ": " + e.message, std::move(inputs));
  }
  auto first = send(*request, options, blocking);
  TransferResult transfer = co_await std::move(first);
  Sleep sleep = pattern.sleep ? pattern.sleep : timer_sleep();
  milliseconds waited{0};
  auto started = std::chrono::steady_clock::now();
  while (pattern.enabled) {
    auto location = next_location(transfer);
    if (!location) break;
    auto elapsed =
        std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
    milliseconds left = pattern.total_timeout - std::max(waited, elapsed);
    if (left.count() <= 0) {
      ActionResult r = action_result(transfer, std::move(inputs));
      r.status = Status::TimedOut;
      r.error =
          ActionError{"ActionTimedOut",
                      "still 202 Accepted after polling " + redact_url(*location) + " (timeout " +
                          std::to_string(pattern.total_timeout.count() / 1000) + " s)"};
      co_return r;
    }
    auto hinted = retry_after(std::get<Response>(transfer).headers);
    milliseconds wait = hinted ? milliseconds(*hinted) : pattern.default_interval;
    wait = std::min(wait, left);
    auto pause = sleep(wait);
    co_await std::move(pause);
    waited += wait;
    auto poll = send(poll_request(*request, std::move(*location)), options, blocking);
    transfer = co_await std::move(poll);
  }
  co_return action_result(transfer, std::move(inputs));
}

}  // namespace mailflow::workflow::http
