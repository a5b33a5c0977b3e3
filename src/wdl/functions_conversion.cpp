// Conversion functions: array, base64, base64ToString, base64ToBinary, binary, bool, coalesce,
// dataUri, dataUriToBinary, dataUriToString, decodeBase64, decodeDataUri, decodeUriComponent,
// encodeUriComponent, uriComponent, uriComponentToBinary, uriComponentToString, float, int,
// json, string, isInt, isFloat, decimal (as a double). Binary results are Logic Apps' {"$content-type", "$content"} objects (codec.hpp).
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "wdl/args.hpp"
#include "wdl/codec.hpp"
#include "wdl/function_table.hpp"
#include "wdl/number_format.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

// A string argument, or the bytes of a binary value.
std::string bytes_arg(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  if (auto b = binary_bytes(*a[i])) return *b;
  return std::string(arg_string(env, a, i, what));
}

std::string need_base64(const CallEnv& env, Args a) {
  auto b = base64_decode(arg_string(env, a, 0, "value"));
  if (!b) env.fail_arg(0, "value", "is not valid base64");
  return *b;
}

json::value array_fn(const CallEnv&, Args a) { return json::array{*a[0]}; }
json::value base64(const CallEnv& env, Args a) { return json::string(base64_encode(bytes_arg(env, a, 0, "value"))); }
json::value base64_to_string(const CallEnv& env, Args a) { return json::string(need_base64(env, a)); }
json::value base64_to_binary(const CallEnv& env, Args a) { return binary_value(need_base64(env, a)); }
json::value binary(const CallEnv& env, Args a) { return binary_value(bytes_arg(env, a, 0, "value")); }

json::value bool_fn(const CallEnv& env, Args a) {
  const auto& v = *a[0];
  if (v.is_bool()) return v;
  if (is_number(v)) return number_of(v) != 0;
  if (v.is_string()) {
    std::string s(v.get_string());
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true") return true;
    if (s == "false") return false;
  }
  env.fail_arg(0, "value", "cannot be converted to a boolean: " + to_json_text(v));
}

json::value coalesce(const CallEnv&, Args a) {
  for (const auto* v : a)
    if (!v->is_null()) return *v;
  return nullptr;
}

json::value data_uri(const CallEnv& env, Args a) {
  if (auto b = binary_bytes(*a[0])) {
    const auto* ct = a[0]->get_object().if_contains("$content-type");
    std::string type = ct && ct->is_string() ? std::string(ct->get_string()) : "application/octet-stream";
    return json::string("data:" + type + ";base64," + base64_encode(*b));
  }
  return json::string("data:text/plain;charset=utf-8;base64," + base64_encode(arg_string(env, a, 0, "value")));
}

// data:[<mediatype>][;base64],<data> (RFC 2397).
std::pair<std::string, std::string> parse_data_uri(const CallEnv& env, Args a) {
  std::string_view s = arg_string(env, a, 0, "dataURI");
  if (s.substr(0, 5) != "data:") env.fail_arg(0, "dataURI", "must start with 'data:'");
  auto comma = s.find(',');
  if (comma == std::string_view::npos) env.fail_arg(0, "dataURI", "has no ',' before its data");
  std::string_view meta = s.substr(5, comma - 5), data = s.substr(comma + 1);
  bool is_b64 = meta.size() >= 7 && meta.substr(meta.size() - 7) == ";base64";
  if (is_b64) meta.remove_suffix(7);
  std::string type = meta.empty() ? "text/plain;charset=US-ASCII" : std::string(meta);
  if (!is_b64) return {type, percent_decode(data)};
  auto b = base64_decode(data);
  if (!b) env.fail_arg(0, "dataURI", "has invalid base64 data");
  return {type, *b};
}

json::value data_uri_to_string(const CallEnv& env, Args a) { return json::string(parse_data_uri(env, a).second); }
json::value data_uri_to_binary(const CallEnv& env, Args a) {
  auto [type, bytes] = parse_data_uri(env, a);
  return binary_value(bytes, type);
}

