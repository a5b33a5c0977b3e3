// Template parsing (whole-string expression vs. interpolation) and evaluation (see template.hpp).
#include "wdl/template.hpp"

#include <exception>

#include "wdl/error.hpp"
#include "wdl/evaluator.hpp"
#include "wdl/parser.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;

core::Result<Template> Template::parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_template_bytes)
    return core::Error(core::Code::InvalidRequest,
                       "template is " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(limits.max_template_bytes));
  Template t;
  try {
    if (text.size() >= 2 && text[0] == '@' && text[1] == '@') {
      t.literal_ = std::string(text.substr(1));
      return t;
    }
    if (!text.empty() && text[0] == '@' && (text.size() < 2 || text[1] != '{')) {
      t.mode_ = Mode::Expression;
      t.expr_ = parse_expression(text, 1, Tok::End, limits).expr;
      return t;
    }
    std::string pending;
    std::size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c == '@' && text.compare(i, 3, "@@{") == 0) {
        pending += "@{";
        i += 3;
      } else if (c == '@' && i + 1 < text.size() && text[i + 1] == '{') {
        auto r = parse_expression(text, i + 2, Tok::RBrace, limits);
        t.parts_.push_back(Part{std::move(pending), std::move(r.expr)});
        pending.clear();
        i = r.end;
      } else {
        pending += c;
        ++i;
      }
    }
    if (t.parts_.empty()) {
      t.literal_ = std::move(pending);
      return t;
    }
    if (!pending.empty()) t.parts_.push_back(Part{std::move(pending), nullptr});
    t.mode_ = Mode::Interpolation;
    return t;
  } catch (const Failure& f) {
    return to_error(f);
  }
}

core::Result<json::value> Template::evaluate(const Context& ctx, const Limits& limits) const {
  try {
    switch (mode_) {
      case Mode::Literal: return json::value(json::string(literal_));
      case Mode::Expression: return evaluate_node(*expr_, ctx, limits);
      case Mode::Interpolation: break;
    }
    std::string out;
    for (const auto& p : parts_) {
      out += p.text;
      if (p.expr) append_text(out, evaluate_node(*p.expr, ctx, limits));
      if (out.size() > limits.max_string_bytes)
        fail(0, "interpolated string over the limit of " + std::to_string(limits.max_string_bytes) + " bytes");
    }
    return json::value(json::string(out));
  } catch (const Failure& f) {
    return to_error(f);
  } catch (const std::exception& e) {
    // boost::json or the standard library refused something (e.g. out of memory): report, not crash.
    return core::Error(core::Code::InvalidRequest, std::string("expression evaluation failed: ") + e.what());
  }
}

core::Result<json::value> evaluate_template(std::string_view text, const Context& ctx,
                                            const Limits& limits) {
  auto t = Template::parse(text, limits);
  if (!t) return std::move(t).error();
  return t->evaluate(ctx, limits);
}

namespace {
// "Body" + "[1].Name" → "Body[1].Name": the JSON path of the member that failed.
core::Error in_member(core::Error e, const std::string& step) {
  std::string inner = e.field;
  std::string joined = step + (inner.empty() || inner[0] == '[' ? inner : "." + inner);
  return std::move(e).with_field(std::move(joined));
}
}  // namespace

core::Result<json::value> evaluate_json(const json::value& v, const Context& ctx, const Limits& limits) {
  switch (v.kind()) {
    case json::kind::string:
      return evaluate_template(std::string_view(v.get_string().data(), v.get_string().size()), ctx, limits);
    case json::kind::array: {
      json::array out;
      for (std::size_t i = 0; i < v.get_array().size(); ++i) {
        auto r = evaluate_json(v.get_array()[i], ctx, limits);
        if (!r) return in_member(std::move(r).error(), "[" + std::to_string(i) + "]");
        out.push_back(std::move(r).value());
      }
      return json::value(std::move(out));
    }
    case json::kind::object: {
      json::object out;
      for (const auto& kv : v.get_object()) {
        auto r = evaluate_json(kv.value(), ctx, limits);
        if (!r) return in_member(std::move(r).error(), std::string(kv.key()));
        out[kv.key()] = std::move(r).value();
      }
      return json::value(std::move(out));
    }
    default: return v;
  }
}

}  // namespace mailflow::wdl
