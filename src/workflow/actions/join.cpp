// Join: the items of `from`, as text, separated by `joinWith` (compose.hpp). Azure's reference
// calls joinWith a single character, but its runtime takes any string, and so do we.
#include <boost/json.hpp>

#include "wdl/value.hpp"
#include "workflow/actions/compose.hpp"
#include "workflow/actions/inputs.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

ActionResult join(const json::value& inputs) {
  const json::value* from = detail::input(inputs, "from");
  if (!from || !from->is_array())
    return detail::wrong_input("Join", "from", "an array", from, inputs);
  const json::value* with = detail::input(inputs, "joinWith");
  if (!with || !with->is_string())
    return detail::wrong_input("Join", "joinWith", "a string", with, inputs);
  std::string out;
  bool first = true;
  for (const json::value& item : from->get_array()) {
    if (!first) out.append(with->get_string().data(), with->get_string().size());
    first = false;
    wdl::append_text(out, item);
  }
  return detail::succeeded(inputs, json::object{{"body", out}});
}

}  // namespace mailflow::workflow::actions
