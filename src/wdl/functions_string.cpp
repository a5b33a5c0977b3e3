// String functions: concat, substring, slice, replace, split, toLower, toUpper, trim, startsWith,
// endsWith, indexOf, lastIndexOf, nthIndexOf, guid, formatNumber (number_format.cpp).
// Indexes and lengths count UTF-16 code units as .NET does; startsWith/endsWith/indexOf/
// lastIndexOf/nthIndexOf ignore case and replace/contains do not, as the reference says.
#include <boost/json/value.hpp>
#include <cstdio>
#include <random>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/locid.h>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"
#include "wdl/number_format.hpp"
#include "wdl/utf16.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

json::value str(std::string s) { return json::string(std::move(s)); }

json::value concat(const CallEnv& env, Args a) {
  std::string out;
  for (const auto* v : a) {
    append_text(out, *v);
    check_string_size(env, out.size());
  }
  return str(std::move(out));
}

// Clamps a possibly negative index (from the end) into [0, n], as slice() does.
std::int64_t clamp_index(std::int64_t i, std::int64_t n) {
  if (i < 0) i += n;
  return i < 0 ? 0 : (i > n ? n : i);
}

json::value substring(const CallEnv& env, Args a) {
  auto u = to_u16(arg_string(env, a, 0, "text"));
  std::int64_t n = static_cast<std::int64_t>(u.size());
  std::int64_t start = arg_int(env, a, 1, "startIndex");
  if (start < 0 || start > n)
    env.fail_arg(1, "startIndex", "is " + std::to_string(start) + ", outside the string of length " + std::to_string(n));
  std::int64_t len = a.size() > 2 ? arg_int(env, a, 2, "length") : n - start;
  if (len < 0 || start + len > n)
    env.fail_arg(2, "length", "is " + std::to_string(len) + ": startIndex + length must not exceed the length " +
                                  std::to_string(n) + " of the string");
  return str(to_u8(std::u16string_view(u).substr(static_cast<std::size_t>(start), static_cast<std::size_t>(len))));
}

json::value slice(const CallEnv& env, Args a) {
  auto u = to_u16(arg_string(env, a, 0, "text"));
  std::int64_t n = static_cast<std::int64_t>(u.size());
  std::int64_t s = clamp_index(arg_int(env, a, 1, "startIndex"), n);
  std::int64_t e = a.size() > 2 && !a[2]->is_null() ? clamp_index(arg_int(env, a, 2, "endIndex"), n) : n;
  if (e <= s) return str("");
  return str(to_u8(std::u16string_view(u).substr(static_cast<std::size_t>(s), static_cast<std::size_t>(e - s))));
}

json::value replace(const CallEnv& env, Args a) {
  auto text = arg_string(env, a, 0, "text");
  auto old_text = arg_string(env, a, 1, "oldText");
  auto new_text = arg_string(env, a, 2, "newText");
  if (old_text.empty()) env.fail_arg(1, "oldText", "must not be empty");
  std::string out;
  std::size_t i = 0;
  for (;;) {
    auto j = text.find(old_text, i);
    if (j == std::string_view::npos) break;
    out.append(text.substr(i, j - i));
    out.append(new_text);
    check_string_size(env, out.size());
    i = j + old_text.size();
  }
  out.append(text.substr(i));
  return str(std::move(out));
}

json::value split(const CallEnv& env, Args a) {
  auto text = arg_string(env, a, 0, "text");
  auto sep = arg_string(env, a, 1, "delimiter");
  json::array out;
  if (sep.empty()) {
    out.push_back(json::string(text));
    return out;
  }
  std::size_t i = 0;
  for (;;) {
    auto j = text.find(sep, i);
    out.push_back(json::string(text.substr(i, j == std::string_view::npos ? text.npos : j - i)));
    check_array_size(env, out.size());
    if (j == std::string_view::npos) break;
    i = j + sep.size();
  }
  return out;
}

json::value to_lower(const CallEnv& env, Args a) {
  auto t = arg_string(env, a, 0, "text");
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(t.data(), static_cast<int32_t>(t.size())))
      .toLower(icu::Locale::getRoot()).toUTF8String(out);
  return str(std::move(out));
}

json::value to_upper(const CallEnv& env, Args a) {
  auto t = arg_string(env, a, 0, "text");
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(t.data(), static_cast<int32_t>(t.size())))
      .toUpper(icu::Locale::getRoot()).toUTF8String(out);
  return str(std::move(out));
}

json::value trim(const CallEnv& env, Args a) {
  auto u = to_u16(arg_string(env, a, 0, "text"));
  std::size_t b = 0, e = u.size();
  while (b < e && u_isUWhiteSpace(u[b])) ++b;
  while (e > b && u_isUWhiteSpace(u[e - 1])) --e;
  return str(to_u8(std::u16string_view(u).substr(b, e - b)));
}

