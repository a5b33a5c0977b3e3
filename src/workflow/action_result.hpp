// ActionResult: what one attempt of an action produced — its status, its evaluated inputs and its
// outputs as run history shows them and as body()/outputs()/actions() read them, and the error in
// plain words. The retry policy reads http_status/connection_error (retry_policy.hpp).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "workflow/status.hpp"

namespace mailflow::workflow {

struct ActionError {
  std::string code;     // Azure-style: "InvalidTemplate", "ActionFailed", "BadRequest", ...
  std::string message;  // plain words, naming the expression and position where there is one
};

struct ActionResult {
  Status status = Status::Succeeded;
  boost::json::value inputs;   // as evaluated; null when the action has none
  boost::json::value outputs;  // Compose: the value; HTTP-like actions: {statusCode, headers, body}
  std::optional<ActionError> error;
  int http_status = 0;            // the status an HTTP-like action got (for retries), 0 = none
  bool connection_error = false;  // no answer at all (refused, DNS, TLS, timeout)

  static ActionResult failed(std::string code, std::string message, boost::json::value inputs = nullptr) {
    ActionResult r;
    r.status = Status::Failed;
    r.inputs = std::move(inputs);
    r.error = ActionError{std::move(code), std::move(message)};
    return r;
  }
};

}  // namespace mailflow::workflow