json::value encode_uri(const CallEnv& env, Args a) {
  return json::string(percent_encode(a[0]->is_string() || a[0]->is_null() ? bytes_arg(env, a, 0, "value") : to_text(*a[0])));
}
json::value decode_uri(const CallEnv& env, Args a) { return json::string(percent_decode(arg_string(env, a, 0, "value"))); }
json::value uri_to_binary(const CallEnv& env, Args a) { return binary_value(percent_decode(arg_string(env, a, 0, "value"))); }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// float(value, locale?): the culture's group separators are allowed ("10,000.333" in en-US).
json::value float_fn(const CallEnv& env, Args a) {
  const auto& v = *a[0];
  if (is_number(v)) return number_of(v);
  std::string s(arg_string(env, a, 0, "value"));
  auto d = parse_culture_number(s, opt_string(env, a, 1, "locale"));
  if (!d) env.fail_arg(0, "value", "'" + s + "' is not a valid floating-point number");
  return *d;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::string s(trimmed(text));
  std::int64_t i = 0;
  const char* b = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
  auto r = std::from_chars(b, s.data() + s.size(), i);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return i;
}

json::value is_int(const CallEnv& env, Args a) { return parse_int(arg_string(env, a, 0, "value")).has_value(); }
json::value is_float(const CallEnv& env, Args a) {
  return parse_culture_number(arg_string(env, a, 0, "value"), opt_string(env, a, 1, "locale")).has_value();
}

json::value int_fn(const CallEnv& env, Args a) {
  const auto& v = *a[0];
  if (is_integer(v)) return integer_of(v);
  if (v.is_double()) {
    double d = std::nearbyint(v.get_double());  // Convert.ToInt64 rounds half to even
    if (!(std::fabs(d) < 9.2e18)) env.fail_arg(0, "value", "is out of the integer range");
    return static_cast<std::int64_t>(d);
  }
  if (v.is_bool()) return std::int64_t{v.get_bool() ? 1 : 0};
  std::string_view s = arg_string(env, a, 0, "value");
  auto i = parse_int(s);
  if (!i) env.fail_arg(0, "value", "'" + std::string(trimmed(s)) + "' is not a valid integer");
  return *i;
}

json::value json_fn(const CallEnv& env, Args a) {
  if (!a[0]->is_string()) return *a[0];
  std::string_view s = arg_string(env, a, 0, "value");
  json::parse_options opt;
  opt.max_depth = env.limits.max_json_depth;
  json::error_code ec;
  json::value v = json::parse(json::string_view(s.data(), s.size()), ec, {}, opt);
  if (ec) env.fail_arg(0, "value", "is not valid JSON: " + ec.message());
  return v;
}

json::value string_fn(const CallEnv& env, Args a) {
  std::string s = to_text(*a[0]);
  check_string_size(env, s.size());
  return json::string(s);
}

}  // namespace

void register_conversion_functions(FunctionTable& t) {
  t.add({"array", 1, 1, array_fn});
  t.add({"base64", 1, 1, base64});
  t.add({"base64ToString", 1, 1, base64_to_string});
  t.add({"decodeBase64", 1, 1, base64_to_string});
  t.add({"base64ToBinary", 1, 1, base64_to_binary});
  t.add({"binary", 1, 1, binary});
  t.add({"bool", 1, 1, bool_fn});
  t.add({"coalesce", 1, -1, coalesce});
  t.add({"dataUri", 1, 1, data_uri});
  t.add({"dataUriToString", 1, 1, data_uri_to_string});
  t.add({"dataUriToBinary", 1, 1, data_uri_to_binary});
  t.add({"decodeDataUri", 1, 1, data_uri_to_binary});
  t.add({"encodeUriComponent", 1, 1, encode_uri});
  t.add({"uriComponent", 1, 1, encode_uri});
  t.add({"decodeUriComponent", 1, 1, decode_uri});
  t.add({"uriComponentToString", 1, 1, decode_uri});
  t.add({"uriComponentToBinary", 1, 1, uri_to_binary});
  t.add({"float", 1, 2, float_fn});
  t.add({"decimal", 1, 1, float_fn});  // a double here: see docs/expressions.md
  t.add({"int", 1, 1, int_fn});
  t.add({"isInt", 1, 1, is_int});
  t.add({"isFloat", 1, 2, is_float});
  t.add({"json", 1, 1, json_fn});
  t.add({"string", 1, 1, string_fn});
}

}  // namespace mailflow::wdl
