// Internal helpers for reading definition JSON: members looked up case-insensitively (Azure's
// deserializer ignores case in property names) and kind checks that record a Problem.
#pragma once

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workflow/problem.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::detail {

namespace json = boost::json;

// The member named `key` (exact match first, then ignoring case), or null.
inline const json::value* member(const json::object& o, std::string_view key) {
  if (auto* v = o.if_contains(key)) return v;
  for (const auto& kv : o)
    if (iequals(kv.key(), key)) return &kv.value();
  return nullptr;
}
inline const json::value* member(const json::value* v, std::string_view key) {
  return v && v->is_object() ? member(v->get_object(), key) : nullptr;
}

inline const char* kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object:
      return "an object";
    case json::kind::array:
      return "an array";
    case json::kind::string:
      return "a string";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::null:
      return "null";
    default:
      return "a number";
  }
}

// The member as an object; a Problem when present but not an object (or when required and absent).
inline const json::object* object_at(const json::object& o, std::string_view key,
                                     const std::string& path, Problems& problems,
                                     bool required = false) {
  const json::value* v = member(o, key);
  if (!v) {
    if (required) problems.push_back({join_path(path, key), "is required"});
    return nullptr;
  }
  if (v->is_object()) return &v->get_object();
  problems.push_back(
      {join_path(path, key), std::string("must be an object, not ") + kind_name(*v)});
  return nullptr;
}

inline std::optional<std::string> string_at(const json::object& o, std::string_view key,
                                            const std::string& path, Problems& problems,
                                            bool required = false) {
  const json::value* v = member(o, key);
  if (!v) {
    if (required) problems.push_back({join_path(path, key), "is required"});
    return std::nullopt;
  }
  if (v->is_string()) return std::string(v->get_string());
  problems.push_back({join_path(path, key), std::string("must be a string, not ") + kind_name(*v)});
  return std::nullopt;
}

inline std::optional<std::int64_t> integer_at(const json::object& o, std::string_view key,
                                              const std::string& path, Problems& problems) {
  const json::value* v = member(o, key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(v->get_uint64());
  if (v->is_double()) {
    double d = v->get_double();
    if (std::abs(d) < 9.0e18 && d == std::trunc(d)) return static_cast<std::int64_t>(d);
  }
  problems.push_back(
      {join_path(path, key), std::string("must be an integer, not ") + kind_name(*v)});
  return std::nullopt;
}

// The object of a trigger or action and its `type`, looked up with `parse` (parse_trigger_type or
// parse_action_type); a Problem, and nullopt, for a non-object, a missing or an unknown type.
template <class Type>
struct Typed {
  const json::object* object;
  Type type;
};
template <class Type>
std::optional<Typed<Type>> typed_object(const json::value& v, const std::string& path, Problems& problems,
                                        std::optional<Type> (*parse)(std::string_view), std::string_view what,
                                        std::string_view supported) {
  if (!v.is_object()) {
    problems.push_back({path, std::string("must be an object, not ") + kind_name(v)});
    return std::nullopt;
  }
  const auto& o = v.get_object();
  auto text = string_at(o, "type", path, problems, true);
  if (!text) return std::nullopt;
  auto type = parse(*text);
  if (!type) {
    problems.push_back({join_path(path, "type"), "unknown " + std::string(what) + " type '" + *text +
                                                     "' (supported: " + std::string(supported) + ")"});
    return std::nullopt;
  }
  return Typed<Type>{&o, *type};
}

}  // namespace mailflow::workflow::detail
