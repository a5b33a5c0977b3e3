// Collection functions: contains, empty, first, last, join, skip, take, union, intersection,
// createArray, range, reverse, sort, chunk, length. Strings count UTF-16 code units.
#include <algorithm>
#include <boost/json/value.hpp>
#include <unordered_map>
#include <vector>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"
#include "wdl/utf16.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

[[noreturn]] void not_collection(const CallEnv& env, Args a, std::size_t i) {
  env.fail_arg(i, "collection", "must be a string, an array or an object, but it is of type '" +
                                    std::string(type_name(*a[i])) + "'");
}

json::value contains(const CallEnv& env, Args a) {
  const auto& c = *a[0];
  if (c.is_string()) return std::string_view(c.get_string()).find(arg_string(env, a, 1, "value")) != std::string_view::npos;
  if (c.is_array()) {
    for (const auto& e : c.get_array())
      if (values_equal(e, *a[1])) return true;
    return false;
  }
  if (c.is_object()) return c.get_object().contains(arg_string(env, a, 1, "key"));
  if (c.is_null()) return false;
  not_collection(env, a, 0);
}

json::value empty(const CallEnv& env, Args a) {
  const auto& c = *a[0];
  if (c.is_null()) return true;
  if (c.is_string()) return c.get_string().empty();
  if (c.is_array()) return c.get_array().empty();
  if (c.is_object()) return c.get_object().empty();
  not_collection(env, a, 0);
}

json::value length(const CallEnv& env, Args a) {
  const auto& c = *a[0];
  if (c.is_string()) {
    std::string_view s(c.get_string());
    return static_cast<std::int64_t>(is_ascii(s) ? s.size() : to_u16(s).size());
  }
  if (c.is_array()) return static_cast<std::int64_t>(c.get_array().size());
  if (c.is_object()) return static_cast<std::int64_t>(c.get_object().size());
  not_collection(env, a, 0);
}

json::value first_last(const CallEnv& env, Args a, bool first) {
  const auto& c = *a[0];
  if (c.is_string()) {
    auto u = to_u16(c.get_string());
    if (u.empty()) return json::string();
    return json::string(to_u8(std::u16string_view(u).substr(first ? 0 : u.size() - 1, 1)));
  }
  if (c.is_array()) {
    const auto& arr = c.get_array();
    if (arr.empty()) return nullptr;
    return first ? arr.front() : arr.back();
  }
  if (c.is_null()) return nullptr;
  env.fail_arg(0, "collection", "must be a string or an array, but it is of type '" + std::string(type_name(c)) + "'");
}
json::value first(const CallEnv& env, Args a) { return first_last(env, a, true); }
json::value last(const CallEnv& env, Args a) { return first_last(env, a, false); }

json::value join(const CallEnv& env, Args a) {
  const auto& arr = arg_array(env, a, 0, "collection");
  auto sep = arg_string(env, a, 1, "delimiter");
  std::string out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (i) out.append(sep);
    append_text(out, arr[i]);
    check_string_size(env, out.size());
  }
  return json::string(out);
}

json::value skip_take(const CallEnv& env, Args a, bool skip) {
  std::int64_t n = arg_int(env, a, 1, "count");
  if (n < 0) n = 0;
  const auto& c = *a[0];
  if (c.is_array()) {
    const auto& arr = c.get_array();
    auto k = std::min<std::size_t>(static_cast<std::size_t>(n), arr.size());
    auto mid = arr.begin() + static_cast<std::ptrdiff_t>(k);
    return skip ? json::array(mid, arr.end()) : json::array(arr.begin(), mid);
  }
  if (c.is_string()) {
    auto u = to_u16(c.get_string());
    auto k = std::min<std::size_t>(static_cast<std::size_t>(n), u.size());
    std::u16string_view v(u);
    return json::string(to_u8(skip ? v.substr(k) : v.substr(0, k)));
  }
  env.fail_arg(0, "collection", "must be an array or a string, but it is of type '" + std::string(type_name(c)) + "'");
}
json::value skip(const CallEnv& env, Args a) { return skip_take(env, a, true); }
json::value take(const CallEnv& env, Args a) { return skip_take(env, a, false); }

// Set of values by values_equal, hashed so union/intersection of large arrays stay linear.
class ValueSet {
 public:
  explicit ValueSet(const json::array* items = nullptr) {
    if (items)
      for (const auto& e : *items) insert(e);
  }
  bool contains(const json::value& v) const {
    auto [b, e] = index_.equal_range(value_hash(v));
    return std::any_of(b, e, [&](const auto& kv) { return values_equal(*kv.second, v); });
  }
  bool insert(const json::value& v) {  // false when already present
    if (contains(v)) return false;
    index_.emplace(value_hash(v), &v);
    return true;
  }

 private:
  std::unordered_multimap<std::size_t, const json::value*> index_;
};

// union/intersection take all arrays or all objects.
bool all_kind(const CallEnv& env, Args a) {
  bool arrays = a[0]->is_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (arrays ? !a[i]->is_array() : !a[i]->is_object())
      env.fail_arg(i, "collection", std::string("must be ") + (arrays ? "an array" : "an object") +
                                        " like the first, but it is of type '" + std::string(type_name(*a[i])) + "'");
  }
  return arrays;
}

