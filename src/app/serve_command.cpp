#include "app/serve_command.hpp"

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#include "app/standard_project.hpp"
#include "asio/offload.hpp"
#include "app/workflow_host.hpp"
#include "connectors/smtp/connection_spec.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/services.hpp"
#include "outbox/outbox.hpp"
#include "store/secret_box.hpp"
#include "workflow/engine/engine.hpp"
#include "workflow/engine/scheduler.hpp"

namespace mailflow::app {
namespace {
struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string db;  // default: sqlite:DATA_DIR/mailflow.db
  std::string data_dir = "var";
  std::string log_level = "info";
  std::string hostname;
  std::size_t body_limit = 50u << 20;
  std::size_t max_recipients = 500;
  std::size_t max_attachment_bytes = 25u << 20;
  unsigned threads = 0;  // 0 → the number of cores
  unsigned store_threads = 4;
  int shutdown_grace_seconds = 20;
  int http_idle_timeout = 60;
  int http_read_timeout = 60;
  std::string node_id;  // default: DATA_DIR/node.id, created once
  int outbox_concurrency = 32;
  int outbox_poll_ms = 1000;
  int outbox_lease_seconds = 900;
  int message_retention_days = 30;
  std::string public_url;  // callback URLs' base; default http://LISTEN
  std::string app_dir;     // a Logic Apps Standard project folder to deploy at start
  double workflow_retry_scale = 1.0;
  int run_retention_days = 30;
  std::vector<std::string> http_allow;  // Http actions/triggers may reach only these (empty: all)
};

// A one-line file of the data directory (node.id, callback.key): its line, or — the first time —
// `make()`, written there. Not writing it is fatal: the next start would make another.
std::string lasting_value(const std::string& path, const std::function<std::string()>& make);

// The node's lasting identity: leases carry it, so a restarted node takes back at once what its
// previous process held, instead of waiting for the leases to run out.
std::string node_id(const ServeOptions& o) {
  if (!o.node_id.empty()) return o.node_id;
  return lasting_value(o.data_dir + "/node.id", [] { return "node-" + core::new_ulid(); });
}

bool split_listen(const std::string& listen, http::ServerOptions& o) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  o.address = listen.substr(0, colon);
  if (o.address.size() > 2 && o.address.front() == '[') o.address = o.address.substr(1, o.address.size() - 2);
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) return false;
    o.port = static_cast<unsigned short>(port);
  } catch (...) {
    return false;
  }
  return true;
}

[[noreturn]] void fail(const std::string& what) {
  spdlog::critical("{}", what);
  throw CLI::RuntimeError(1);
}

