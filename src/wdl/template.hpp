// wdl::Template — one JSON string value of a workflow definition, parsed once and evaluated many
// times. "@expr" (whole string) yields the typed value; "text @{expr} more" and "@{expr}" yield a
// string; "@@" at the start escapes a literal '@', "@@{" anywhere is a literal "@{", any other '@'
// is literal. evaluate_json() evaluates every string of a JSON value, member by member.
// Errors: core::Error with Code::InvalidRequest, message naming the position (see error.hpp).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "wdl/ast.hpp"
#include "wdl/context.hpp"
#include "wdl/limits.hpp"

namespace mailflow::wdl {

class Template {
 public:
  static core::Result<Template> parse(std::string_view text, const Limits& limits = {});
  core::Result<boost::json::value> evaluate(const Context& ctx, const Limits& limits = {}) const;
  bool is_literal() const { return mode_ == Mode::Literal; }

 private:
  enum class Mode { Literal, Expression, Interpolation };
  struct Part {
    std::string text;  // literal text before expr
    NodePtr expr;      // may be null for trailing text
  };
  Mode mode_ = Mode::Literal;
  std::string literal_;
  NodePtr expr_;
  std::vector<Part> parts_;
};

// Parses and evaluates one template string.
core::Result<boost::json::value> evaluate_template(std::string_view text, const Context& ctx,
                                                   const Limits& limits = {});
// Evaluates every string inside a JSON value (objects and arrays member by member).
core::Result<boost::json::value> evaluate_json(const boost::json::value& v, const Context& ctx,
                                               const Limits& limits = {});

}  // namespace mailflow::wdl
