// Typed access to a function's arguments; a wrong type is an error naming the function, the
// argument's position and role, and the type it got.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "wdl/function_table.hpp"

namespace mailflow::wdl {

std::string_view arg_string(const CallEnv& env, Args a, std::size_t i, std::string_view what);  // null → ""
std::int64_t arg_int(const CallEnv& env, Args a, std::size_t i, std::string_view what);
double arg_number(const CallEnv& env, Args a, std::size_t i, std::string_view what);
bool arg_bool(const CallEnv& env, Args a, std::size_t i, std::string_view what);
const boost::json::array& arg_array(const CallEnv& env, Args a, std::size_t i, std::string_view what);
const boost::json::object& arg_object(const CallEnv& env, Args a, std::size_t i, std::string_view what);
// Optional trailing string argument: "" when absent or null.
std::string_view opt_string(const CallEnv& env, Args a, std::size_t i, std::string_view what);

// Results over Limits::max_string_bytes / max_array_items are errors.
void check_string_size(const CallEnv& env, std::size_t bytes);
void check_array_size(const CallEnv& env, std::size_t items);

}  // namespace mailflow::wdl
