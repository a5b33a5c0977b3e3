// The Http action, end to end (see http_action.hpp).
#include "workflow/http/http_action.hpp"

#include "workflow/http/http_call.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::http {

namespace {
// Inputs that failed to parse go to history as given, minus anything secret-looking in
// "authentication" (it may be the reason parsing failed, and may still hold a password).
ActionResult invalid_inputs(const core::Error& e, boost::json::value inputs) {
  if (auto* o = inputs.if_object()) {
    for (auto& kv : *o) {
      if (iequals(kv.key(), "authentication")) kv.value() = "*sanitized*";
      if (iequals(kv.key(), "headers") && kv.value().is_object())
        for (auto& h : kv.value().get_object())
          if (iequals(h.key(), "Authorization")) h.value() = "*sanitized*";
    }
  }
  std::string code = e.code == core::Code::NotImplemented ? "NotSupported" : "InvalidHttpInputs";
  std::string where = e.field.empty() ? "inputs" : "inputs." + e.field;
  return ActionResult::failed(code, where + " " + e.message, std::move(inputs));
}

}  // namespace

boost::asio::awaitable<ActionResult> run_http_action(boost::json::value inputs,
                                                     boost::json::value operation_options,
                                                     const HttpOptions& options,
                                                     boost::asio::thread_pool& blocking,
                                                     AsyncPattern pattern) {
  auto call = parse_http_call(inputs);
  if (!call) co_return invalid_inputs(call.error(), std::move(inputs));
  if (async_pattern_disabled(operation_options)) pattern.enabled = false;
  auto op = call_with_async_pattern(std::move(*call), options, blocking, pattern);
  ActionResult result = co_await std::move(op);
  co_return result;
}

}  // namespace mailflow::workflow::http
