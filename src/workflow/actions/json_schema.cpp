// JSON Schema validation of Parse JSON's content (json_schema.hpp). Type names: the expected
// ones as the schema spells them, capitalized ("String", "Number", "Integer", "Null"), the actual
// one as the expression language names it ("Integer", "Float", ...), as Newtonsoft prints them.
#include "workflow/actions/json_schema.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <cmath>

#include "wdl/value.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

namespace {

struct Walker {
  std::vector<SchemaError> errors;

  void add(const std::string& path, const std::string& id, const char* type, std::string msg) {
    if (errors.size() < kMaxSchemaErrors) errors.push_back({path, id, type, std::move(msg)});
  }
  bool full() const { return errors.size() >= kMaxSchemaErrors; }
  void check(const json::value& v, const json::object& schema, const std::string& path,
             const std::string& id);
  void check_sub(const json::value& v, const json::value& schema, const std::string& path,
                 const std::string& id) {
    if (schema.is_object() && !full()) check(v, schema.get_object(), path, id);
  }
  void check_type(const json::value& v, const json::value& type, const std::string& path,
                  const std::string& id);
  void check_object(const json::object& o, const json::object& schema, const std::string& path,
                    const std::string& id);
  void check_array(const json::array& a, const json::value& items, const std::string& path,
                   const std::string& id);
};

// JSON.NET paths: "a.b", "a[0]", and ['odd name'] for names that are not plain identifiers.
std::string member_path(const std::string& path, std::string_view name) {
  bool plain = !name.empty();
  for (char c : name) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!plain) return path + "['" + std::string(name) + "']";
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

bool matches(std::string_view type, const json::value& v) {
  if (type == "string") return v.is_string();
  if (type == "number") return wdl::is_number(v);
  if (type == "integer")
    return wdl::is_integer(v) || (v.is_double() && std::trunc(v.get_double()) == v.get_double());
  if (type == "boolean") return v.is_bool();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return true;  // an unknown type name constrains nothing
}

std::string capitalized(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

void Walker::check_type(const json::value& v, const json::value& type, const std::string& path,
                        const std::string& id) {
  std::vector<std::string_view> names;
  if (type.is_string()) names.push_back(type.get_string());
  if (type.is_array())
    for (const auto& t : type.get_array())
      if (t.is_string()) names.push_back(t.get_string());
  std::string expected;
  for (auto n : names) {
    if (matches(n, v)) return;
    expected += (expected.empty() ? "" : ", ") + capitalized(n);
  }
  if (names.empty()) return;
  add(path, id, "type",
      "Invalid type. Expected " + expected + " but got " + std::string(wdl::type_name(v)) + ".");
}

void Walker::check_object(const json::object& o, const json::object& schema,
                          const std::string& path, const std::string& id) {
  const json::value* props = schema.if_contains("properties");
  if (const json::value* req = schema.if_contains("required"); req && req->is_array()) {
    std::string missing;
    for (const auto& r : req->get_array())
      if (r.is_string() && !o.contains(r.get_string()))
        missing += (missing.empty() ? "" : ", ") + std::string(r.get_string());
    if (!missing.empty())
      add(path, id, "required", "Required properties are missing from object: " + missing + ".");
  }
  const json::value* extra = schema.if_contains("additionalProperties");
  for (const auto& kv : o) {
    std::string p = member_path(path, kv.key());
    const json::value* sub =
        props && props->is_object() ? props->get_object().if_contains(kv.key()) : nullptr;
    if (sub) {
      check_sub(kv.value(), *sub, p, id + "/properties/" + std::string(kv.key()));
    } else if (extra && extra->is_bool() && !extra->get_bool()) {
      add(p, id, "additionalProperties",
          "Property '" + std::string(kv.key()) +
              "' has not been defined and the schema does not allow additional properties.");
    } else if (extra) {
      check_sub(kv.value(), *extra, p, id + "/additionalProperties");
    }
  }
}

void Walker::check_array(const json::array& a, const json::value& items, const std::string& path,
                         const std::string& id) {
  for (std::size_t i = 0; i < a.size() && !full(); ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    if (items.is_object()) check_sub(a[i], items, p, id + "/items");
    if (items.is_array() && i < items.get_array().size())
      check_sub(a[i], items.get_array()[i], p, id + "/items/" + std::to_string(i));
  }
}

void Walker::check(const json::value& v, const json::object& schema, const std::string& path,
                   const std::string& id) {
  if (const json::value* type = schema.if_contains("type")) check_type(v, *type, path, id);
  if (const json::value* e = schema.if_contains("enum"); e && e->is_array()) {
    bool found = false;
    for (const auto& option : e->get_array()) found = found || option == v;
    if (!found) add(path, id, "enum", "Value " + wdl::to_json_text(v) + " is not defined in enum.");
  }
  if (v.is_object()) check_object(v.get_object(), schema, path, id);
  if (const json::value* items = schema.if_contains("items"); items && v.is_array())
    check_array(v.get_array(), *items, path, id);
}

}  // namespace

std::vector<SchemaError> validate_schema(const json::value& instance, const json::value& schema) {
  Walker w;
  w.check_sub(instance, schema, "", "#");
  return std::move(w.errors);
}

}  // namespace mailflow::workflow::actions
