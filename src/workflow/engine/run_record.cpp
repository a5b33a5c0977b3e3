// RunExecutor: what it writes — each action's record, the run's end — with secure values hidden;
// and the If/Until condition, which Azure writes either as an expression or as a condition
// object ({"and": [{"equals": [a, b]}]}).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "wdl/template.hpp"
#include "workflow/engine/run.hpp"

namespace mailflow::workflow {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;

namespace {
void hide(json::value& v, const std::vector<std::string>& secrets) {
  if (v.is_string()) {
    std::string s(v.as_string());
    bool changed = false;
    for (const auto& secret : secrets) {
      for (auto pos = s.find(secret); !secret.empty() && pos != std::string::npos; pos = s.find(secret, pos)) {
        s.replace(pos, secret.size(), "***");
        changed = true;
      }
    }
    if (changed) v = json::string(s);
  } else if (v.is_array()) {
    for (auto& x : v.as_array()) hide(x, secrets);
  } else if (v.is_object()) {
    for (auto& [k, x] : v.as_object()) hide(x, secrets);
  }
}

// The condition object's form as one expression: each operand is its evaluated JSON value,
// passed back through json('...'), so any operator wdl knows works the same way.
std::string quote_json(const json::value& v) {
  std::string text = json::serialize(v), out = "json('";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "')";
}
}  // namespace

json::value RunExecutor::redact(json::value v) const {
  if (!shared_.secrets.empty()) hide(v, shared_.secrets);
  return v;
}

awaitable<void> RunExecutor::save(const Action& a, const Frame& frame, Status status, std::int64_t start_ms,
                                  std::int64_t end_ms, json::value record, bool with_variables) {
  if (options_.metrics && status != Status::Running)
    options_.metrics->inc("mailflow_workflow_actions_total",
                          {{"workflow", shared_.record.workflow}, {"type", std::string(name(a.type))},
                           {"status", std::string(status_name(status))}});
  store::ActionRow row{shared_.record.id, frame.prefix + a.name, a.name, std::string(status_name(status)),
                       start_ms, end_ms, json::serialize(record)};
  std::optional<std::string> vars;
  if (with_variables) vars = json::serialize(shared_.variables.to_json());
  auto op = offload(blocking_, [this, row, vars] { return store_.save_action(row, vars); });
  auto s = co_await std::move(op);
  if (!s)
    spdlog::error("workflow run {}: the record of action {} could not be saved: {}", shared_.record.id, row.key,
                  s.error().message);
}

awaitable<void> RunExecutor::finish(Status status) {
  auto& r = shared_.record;
  r.status = std::string(status_name(status));
  r.end_ms = core::now_ms();
  if (terminated_ && !terminate_error_.is_null()) r.error_json = json::serialize(terminate_error_);
  else if (status == Status::Failed)
    r.error_json = json::serialize(json::object{{"code", "ActionFailed"},
                                                {"message", "An action failed. No dependent actions succeeded."}});
  r.variables_json = json::serialize(redact(shared_.variables.to_json()));
  if (response_) r.response_json = json::serialize(redact(*response_));
  store::RunRecord copy = r;
  auto op = offload(blocking_, [this, copy] { return store_.update_run(copy); });
  auto s = co_await std::move(op);
  if (!s) spdlog::error("workflow run {}: its end could not be saved: {}", r.id, s.error().message);
  if (options_.metrics) {
    options_.metrics->inc("mailflow_workflow_runs_total", {{"workflow", r.workflow}, {"status", r.status}});
    options_.metrics->observe("mailflow_workflow_run_duration_seconds", {{"workflow", r.workflow}},
                              static_cast<double>(r.end_ms - r.start_ms) / 1000.0);
  }
  finished_.store(true, std::memory_order_release);
}

core::Result<bool> RunExecutor::condition(const json::value& expression, std::shared_ptr<Frame> frame,
                                          const std::string& action) {
  if (expression.is_object() && expression.as_object().size() == 1) {
    const auto& [op, args] = *expression.as_object().begin();
    std::string name(op);
    if ((name == "and" || name == "or") && args.is_array()) {
      for (const auto& x : args.as_array()) {
        auto r = condition(x, frame, action);
        if (!r) return r;
        if (*r == (name == "or")) return *r;
      }
      return name == "and";
    }
    if (name == "not") {
      auto r = condition(args, frame, action);
      if (!r) return r;
      return !*r;
    }
    auto evaluated = evaluate(args.is_array() ? args : json::value(json::array{args}), frame, action);
    if (!evaluated) return std::move(evaluated).error();
    std::string call = "@" + name + "(";
    bool first = true;
    for (const auto& x : evaluated->as_array()) {
      call += (first ? "" : ", ") + quote_json(x);
      first = false;
    }
    auto r = evaluate(json::string(call + ")"), frame, action);
    if (!r) return std::move(r).error();
    if (!r->is_bool()) return core::Error(core::Code::InvalidRequest, "the condition '" + name + "' is not true or false");
    return r->as_bool();
  }
  auto r = evaluate(expression, frame, action);
  if (!r) return std::move(r).error();
  if (!r->is_bool())
    return core::Error(core::Code::InvalidRequest, "the expression of action '" + action +
                                                       "' must evaluate to true or false, not " + json::serialize(*r));
  return r->as_bool();
}

}  // namespace mailflow::workflow
