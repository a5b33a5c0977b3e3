// Select, and the rule for which inputs stay raw (item_actions.hpp).
#include <boost/json.hpp>

#include "workflow/actions/inputs.hpp"
#include "workflow/actions/item_actions.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

bool keeps_raw_input(ActionType type, std::string_view member) {
  if (type == ActionType::Select) return iequals(member, "select");
  if (type == ActionType::Query) return iequals(member, "where");
  return false;
}

ActionResult select(const json::value& inputs, const ItemEvaluator& evaluate) {
  const json::value* from = detail::input(inputs, "from");
  if (!from || !from->is_array())
    return detail::wrong_input("Select", "from", "an array", from, inputs);
  const json::value* map = detail::input(inputs, "select");
  if (!map) return detail::wrong_input("Select", "select", "present", nullptr, inputs);
  json::array out;
  out.reserve(from->get_array().size());
  for (std::size_t i = 0; i < from->get_array().size(); ++i) {
    auto v = evaluate(from->get_array()[i], *map);
    if (!v)
      return ActionResult::failed(std::string(detail::kInvalidTemplate),
                                  "The 'select' of the Select action could not be evaluated for "
                                  "item " +
                                      std::to_string(i) + " of 'from': " + v.error().message,
                                  inputs);
    out.push_back(std::move(*v));
  }
  return detail::succeeded(inputs, json::object{{"body", std::move(out)}});
}

}  // namespace mailflow::workflow::actions
