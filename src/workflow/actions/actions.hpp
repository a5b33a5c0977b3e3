// The data actions of the workflow runtime, for the engine: pure functions (no I/O, no clocks)
// from an action's EVALUATED inputs to its ActionResult (workflow/action_result.hpp). Select and
// Query are the exception to "evaluated": see item_actions.hpp and keeps_raw_input().
//   variables.hpp     Variables: the six variable actions, variables('x'), persistence
//   compose.hpp       compose(), join()
//   parse_json.hpp    parse_json() (json_schema.hpp: the schema subset it checks)
//   item_actions.hpp  select(), query(), ItemEvaluator, keeps_raw_input()
//   response.hpp      response(), http_answer()
//   terminate.hpp     terminate() → the run's status and error
//   wait.hpp          wait() → the instant to resume at
#pragma once

#include "workflow/actions/compose.hpp"
#include "workflow/actions/item_actions.hpp"
#include "workflow/actions/parse_json.hpp"
#include "workflow/actions/response.hpp"
#include "workflow/actions/terminate.hpp"
#include "workflow/actions/variables.hpp"
#include "workflow/actions/wait.hpp"
