// wdl::Context — what the workflow functions (triggerBody(), body(), variables(), items(), ...)
// read. The workflow engine implements it over a live run; JsonContext (json_context.hpp) is the
// JSON-backed implementation used by `mailflow eval` and the tests. Accessors return a pointer to
// a value the context owns (nullptr = not present), so evaluation copies nothing it only reads.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string_view>

namespace mailflow::wdl {

class Context {
 public:
  virtual ~Context() = default;
  // The trigger's result: {"outputs": {"headers": {...}, "body": ...}, ...}.
  virtual const boost::json::value* trigger() const = 0;
  // An action's result: {"status": "...", "inputs": ..., "outputs": {"statusCode", "headers", "body"}}.
  virtual const boost::json::value* action(std::string_view name) const = 0;
  // The action whose inputs are being evaluated (action()); nullptr outside an action.
  virtual const boost::json::value* current_action() const = 0;
  virtual const boost::json::value* variable(std::string_view name) const = 0;
  virtual const boost::json::value* parameter(std::string_view name) const = 0;
  virtual const boost::json::value* appsetting(std::string_view name) const = 0;
  // items('Loop'): the current item of the named For each; item(): of the innermost one.
  virtual const boost::json::value* loop_item(std::string_view loop) const = 0;
  virtual const boost::json::value* current_item() const = 0;
  virtual std::optional<std::int64_t> iteration_index(std::string_view loop) const = 0;
  // workflow(): {"id", "name", "type", "run": {"id", "name", "type"}, ...}.
  virtual const boost::json::value* workflow() const = 0;
  // result('Scope'): the array of results of the actions inside a scope.
  virtual const boost::json::value* scope_result(std::string_view scope) const = 0;
  // listCallbackUrl(): the callback URL of the current request trigger.
  virtual std::optional<std::string> callback_url() const = 0;
  // utcNow() and friends; a fixed instant makes evaluation reproducible.
  virtual std::chrono::system_clock::time_point now() const { return std::chrono::system_clock::now(); }
};

}  // namespace mailflow::wdl
