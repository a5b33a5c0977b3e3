// The function table, built once on first use from every group's registration.
#include "wdl/function_table.hpp"

#include "wdl/error.hpp"

namespace mailflow::wdl {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}
}  // namespace

void CallEnv::fail(const std::string& message) const {
  wdl::fail(pos, "function '" + std::string(fn) + "': " + message);
}

void CallEnv::fail_arg(std::size_t index, std::string_view what, const std::string& message) const {
  fail("argument " + std::to_string(index + 1) + " (" + std::string(what) + ") " + message);
}

const FunctionTable& FunctionTable::instance() {
  static const FunctionTable table = [] {
    FunctionTable t;
    register_workflow_functions(t);
    register_string_functions(t);
    register_collection_functions(t);
    register_logic_functions(t);
    register_conversion_functions(t);
    register_math_functions(t);
    register_datetime_functions(t);
    register_uri_functions(t);
    register_json_functions(t);
    return t;
  }();
  return table;
}

const FunctionDef* FunctionTable::find(std::string_view name) const {
  auto it = map_.find(lower(name));
  return it == map_.end() ? nullptr : &it->second;
}

void FunctionTable::add(FunctionDef def) { map_[lower(def.name)] = def; }

std::vector<std::string_view> FunctionTable::names() const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : map_) out.push_back(v.name);
  return out;
}

}  // namespace mailflow::wdl
