// Internal to the variable actions: their errors, in Azure's wording where it is known (the
// type-mismatch and append messages are Azure's; the codes are our best reading of Azure's:
// "InvalidVariableType" for a value or an operation the variable's type does not take,
// "InvalidTemplate" for a variable that does not exist or already does), and the body of
// Set/Increment/Decrement's outputs.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "wdl/value.hpp"
#include "workflow/action_result.hpp"
#include "workflow/actions/inputs.hpp"
#include "workflow/actions/variables.hpp"

namespace mailflow::workflow::actions::detail {

inline constexpr std::string_view kInvalidVariableType = "InvalidVariableType";

inline ActionResult fail(ActionError e, const json::value& inputs) {
  return ActionResult::failed(std::move(e.code), std::move(e.message), inputs);
}

inline ActionError type_mismatch(const std::string& var, VariableType t, const json::value& v) {
  std::string allowed(name(t));
  if (t == VariableType::Float) allowed = "Float, Integer";
  return {std::string(kInvalidVariableType),
          "The variable " + quoted(var) + " of type " + quoted(name(t)) +
              " cannot be initialized or updated with value of type " + quoted(wdl::type_name(v)) +
              ". The variable " + quoted(var) + " only supports values of types " +
              quoted(allowed) + "."};
}

inline ActionError not_found(std::string_view var) {
  return {std::string(kInvalidTemplate),
          "The variable " + quoted(var) +
              " cannot be found: no InitializeVariable action has initialized it in this run."};
}

inline ActionError already_initialized(std::string_view var) {
  return {std::string(kInvalidTemplate),
          "The variable " + quoted(var) +
              " has already been initialized; a variable is initialized once per run."};
}

// "The variable 'x' of type 'String' cannot be used by the action type 'IncrementVariable'. ..."
inline ActionError wrong_variable_type(std::string_view action, std::string_view var,
                                       VariableType t, std::string_view supported) {
  return {std::string(kInvalidVariableType),
          "The variable " + quoted(var) + " of type " + quoted(name(t)) +
              " cannot be used by the action type " + quoted(action) + ". The action type " +
              quoted(action) + " only supports variables of types " + quoted(supported) + "."};
}

// Azure: "The input value is of type 'Array' which cannot be appended to the variable 'x' of type
// 'Array'. The action type 'AppendToArrayVariable' only supports values of types '...'."
inline ActionError wrong_value_type(std::string_view action, std::string_view verb,
                                    std::string_view var, VariableType t, const json::value& v,
                                    std::string_view supported) {
  return {std::string(kInvalidVariableType),
          "The input value is of type " + quoted(wdl::type_name(v)) + " which cannot be " +
              std::string(verb) + " the variable " + quoted(var) + " of type " + quoted(name(t)) +
              ". The action type " + quoted(action) + " only supports values of types " +
              quoted(supported) + "."};
}

inline json::value name_value_body(std::string_view var, const json::value& v) {
  return json::object{{"body", json::object{{"name", var}, {"value", v}}}};
}

}  // namespace mailflow::workflow::actions::detail
