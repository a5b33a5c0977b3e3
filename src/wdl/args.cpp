// Typed argument access (see args.hpp).
#include "wdl/args.hpp"

#include <cmath>

#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace {
[[noreturn]] void wrong(const CallEnv& env, Args a, std::size_t i, std::string_view what,
                        std::string_view want) {
  env.fail_arg(i, what, "must be " + std::string(want) + ", but it is of type '" +
                            std::string(type_name(*a[i])) + "'");
}
}  // namespace

std::string_view arg_string(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  const auto& v = *a[i];
  if (v.is_string()) return {v.get_string().data(), v.get_string().size()};
  if (v.is_null()) return {};
  wrong(env, a, i, what, "a string");
}

std::int64_t arg_int(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  const auto& v = *a[i];
  if (is_integer(v)) return integer_of(v);
  if (v.is_double() && std::trunc(v.get_double()) == v.get_double() &&
      std::fabs(v.get_double()) < 9.2e18)
    return static_cast<std::int64_t>(v.get_double());
  wrong(env, a, i, what, "an integer");
}

double arg_number(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  const auto& v = *a[i];
  if (is_number(v)) return number_of(v);
  wrong(env, a, i, what, "a number");
}

bool arg_bool(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  const auto& v = *a[i];
  if (v.is_bool()) return v.get_bool();
  wrong(env, a, i, what, "a boolean");
}

const boost::json::array& arg_array(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  const auto& v = *a[i];
  if (v.is_array()) return v.get_array();
  wrong(env, a, i, what, "an array");
}

const boost::json::object& arg_object(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  const auto& v = *a[i];
  if (v.is_object()) return v.get_object();
  wrong(env, a, i, what, "an object");
}

std::string_view opt_string(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  if (i >= a.size()) return {};
  return arg_string(env, a, i, what);
}

void check_string_size(const CallEnv& env, std::size_t bytes) {
  if (bytes > env.limits.max_string_bytes)
    env.fail("the result would be " + std::to_string(bytes) + " bytes, over the limit of " +
             std::to_string(env.limits.max_string_bytes));
}

void check_array_size(const CallEnv& env, std::size_t items) {
  if (items > env.limits.max_array_items)
    env.fail("the result would have " + std::to_string(items) + " items, over the limit of " +
             std::to_string(env.limits.max_array_items));
}

}  // namespace mailflow::wdl
