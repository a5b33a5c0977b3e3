#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <array>
#include <boost/asio/strand.hpp>

#include <spdlog/spdlog.h>

#include "core/ids.hpp"

namespace mailflow::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Server::Impl {
  asio::io_context& io;
  const Router& router;
  Authenticator& auth;
  ServerOptions opts;
  tcp::acceptor acceptor;
  std::atomic<bool> stopping{false};
  // Shared with each session frame: frames still queued when the server object is gone are
  // destroyed with the io_context, and their counters must still be there.
  std::shared_ptr<std::atomic<std::size_t>> in_flight = std::make_shared<std::atomic<std::size_t>>(0);

  Impl(asio::io_context& io_, const Router& r, Authenticator& a, ServerOptions o)
      : io(io_), router(r), auth(a), opts(std::move(o)), acceptor(io_) {
    if (!opts.metrics) return;
    using T = core::Metrics::Type;
    opts.metrics->declare("mailflow_http_requests_total", T::Counter,
                          "HTTP requests by route pattern, method and status.");
    opts.metrics->declare("mailflow_http_request_duration_seconds", T::Histogram,
                          "HTTP request duration by route pattern, from the parsed request to the response.",
                          {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket sock);
  asio::awaitable<Response> dispatch(Request& req);
  asio::awaitable<Response> route(Request& req, std::string& label);
};

namespace {
Request to_request(const bhttp::request<bhttp::string_body>& in, std::string& error) {
  Request r;
  r.method = std::string(in.method_string());
  auto target = boost::urls::parse_origin_form(in.target());
  if (!target) {
    error = "the request target is not a valid URL path";
    return r;
  }
  r.path = std::string(target->encoded_path());
  for (auto p : target->params()) r.query[p.key] = p.value;
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  r.body = in.body();
  const std::string* rid = r.header("x-request-id");
  r.request_id = (rid && !rid->empty() && rid->size() <= 64 &&
                  rid->find_first_of("\r\n") == std::string::npos)
                     ? *rid
                     : core::new_ulid();
  return r;
}

bhttp::response<bhttp::string_body> to_beast(Response&& r, unsigned version, bool keep_alive,
                                            const std::string& request_id) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), version};
  out.set(bhttp::field::server, "mailflow");
  out.set(bhttp::field::content_type, r.content_type);
  out.set("X-Request-Id", request_id);
  for (auto& [k, v] : r.headers) out.set(k, v);
  out.body() = std::move(r.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

std::string decode(std::string_view s) {
  auto pct = boost::urls::make_pct_string_view(s);
  return pct ? pct->decode() : std::string(s);
}
}  // namespace

// Every request is counted by route pattern (not path: ids would explode the label set).
asio::awaitable<Response> Server::Impl::dispatch(Request& req) {
  const auto started = std::chrono::steady_clock::now();
  std::string label = "unmatched";
  Response resp = co_await route(req, label);
  if (opts.metrics) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    opts.metrics->inc("mailflow_http_requests_total",
                      {{"route", label}, {"method", req.method}, {"status", std::to_string(resp.status)}});
    opts.metrics->observe("mailflow_http_request_duration_seconds", {{"route", label}}, secs);
  }
  co_return resp;
}

asio::awaitable<Response> Server::Impl::route(Request& req, std::string& label) {
  auto m = router.match(req.method, req.path);
  if (m.route) label = m.route->pattern;
  if (!m.route) {
    if (m.other_method)
      co_return error_response(core::Error(core::Code::MethodNotAllowed,
                                           req.method + " is not allowed on " + req.path));
    co_return error_response(core::Error(core::Code::NotFound, "no route for " + req.path));
  }
  for (auto& [k, v] : m.params) req.params[k] = decode(v);
  if (m.route->scope != Scope::Public) {
    auto p = co_await auth.authenticate(req);
    if (!p) co_return error_response(p.error());
    if (!p->has(scope_name(m.route->scope)))
      co_return error_response(core::Error(
          core::Code::Forbidden, "this API key lacks the '" +
                                     std::string(scope_name(m.route->scope)) + "' scope"));
    req.principal = std::move(*p);
  }
  try {
    Response resp = co_await m.route->handler(req);
    if (resp.status >= 500)  // a server-side failure is always in the log, with its request id
      spdlog::warn("{} {} {} -> {}: {}", req.request_id, req.method, req.path, resp.status, resp.body);
    co_return resp;
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed with an internal error: {}", req.request_id,
                  req.method, req.path, e.what());
  }
  co_return error_response(core::Error(
      core::Code::Internal, "internal error; it is logged with request id " + req.request_id));
}