// Stop accepting, wait (bounded) for requests in flight, then stop the I/O threads.
// Runs on the io_context itself (no extra thread), so it cannot outlive what it touches.
boost::asio::awaitable<void> drain_and_stop(boost::asio::io_context& io, http::Server& server,
                                            int grace_seconds,
                                            connectors::smtp::SmtpConnector& smtp,
                                            outbox::Outbox& outbox, workflow::Engine& engine,
                                            workflow::TriggerScheduler& triggers) {
  server.stop();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(grace_seconds);
  boost::asio::steady_timer timer(io);
  while (server.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  if (server.in_flight() > 0)
    spdlog::warn("{} request(s) still in flight after the shutdown grace period",
                 server.in_flight());
  // Runs and deliveries in flight get what is left of the grace period; the rest stay stored.
  triggers.stop();
  auto runs_left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  auto runs_op = engine.stop(std::max(runs_left, std::chrono::milliseconds(0)));
  co_await std::move(runs_op);
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  auto stop_op = outbox.stop(std::max(left, std::chrono::milliseconds(0)));
  co_await std::move(stop_op);
  smtp.close_all();
  io.stop();
}

// Runs a crash interrupted carry on; recurrences and polling triggers start.
boost::asio::awaitable<void> start_workflows(workflow::Engine& engine, workflow::TriggerScheduler& triggers) {
  co_await engine.resume_unfinished();
  co_await triggers.start();
  co_await engine.janitor();
}

// The key that signs Request triggers' callback URLs: DATA_DIR/callback.key, made once. Deleting
// it (and restarting) invalidates every callback URL handed out.
std::string callback_key(const std::string& data_dir) {
  return lasting_value(data_dir + "/callback.key", [] { return core::random_token(32); });
}

std::string lasting_value(const std::string& path, const std::function<std::string()>& make) {
  std::string value;
  if (std::FILE* f = std::fopen(path.c_str(), "r")) {
    char buf[256] = {};
    if (std::fgets(buf, sizeof buf, f)) value = buf;
    std::fclose(f);
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  }
  if (!value.empty()) return value;
  value = make();
  std::FILE* f = std::fopen(path.c_str(), "w");
  bool ok = f && std::fputs((value + "\n").c_str(), f) >= 0;
  if (f && std::fclose(f) != 0) ok = false;
  if (!ok) fail("cannot write " + path);
  return value;
}

// serve --app: the folder's connections are saved (replacing same-named ones) before the server
// listens; its workflows are deployed through the same checks as PUT /api/workflows.
void save_project_connections(const StandardProject& project, store::Store& st) {
  for (const auto& [name, settings] : project.connections) {
    auto spec = connectors::smtp::parse_connection(settings);
    if (!spec) fail("--app: connection '" + name + "' (connections.json): " + spec.error().message +
                    (spec.error().field.empty() ? "" : " (" + spec.error().field + ")"));
    store::ConnectionRecord rec{name, boost::json::serialize(spec->settings), spec->password, "", ""};
    if (auto saved = st.put_connection(rec); !saved) fail("--app: cannot save connection '" + name + "': " + saved.error().message);
  }
  for (const auto& name : project.managed_connections) {
    auto rec = st.get_connection(name);
    if (!rec || !*rec)
      fail("--app: connections.json names the managed connection '" + name + "'; create a mailflow connection of that "
           "name first (mailflow connections add " + name + " ...)");
  }
}

boost::asio::awaitable<void> deploy_project(boost::asio::io_context& io, http::Services& services,
                                            StandardProject project, std::atomic<bool>& failed) {
  for (auto& [name, body] : project.workflows) {
    const std::string text = boost::json::serialize(body);
    auto cur_op = offload(services.blocking, [&services, name] { return services.store.workflows().get_workflow(name); });
    auto current = co_await std::move(cur_op);
    if (current && *current && (*current)->body_json == text) continue;  // unchanged: no new version
    auto op = http::deploy_workflow(services, name, std::move(body));
    auto saved = co_await std::move(op);
    if (!saved) {
      spdlog::critical("--app: workflow '{}' cannot be deployed: {}{}", name, saved.error().message,
                       saved.error().field.empty() ? "" : " (at " + saved.error().field + ")");
      failed = true;
      io.stop();
      co_return;
    }
    spdlog::info("--app: deployed workflow '{}' (version {})", name, saved->version);
  }
}

boost::asio::awaitable<void> start_outbox(boost::asio::io_context& io, outbox::Outbox& outbox,
                                          outbox::Transport& transport) {
  auto op = outbox.start(transport);
  auto started = co_await std::move(op);
  if (started) co_return;
  spdlog::critical("the outbox cannot start: {}", started.error().message);
  io.stop();
}

http::ServerOptions server_options(const ServeOptions& o) {
  http::ServerOptions so;
  if (!split_listen(o.listen, so)) fail("--listen must be ADDRESS:PORT, got '" + o.listen + "'");
  so.body_limit = o.body_limit;
  so.shutdown_grace = std::chrono::seconds(o.shutdown_grace_seconds);
  so.idle_timeout = std::chrono::seconds(o.http_idle_timeout);
  so.read_timeout = std::chrono::seconds(o.http_read_timeout);
  return so;
}

std::unique_ptr<store::Store> open_data(const ServeOptions& o, std::unique_ptr<store::SecretBox>& secrets) {
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) fail("cannot create the data directory " + o.data_dir + ": " + ec.message());
  const char* env_key = std::getenv("MAILFLOW_MASTER_KEY");
  auto box = store::SecretBox::open(env_key ? env_key : "", o.data_dir);
  if (!box) fail(box.error().message);
  secrets = std::move(*box);
  auto st = store::open_store(o.db.empty() ? "sqlite:" + o.data_dir + "/mailflow.db" : o.db, *secrets);
  if (!st) fail(st.error().message);
  return std::move(*st);
}

outbox::OutboxOptions outbox_options(const ServeOptions& o) {
  outbox::OutboxOptions oo;
  oo.dispatch.node_id = node_id(o);
  oo.dispatch.concurrency = o.outbox_concurrency;
  oo.dispatch.poll = std::chrono::milliseconds(o.outbox_poll_ms);
  oo.dispatch.lease = std::chrono::seconds(o.outbox_lease_seconds);
  oo.retention = std::chrono::hours(24 * o.message_retention_days);
  return oo;
}

