// The one case-insensitive table of expression functions. Each functions_*.cpp registers its group.
// A function gets its evaluated arguments as pointers (Args); a "ref" function (workflow accessors)
// returns a pointer into the context instead of a copy, so x()?['a']['b'] copies only the leaf.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wdl/context.hpp"
#include "wdl/limits.hpp"

namespace mailflow::wdl {

using Args = std::span<const boost::json::value* const>;

// What a function sees besides its arguments; fail() raises an error naming the function.
struct CallEnv {
  const Context& ctx;
  const Limits& limits;
  std::string_view fn;
  std::size_t pos;
  [[noreturn]] void fail(const std::string& message) const;
  // "argument 2 (text)" style errors.
  [[noreturn]] void fail_arg(std::size_t index, std::string_view what, const std::string& message) const;
};

using Impl = boost::json::value (*)(const CallEnv&, Args);
using RefImpl = const boost::json::value* (*)(const CallEnv&, Args);

struct FunctionDef {
  std::string_view name;
  int min_args = 0;
  int max_args = 0;  // -1: any number
  Impl impl = nullptr;
  RefImpl ref = nullptr;
  bool lazy_if = false;  // if(): only the chosen branch is evaluated
};

class FunctionTable {
 public:
  static const FunctionTable& instance();
  const FunctionDef* find(std::string_view name) const;
  void add(FunctionDef def);
  std::vector<std::string_view> names() const;

 private:
  std::unordered_map<std::string, FunctionDef> map_;
};

void register_workflow_functions(FunctionTable& t);
void register_string_functions(FunctionTable& t);
void register_collection_functions(FunctionTable& t);
void register_logic_functions(FunctionTable& t);
void register_conversion_functions(FunctionTable& t);
void register_math_functions(FunctionTable& t);
void register_datetime_functions(FunctionTable& t);
void register_uri_functions(FunctionTable& t);
void register_json_functions(FunctionTable& t);

}  // namespace mailflow::wdl
