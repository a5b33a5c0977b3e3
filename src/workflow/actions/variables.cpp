// Variables: the store, InitializeVariable, SetVariable and persistence (variables.hpp).
// Increment/Decrement/Append are in variable_updates.cpp. Messages follow Azure's wording where
// it is known ("The variable 'x' of type 'Integer' cannot be initialized or updated with value of
// type 'String'. ...").
#include "workflow/actions/variables.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <vector>

#include "workflow/actions/inputs.hpp"
#include "workflow/actions/variable_errors.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;
using detail::input;

namespace {

constexpr std::array<std::pair<VariableType, std::string_view>, 6> kTypes{{
    {VariableType::Array, "Array"},
    {VariableType::Boolean, "Boolean"},
    {VariableType::Float, "Float"},
    {VariableType::Integer, "Integer"},
    {VariableType::Object, "Object"},
    {VariableType::String, "String"},
}};

struct Declaration {
  std::string name;
  VariableType type = VariableType::String;
  json::value value;
};

// One entry of InitializeVariable's `variables`, checked: a name, a known type, a fitting value.
std::optional<ActionError> read_declaration(const json::value& entry, std::size_t index,
                                            Declaration& out) {
  const json::value* name = input(entry, "name");
  if (!name || !name->is_string() || name->get_string().empty())
    return ActionError{
        std::string(detail::kInvalidTemplate),
        "The 'name' of variables[" + std::to_string(index) + "] must be a non-empty string."};
  out.name = std::string(name->get_string());
  const json::value* type = input(entry, "type");
  std::optional<VariableType> t;
  if (type && type->is_string()) t = parse_variable_type(type->get_string());
  if (!t) {
    std::string given = type ? " " + detail::quoted(wdl::to_text(*type)) : "";
    return ActionError{std::string(detail::kInvalidVariableType),
                       "The variable " + detail::quoted(out.name) + " has an unsupported type" +
                           given +
                           ". Supported types are 'Array, Boolean, Float, Integer, Object, "
                           "String'."};
  }
  out.type = *t;
  const json::value* value = input(entry, "value");
  out.value = value ? *value : json::value(nullptr);
  if (!accepts(out.type, out.value)) return detail::type_mismatch(out.name, out.type, out.value);
  return std::nullopt;
}

}  // namespace

std::string_view name(VariableType t) {
  for (const auto& [type, text] : kTypes)
    if (type == t) return text;
  return "String";
}

std::optional<VariableType> parse_variable_type(std::string_view text) {
  for (const auto& [type, spelling] : kTypes)
    if (iequals(spelling, text)) return type;
  return std::nullopt;
}

bool accepts(VariableType t, const json::value& v) {
  if (v.is_null()) return true;
  switch (t) {
    case VariableType::Array:
      return v.is_array();
    case VariableType::Boolean:
      return v.is_bool();
    case VariableType::Float:
      return wdl::is_number(v);
    case VariableType::Integer:
      return wdl::is_integer(v);
    case VariableType::Object:
      return v.is_object();
    case VariableType::String:
      return v.is_string();
  }
  return false;
}

bool Variables::CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

const json::value* Variables::get(std::string_view name) const {
  auto it = vars_.find(std::string(name));
  return it == vars_.end() ? nullptr : &it->second.value;
}

std::optional<VariableType> Variables::type_of(std::string_view name) const {
  auto it = vars_.find(std::string(name));
  if (it == vars_.end()) return std::nullopt;
  return it->second.type;
}

// All declarations are checked before any is stored, so a failed action initializes nothing.
ActionResult Variables::initialize(const json::value& inputs) {
  const json::value* list = input(inputs, "variables");
  if (!list || !list->is_array() || list->get_array().empty())
    return detail::wrong_input("InitializeVariable", "variables", "a non-empty array", list,
                               inputs);
  std::vector<Declaration> decls(list->get_array().size());
  for (std::size_t i = 0; i < decls.size(); ++i) {
    if (auto e = read_declaration(list->get_array()[i], i, decls[i]))
      return detail::fail(std::move(*e), inputs);
    bool repeated = get(decls[i].name) != nullptr;
    for (std::size_t j = 0; j < i; ++j)
      repeated = repeated || iequals(decls[j].name, decls[i].name);
    if (repeated) return detail::fail(detail::already_initialized(decls[i].name), inputs);
  }
  for (auto& d : decls) vars_[d.name] = Entry{d.name, d.type, std::move(d.value)};
  return detail::succeeded(inputs, nullptr);
}

Variables::Lookup Variables::lookup(const json::value& inputs, std::string_view action) {
  const json::value* name = input(inputs, "name");
  if (!name || !name->is_string() || name->get_string().empty())
    return {nullptr, detail::wrong_input(action, "name", "a non-empty string", name, inputs)};
  std::string_view n(name->get_string());
  auto it = vars_.find(std::string(n));
  if (it == vars_.end()) return {nullptr, detail::fail(detail::not_found(n), inputs)};
  return {&it->second, {}};
}

ActionResult Variables::set(const json::value& inputs) {
  Lookup found = lookup(inputs, "SetVariable");
  if (!found.entry) return std::move(found.failure);
  Entry& e = *found.entry;
  const json::value* value = input(inputs, "value");
  json::value v = value ? *value : json::value(nullptr);
  if (!accepts(e.type, v)) return detail::fail(detail::type_mismatch(e.name, e.type, v), inputs);
  e.value = std::move(v);
  return detail::succeeded(inputs, detail::name_value_body(e.name, e.value));
}

std::optional<ActionResult> Variables::run(ActionType type, const json::value& inputs) {
  switch (type) {
    case ActionType::InitializeVariable:
      return initialize(inputs);
    case ActionType::SetVariable:
      return set(inputs);
    case ActionType::IncrementVariable:
      return increment(inputs);
    case ActionType::DecrementVariable:
      return decrement(inputs);
    case ActionType::AppendToArrayVariable:
      return append_to_array(inputs);
    case ActionType::AppendToStringVariable:
      return append_to_string(inputs);
    default:
      return std::nullopt;
  }
}

json::value Variables::to_json() const {
  json::object out;
  for (const auto& [key, e] : vars_)
    out[e.name] = json::object{{"type", name(e.type)}, {"value", e.value}};
  return out;
}

core::Result<Variables> Variables::from_json(const json::value& saved) {
  if (!saved.is_object())
    return core::Error(core::Code::Internal, "saved variables must be a JSON object");
  Variables vars;
  for (const auto& kv : saved.get_object()) {
    std::string n(kv.key());
    const json::value* type =
        kv.value().is_object() ? kv.value().get_object().if_contains("type") : nullptr;
    std::optional<VariableType> t;
    if (type && type->is_string()) t = parse_variable_type(type->get_string());
    const json::value* value =
        kv.value().is_object() ? kv.value().get_object().if_contains("value") : nullptr;
    if (!t || !value || !accepts(*t, *value) || vars.get(n))
      return core::Error(core::Code::Internal, "saved variable '" + n + "' is malformed");
    vars.vars_[n] = Entry{n, *t, *value};
  }
  return vars;
}

}  // namespace mailflow::workflow::actions
