// Test helpers: evaluate a template against a JSON context and compare with expected JSON text.
#pragma once

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>
#include <string>

#include "wdl/json_context.hpp"
#include "wdl/template.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl::test {

inline JsonContext context(std::string_view json_text = "{}") {
  auto c = JsonContext::from_text(json_text);
  EXPECT_TRUE(c.ok());
  return std::move(c).value();
}

// "@expr" → the JSON text of the result, or "ERROR: message".
inline std::string run(std::string_view tmpl, const Context& ctx) {
  auto r = evaluate_template(tmpl, ctx);
  if (!r) return "ERROR: " + r.error().message;
  return to_json_text(*r);
}
inline std::string run(std::string_view tmpl) {
  static const JsonContext empty = context();
  return run(tmpl, empty);
}

struct Case {
  const char* expr;      // a template, e.g. "@concat('a', 'b')"
  const char* expected;  // JSON text of the result
};

inline void check_table(std::initializer_list<Case> cases, const Context& ctx) {
  for (const auto& c : cases) EXPECT_EQ(run(c.expr, ctx), c.expected) << c.expr;
}
inline void check_table(std::initializer_list<Case> cases) {
  static const JsonContext empty = context();
  check_table(cases, empty);
}

// The error message of a template that must fail, "" if it did not.
inline std::string error_of(std::string_view tmpl, const Context& ctx) {
  auto r = evaluate_template(tmpl, ctx);
  return r ? std::string() : r.error().message;
}
inline std::string error_of(std::string_view tmpl) {
  static const JsonContext empty = context();
  return error_of(tmpl, empty);
}

}  // namespace mailflow::wdl::test
