// The trigger and action types mailflow runs, with Azure's canonical spelling. Definitions name
// them case-insensitively ("foreach", "Foreach"), as Azure accepts; lookups return the enum and
// name() gives the canonical spelling back.
#pragma once

#include <optional>
#include <string_view>

namespace mailflow::workflow {

enum class TriggerType { Request, Recurrence, Http, ApiConnection };

enum class ActionType {
  ApiConnection,
  ServiceProvider,
  Http,
  Compose,
  ParseJson,
  InitializeVariable,
  SetVariable,
  IncrementVariable,
  DecrementVariable,
  AppendToArrayVariable,
  AppendToStringVariable,
  If,
  Switch,
  Foreach,
  Until,
  Scope,
  Response,
  Terminate,
  Join,
  Select,
  Query,
  Wait,
};

std::string_view name(TriggerType t);
std::string_view name(ActionType t);
std::optional<TriggerType> parse_trigger_type(std::string_view text);  // case-insensitive
std::optional<ActionType> parse_action_type(std::string_view text);    // case-insensitive

// The canonical names, comma-separated, for error messages ("supported: Request, ...").
std::string_view supported_trigger_types();
std::string_view supported_action_types();

// Actions that hold other actions (If, Switch, Foreach, Until, Scope).
bool is_container(ActionType t);

}  // namespace mailflow::workflow
