// JSON object functions: addProperty (error if the property exists), setProperty, removeProperty.
// Each returns a new object; the input is never changed.
#include <boost/json/value.hpp>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

json::value add_property(const CallEnv& env, Args a) {
  json::object o = arg_object(env, a, 0, "object");
  auto name = arg_string(env, a, 1, "property");
  if (o.contains(name)) env.fail_arg(1, "property", "'" + std::string(name) + "' already exists; use setProperty()");
  o[name] = *a[2];
  return o;
}

json::value set_property(const CallEnv& env, Args a) {
  json::object o = arg_object(env, a, 0, "object");
  o[arg_string(env, a, 1, "property")] = *a[2];
  return o;
}

json::value remove_property(const CallEnv& env, Args a) {
  json::object o = arg_object(env, a, 0, "object");
  o.erase(arg_string(env, a, 1, "property"));
  return o;
}

}  // namespace

void register_json_functions(FunctionTable& t) {
  t.add({"addProperty", 3, 3, add_property});
  t.add({"setProperty", 3, 3, set_property});
  t.add({"removeProperty", 2, 2, remove_property});
}

}  // namespace mailflow::wdl