connectors::smtp::ConnectorOptions connector_options(const ServeOptions& o) {
  connectors::smtp::ConnectorOptions co;
  co.limits.max_recipients = o.max_recipients;
  co.limits.max_attachment_bytes = o.max_attachment_bytes;
  co.hostname = o.hostname;
  return co;
}

workflow::EngineOptions engine_options(const ServeOptions& o, core::Metrics& metrics) {
  workflow::EngineOptions wo;
  wo.public_url = o.public_url;  // default: set from the bound address once listening
  wo.signing_key = callback_key(o.data_dir);
  wo.run.retry_delay_scale = o.workflow_retry_scale;
  wo.run.metrics = &metrics;
  wo.run_retention = std::chrono::hours(24 * o.run_retention_days);
  auto allow = workflow::http::AllowList::parse(o.http_allow);
  if (!allow) fail("--http-allow: " + allow.error().message);
  wo.run.http.allowed = std::move(*allow);
  return wo;
}

// The I/O threads: this one and n - 1 more, until io.stop().
void run_io(boost::asio::io_context& io, unsigned threads) {
  unsigned n = threads ? threads : std::max(2u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < n; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
}

// The composition root: every part built once, in dependency order, then the I/O threads run
// until SIGTERM/SIGINT drains them.
void serve(const ServeOptions& o) {
  core::init_logging(o.log_level);
  ::umask(077);  // the database, keys and logs we create hold secrets: owner-only
  http::ServerOptions so = server_options(o);
  std::unique_ptr<store::SecretBox> secrets;
  std::unique_ptr<store::Store> st = open_data(o, secrets);

  boost::asio::io_context io;
  boost::asio::thread_pool blocking(o.store_threads);
  http::Authenticator auth(*st, blocking);
  const std::string key_file = o.data_dir + "/admin.key";
  auto created = auth.bootstrap_admin_key(key_file);
  if (!created) fail(created.error().message);
  if (*created) spdlog::info("created the first admin API key; it is in {} (mode 0600)", key_file);

  core::Metrics metrics;
  so.metrics = &metrics;
  outbox::Outbox outbox(io.get_executor(), st->outbox(), blocking, metrics, outbox_options(o));
  connectors::smtp::SmtpConnector smtp(io.get_executor(), *st, blocking, outbox, metrics, connector_options(o));
  metrics.add_collector([&smtp](core::Metrics& m) { smtp.collect_metrics(m); });
  boost::asio::co_spawn(io, start_outbox(io, outbox, smtp), boost::asio::detached);

  app::WorkflowHost host(smtp, outbox);
  std::optional<StandardProject> project;
  if (!o.app_dir.empty()) {
    auto loaded = load_standard_project(o.app_dir);
    if (!loaded) fail("--app " + o.app_dir + ": " + loaded.error().message);
    project = std::move(*loaded);
    save_project_connections(*project, *st);
    host.set_settings(project->settings);
  }
  workflow::EngineOptions wo = engine_options(o, metrics);
  workflow::Engine engine(io.get_executor(), st->workflows(), blocking, host, wo);
  workflow::TriggerScheduler triggers(io.get_executor(), st->workflows(), blocking, engine, wo.run.http);
  boost::asio::co_spawn(io, start_workflows(engine, triggers), boost::asio::detached);

  http::Services services{*st, blocking, smtp, auth, outbox, metrics, engine, triggers};
  std::atomic<bool> project_failed{false};
  if (project)
    boost::asio::co_spawn(io, deploy_project(io, services, std::move(*project), project_failed), boost::asio::detached);
  http::Router router;
  http::add_all_routes(router, services);
  http::Server server(io, router, auth, so);
  if (auto s = server.listen(); !s) fail(s.error().message);
  if (o.public_url.empty())  // the bound port, not the configured one (which may be 0)
    engine.set_public_url("http://" + (so.address.find(':') != std::string::npos ? "[" + so.address + "]" : so.address) +
                          ":" + std::to_string(server.port()));
  server.start();
  spdlog::info("mailflow listening on http://{}:{} (data in {})", so.address, server.port(), o.data_dir);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& e, int sig) {
    if (e) return;
    spdlog::info("signal {}: no new requests; finishing those in flight", sig);
    boost::asio::co_spawn(io, drain_and_stop(io, server, o.shutdown_grace_seconds, smtp, outbox, engine, triggers),
                          boost::asio::detached);
  });
  run_io(io, o.threads);
  blocking.join();
  if (project_failed) throw CLI::RuntimeError(1);
  spdlog::info("mailflow stopped");
}
}  // namespace