json::value starts_with(const CallEnv& env, Args a) {
  auto t = upper_u16(to_u16(arg_string(env, a, 0, "text")));
  auto p = upper_u16(to_u16(arg_string(env, a, 1, "searchText")));
  return std::u16string_view(t).substr(0, p.size()) == p;
}

json::value ends_with(const CallEnv& env, Args a) {
  auto t = upper_u16(to_u16(arg_string(env, a, 0, "text")));
  auto p = upper_u16(to_u16(arg_string(env, a, 1, "searchText")));
  return t.size() >= p.size() && std::u16string_view(t).substr(t.size() - p.size()) == p;
}

json::value index_of(const CallEnv& env, Args a) {
  auto t = to_u16(arg_string(env, a, 0, "text"));
  auto p = to_u16(arg_string(env, a, 1, "searchText"));
  auto i = find_u16(t, p, 0, true);
  return i == std::u16string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(i);
}

json::value last_index_of(const CallEnv& env, Args a) {
  auto t = to_u16(arg_string(env, a, 0, "text"));
  auto p = to_u16(arg_string(env, a, 1, "searchText"));
  if (p.empty()) return static_cast<std::int64_t>(t.empty() ? 0 : t.size() - 1);
  auto i = rfind_u16(t, p, true);
  return i == std::u16string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(i);
}

// nthIndexOf(text, searchText, occurrence): occurrences do not overlap; a negative occurrence
// counts from the end.
json::value nth_index_of(const CallEnv& env, Args a) {
  auto t = upper_u16(to_u16(arg_string(env, a, 0, "text")));
  auto p = upper_u16(to_u16(arg_string(env, a, 1, "searchText")));
  std::int64_t n = arg_int(env, a, 2, "occurrence");
  if (n == 0) env.fail_arg(2, "occurrence", "must not be 0");
  std::vector<std::size_t> found;
  std::size_t step = p.empty() ? 1 : p.size();
  for (std::size_t i = t.find(p); i != std::u16string::npos && i <= t.size(); i = t.find(p, i + step)) {
    found.push_back(i);
    if (n > 0 && found.size() == static_cast<std::size_t>(n)) return static_cast<std::int64_t>(i);
  }
  if (n > 0) return std::int64_t{-1};
  auto back = static_cast<std::size_t>(-n);
  if (back > found.size()) return std::int64_t{-1};
  return static_cast<std::int64_t>(found[found.size() - back]);
}

// guid(format?): N, D (default), B, P or X, lowercase like .NET's Guid.ToString.
json::value guid(const CallEnv& env, Args a) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4 (RFC 4122 §4.4)
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  char d[40];
  std::snprintf(d, sizeof d, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  std::string s(d);
  std::string_view f = opt_string(env, a, 0, "format");
  if (f.empty() || f == "D" || f == "d") return str(s);
  if (f == "N" || f == "n") {
    std::string n;
    for (char c : s)
      if (c != '-') n += c;
    return str(n);
  }
  if (f == "B" || f == "b") return str("{" + s + "}");
  if (f == "P" || f == "p") return str("(" + s + ")");
  if (f == "X" || f == "x") {
    std::string h(s.begin(), s.end());
    auto part = [&](std::size_t pos, std::size_t len) { return "0x" + h.substr(pos, len); };
    std::string x = "{" + part(0, 8) + "," + part(9, 4) + "," + part(14, 4) + ",{";
    std::string rest = h.substr(19, 4) + h.substr(24);
    for (std::size_t i = 0; i < 16; i += 2) x += (i ? ",0x" : "0x") + rest.substr(i, 2);
    return str(x + "}}");
  }
  env.fail_arg(0, "format", "must be one of N, D, B, P or X");
}

json::value format_number_fn(const CallEnv& env, Args a) {
  double n = arg_number(env, a, 0, "number");
  auto fmt = arg_string(env, a, 1, "format");
  auto locale = opt_string(env, a, 2, "locale");
  auto r = format_number(*a[0], n, fmt, locale);
  if (!r) env.fail(r.error().message);
  return str(std::move(r).value());
}

}  // namespace

void register_string_functions(FunctionTable& t) {
  t.add({"concat", 1, -1, concat});
  t.add({"substring", 2, 3, substring});
  t.add({"slice", 2, 3, slice});
  t.add({"replace", 3, 3, replace});
  t.add({"split", 2, 2, split});
  t.add({"toLower", 1, 1, to_lower});
  t.add({"toUpper", 1, 1, to_upper});
  t.add({"trim", 1, 1, trim});
  t.add({"startsWith", 2, 2, starts_with});
  t.add({"endsWith", 2, 2, ends_with});
  t.add({"indexOf", 2, 2, index_of});
  t.add({"lastIndexOf", 2, 2, last_index_of});
  t.add({"nthIndexOf", 3, 3, nth_index_of});
  t.add({"guid", 0, 1, guid});
  t.add({"formatNumber", 2, 3, format_number_fn});
}

}  // namespace mailflow::wdl