asio::awaitable<void> Server::Impl::session(tcp::socket sock) {
  beast::tcp_stream stream(std::move(sock));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(opts.body_limit);
    if (stopping) break;
    stream.expires_after(opts.idle_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
    // Beast reports a Content-Length over the body limit already here, as body_limit.
    if (ec && ec != bhttp::error::body_limit) break;  // closed, idle, garbage: nothing to answer
    ++*in_flight;
    struct Done {
      std::shared_ptr<std::atomic<std::size_t>> n;
      ~Done() { --*n; }
    } done{in_flight};

    const unsigned version = parser.get().version();
    if (!ec) {
      if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
        co_await bhttp::async_write(stream, cont, use_tuple);
      }
      stream.expires_after(opts.read_timeout);
      std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
    }
    Response resp;
    std::string rid = core::new_ulid();
    bool keep_alive = false;
    if (ec == bhttp::error::body_limit) {
      resp = error_response(core::Error(core::Code::PayloadTooLarge,
                                        "the request body is larger than the limit of " +
                                            std::to_string(opts.body_limit) +
                                            " bytes (--body-limit, MAILFLOW_BODY_LIMIT)"));
    } else if (ec) {
      break;
    } else {
      auto in = parser.release();
      std::string bad;
      Request req = to_request(in, bad);
      rid = req.request_id;
      // Not `cond ? co_await … : …`: g++ 12 miscompiles co_await inside ?: (double free).
      if (bad.empty())
        resp = co_await dispatch(req);
      else
        resp = error_response(core::Error(core::Code::InvalidRequest, bad));
      keep_alive = in.keep_alive() && !stopping;
      spdlog::debug("{} {} {} -> {}", rid, req.method, req.path, resp.status);
    }
    auto out = to_beast(std::move(resp), version, keep_alive, rid);
    stream.expires_after(opts.read_timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, out, use_tuple);
    if (wec || !keep_alive) break;
  }
  beast::error_code ignore;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
  // Closing with unread bytes (a refused body) makes the kernel send a reset, and the client may
  // lose the answer it was sent. Read and discard for a moment so the close is orderly.
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16384> sink;
  for (std::size_t total = 0; total < opts.body_limit;) {
    auto [rec, rn] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
    if (rec) break;
    total += rn;
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  while (!stopping) {
    // Each connection gets its own strand: its coroutine never runs on two threads at once.
    auto [ec, sock] = co_await acceptor.async_accept(asio::make_strand(io), use_tuple);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) break;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    sock.set_option(tcp::no_delay(true), ec);
    auto ex = sock.get_executor();
    asio::co_spawn(ex, session(std::move(sock)), asio::detached);
  }
}

Server::Server(asio::io_context& io, const Router& router, Authenticator& auth, ServerOptions o)
    : impl_(std::make_unique<Impl>(io, router, auth, std::move(o))) {}
Server::~Server() = default;

core::Status Server::listen() {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(impl_->opts.address, ec);
  if (ec) return core::Error(core::Code::InvalidRequest, "invalid listen address " + impl_->opts.address);
  tcp::endpoint ep(addr, impl_->opts.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return core::Error(core::Code::Unavailable, "cannot listen on " + impl_->opts.address + ":" +
                                                    std::to_string(impl_->opts.port) + ": " +
                                                    ec.message());
  return core::ok();
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::start() {
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached);
}

void Server::stop() {
  impl_->stopping = true;
  asio::post(impl_->acceptor.get_executor(), [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
  });
}

std::size_t Server::in_flight() const { return *impl_->in_flight; }

}  // namespace mailflow::http
