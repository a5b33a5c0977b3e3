// Terminate: read runStatus and runError (terminate.hpp).
#include "workflow/actions/terminate.hpp"

#include <boost/json.hpp>

#include "wdl/value.hpp"
#include "workflow/actions/inputs.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

TerminateOutcome terminate(const json::value& inputs) {
  TerminateOutcome out;
  const json::value* given = detail::input(inputs, "runStatus");
  std::optional<Status> status;
  if (given && given->is_string()) status = parse_status(given->get_string());
  if (!status ||
      (*status != Status::Succeeded && *status != Status::Failed && *status != Status::Cancelled)) {
    out.result = ActionResult::failed(
        std::string(detail::kInvalidTemplate),
        "The Terminate action's runStatus " + (given ? detail::quoted(wdl::to_text(*given)) : "") +
            " is not valid: it must be 'Succeeded', 'Failed' or 'Cancelled'.",
        inputs);
    return out;
  }
  out.result = detail::succeeded(inputs, nullptr);
  out.run_status = status;
  const json::value* error = detail::input(inputs, "runError");
  if (*status == Status::Failed && error && error->is_object()) {
    const json::value* code = detail::input(*error, "code");
    const json::value* message = detail::input(*error, "message");
    out.run_error = ActionError{code ? wdl::to_text(*code) : std::string(),
                                message ? wdl::to_text(*message) : std::string()};
  }
  return out;
}

}  // namespace mailflow::workflow::actions
