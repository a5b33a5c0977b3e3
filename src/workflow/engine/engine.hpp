// Engine: the workflow runtime's front — turns a trigger's firing into runs (trigger conditions,
// splitOn: one run per item, runtimeConfiguration.concurrency.runs), starts each RunExecutor,
// answers a Request trigger's caller with the run's Response, resumes the runs a crash
// interrupted, and signs the callback URLs of Request triggers (HMAC-SHA256, `sig=`).
// Deployed workflows are parsed once per version and cached.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/workflow_store.hpp"
#include "workflow/engine/host.hpp"
#include "workflow/engine/run.hpp"

namespace mailflow::workflow {

struct EngineOptions {
  RunOptions run;
  std::chrono::seconds response_timeout{120};  // a Request caller waits this long for a Response
  std::string public_url = "http://127.0.0.1:8080";  // the base of callback URLs
  std::string signing_key;                     // the HMAC key of callback URLs (secret)
  std::chrono::hours run_retention{24 * 30};   // finished runs are deleted this long after they end
  unsigned http_threads = 8;                   // Http calls in flight at once (each holds a thread)
};

struct FireResult {
  bool fired = true;              // false: a trigger condition was false (trigger Skipped)
  std::vector<std::string> runs;  // the runs started, in order
  // Request trigger, when asked to wait: the first run's Response {statusCode, headers, body};
  // nullopt when the workflow has no Response action.
  std::optional<boost::json::value> response;
};

// A deployed version, parsed: what every run of it shares.
struct Prepared {
  store::WorkflowRecord record;
  std::shared_ptr<const WorkflowBody> body;
  boost::json::object parameters;
  std::map<std::string, std::string> connections;  // action name → mailflow connection
  std::vector<std::string> secrets;
  bool has_response = false;
};

// Parses a stored deploy body; errors name the path (a stored body was valid when deployed).
core::Result<std::shared_ptr<Prepared>> prepare(const store::WorkflowRecord& record);

class Engine {
 public:
  Engine(boost::asio::any_io_executor ex, store::WorkflowStore& store, boost::asio::thread_pool& blocking,
         Host& host, EngineOptions options);

  // Fires `trigger` of the workflow's current version with the trigger's outputs
  // ({"headers", "body", "queries"}). NotFound: no such workflow or trigger; Conflict: disabled.
  boost::asio::awaitable<core::Result<FireResult>> fire(std::string workflow, std::string trigger,
                                                        boost::json::value outputs, bool wait_response);
  // At start: the runs a crash interrupted carry on from their last finished action.
  boost::asio::awaitable<void> resume_unfinished();
  // Deletes finished runs older than run_retention, every 10 minutes, until stop().
  boost::asio::awaitable<void> janitor();

  std::string callback_url(const std::string& workflow, const std::string& trigger) const;
  // The base of callback URLs, once the listener knows its port (before any request).
  void set_public_url(std::string url) { options_.public_url = std::move(url); }
  bool signature_ok(const std::string& workflow, const std::string& trigger, const std::string& sig) const;
  void forget(const std::string& workflow);  // after a redeploy or delete
  int running() const;
  boost::asio::thread_pool& http_pool() { return http_pool_; }
  boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);

 private:
  core::Result<std::shared_ptr<Prepared>> prepared(const store::WorkflowRecord& record);
  boost::asio::awaitable<core::Result<std::string>> start(std::shared_ptr<Prepared> p, std::string trigger,
                                                          boost::json::value outputs,
                                                          std::shared_ptr<RunExecutor>* out);
  boost::asio::awaitable<void> execute(std::shared_ptr<RunExecutor> run, std::string workflow);
  boost::asio::awaitable<core::Result<boost::json::value>> wait_response(std::shared_ptr<RunExecutor> run);
  std::string signature(const std::string& workflow, const std::string& trigger) const;

  boost::asio::any_io_executor ex_;
  store::WorkflowStore& store_;
  boost::asio::thread_pool& blocking_;
  Host& host_;
  EngineOptions options_;
  boost::asio::thread_pool http_pool_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Prepared>> cache_;  // "name@version"
  std::map<std::string, int> running_;                      // workflow → runs in flight
  bool stopping_ = false;
};

}  // namespace mailflow::workflow
