// Terminate (schema reference, "Terminate action"): terminate({runStatus, runError}) tells the
// engine how the run ends. runStatus is Succeeded, Failed or Cancelled (any case); runError
// {code, message} applies only to Failed ("The properties for the runError object apply only when
// runStatus is Failed"). The Terminate action itself Succeeds, with no outputs; with an invalid
// runStatus it Fails instead and the run goes on as for any failed action.
#pragma once

#include <boost/json/value.hpp>
#include <optional>

#include "workflow/action_result.hpp"
#include "workflow/status.hpp"

namespace mailflow::workflow::actions {

struct TerminateOutcome {
  ActionResult result;               // the Terminate action's own record
  std::optional<Status> run_status;  // nullopt when result is Failed
  // Failed with a runError: its code and message (either may be empty when not given). nullopt
  // for Succeeded/Cancelled and for a Failed without runError (the engine words that one).
  std::optional<ActionError> run_error;
};

TerminateOutcome terminate(const boost::json::value& inputs);

}  // namespace mailflow::workflow::actions