void register_serve_command(CLI::App& app) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Run the HTTP API server");
  cmd->add_option("--listen", opts->listen, "ADDRESS:PORT to listen on")->envname("MAILFLOW_LISTEN")->capture_default_str();
  cmd->add_option("--db", opts->db, "sqlite:PATH (default sqlite:DATA_DIR/mailflow.db)")->envname("MAILFLOW_DB");
  cmd->add_option("--data-dir", opts->data_dir, "directory for the database, master.key and admin.key")->envname("MAILFLOW_DATA_DIR")->capture_default_str();
  cmd->add_option("--log-level", opts->log_level, "trace, debug, info, warn, error")->envname("MAILFLOW_LOG_LEVEL")->capture_default_str();
  cmd->add_option("--hostname", opts->hostname, "host name in Message-IDs (default: this machine's)")->envname("MAILFLOW_HOSTNAME");
  cmd->add_option("--body-limit", opts->body_limit, "largest request body in bytes (413 above)")->envname("MAILFLOW_BODY_LIMIT")->capture_default_str();
  cmd->add_option("--max-recipients", opts->max_recipients, "most To+CC+Bcc addresses in one message")->envname("MAILFLOW_MAX_RECIPIENTS")->capture_default_str();
  cmd->add_option("--max-attachment-bytes", opts->max_attachment_bytes, "largest attachment, decoded")->envname("MAILFLOW_MAX_ATTACHMENT_BYTES")->capture_default_str();
  cmd->add_option("--threads", opts->threads, "I/O threads (0 = one per core, at least 2)")->envname("MAILFLOW_THREADS")->capture_default_str();
  cmd->add_option("--store-threads", opts->store_threads, "threads for database calls")->envname("MAILFLOW_STORE_THREADS")->capture_default_str();
  cmd->add_option("--shutdown-grace", opts->shutdown_grace_seconds, "seconds to finish requests in flight at SIGTERM")->envname("MAILFLOW_SHUTDOWN_GRACE")->capture_default_str();
  cmd->add_option("--http-idle-timeout", opts->http_idle_timeout, "seconds a keep-alive connection may idle")->envname("MAILFLOW_HTTP_IDLE_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  cmd->add_option("--http-read-timeout", opts->http_read_timeout, "seconds to receive one request (and to write its answer)")->envname("MAILFLOW_HTTP_READ_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  cmd->add_option("--node-id", opts->node_id, "this node's name in outbox leases (default: kept in DATA_DIR/node.id)")->envname("MAILFLOW_NODE_ID");
  cmd->add_option("--outbox-concurrency", opts->outbox_concurrency, "queued messages delivered at once")->envname("MAILFLOW_OUTBOX_CONCURRENCY")->check(CLI::Range(1, 10000))->capture_default_str();
  cmd->add_option("--outbox-poll-ms", opts->outbox_poll_ms, "how often the dispatcher looks for due retries, in ms")->envname("MAILFLOW_OUTBOX_POLL_MS")->check(CLI::Range(10, 600000))->capture_default_str();
  cmd->add_option("--outbox-lease", opts->outbox_lease_seconds, "seconds a dispatcher owns a message it is sending (longer than any delivery)")->envname("MAILFLOW_OUTBOX_LEASE")->check(CLI::Range(10, 86400))->capture_default_str();
  cmd->add_option("--message-retention-days", opts->message_retention_days, "days finished messages are kept")->envname("MAILFLOW_MESSAGE_RETENTION_DAYS")->check(CLI::Range(1, 3650))->capture_default_str();
  cmd->add_option("--app", opts->app_dir, "a Logic Apps Standard project folder (connections.json, parameters.json, */workflow.json) to deploy at start")->envname("MAILFLOW_APP");
  cmd->add_option("--run-retention-days", opts->run_retention_days, "days finished workflow runs are kept")->envname("MAILFLOW_RUN_RETENTION_DAYS")->check(CLI::Range(1, 3650))->capture_default_str();
  cmd->add_option("--http-allow", opts->http_allow, "a host name (*.example.com) or address block (10.0.0.0/8) workflow Http actions may reach; repeatable; none = any")->envname("MAILFLOW_HTTP_ALLOW")->delimiter(',');
  cmd->add_option("--public-url", opts->public_url, "the base URL clients reach this server at, for Request triggers' callback URLs (default http://LISTEN)")->envname("MAILFLOW_PUBLIC_URL");
  cmd->add_option("--workflow-retry-scale", opts->workflow_retry_scale, "multiplies workflow retry-policy waits (tests use 0.01)")->envname("MAILFLOW_WORKFLOW_RETRY_SCALE")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->callback([opts] { serve(*opts); });
}

}  // namespace mailflow::app
