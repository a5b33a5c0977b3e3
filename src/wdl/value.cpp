// Value rules of the expression language (see value.hpp).
#include "wdl/value.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>

namespace mailflow::wdl {
namespace json = boost::json;

std::string_view type_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "Null";
    case json::kind::bool_: return "Boolean";
    case json::kind::int64: return "Integer";
    case json::kind::uint64: return is_integer(v) ? "Integer" : "Float";
    case json::kind::double_: return "Float";
    case json::kind::string: return "String";
    case json::kind::array: return "Array";
    case json::kind::object: return "Object";
  }
  return "Unknown";
}

bool is_integer(const json::value& v) {
  return v.is_int64() ||
         (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX));
}
bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

std::int64_t integer_of(const json::value& v) {
  return v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(v.get_uint64());
}

double number_of(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string s(buf, r.ptr);  // [-]d[.ddd]e[+-]xx
  bool neg = s[0] == '-';
  if (neg) s.erase(0, 1);
  auto e = s.find('e');
  int exp = std::stoi(s.substr(e + 1));
  std::string digits = s.substr(0, e);
  if (digits.size() > 1) digits.erase(1, 1);  // drop the '.'
  std::string out = neg ? "-" : "";
  // .NET switches to exponent form outside [1E-04, 1E+15): 0.0001 but 1E-05.
  if (exp >= 15 || exp < -4) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "E%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return out + eb;
  }
  if (exp < 0) return out + "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  auto int_len = static_cast<std::size_t>(exp) + 1;
  if (digits.size() <= int_len) return out + digits + std::string(int_len - digits.size(), '0');
  return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

void append_text(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return;
    case json::kind::bool_: out += v.get_bool() ? "True" : "False"; return;
    case json::kind::int64: out += std::to_string(v.get_int64()); return;
    case json::kind::uint64: out += std::to_string(v.get_uint64()); return;
    case json::kind::double_: out += format_double(v.get_double()); return;
    case json::kind::string: out.append(v.get_string().data(), v.get_string().size()); return;
    default: append_json(out, v); return;
  }
}

std::string to_text(const json::value& v) {
  std::string s;
  append_text(s, v);
  return s;
}

void append_json(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        out += '"' + format_double(d) + '"';
        return;
      }
      std::string t = format_double(d);
      if (t.find_first_of(".E") == std::string::npos) t += ".0";
      out += t;
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, e);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(kv.key()));
        out += ':';
        append_json(out, kv.value());
      }
      out += '}';
      return;
    }
    default: out += json::serialize(v); return;
  }
}

std::string to_json_text(const json::value& v) {
  std::string s;
  append_json(s, v);
  return s;
}

bool values_equal(const json::value& a, const json::value& b) {
  auto empty_like = [](const json::value& x) {
    return x.is_null() || (x.is_string() && x.get_string().empty());
  };
  if (a.is_null() || b.is_null()) return empty_like(a) && empty_like(b);
  if (is_number(a) && is_number(b)) {
    if (is_integer(a) && is_integer(b)) return integer_of(a) == integer_of(b);
    return number_of(a) == number_of(b);
  }
  if (a.is_bool() && is_number(b)) return number_of(b) == (a.get_bool() ? 1.0 : 0.0);
  if (b.is_bool() && is_number(a)) return number_of(a) == (b.get_bool() ? 1.0 : 0.0);
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!values_equal(x[i], y[i])) return false;
    return true;
  }
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      auto it = y.find(kv.key());
      if (it == y.end() || !values_equal(kv.value(), it->value())) return false;
    }
    return true;
  }
  return a == b;
}

std::size_t value_hash(const json::value& v) {
  auto mix = [](std::size_t h, std::size_t x) { return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); };
  switch (v.kind()) {
    case json::kind::null: return 0;  // equals ""
    case json::kind::string:
      return v.get_string().empty() ? 0 : std::hash<std::string_view>()(std::string_view(v.get_string()));
    case json::kind::bool_: return std::hash<double>()(v.get_bool() ? 1.0 : 0.0);  // true equals 1
    case json::kind::int64: case json::kind::uint64: case json::kind::double_: {
      double d = number_of(v);
      return std::hash<double>()(d == 0 ? 0.0 : d);
    }
    case json::kind::array: {
      std::size_t h = 0x51ed;
      for (const auto& e : v.get_array()) h = mix(h, value_hash(e));
      return h;
    }
    case json::kind::object: {
      std::size_t h = 0x0b1;  // order-independent, as equality is
      for (const auto& kv : v.get_object())
        h += mix(std::hash<std::string_view>()(std::string_view(kv.key())), value_hash(kv.value()));
      return h;
    }
  }
  return 0;
}

}  // namespace mailflow::wdl
