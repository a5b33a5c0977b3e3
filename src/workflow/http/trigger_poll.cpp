// One Http trigger check (see trigger_poll.hpp).
#include "workflow/http/trigger_poll.hpp"

#include "workflow/http/async_pattern.hpp"
#include "workflow/http/client.hpp"
#include "workflow/http/http_call.hpp"
#include "workflow/http/outcome.hpp"
#include "workflow/http/request.hpp"
#include "workflow/http/url.hpp"

namespace mailflow::workflow::http {

namespace {
TriggerPoll failed(std::string code, std::string message) {
  TriggerPoll p;
  p.error = ActionError{std::move(code), std::move(message)};
  return p;
}

TriggerPoll decide(const TransferResult& transfer) {
  ActionResult r = action_result(transfer, nullptr);
  TriggerPoll p;
  p.outputs = std::move(r.outputs);
  p.http_status = r.http_status;
  p.connection_error = r.connection_error;
  const auto* response = std::get_if<Response>(&transfer);
  if (!response) {
    p.error = std::move(r.error);
    return p;
  }
  if (auto location = header_value(response->headers, "Location"))
    p.next_uri = resolve_url(response->url, *location);
  p.retry_after = retry_after(response->headers);
  int s = response->status;
  if (s == 202) {
    p.decision = TriggerPoll::Decision::NothingNew;
  } else if (s >= 200 && s < 300) {
    p.decision = TriggerPoll::Decision::Fire;
  } else {
    p.error = r.error ? std::move(r.error)
                      : ActionError{http_status_name(s), redact_url(response->url) + " answered " +
                                                        std::to_string(s) +
                                                        ", which is neither 200 nor 202"};
  }
  return p;
}
}  // namespace

boost::asio::awaitable<TriggerPoll> poll_trigger(boost::json::value inputs,
                                                 const HttpOptions& options,
                                                 boost::asio::thread_pool& blocking,
                                                 std::string next_uri) {
  auto call = parse_http_call(inputs);
  if (!call) {
    const auto& e = call.error();
    co_return failed("InvalidHttpInputs", "inputs." + e.field + " " + e.message);
  }
  if (!next_uri.empty()) {
    call->uri = std::move(next_uri);
    call->queries.clear();
  }
  auto request = build_request(*call);
  if (!request) {
    const auto& e = request.error();
    co_return failed("InvalidHttpInputs", "inputs." + e.field + " " + e.message);
  }
  auto op = send(std::move(*request), options, blocking);
  TransferResult transfer = co_await std::move(op);
  co_return decide(transfer);
}

}  // namespace mailflow::workflow::http
