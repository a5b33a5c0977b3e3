// RunExecutor: runs one workflow run to its end — the trigger's outputs in, every action run by
// the runAfter rules (workflow::ScopeState), independent branches in parallel on the run's strand,
// containers (If, Switch, Foreach, Until, Scope) as nested scopes, each action's retry policy and
// timeout applied — and persists each action's record as it finishes. A run interrupted by a
// crash is resumed from those records: finished actions are not run again, the rest are; a mail
// action repeated this way carries the same idempotency key, so the mail is not sent twice.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "store/workflow_store.hpp"
#include "workflow/action_result.hpp"
#include "workflow/actions/variables.hpp"
#include "workflow/definition.hpp"
#include "workflow/engine/frame.hpp"
#include "workflow/engine/host.hpp"
#include "workflow/http/http_options.hpp"
#include "workflow/status.hpp"

namespace mailflow::workflow {

struct RunOptions {
  int foreach_concurrency = 20;               // default parallel iterations (Azure: 20)
  std::size_t foreach_max_items = 100000;     // a longer array fails the Foreach
  int until_count = 60;                       // Until's default limit.count (Azure: 60)
  std::chrono::milliseconds until_timeout{std::chrono::hours(1)};  // default limit.timeout
  double retry_delay_scale = 1.0;             // < 1 shortens retry waits (tests only)
  http::HttpOptions http;
  // Where Http actions block on libcurl: not the store's pool, so a slow endpoint cannot starve
  // the database. Set by the Engine (it owns the pool); null = the store's pool.
  boost::asio::thread_pool* http_pool = nullptr;
  core::Metrics* metrics = nullptr;  // runs and actions by status, when set
};

// What the run's expressions read; shared by the executor and RunContext.
struct RunShared {
  store::RunRecord record;
  std::shared_ptr<const WorkflowBody> body;
  boost::json::object parameters;                   // name → value
  boost::json::value trigger;                       // {"name", "status", "outputs": {...}}
  boost::json::value workflow_info;                 // what workflow() answers
  std::map<std::string, std::string> connections;   // action name → mailflow connection
  std::optional<std::string> callback_url;
  std::vector<std::string> secrets;                 // values never written to history
  actions::Variables variables;
  Host* host = nullptr;
};

class RunExecutor : public std::enable_shared_from_this<RunExecutor> {
 public:
  RunExecutor(boost::asio::any_io_executor ex, store::WorkflowStore& store, boost::asio::thread_pool& blocking,
              RunShared shared, RunOptions options, std::vector<store::ActionRow> previous);

  // Runs to the end. Start it with co_spawn on strand(): every coroutine of the run stays there.
  boost::asio::awaitable<void> run();
  boost::asio::strand<boost::asio::any_io_executor>& strand() { return strand_; }

  // Safe from any thread. For a Request trigger's caller: the Response action's answer
  // ({statusCode, headers, body}) once has_response(); the run's end once finished().
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  bool has_response() const { return has_response_.load(std::memory_order_acquire); }
  const boost::json::value& response() const { return *response_; }
  const std::string& id() const { return shared_.record.id; }
  const RunShared& shared() const { return shared_; }  // read-only; on the strand, or before run()

 private:
  struct Pending;
  boost::asio::awaitable<Status> run_scope(const Actions& scope, std::shared_ptr<Frame> frame);
  boost::asio::awaitable<void> run_child(const Action* a, std::shared_ptr<Frame> frame, std::shared_ptr<Pending> p);
  boost::asio::awaitable<Status> run_action(const Action& a, std::shared_ptr<Frame> frame);
  boost::asio::awaitable<ActionResult> run_container(const Action& a, std::shared_ptr<Frame> frame);
  boost::asio::awaitable<void> skip_branch(const Actions& branch, const Frame& frame);
  boost::asio::awaitable<ActionResult> run_foreach(const Action& a, std::shared_ptr<Frame> frame);
  boost::asio::awaitable<ActionResult> run_until(const Action& a, std::shared_ptr<Frame> frame);
  boost::asio::awaitable<void> run_iteration(const Action* a, std::shared_ptr<Frame> frame, std::shared_ptr<Pending> p);
  boost::asio::awaitable<ActionResult> with_retries(const Action& a, std::shared_ptr<Frame> frame,
                                                    boost::json::array& history);
  struct Race;
  boost::asio::awaitable<ActionResult> timed_attempt(const Action& a, std::shared_ptr<Frame> frame, int number);
  boost::asio::awaitable<void> attempt_into(const Action* a, std::shared_ptr<Frame> frame, int number,
                                            std::shared_ptr<Race> race);
  boost::asio::awaitable<ActionResult> attempt(const Action& a, std::shared_ptr<Frame> frame, int number);
  boost::asio::awaitable<ActionResult> send_mail(const Action& a, const boost::json::value& inputs,
                                                 std::string key, int number);
  boost::asio::awaitable<void> sleep(std::chrono::milliseconds d);
  boost::asio::awaitable<void> save(const Action& a, const Frame& frame, Status status, std::int64_t start_ms,
                                    std::int64_t end_ms, boost::json::value record, bool with_variables);
  boost::asio::awaitable<void> finish(Status status);
  void restore(class ScopeState& st, const Actions& scope, Frame& frame);
  core::Result<boost::json::value> evaluate_inputs(const Action& a, std::shared_ptr<Frame> frame);
  core::Result<boost::json::value> evaluate(const boost::json::value& raw, std::shared_ptr<Frame> frame,
                                            const std::string& action = {});
  core::Result<bool> condition(const boost::json::value& expression, std::shared_ptr<Frame> frame,
                               const std::string& action);
  boost::json::value redact(boost::json::value v) const;

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  store::WorkflowStore& store_;
  boost::asio::thread_pool& blocking_;
  RunShared shared_;
  RunOptions options_;
  std::map<std::string, store::ActionRow> previous_;  // by key, from before a crash
  std::optional<Status> terminated_;
  boost::json::value terminate_error_;
  std::optional<boost::json::value> response_;  // written once, before has_response_
  std::atomic<bool> has_response_{false}, finished_{false};
};

}  // namespace mailflow::workflow
