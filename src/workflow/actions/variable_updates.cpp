// Variables: IncrementVariable, DecrementVariable, AppendToArrayVariable and
// AppendToStringVariable (variables.hpp). Each checks the variable's type and the value's before
// changing anything, so a failed action leaves the variable as it was.
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>

#include "wdl/value.hpp"
#include "workflow/actions/inputs.hpp"
#include "workflow/actions/variable_errors.hpp"
#include "workflow/actions/variables.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;
using detail::input;

namespace {

// current + sign * by. Integers stay integers unless they overflow (then a Float variable goes
// on in double precision and an Integer one fails: nullopt).
std::optional<json::value> sum(const json::value& current, const json::value& by, int sign,
                               bool integer_variable) {
  if (wdl::is_integer(current) && wdl::is_integer(by)) {
    std::int64_t out = 0;
    std::int64_t a = wdl::integer_of(current), b = wdl::integer_of(by);
    bool overflow =
        sign > 0 ? __builtin_add_overflow(a, b, &out) : __builtin_sub_overflow(a, b, &out);
    if (!overflow) return json::value(out);
    if (integer_variable) return std::nullopt;
  }
  double d = wdl::number_of(current) + sign * wdl::number_of(by);
  if (!std::isfinite(d)) return std::nullopt;
  return json::value(d);
}

}  // namespace

ActionResult Variables::add(const json::value& inputs, std::string_view action, int sign) {
  Lookup found = lookup(inputs, action);
  if (!found.entry) return std::move(found.failure);
  Entry& e = *found.entry;
  bool integer = e.type == VariableType::Integer;
  if (!integer && e.type != VariableType::Float)
    return detail::fail(detail::wrong_variable_type(action, e.name, e.type, "Integer, Float"),
                        inputs);
  const json::value* given = input(inputs, "value");
  json::value by = given && !given->is_null() ? *given : json::value(1);  // Azure's default: 1
  if (integer ? !wdl::is_integer(by) : !wdl::is_number(by))
    return detail::fail(
        detail::wrong_value_type(action, sign > 0 ? "added to" : "subtracted from", e.name, e.type,
                                 by, integer ? "Integer" : "Float, Integer"),
        inputs);
  auto result = sum(e.value.is_null() ? json::value(0) : e.value, by, sign, integer);
  if (!result)
    return ActionResult::failed(
        std::string(detail::kInvalidTemplate),
        "The variable " + detail::quoted(e.name) + " of type " + detail::quoted(name(e.type)) +
            " would overflow: its value is " + wdl::to_text(e.value) + " and the action " +
            (sign > 0 ? "adds " : "subtracts ") + wdl::to_text(by) + ".",
        inputs);
  e.value = std::move(*result);
  return detail::succeeded(inputs, detail::name_value_body(e.name, e.value));
}

ActionResult Variables::increment(const json::value& inputs) {
  return add(inputs, "IncrementVariable", +1);
}

ActionResult Variables::decrement(const json::value& inputs) {
  return add(inputs, "DecrementVariable", -1);
}

// Azure appends one element per call: an array value is refused rather than concatenated.
ActionResult Variables::append_to_array(const json::value& inputs) {
  constexpr std::string_view action = "AppendToArrayVariable";
  Lookup found = lookup(inputs, action);
  if (!found.entry) return std::move(found.failure);
  Entry& e = *found.entry;
  if (e.type != VariableType::Array)
    return detail::fail(detail::wrong_variable_type(action, e.name, e.type, "Array"), inputs);
  const json::value* value = input(inputs, "value");
  if (!value) return detail::wrong_input(action, "value", "present", nullptr, inputs);
  if (value->is_array())
    return detail::fail(detail::wrong_value_type(action, "appended to", e.name, e.type, *value,
                                                 "Float, Integer, String, Boolean, Object"),
                        inputs);
  if (e.value.is_null()) e.value = json::array();
  e.value.get_array().push_back(*value);
  return detail::succeeded(inputs, nullptr);
}

// Scalars are appended as string() renders them (True/False, 2.5); null appends nothing.
ActionResult Variables::append_to_string(const json::value& inputs) {
  constexpr std::string_view action = "AppendToStringVariable";
  Lookup found = lookup(inputs, action);
  if (!found.entry) return std::move(found.failure);
  Entry& e = *found.entry;
  if (e.type != VariableType::String)
    return detail::fail(detail::wrong_variable_type(action, e.name, e.type, "String"), inputs);
  const json::value* value = input(inputs, "value");
  if (!value) return detail::wrong_input(action, "value", "present", nullptr, inputs);
  if (value->is_array() || value->is_object())
    return detail::fail(detail::wrong_value_type(action, "appended to", e.name, e.type, *value,
                                                 "String, Integer, Float, Boolean"),
                        inputs);
  std::string text = e.value.is_null() ? std::string() : std::string(e.value.get_string());
  wdl::append_text(text, *value);
  e.value = json::string(text);
  return detail::succeeded(inputs, nullptr);
}

}  // namespace mailflow::workflow::actions
