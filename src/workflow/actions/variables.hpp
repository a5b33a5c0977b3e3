// The variables of one run and the six variable actions (Microsoft, "Create, initialize and manage
// variables" and the schema reference). Names are case-insensitive, as in Azure; the spelling of
// the InitializeVariable that declared a variable is kept. Each action takes its EVALUATED inputs
// and returns an ActionResult shaped as Azure's run history shows it:
//   InitializeVariable  inputs {"variables": [{name, type, value}]}, no outputs
//   Set/Increment/Decrement  inputs {name, value}, outputs {"body": {"name", "value": new value}}
//   AppendToArray/AppendToString  inputs {name, value}, no outputs (the whole value would make a
//     loop's history quadratic; Azure shows only the inputs there too, as far as we can tell)
// A failed action changes nothing. Type rules: Integer takes integers; Float integers and
// decimals; Boolean, String, Object, Array their own kind; null is accepted by every type (an
// InitializeVariable without a value stores null) and counts as 0, "" or [] when updated.
// Not thread-safe: a parallel Foreach's iterations must reach it one at a time (the engine's lock).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "workflow/action_result.hpp"
#include "workflow/types.hpp"

namespace mailflow::workflow::actions {

enum class VariableType { Array, Boolean, Float, Integer, Object, String };

std::string_view name(VariableType t);
std::optional<VariableType> parse_variable_type(std::string_view text);  // case-insensitive
// Whether a value may be stored in a variable of type t (the rules above).
bool accepts(VariableType t, const boost::json::value& v);

class Variables {
 public:
  ActionResult initialize(const boost::json::value& inputs);  // InitializeVariable
  ActionResult set(const boost::json::value& inputs);         // SetVariable
  ActionResult increment(const boost::json::value& inputs);   // IncrementVariable (value default 1)
  ActionResult decrement(const boost::json::value& inputs);   // DecrementVariable (value default 1)
  ActionResult append_to_array(const boost::json::value& inputs);   // AppendToArrayVariable
  ActionResult append_to_string(const boost::json::value& inputs);  // AppendToStringVariable
  // Runs the variable action `type`; nullopt when `type` is not one of the six.
  std::optional<ActionResult> run(ActionType type, const boost::json::value& inputs);

  // For wdl's variables('x'): the value, or nullptr when no such variable was initialized.
  const boost::json::value* get(std::string_view name) const;
  std::optional<VariableType> type_of(std::string_view name) const;
  std::size_t size() const { return vars_.size(); }

  // Persistence after each action: {"<name>": {"type": "Integer", "value": 5}, ...}.
  boost::json::value to_json() const;
  // The inverse; an error names the entry that is malformed (a corrupt store, not user input).
  static core::Result<Variables> from_json(const boost::json::value& saved);

 private:
  struct Entry {
    std::string name;  // as declared
    VariableType type;
    boost::json::value value;
  };
  struct CaseInsensitiveLess {
    bool operator()(const std::string& a, const std::string& b) const;
  };
  // The variable the inputs' `name` names, or the Failed result to return.
  struct Lookup {
    Entry* entry = nullptr;
    ActionResult failure;
  };
  Lookup lookup(const boost::json::value& inputs, std::string_view action);
  ActionResult add(const boost::json::value& inputs, std::string_view action, int sign);

  std::map<std::string, Entry, CaseInsensitiveLess> vars_;
};

}  // namespace mailflow::workflow::actions
