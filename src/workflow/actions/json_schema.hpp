// The JSON Schema subset that Logic Apps' designer generates for Parse JSON ("Use sample payload
// to generate schema") and that people add by hand: type (a name or an array of names, "null"
// included), properties, required, items (one schema for every element, or an array of schemas
// by position), additionalProperties (false or a schema) and enum. Other keywords are ignored
// (accepted without checking), which errs towards letting a run go on.
// Errors are shaped like Newtonsoft.Json.Schema's, which Azure reports in ParseJson's outputs:
// message "Invalid type. Expected String, Null but got Integer.", path "items[0].id" (JSON.NET
// style, "" for the root), schemaId "#/properties/items/items/properties/id", errorType "type".
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace mailflow::workflow::actions {

struct SchemaError {
  std::string path;
  std::string schema_id;
  std::string error_type;  // "type", "required", "additionalProperties", "enum"
  std::string message;
};

inline constexpr std::size_t kMaxSchemaErrors = 100;  // beyond this, validation stops

std::vector<SchemaError> validate_schema(const boost::json::value& instance,
                                         const boost::json::value& schema);

}  // namespace mailflow::workflow::actions
