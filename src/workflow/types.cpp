// Trigger and action type names (see types.hpp). The tables follow the enums' order.
#include "workflow/types.hpp"

#include <array>

#include "workflow/text.hpp"

namespace mailflow::workflow {
namespace {

constexpr std::array<std::string_view, 4> kTriggers = {"Request", "Recurrence", "Http",
                                                       "ApiConnection"};
constexpr std::array<std::string_view, 22> kActions = {"ApiConnection",
                                                       "ServiceProvider",
                                                       "Http",
                                                       "Compose",
                                                       "ParseJson",
                                                       "InitializeVariable",
                                                       "SetVariable",
                                                       "IncrementVariable",
                                                       "DecrementVariable",
                                                       "AppendToArrayVariable",
                                                       "AppendToStringVariable",
                                                       "If",
                                                       "Switch",
                                                       "Foreach",
                                                       "Until",
                                                       "Scope",
                                                       "Response",
                                                       "Terminate",
                                                       "Join",
                                                       "Select",
                                                       "Query",
                                                       "Wait"};
static_assert(kActions.size() == static_cast<std::size_t>(ActionType::Wait) + 1);

template <class E, std::size_t N>
std::optional<E> find(const std::array<std::string_view, N>& table, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (iequals(table[i], text)) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view name(TriggerType t) { return kTriggers[static_cast<std::size_t>(t)]; }
std::string_view name(ActionType t) { return kActions[static_cast<std::size_t>(t)]; }

std::optional<TriggerType> parse_trigger_type(std::string_view text) {
  return find<TriggerType>(kTriggers, text);
}
std::optional<ActionType> parse_action_type(std::string_view text) {
  return find<ActionType>(kActions, text);
}

std::string_view supported_trigger_types() { return "Request, Recurrence, Http, ApiConnection"; }
std::string_view supported_action_types() {
  return "ApiConnection, ServiceProvider, Http, Compose, ParseJson, InitializeVariable, "
         "SetVariable, IncrementVariable, DecrementVariable, AppendToArrayVariable, "
         "AppendToStringVariable, If, Switch, Foreach, Until, Scope, Response, Terminate, Join, "
         "Select, Query, Wait";
}

bool is_container(ActionType t) {
  return t == ActionType::If || t == ActionType::Switch || t == ActionType::Foreach ||
         t == ActionType::Until || t == ActionType::Scope;
}

}  // namespace mailflow::workflow
