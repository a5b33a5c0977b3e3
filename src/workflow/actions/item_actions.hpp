// Select and Query (schema reference, "Select action", "Query action"; the designer calls Query
// "Filter array"): per-item transforms of an array. Their `select` and `where` inputs hold
// expressions over item(), so THE ENGINE MUST LEAVE THEM RAW: it evaluates the other inputs
// (`from`) as usual and passes `select` / `where` unevaluated; keeps_raw_input() says which
// members those are. These functions then call the engine's ItemEvaluator once per element, in
// order, with item() bound to that element.
//   select({from, select}) → outputs {"body": [evaluated `select` per item]} (same length)
//   query({from, where})   → outputs {"body": [items whose `where` is true]}
// The inputs in history are `from` evaluated and `select`/`where` as written, as Azure shows them.
// Failures: `from` not an array; an item whose evaluation fails (the error names the item's index
// and carries the evaluator's message, which names the expression and position); Query: a `where`
// that gives something other than a boolean.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string_view>

#include "core/error.hpp"
#include "workflow/action_result.hpp"
#include "workflow/types.hpp"

namespace mailflow::workflow::actions {

// Evaluates `raw_template` (any JSON; its strings may hold "@..." expressions) with item() = item.
using ItemEvaluator = std::function<core::Result<boost::json::value>(
    const boost::json::value& item, const boost::json::value& raw_template)>;

// True for the input members the engine must not evaluate: Select's `select`, Query's `where`
// (member names compare ignoring case).
bool keeps_raw_input(ActionType type, std::string_view member);

ActionResult select(const boost::json::value& inputs, const ItemEvaluator& evaluate);
ActionResult query(const boost::json::value& inputs, const ItemEvaluator& evaluate);

}  // namespace mailflow::workflow::actions
