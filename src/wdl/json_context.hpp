// JsonContext — a Context read from one JSON document, for `mailflow eval` and the tests:
// {"trigger": {"outputs": {"headers": {}, "body": ...}}, "actions": {"Name": {"status", "outputs"}},
//  "variables": {...}, "parameters": {...}, "appsettings": {...}, "items": {"Loop": item},
//  "item": current item (default: the only entry of "items"), "iterationIndexes": {"Loop": n},
//  "workflow": {...}, "results": {"Scope": [...]}, "callbackUrl": "...", "currentAction": "Name"}.
#pragma once

#include <boost/json/value.hpp>
#include <optional>

#include "core/error.hpp"
#include "wdl/context.hpp"

namespace mailflow::wdl {

class JsonContext final : public Context {
 public:
  JsonContext() = default;
  explicit JsonContext(boost::json::value doc);
  // Parses the JSON text; the error names what is wrong with it.
  static core::Result<JsonContext> from_text(std::string_view text);

  void set_now(std::chrono::system_clock::time_point t) { now_ = t; }

  const boost::json::value* trigger() const override;
  const boost::json::value* action(std::string_view name) const override;
  const boost::json::value* current_action() const override;
  const boost::json::value* variable(std::string_view name) const override;
  const boost::json::value* parameter(std::string_view name) const override;
  const boost::json::value* appsetting(std::string_view name) const override;
  const boost::json::value* loop_item(std::string_view loop) const override;
  const boost::json::value* current_item() const override;
  std::optional<std::int64_t> iteration_index(std::string_view loop) const override;
  const boost::json::value* workflow() const override;
  const boost::json::value* scope_result(std::string_view scope) const override;
  std::optional<std::string> callback_url() const override;
  std::chrono::system_clock::time_point now() const override;

 private:
  const boost::json::value* section(std::string_view key) const;
  const boost::json::value* entry(std::string_view section, std::string_view name) const;
  boost::json::value doc_;
  std::optional<std::chrono::system_clock::time_point> now_;
};

}  // namespace mailflow::wdl
