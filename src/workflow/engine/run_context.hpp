// RunContext: the wdl::Context of one run at one place in it (a frame, the action being
// evaluated) — what triggerBody(), body('A'), variables('v'), parameters('p'), items('Loop'),
// result('Scope'), workflow() and appsetting('X') read while an action's inputs are evaluated.
#pragma once

#include <boost/json/value.hpp>
#include <deque>
#include <memory>
#include <string>

#include "wdl/context.hpp"
#include "workflow/actions/variables.hpp"
#include "workflow/definition.hpp"
#include "workflow/engine/frame.hpp"
#include "workflow/engine/host.hpp"

namespace mailflow::workflow {

struct RunShared;  // run.hpp

class RunContext final : public wdl::Context {
 public:
  RunContext(const RunShared& run, std::shared_ptr<Frame> frame, std::string action = {});

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

 private:
  const RunShared& run_;
  std::shared_ptr<Frame> frame_;
  boost::json::value current_;
  // Values built on demand (appsetting, result); a deque keeps earlier ones where they are while
  // one expression asks for several.
  mutable std::deque<boost::json::value> scratch_;
};

}  // namespace mailflow::workflow
