// Response: check and normalize the answer, and render it for the HTTP layer (response.hpp).
#include "workflow/actions/response.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <optional>

#include "wdl/codec.hpp"
#include "wdl/value.hpp"
#include "workflow/actions/inputs.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;

namespace {

std::optional<int> status_code(const json::value* v) {
  if (!v || v->is_null()) return 200;  // Azure's default
  long long n = -1;
  if (wdl::is_integer(*v)) {
    n = wdl::integer_of(*v);
  } else if (v->is_double() && std::trunc(v->get_double()) == v->get_double() &&
             std::abs(v->get_double()) < 1e6) {
    n = static_cast<long long>(v->get_double());
  } else if (v->is_string()) {
    std::string_view s = v->get_string();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  }
  if (n < 100 || n > 599) return std::nullopt;
  return static_cast<int>(n);
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

ActionResult response(const json::value& inputs) {
  const json::value* code = detail::input(inputs, "statusCode");
  auto status = status_code(code);
  if (!status)
    return ActionResult::failed(std::string(detail::kInvalidTemplate),
                                "The Response action's status code " +
                                    (code ? detail::quoted(wdl::to_text(*code)) : "") +
                                    " is not valid: it must be an integer from 100 to 599.",
                                inputs);
  const json::value* headers = detail::input(inputs, "headers");
  if (headers && !headers->is_null() && !headers->is_object())
    return detail::wrong_input("Response", "headers", "an object", headers, inputs);
  json::object out_headers;
  if (headers && headers->is_object()) {
    for (const auto& kv : headers->get_object()) {
      std::string value = wdl::to_text(kv.value());
      if (kv.key().empty() || has_line_break(kv.key()) || has_line_break(value))
        return ActionResult::failed(std::string(detail::kInvalidTemplate),
                                    "The Response action's header " + detail::quoted(kv.key()) +
                                        " is not valid: a header name must not be empty and "
                                        "neither name nor value may contain a line break.",
                                    inputs);
      out_headers[kv.key()] = value;
    }
  }
  const json::value* body = detail::input(inputs, "body");
  return detail::succeeded(inputs, json::object{{"statusCode", *status},
                                                {"headers", std::move(out_headers)},
                                                {"body", body ? *body : json::value(nullptr)}});
}

HttpAnswer http_answer(const json::value& outputs) {
  HttpAnswer a;
  if (const json::value* s = detail::input(outputs, "statusCode"); s && wdl::is_integer(*s))
    a.status = static_cast<int>(wdl::integer_of(*s));
  std::string given_type;
  if (const json::value* h = detail::input(outputs, "headers"); h && h->is_object()) {
    for (const auto& kv : h->get_object()) {
      std::string value = wdl::to_text(kv.value());
      if (iequals(kv.key(), "Content-Type"))
        given_type = std::move(value);
      else
        a.headers.emplace_back(std::string(kv.key()), std::move(value));
    }
  }
  const json::value* body = detail::input(outputs, "body");
  if (!body || body->is_null()) {
    a.content_type = given_type;
    return a;
  }
  if (auto bytes = wdl::binary_bytes(*body)) {
    a.body = std::move(*bytes);
    const json::value* t = detail::input(*body, "$content-type");
    a.content_type =
        t && t->is_string() ? std::string(t->get_string()) : "application/octet-stream";
  } else if (body->is_string()) {
    a.body = std::string(body->get_string());
    a.content_type = "text/plain; charset=utf-8";
  } else {
    a.body = wdl::to_json_text(*body);
    a.content_type = "application/json; charset=utf-8";
  }
  if (!given_type.empty()) a.content_type = std::move(given_type);
  return a;
}

}  // namespace mailflow::workflow::actions
