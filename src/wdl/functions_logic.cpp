// Logical comparison functions: and, or, not, equals, greater, greaterOrEquals, less,
// lessOrEquals, if (lazy: only the chosen branch is evaluated, see evaluator.cpp).
// In comparisons null is an empty string, as the reference says.
#include <boost/json/value.hpp>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

json::value and_fn(const CallEnv& env, Args a) {
  bool r = true;
  for (std::size_t i = 0; i < a.size(); ++i) r = arg_bool(env, a, i, "expression") && r;
  return r;
}
json::value or_fn(const CallEnv& env, Args a) {
  bool r = false;
  for (std::size_t i = 0; i < a.size(); ++i) r = arg_bool(env, a, i, "expression") || r;
  return r;
}
json::value not_fn(const CallEnv& env, Args a) { return !arg_bool(env, a, 0, "expression"); }
json::value equals(const CallEnv&, Args a) { return values_equal(*a[0], *a[1]); }

// -1, 0, 1 for two numbers or two strings (ordinal); anything else is an error.
int compare(const CallEnv& env, Args a) {
  static const json::value empty_string = json::string();
  const json::value& x = a[0]->is_null() ? empty_string : *a[0];
  const json::value& y = a[1]->is_null() ? empty_string : *a[1];
  if (is_number(x) && is_number(y)) {
    if (is_integer(x) && is_integer(y)) {
      auto p = integer_of(x), q = integer_of(y);
      return p < q ? -1 : p > q;
    }
    double p = number_of(x), q = number_of(y);
    return p < q ? -1 : p > q;
  }
  if (x.is_string() && y.is_string()) {
    int c = std::string_view(x.get_string()).compare(std::string_view(y.get_string()));
    return c < 0 ? -1 : c > 0;
  }
  env.fail("can only compare two numbers or two strings, not '" + std::string(type_name(x)) + "' and '" +
           std::string(type_name(y)) + "'");
}
json::value greater(const CallEnv& env, Args a) { return compare(env, a) > 0; }
json::value greater_or_equals(const CallEnv& env, Args a) { return compare(env, a) >= 0; }
json::value less(const CallEnv& env, Args a) { return compare(env, a) < 0; }
json::value less_or_equals(const CallEnv& env, Args a) { return compare(env, a) <= 0; }

}  // namespace

void register_logic_functions(FunctionTable& t) {
  t.add({"and", 1, -1, and_fn});
  t.add({"or", 1, -1, or_fn});
  t.add({"not", 1, 1, not_fn});
  t.add({"equals", 2, 2, equals});
  t.add({"greater", 2, 2, greater});
  t.add({"greaterOrEquals", 2, 2, greater_or_equals});
  t.add({"less", 2, 2, less});
  t.add({"lessOrEquals", 2, 2, less_or_equals});
  t.add({"if", 3, 3, nullptr, nullptr, true});
}

}  // namespace mailflow::wdl
