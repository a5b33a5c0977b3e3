// call(): build, send on the blocking pool, interpret.
#include "workflow/http/client.hpp"

#include "asio/offload.hpp"
#include "workflow/http/outcome.hpp"
#include "workflow/http/request.hpp"

namespace mailflow::workflow::http {

boost::asio::awaitable<TransferResult> send(Request request, const HttpOptions& options,
                                            boost::asio::thread_pool& blocking) {
  const HttpOptions* o = &options;
  auto op = offload(blocking, [r = std::move(request), o] { return perform(r, *o); });
  TransferResult result = co_await std::move(op);
  co_return result;
}

boost::asio::awaitable<ActionResult> call(HttpCall call, const HttpOptions& options,
                                          boost::asio::thread_pool& blocking) {
  boost::json::value inputs = history_inputs(call);
  auto request = build_request(call);
  if (!request) {
    const auto& e = request.error();
    co_return ActionResult::failed(
        "BadRequest", e.field.empty() ? e.message : e.field + ": " + e.message, std::move(inputs));
  }
  auto op = send(std::move(*request), options, blocking);
  TransferResult transfer = co_await std::move(op);
  co_return action_result(transfer, std::move(inputs));
}

}  // namespace mailflow::workflow::http
