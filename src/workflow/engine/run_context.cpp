#include "workflow/engine/run_context.hpp"

#include "workflow/engine/run.hpp"

namespace mailflow::workflow {
namespace json = boost::json;

RunContext::RunContext(const RunShared& run, std::shared_ptr<Frame> frame, std::string action)
    : run_(run), frame_(std::move(frame)) {
  if (!action.empty()) current_ = json::object{{"name", action}};
}

const json::value* RunContext::trigger() const { return &run_.trigger; }

const json::value* RunContext::action(std::string_view name) const { return frame_->result(name); }

const json::value* RunContext::current_action() const { return current_.is_null() ? nullptr : &current_; }

const json::value* RunContext::variable(std::string_view name) const { return run_.variables.get(name); }

const json::value* RunContext::parameter(std::string_view name) const {
  auto it = run_.parameters.find(name);
  return it == run_.parameters.end() ? nullptr : &it->value();
}

const json::value* RunContext::appsetting(std::string_view name) const {
  auto v = run_.host ? run_.host->appsetting(name) : std::nullopt;
  if (!v) return nullptr;
  return &scratch_.emplace_back(json::string(*v));
}

const json::value* RunContext::loop_item(std::string_view loop) const {
  for (const Frame* f = frame_.get(); f; f = f->parent.get())
    if (f->loop == loop && f->item) return &*f->item;
  return nullptr;
}

const json::value* RunContext::current_item() const {
  for (const Frame* f = frame_.get(); f; f = f->parent.get())
    if (f->item) return &*f->item;
  return nullptr;
}

std::optional<std::int64_t> RunContext::iteration_index(std::string_view loop) const {
  for (const Frame* f = frame_.get(); f; f = f->parent.get())
    if (f->loop == loop) return f->index;
  return std::nullopt;
}

const json::value* RunContext::workflow() const { return &run_.workflow_info; }

// result('Scope'): the results of the actions directly inside it (For each: of its last pass).
const json::value* RunContext::scope_result(std::string_view scope) const {
  const Action* a = find_action(run_.body->definition.actions, scope);
  if (!a) return nullptr;
  json::array out;
  for (const Actions* children : child_scopes(*a))
    for (const auto& child : *children)
      if (const json::value* r = frame_->result(child.name)) out.push_back(*r);
  return &scratch_.emplace_back(std::move(out));
}

std::optional<std::string> RunContext::callback_url() const { return run_.callback_url; }

}  // namespace mailflow::workflow
