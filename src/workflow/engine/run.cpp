// RunExecutor: scopes and containers. Everything of one run executes on its strand, so the run's
// state (ScopeStates, frames, variables) needs no locks.
#include "workflow/engine/run.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include "core/clock.hpp"
#include "workflow/duration.hpp"
#include "workflow/run_state.hpp"

namespace mailflow::workflow {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;

// Children report here; the scope's loop waits on `wake` until one has.
struct RunExecutor::Pending {
  explicit Pending(asio::any_io_executor ex) : wake(ex) {}
  asio::steady_timer wake;
  std::vector<std::pair<std::string, Status>> done;
  int running = 0;
  void report(std::string name, Status s) {
    done.emplace_back(std::move(name), s);
    --running;
    wake.cancel();
  }
  awaitable<void> wait() {
    if (!done.empty()) co_return;
    wake.expires_at(asio::steady_timer::time_point::max());
    boost::system::error_code ec;
    co_await wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
};

RunExecutor::RunExecutor(asio::any_io_executor ex, store::WorkflowStore& store, asio::thread_pool& blocking,
                         RunShared shared, RunOptions options, std::vector<store::ActionRow> previous)
    : strand_(asio::make_strand(ex)), store_(store), blocking_(blocking), shared_(std::move(shared)),
      options_(std::move(options)) {
  for (auto& row : previous) previous_.emplace(row.key, std::move(row));
}

awaitable<void> RunExecutor::run() {
  auto top = std::make_shared<Frame>();
  auto op = run_scope(shared_.body->definition.actions, top);
  Status s = co_await std::move(op);
  co_await finish(terminated_.value_or(s));
}

awaitable<Status> RunExecutor::run_scope(const Actions& scope, std::shared_ptr<Frame> frame) {
  ScopeState st(scope);
  restore(st, scope, *frame);
  auto p = std::make_shared<Pending>(strand_);
  for (;;) {
    if (terminated_ && !st.terminated()) st.terminate(*terminated_);
    for (const auto& name : st.ready()) {
      const Action* a = find_action(scope, name);
      ++p->running;
      asio::co_spawn(strand_, run_child(a, frame, p), asio::detached);
    }
    if (st.done()) break;
    co_await p->wait();
    auto done = std::move(p->done);
    p->done.clear();
    for (auto& [name, status] : done) {
      auto skipped = st.complete(name, status);
      if (!skipped) continue;  // a bug of ours; the scope still ends
      for (const auto& s : *skipped) {
        const Action* a = find_action(scope, s);
        const auto now = core::now_ms();
        json::object rec{{"status", "Skipped"}, {"code", "ActionSkipped"},
                         {"error", json::object{{"code", "ActionConditionFailed"},
                                                {"message", "The execution of template action '" + s +
                                                                "' is skipped: its runAfter condition was not met."}}}};
        frame->results[s] = json::object{{"name", s}, {"status", "Skipped"}};
        co_await save(*a, *frame, Status::Skipped, now, now, std::move(rec), false);
      }
    }
  }
  co_return st.status();
}

awaitable<void> RunExecutor::run_child(const Action* a, std::shared_ptr<Frame> frame, std::shared_ptr<Pending> p) {
  auto op = run_action(*a, frame);
  Status s = co_await std::move(op);
  p->report(a->name, s);
}

// Finished actions of an interrupted run: their results back in the frame, their statuses in the
// scope, so they do not run again.
void RunExecutor::restore(ScopeState& st, const Actions& scope, Frame& frame) {
  for (const auto& a : scope) {
    auto it = previous_.find(frame.prefix + a.name);
    if (it == previous_.end()) continue;
    auto status = parse_status(it->second.status);
    if (!status || !is_terminal(*status)) continue;
    boost::system::error_code ec;
    json::value rec = json::parse(it->second.record_json, ec);
    if (ec) continue;
    if (rec.is_object()) rec.as_object()["name"] = a.name;
    frame.results[a.name] = std::move(rec);
    (void)st.complete(a.name, *status);
  }
}

awaitable<ActionResult> RunExecutor::run_container(const Action& a, std::shared_ptr<Frame> frame) {
  ActionResult r;
  switch (a.type) {
    case ActionType::Scope: {
      auto op = run_scope(a.actions, frame);
      r.status = co_await std::move(op);
      break;
    }
    case ActionType::If: {
      auto yes = condition(a.expression, frame, a.name);
      if (!yes) co_return ActionResult::failed("InvalidTemplate", yes.error().message);
      r.inputs = json::object{{"expressionResult", *yes}};
      co_await skip_branch(*yes ? a.else_actions : a.actions, *frame);
      auto op = run_scope(*yes ? a.actions : a.else_actions, frame);
      r.status = co_await std::move(op);
      break;
    }
    case ActionType::Switch: {
      auto v = evaluate(a.expression, frame, a.name);
      if (!v) co_return ActionResult::failed("InvalidTemplate", v.error().message);
      const Actions* branch = &a.default_actions;
      for (const auto& c : a.cases)
        if (c.value == *v) branch = &c.actions;
      r.inputs = json::object{{"expressionResult", *v}};
      for (const auto& c : a.cases)
        if (&c.actions != branch) co_await skip_branch(c.actions, *frame);
      if (&a.default_actions != branch) co_await skip_branch(a.default_actions, *frame);
      auto op = run_scope(*branch, frame);
      r.status = co_await std::move(op);
      break;
    }
    case ActionType::Foreach: {
      auto op = run_foreach(a, frame);
      co_return co_await std::move(op);
    }
    case ActionType::Until: {
      auto op = run_until(a, frame);
      co_return co_await std::move(op);
    }
    default:
      co_return ActionResult::failed("InternalError", "not a container");
  }
  if (r.status == Status::Failed)
    r.error = ActionError{"ActionFailed", "An action failed. No dependent actions succeeded."};
  co_return r;
}

// The actions of a branch that was not taken are Skipped in history, as Azure shows them.
awaitable<void> RunExecutor::skip_branch(const Actions& branch, const Frame& frame) {
  std::vector<const Action*> all;
  for_each_action(branch, [&](const Action& x) { all.push_back(&x); });
  for (const Action* x : all) {
    if (previous_.contains(frame.prefix + x->name)) continue;  // resumed: already recorded
    const auto now = core::now_ms();
    json::object rec{{"status", "Skipped"}, {"code", "ActionBranchingConditionNotSatisfied"},
                      {"error", json::object{{"code", "ActionBranchingConditionNotSatisfied"},
                                             {"message", "The execution of template action '" + x->name +
                                                             "' is skipped: the branching condition was not met."}}}};
    co_await save(*x, frame, Status::Skipped, now, now, std::move(rec), false);
  }
}

awaitable<ActionResult> RunExecutor::run_foreach(const Action& a, std::shared_ptr<Frame> frame) {
  auto items = evaluate(json::string(a.foreach.value_or("")), frame, a.name);
  if (!items) co_return ActionResult::failed("InvalidTemplate", items.error().message);
  if (!items->is_array())
    co_return ActionResult::failed("InvalidTemplate",
                                   "The 'foreach' of action '" + a.name + "' must evaluate to an array; it is " +
                                       std::string(items->is_null() ? "null" : items->is_object() ? "an object" : "a single value") + ".");
  auto& arr = items->as_array();
  if (arr.size() > options_.foreach_max_items)
    co_return ActionResult::failed("InvalidTemplate", "The 'foreach' of action '" + a.name + "' has " +
                                                          std::to_string(arr.size()) + " items; the limit is " +
                                                          std::to_string(options_.foreach_max_items) + ".");
  const int width = a.sequential() ? 1 : static_cast<int>(a.repetitions.value_or(options_.foreach_concurrency));
  auto p = std::make_shared<Pending>(strand_);
  std::vector<Status> statuses;
  std::size_t next = 0;
  while (next < arr.size() || p->running > 0) {
    while (next < arr.size() && p->running < width && !terminated_) {
      auto child = child_frame(frame, a.name, static_cast<std::int64_t>(next), arr[next]);
      ++p->running;
      ++next;
      asio::co_spawn(strand_, run_iteration(&a, child, p), asio::detached);
    }
    if (p->running == 0) break;  // terminated: nothing more starts
    co_await p->wait();
    for (auto& [_, s] : p->done) statuses.push_back(s);
    p->done.clear();
  }
  ActionResult r;
  r.status = iterations_status(statuses);
  r.outputs = json::object{{"iterations", statuses.size()}};
  if (r.status == Status::Failed)
    r.error = ActionError{"ActionFailed", "An action failed. No dependent actions succeeded."};
  co_return r;
}

awaitable<void> RunExecutor::run_iteration(const Action* a, std::shared_ptr<Frame> frame, std::shared_ptr<Pending> p) {
  auto op = run_scope(a->actions, frame);
  Status s = co_await std::move(op);
  p->report(a->name, s);
}

awaitable<ActionResult> RunExecutor::run_until(const Action& a, std::shared_ptr<Frame> frame) {
  const std::int64_t count = a.limit_count.value_or(options_.until_count);
  auto timeout = options_.until_timeout;
  if (a.timeout)
    if (auto d = parse_duration(*a.timeout)) timeout = *d;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<Status> statuses;
  for (std::int64_t i = 0;; ++i) {
    auto child = child_frame(frame, a.name, i, std::nullopt);
    auto op = run_scope(a.actions, child);
    statuses.push_back(co_await std::move(op));
    // The loop's own condition sees the pass's results.
    auto done = condition(a.expression, child, a.name);
    if (!done) co_return ActionResult::failed("InvalidTemplate", done.error().message);
    ActionResult r;
    r.outputs = json::object{{"iterations", i + 1}};
    if (*done || terminated_) {
      r.status = iterations_status(statuses);
    } else if (i + 1 >= count) {
      // Azure ends a loop that reaches its count quietly; the record says so.
      r.status = iterations_status(statuses);
      r.outputs.as_object()["limitReached"] = "count";
    } else if (std::chrono::steady_clock::now() >= deadline) {
      r.status = Status::TimedOut;
      r.error = ActionError{"ActionTimedOut", "The 'until' loop '" + a.name + "' did not end within its limit.timeout."};
    } else {
      continue;
    }
    if (r.status == Status::Failed && !r.error)
      r.error = ActionError{"ActionFailed", "An action failed. No dependent actions succeeded."};
    co_return r;
  }
}

}  // namespace mailflow::workflow
