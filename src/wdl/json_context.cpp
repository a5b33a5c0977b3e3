// JsonContext: the Context over one JSON document (see json_context.hpp).
#include "wdl/json_context.hpp"

#include <boost/json/parse.hpp>

namespace mailflow::wdl {
namespace json = boost::json;

JsonContext::JsonContext(json::value doc) : doc_(std::move(doc)) {}

core::Result<JsonContext> JsonContext::from_text(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return core::Error(core::Code::InvalidJson, "context is not valid JSON: " + ec.message());
  if (!v.is_object()) return core::Error(core::Code::InvalidJson, "context must be a JSON object");
  return JsonContext(std::move(v));
}

const json::value* JsonContext::section(std::string_view key) const {
  if (!doc_.is_object()) return nullptr;
  return doc_.get_object().if_contains(json::string_view(key.data(), key.size()));
}

const json::value* JsonContext::entry(std::string_view sec, std::string_view name) const {
  const json::value* s = section(sec);
  if (!s || !s->is_object()) return nullptr;
  return s->get_object().if_contains(json::string_view(name.data(), name.size()));
}

const json::value* JsonContext::trigger() const { return section("trigger"); }
const json::value* JsonContext::action(std::string_view name) const { return entry("actions", name); }
const json::value* JsonContext::current_action() const {
  const json::value* n = section("currentAction");
  if (!n || !n->is_string()) return nullptr;
  return action(std::string_view(n->get_string().data(), n->get_string().size()));
}
const json::value* JsonContext::variable(std::string_view name) const { return entry("variables", name); }
const json::value* JsonContext::parameter(std::string_view name) const { return entry("parameters", name); }
const json::value* JsonContext::appsetting(std::string_view name) const { return entry("appsettings", name); }
const json::value* JsonContext::loop_item(std::string_view loop) const { return entry("items", loop); }

const json::value* JsonContext::current_item() const {
  if (const json::value* v = section("item")) return v;
  const json::value* items = section("items");
  if (items && items->is_object() && items->get_object().size() == 1)
    return &items->get_object().begin()->value();
  return nullptr;
}

std::optional<std::int64_t> JsonContext::iteration_index(std::string_view loop) const {
  const json::value* v = entry("iterationIndexes", loop);
  if (v && v->is_int64()) return v->get_int64();
  return std::nullopt;
}

const json::value* JsonContext::workflow() const { return section("workflow"); }
const json::value* JsonContext::scope_result(std::string_view scope) const { return entry("results", scope); }

std::optional<std::string> JsonContext::callback_url() const {
  const json::value* v = section("callbackUrl");
  if (v && v->is_string()) return std::string(v->get_string());
  return std::nullopt;
}

std::chrono::system_clock::time_point JsonContext::now() const {
  return now_ ? *now_ : std::chrono::system_clock::now();
}

}  // namespace mailflow::wdl
