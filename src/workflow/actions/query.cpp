// Query ("Filter array"): the items of `from` for which `where` is true (item_actions.hpp).
#include <boost/json.hpp>

#include "wdl/value.hpp"
#include "workflow/actions/inputs.hpp"
#include "workflow/actions/item_actions.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

ActionResult query(const json::value& inputs, const ItemEvaluator& evaluate) {
  const json::value* from = detail::input(inputs, "from");
  if (!from || !from->is_array())
    return detail::wrong_input("Query", "from", "an array", from, inputs);
  const json::value* where = detail::input(inputs, "where");
  if (!where) return detail::wrong_input("Query", "where", "present", nullptr, inputs);
  json::array out;
  for (std::size_t i = 0; i < from->get_array().size(); ++i) {
    const json::value& item = from->get_array()[i];
    auto keep = evaluate(item, *where);
    std::string at = "item " + std::to_string(i) + " of 'from'";
    if (!keep)
      return ActionResult::failed(std::string(detail::kInvalidTemplate),
                                  "The 'where' of the Query action could not be evaluated for " +
                                      at + ": " + keep.error().message,
                                  inputs);
    if (!keep->is_bool())
      return ActionResult::failed(std::string(detail::kInvalidTemplate),
                                  "The 'where' of the Query action must give a boolean; for " + at +
                                      " it gave a value of type " +
                                      detail::quoted(wdl::type_name(*keep)) + ".",
                                  inputs);
    if (keep->get_bool()) out.push_back(item);
  }
  return detail::succeeded(inputs, json::object{{"body", std::move(out)}});
}

}  // namespace mailflow::workflow::actions
