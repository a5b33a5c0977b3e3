// Parse JSON (schema reference, "Parse JSON action"): parse_json({content, schema}).
//   content: JSON text in a string is parsed; any other value is taken as it is.
//   schema: an object (or JSON text of one) checked with validate_schema() (json_schema.hpp);
//     absent or {} checks nothing.
// Succeeded → outputs {"body": the content}. Failures:
//   content that is not JSON text → code "InvalidJSON", message "The content is not valid JSON:
//     <what and where>. ..." (Azure: "The 'content' property of actions of type 'ParseJson' must be
//     valid JSON. ...")
//   schema violations → code "ValidationFailed", message "The schema validation failed." followed
//     by the problems (path: what), and outputs {"errors": [{"message", "path", "schemaId",
//     "errorType", "childErrors": []}]} as Azure's raw outputs show them (without lineNumber and
//     linePosition, which we do not track).
#pragma once

#include <boost/json/value.hpp>

#include "workflow/action_result.hpp"

namespace mailflow::workflow::actions {

ActionResult parse_json(const boost::json::value& inputs);

}  // namespace mailflow::workflow::actions
