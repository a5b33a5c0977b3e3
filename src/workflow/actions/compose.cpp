// Compose: the outputs are the evaluated inputs (compose.hpp).
#include "workflow/actions/compose.hpp"

#include "workflow/actions/inputs.hpp"

namespace mailflow::workflow::actions {

ActionResult compose(const boost::json::value& inputs) { return detail::succeeded(inputs, inputs); }

}  // namespace mailflow::workflow::actions