json::value union_fn(const CallEnv& env, Args a) {
  if (all_kind(env, a)) {
    json::array out;
    ValueSet seen;
    for (const auto* v : a)
      for (const auto& e : v->get_array())
        if (seen.insert(e)) {
          out.push_back(e);
          check_array_size(env, out.size());
        }
    return out;
  }
  json::object out;
  for (const auto* v : a)
    for (const auto& kv : v->get_object()) out[kv.key()] = kv.value();
  return out;
}

json::value intersection(const CallEnv& env, Args a) {
  if (all_kind(env, a)) {
    std::vector<ValueSet> others;
    for (std::size_t i = 1; i < a.size(); ++i) others.emplace_back(&a[i]->get_array());
    json::array out;
    ValueSet seen;
    for (const auto& e : a[0]->get_array()) {
      bool everywhere = std::all_of(others.begin(), others.end(), [&](const ValueSet& s) { return s.contains(e); });
      if (everywhere && seen.insert(e)) out.push_back(e);
    }
    return out;
  }
  json::object out;
  for (const auto& kv : a[0]->get_object()) {
    bool everywhere = true;
    for (std::size_t i = 1; i < a.size() && everywhere; ++i) {
      const auto* o = a[i]->get_object().if_contains(kv.key());
      everywhere = o && values_equal(*o, kv.value());
    }
    if (everywhere) out[kv.key()] = kv.value();
  }
  return out;
}

json::value create_array(const CallEnv& env, Args a) {
  check_array_size(env, a.size());
  json::array out;
  for (const auto* v : a) out.push_back(*v);
  return out;
}

json::value range(const CallEnv& env, Args a) {
  std::int64_t start = arg_int(env, a, 0, "startIndex");
  std::int64_t count = arg_int(env, a, 1, "count");
  if (count < 0) env.fail_arg(1, "count", "must not be negative");
  if (count > env.limits.max_range_count)
    env.fail_arg(1, "count", "is " + std::to_string(count) + ", over the limit of " + std::to_string(env.limits.max_range_count));
  if (start > INT64_MAX - count) env.fail("startIndex + count overflows");
  json::array out;
  out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) out.push_back(start + i);
  return out;
}

json::value reverse(const CallEnv& env, Args a) {
  json::array out = arg_array(env, a, 0, "collection");
  std::reverse(out.begin(), out.end());
  return out;
}

// Orders numbers before strings before others; numbers by value, strings ordinally.
bool less_value(const json::value& x, const json::value& y) {
  auto rank = [](const json::value& v) { return is_number(v) ? 0 : v.is_string() ? 1 : v.is_bool() ? 2 : v.is_null() ? 3 : 4; };
  int rx = rank(x), ry = rank(y);
  if (rx != ry) return rx < ry;
  if (rx == 0) return number_of(x) < number_of(y);
  if (rx == 1) return x.get_string() < y.get_string();
  if (rx == 2) return !x.get_bool() && y.get_bool();
  return false;
}

json::value sort(const CallEnv& env, Args a) {
  json::array out = arg_array(env, a, 0, "collection");
  if (a.size() < 2 || a[1]->is_null()) {
    std::stable_sort(out.begin(), out.end(), less_value);
    return out;
  }
  auto key = arg_string(env, a, 1, "sortBy");
  const json::value null_value;
  auto get = [&](const json::value& v) -> const json::value& {
    if (!v.is_object()) env.fail("sortBy needs every item to be an object");
    const auto* p = v.get_object().if_contains(key);
    return p ? *p : null_value;
  };
  std::stable_sort(out.begin(), out.end(), [&](const json::value& x, const json::value& y) { return less_value(get(x), get(y)); });
  return out;
}

json::value chunk(const CallEnv& env, Args a) {
  std::int64_t n = arg_int(env, a, 1, "length");
  if (n <= 0) env.fail_arg(1, "length", "must be greater than 0");
  auto k = static_cast<std::size_t>(n);
  json::array out;
  const auto& c = *a[0];
  if (c.is_string()) {
    auto u = to_u16(c.get_string());
    check_array_size(env, (u.size() + k - 1) / k);
    for (std::size_t i = 0; i < u.size(); i += k)
      out.push_back(json::string(to_u8(std::u16string_view(u).substr(i, k))));
    return out;
  }
  const auto& arr = arg_array(env, a, 0, "collection");
  for (std::size_t i = 0; i < arr.size(); i += k) {
    auto end = std::min(arr.size(), i + k);
    out.push_back(json::array(arr.begin() + static_cast<std::ptrdiff_t>(i), arr.begin() + static_cast<std::ptrdiff_t>(end)));
  }
  return out;
}

}  // namespace

void register_collection_functions(FunctionTable& t) {
  t.add({"contains", 2, 2, contains});
  t.add({"empty", 1, 1, empty});
  t.add({"length", 1, 1, length});
  t.add({"first", 1, 1, first});
  t.add({"last", 1, 1, last});
  t.add({"join", 2, 2, join});
  t.add({"skip", 2, 2, skip});
  t.add({"take", 2, 2, take});
  t.add({"union", 2, -1, union_fn});
  t.add({"intersection", 2, -1, intersection});
  t.add({"createArray", 1, -1, create_array});
  t.add({"range", 2, 2, range});
  t.add({"reverse", 1, 1, reverse});
  t.add({"sort", 1, 2, sort});
  t.add({"chunk", 2, 2, chunk});
}

}  // namespace mailflow::wdl
