// Compose and Join (schema reference, "Compose action", "Join action"): pure functions of the
// action's EVALUATED inputs.
//   compose(inputs) → Succeeded, outputs = the inputs themselves (outputs('Compose') is the value)
//   join({from: array, joinWith: string}) → outputs {"body": "a,b,c"}; each item as string()
//     renders it (null as "", objects as JSON); a non-array `from` or a missing `joinWith` fails.
#pragma once

#include <boost/json/value.hpp>

#include "workflow/action_result.hpp"

namespace mailflow::workflow::actions {

ActionResult compose(const boost::json::value& inputs);
ActionResult join(const boost::json::value& inputs);

}  // namespace mailflow::workflow::actions
