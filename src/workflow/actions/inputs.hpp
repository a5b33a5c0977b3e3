// Internal to the data actions: reading an action's evaluated inputs (members by name, ignoring
// case as Azure's deserializer does) and the Failed results the actions share. The error codes
// are Azure's where known: "InvalidTemplate" for inputs of the wrong shape, since Azure reports
// those while it processes the action's template.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "wdl/value.hpp"
#include "workflow/action_result.hpp"
#include "workflow/json_access.hpp"

namespace mailflow::workflow::actions::detail {

namespace json = boost::json;

inline constexpr std::string_view kInvalidTemplate = "InvalidTemplate";

// The member `key` of an inputs object (any case), or null when absent or inputs is no object.
inline const json::value* input(const json::value& inputs, std::string_view key) {
  return workflow::detail::member(&inputs, key);
}

inline std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// "The 'from' property of a 'Join' action's inputs must be an array, not Object."
inline ActionResult wrong_input(std::string_view action, std::string_view key,
                                std::string_view want, const json::value* got,
                                const json::value& inputs) {
  std::string msg = "The " + quoted(key) + " property of a " + quoted(action) +
                    " action's inputs must be " + std::string(want);
  msg += got ? ", not a value of type " + quoted(wdl::type_name(*got)) + "." : "; it is missing.";
  return ActionResult::failed(std::string(kInvalidTemplate), std::move(msg), inputs);
}

inline ActionResult succeeded(json::value inputs, json::value outputs) {
  ActionResult r;
  r.inputs = std::move(inputs);
  r.outputs = std::move(outputs);
  return r;
}

}  // namespace mailflow::workflow::actions::detail
