// Parse JSON: parse the content when it is text, validate it against the schema (parse_json.hpp).
#include "workflow/actions/parse_json.hpp"

#include <boost/json.hpp>

#include "workflow/actions/inputs.hpp"
#include "workflow/actions/json_schema.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

namespace {

constexpr std::size_t kErrorsInMessage = 10;  // the outputs carry them all

struct Parsed {
  json::value value;
  std::string problem;  // empty when parsed
};

Parsed parse_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return {nullptr, "it is empty"};
  json::parser p;
  json::error_code ec;
  std::size_t used = p.write(text.data(), text.size(), ec);
  if (ec) return {nullptr, ec.message() + " at character " + std::to_string(used + 1)};
  return {p.release(), {}};
}

std::string preview(std::string_view text) {
  constexpr std::size_t kMax = 100;
  return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

ActionResult validation_failed(const std::vector<SchemaError>& errors, const json::value& inputs) {
  std::string msg = "The schema validation failed.";
  json::array out;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const auto& e = errors[i];
    if (i < kErrorsInMessage)
      msg += " " + (e.path.empty() ? std::string("(root)") : e.path) + ": " + e.message;
    out.push_back(json::object{{"message", e.message},
                               {"path", e.path},
                               {"schemaId", e.schema_id},
                               {"errorType", e.error_type},
                               {"childErrors", json::array{}}});
  }
  if (errors.size() > kErrorsInMessage)
    msg += " (and " + std::to_string(errors.size() - kErrorsInMessage) + " more)";
  ActionResult r = ActionResult::failed("ValidationFailed", std::move(msg), inputs);
  r.outputs = json::object{{"errors", std::move(out)}};
  return r;
}

}  // namespace

ActionResult parse_json(const json::value& inputs) {
  const json::value* content = detail::input(inputs, "content");
  if (!content) return detail::wrong_input("ParseJson", "content", "present", nullptr, inputs);
  json::value body = *content;
  if (content->is_string()) {
    std::string_view text = content->get_string();
    Parsed p = parse_text(text);
    if (!p.problem.empty())
      return ActionResult::failed(
          "InvalidJSON",
          "The content is not valid JSON: " + p.problem +
              ". The 'content' property of actions "
              "of type 'ParseJson' must be valid JSON; the provided value '" +
              preview(text) + "' cannot be parsed.",
          inputs);
    body = std::move(p.value);
  }
  json::value schema = nullptr;
  if (const json::value* s = detail::input(inputs, "schema")) schema = *s;
  if (schema.is_string()) {
    Parsed p = parse_text(schema.get_string());
    if (!p.problem.empty() || !p.value.is_object())
      return detail::wrong_input("ParseJson", "schema", "a JSON schema object", &schema, inputs);
    schema = std::move(p.value);
  }
  if (!schema.is_null() && !schema.is_object())
    return detail::wrong_input("ParseJson", "schema", "a JSON schema object", &schema, inputs);
  auto errors = validate_schema(body, schema);
  if (!errors.empty()) return validation_failed(errors, inputs);
  return detail::succeeded(inputs, json::object{{"body", std::move(body)}});
}

}  // namespace mailflow::workflow::actions
