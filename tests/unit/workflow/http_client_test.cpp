// The Http action and trigger against a real local server (tests/support/http_echo.py, started
// per test suite): methods, headers, queries, bodies, authentication, failures by status,
// connection refused, timeout, the allow-list (nothing sent), redirects, the 202 async pattern
// with an injected sleep, and the trigger's decisions.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "wdl/codec.hpp"
#include "workflow/http/client.hpp"
#include "workflow/http/http_action.hpp"
#include "workflow/http/trigger_poll.hpp"
#include "workflow/retry_policy.hpp"

using namespace mailflow::workflow;
using namespace mailflow::workflow::http;
namespace json = boost::json;
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

// http_echo.py as a child process: READY <port> on stdout; its stdin is our pipe, so it also
// ends when this process dies.
class EchoServer {
 public:
  EchoServer() {
    std::string script = std::string(MAILFLOW_SOURCE_DIR) + "/tests/support/http_echo.py";
    int out[2], in[2];
    if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      dup2(in[0], STDIN_FILENO);
      close(out[0]), close(out[1]), close(in[0]), close(in[1]);
      execl("/usr/bin/python3", "python3", script.c_str(), "--port", "0", "--exit-on-stdin-eof",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    close(in[0]);
    stdin_fd_ = in[1];
    std::string got;
    char buf[64];
    while (got.find('\n') == std::string::npos) {
      pollfd p{out[0], POLLIN, 0};
      if (poll(&p, 1, 20000) <= 0) break;
      auto n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    close(out[0]);
    if (got.rfind("READY ", 0) != 0) {
      stop();
      throw std::runtime_error("http_echo.py did not start");
    }
    port_ = std::atoi(got.c_str() + 6);
  }
  ~EchoServer() { stop(); }
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

 private:
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (stdin_fd_ >= 0) close(stdin_fd_), stdin_fd_ = -1;
  }
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

template <class T>
T run(asio::awaitable<T> work) {
  asio::io_context io;
  std::optional<T> out;
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(work), [&](std::exception_ptr e, T v) {
    failure = e;
    if (!e) out = std::move(v);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

// A port nothing listens on: bound then closed.
int closed_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<EchoServer>(); }
  static void TearDownTestSuite() { server_.reset(); }

  // The evaluated inputs of an Http action, uri relative to the server.
  json::value inputs(std::string method, const std::string& path, json::object more = {}) {
    more["method"] = std::move(method);
    more["uri"] = server_->url(path);
    return more;
  }
  ActionResult action(json::value in, json::value operation_options = nullptr) {
    return run(
        run_http_action(std::move(in), std::move(operation_options), options_, pool_, pattern_));
  }
  int requests_served() {
    auto r = action(inputs("GET", "/count"));
    return static_cast<int>(r.outputs.at("body").at("requests").as_int64());
  }

  static std::unique_ptr<EchoServer> server_;
  asio::thread_pool pool_{2};
  HttpOptions options_;
  AsyncPattern pattern_;
};
std::unique_ptr<EchoServer> HttpClientTest::server_;

const json::value& echoed(const ActionResult& r) { return r.outputs.at("body"); }

}  // namespace

TEST_F(HttpClientTest, GetWithHeadersAndEncodedQueries) {
  auto r = action(inputs("GET", "/echo/a",
                         {{"headers", {{"X-Trace", "t-1"}, {"X-Num", 42}}},
                          {"queries", {{"q", "a b&c"}, {"ü", "ö"}}}}));
  ASSERT_EQ(r.status, Status::Succeeded) << (r.error ? r.error->message : "");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.outputs.at("statusCode"), 200);
  EXPECT_EQ(r.outputs.at("headers").at("Content-Type"), "application/json");
  const auto& e = echoed(r);
  EXPECT_EQ(e.at("method"), "GET");
  EXPECT_EQ(e.at("path"), "/echo/a");
  EXPECT_EQ(e.at("raw_query"), "q=a%20b%26c&%C3%BC=%C3%B6");
  EXPECT_EQ(e.at("query").at("q"), "a b&c");
  EXPECT_EQ(e.at("headers").at("X-Trace"), "t-1");
  EXPECT_EQ(e.at("headers").at("X-Num"), "42");
  EXPECT_EQ(e.at("body"), "");
}

TEST_F(HttpClientTest, EveryMethodIsSentAsNamed) {
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    auto r = action(inputs(m, "/echo"));
    ASSERT_EQ(r.status, Status::Succeeded) << m;
    EXPECT_EQ(echoed(r).at("method"), m);
  }
  auto head = action(inputs("HEAD", "/echo"));
  EXPECT_EQ(head.status, Status::Succeeded);
  EXPECT_EQ(head.http_status, 200);
  EXPECT_FALSE(head.outputs.as_object().contains("body"));
}

TEST_F(HttpClientTest, JsonBodyIsSerializedWithItsContentType) {
  auto r = action(inputs("POST", "/echo", {{"body", {{"name", "Zoë"}, {"n", json::array{1, 2}}}}}));
  ASSERT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(json::parse(echoed(r).at("body").as_string()),
            json::parse(R"({"name": "Zoë", "n": [1, 2]})"));
  EXPECT_EQ(echoed(r).at("headers").at("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(HttpClientTest, StringBodyIsSentAsIs) {
  auto r = action(
      inputs("PUT", "/echo", {{"body", "a;b\nc"}, {"headers", {{"Content-Type", "text/csv"}}}}));
  ASSERT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(echoed(r).at("body"), "a;b\nc");
  EXPECT_EQ(echoed(r).at("headers").at("Content-Type"), "text/csv");
  EXPECT_EQ(echoed(r).at("headers").at("Content-Length"), "5");
}

TEST_F(HttpClientTest, BinaryBodyIsSentDecoded) {
  auto r = action(
      inputs("POST", "/echo",
             {{"body", mailflow::wdl::binary_value(std::string("\0\xff", 2), "image/png")}}));
  ASSERT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(echoed(r).at("body_base64"), "AP8=");
  EXPECT_EQ(echoed(r).at("headers").at("Content-Type"), "image/png");
}

TEST_F(HttpClientTest, BasicAndRawAuthenticationAndNoSecretInHistory) {
  auto basic = action(inputs(
      "GET", "/echo",
      {{"authentication", {{"type", "Basic"}, {"username", "user"}, {"password", "pa:ss"}}}}));
  ASSERT_EQ(basic.status, Status::Succeeded);
  EXPECT_EQ(echoed(basic).at("headers").at("Authorization"), "Basic dXNlcjpwYTpzcw==");
  EXPECT_EQ(basic.inputs.at("authentication").at("password"), "*sanitized*");
  auto raw = action(
      inputs("GET", "/echo", {{"authentication", {{"type", "Raw"}, {"value", "Bearer abc.def"}}}}));
  ASSERT_EQ(raw.status, Status::Succeeded);
  EXPECT_EQ(echoed(raw).at("headers").at("Authorization"), "Bearer abc.def");
  EXPECT_EQ(json::serialize(raw.inputs).find("abc.def"), std::string::npos);
}

TEST_F(HttpClientTest, ClientErrorFailsTheActionWithOutputsKept) {
  auto r = action(inputs("GET", "/status/404"));
  EXPECT_EQ(r.status, Status::Failed);
  EXPECT_EQ(r.http_status, 404);
  EXPECT_FALSE(r.connection_error);
  EXPECT_EQ(r.outputs.at("statusCode"), 404);
  EXPECT_EQ(r.outputs.at("body").at("status"), 404);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "NotFound");
  EXPECT_NE(r.error->message.find("404"), std::string::npos);
}

TEST_F(HttpClientTest, ServerErrorFailsWithItsStatusForTheRetryPolicy) {
  auto r = action(inputs("POST", "/status/503"));
  EXPECT_EQ(r.status, Status::Failed);
  EXPECT_EQ(r.http_status, 503);
  EXPECT_TRUE(is_retryable({r.http_status, r.connection_error}));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "ServiceUnavailable");
}

TEST_F(HttpClientTest, ConnectionRefusedIsAConnectionError) {
  auto r = action(json::object{
      {"method", "GET"}, {"uri", "http://127.0.0.1:" + std::to_string(closed_port()) + "/x"}});
  EXPECT_EQ(r.status, Status::Failed);
  EXPECT_TRUE(r.connection_error);
  EXPECT_EQ(r.http_status, 0);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "ConnectionFailed");
  EXPECT_NE(r.error->message.find("could not reach http://127.0.0.1:"), std::string::npos)
      << r.error->message;
}

TEST_F(HttpClientTest, SlowAnswerTimesOut) {
  options_.timeout = milliseconds(300);
  auto r = action(inputs("GET", "/slow", {{"queries", {{"seconds", "3"}}}}));
  EXPECT_EQ(r.status, Status::Failed);
  EXPECT_TRUE(r.connection_error);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "RequestTimedOut");
  EXPECT_NE(r.error->message.find("300 ms"), std::string::npos) << r.error->message;
}

TEST_F(HttpClientTest, AllowListRefusalSendsNothing) {
  int before = requests_served();
  auto list = AllowList::parse({"api.example.com", "10.0.0.0/8"});
  ASSERT_TRUE(list.ok());
  options_.allowed = *list;
  auto r = action(inputs("POST", "/echo", {{"body", "secret payload"}}));
  EXPECT_EQ(r.status, Status::Failed);
  EXPECT_FALSE(r.connection_error);  // not worth retrying
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "OutboundAddressNotAllowed");
  EXPECT_NE(r.error->message.find("127.0.0.1"), std::string::npos) << r.error->message;
  options_.allowed = {};
  EXPECT_EQ(requests_served(), before + 1);  // only the count request itself
}

TEST_F(HttpClientTest, AllowListAdmitsByNameOrByAddress) {
  auto by_name = AllowList::parse({"localhost"});
  ASSERT_TRUE(by_name.ok());
  options_.allowed = *by_name;
  auto r = action(json::object{
      {"method", "GET"}, {"uri", "http://localhost:" + std::to_string(server_->port()) + "/echo"}});
  EXPECT_EQ(r.status, Status::Succeeded) << (r.error ? r.error->message : "");
  auto by_block = AllowList::parse({"127.0.0.0/8"});
  ASSERT_TRUE(by_block.ok());
  options_.allowed = *by_block;
  EXPECT_EQ(action(inputs("GET", "/echo")).status, Status::Succeeded);
}

TEST_F(HttpClientTest, RedirectsAreFollowedAndCheckedHopByHop) {
  auto r = action(inputs("POST", "/redirect",
                         {{"queries", {{"to", "/echo/after"}, {"code", "303"}}}, {"body", "x"}}));
  ASSERT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(echoed(r).at("path"), "/echo/after");
  EXPECT_EQ(echoed(r).at("method"), "GET");  // 303: see other, with GET
  auto keep = action(inputs("PUT", "/redirect",
                            {{"queries", {{"to", "/echo/k"}, {"code", "307"}}}, {"body", "kept"}}));
  EXPECT_EQ(echoed(keep).at("method"), "PUT");
  EXPECT_EQ(echoed(keep).at("body"), "kept");
  // Each hop is judged: allowed by name (localhost), the redirect to 127.0.0.1 is not.
  int before = requests_served();
  auto list = AllowList::parse({"localhost"});
  ASSERT_TRUE(list.ok());
  options_.allowed = *list;
  std::string port = std::to_string(server_->port());
  auto away = action(json::object{{"method", "GET"},
                                  {"uri", "http://localhost:" + port + "/redirect"},
                                  {"queries", {{"to", "http://127.0.0.1:" + port + "/echo"}}}});
  ASSERT_EQ(away.status, Status::Failed);
  ASSERT_TRUE(away.error);
  EXPECT_EQ(away.error->code, "OutboundAddressNotAllowed");
  options_.allowed = {};
  EXPECT_EQ(requests_served(), before + 2);  // the first hop and the count: no /echo
  options_.max_redirects = 0;
  options_.allowed = {};
  auto stop = action(inputs("GET", "/redirect"));
  EXPECT_EQ(stop.http_status, 302);
  EXPECT_EQ(stop.status, Status::Succeeded);
}

TEST_F(HttpClientTest, ResponseBodiesByContentType) {
  EXPECT_EQ(action(inputs("GET", "/text")).outputs.at("body"), "hello, wörld");
  EXPECT_EQ(action(inputs("GET", "/notjson")).outputs.at("body"), "{not json");
  auto bin = action(inputs("GET", "/binary")).outputs.at("body");
  EXPECT_EQ(bin.at("$content-type"), "application/octet-stream");
  auto bytes = mailflow::wdl::binary_bytes(bin);
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 256u);
  EXPECT_EQ(static_cast<unsigned char>((*bytes)[255]), 255);
}

TEST_F(HttpClientTest, OverLimitAnswerFails) {
  options_.max_response_bytes = 1000;
  auto ok = action(inputs("GET", "/big", {{"queries", {{"bytes", "1000"}}}}));
  EXPECT_EQ(ok.status, Status::Succeeded);
  auto big = action(inputs("GET", "/big", {{"queries", {{"bytes", "1001"}}}}));
  EXPECT_EQ(big.status, Status::Failed);
  ASSERT_TRUE(big.error);
  EXPECT_EQ(big.error->code, "ResponseTooLarge");
  EXPECT_FALSE(big.connection_error);
}

TEST_F(HttpClientTest, BadInputsFailNamingTheMemberAndHideTheSecret) {
  auto r = action(json::object{
      {"method", "GET"},
      {"uri", server_->url("/echo")},
      {"authentication",
       {{"type", "ManagedServiceIdentity"}, {"audience", "https://x"}, {"secret", "s3"}}}});
  EXPECT_EQ(r.status, Status::Failed);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "NotSupported");
  EXPECT_NE(r.error->message.find("inputs.authentication.type"), std::string::npos);
  EXPECT_EQ(json::serialize(r.inputs).find("s3"), std::string::npos);
  auto m = action(json::object{{"uri", server_->url("/echo")}});
  ASSERT_TRUE(m.error);
  EXPECT_EQ(m.error->code, "InvalidHttpInputs");
  EXPECT_EQ(m.error->message, "inputs.method is required");
}

TEST_F(HttpClientTest, AsyncPatternPollsLocationUntilDone) {
  auto waits = std::make_shared<std::vector<milliseconds>>();
  pattern_.sleep = [waits](milliseconds d) -> asio::awaitable<void> {
    waits->push_back(d);
    co_return;
  };
  pattern_.default_interval = milliseconds(5);
  auto r = action(inputs("POST", "/async/job1",
                         {{"queries", {{"polls", "3"}, {"retry", "2"}}},
                          {"authentication", {{"type", "Raw"}, {"value", "k"}}}}));
  ASSERT_EQ(r.status, Status::Succeeded) << (r.error ? r.error->message : "");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.outputs.at("body").at("done"), true);
  EXPECT_EQ(r.outputs.at("body").at("polls"), 3);
  // Three waits, each the Retry-After the previous 202 named.
  EXPECT_EQ(*waits, (std::vector<milliseconds>{milliseconds(2000), milliseconds(2000),
                                               milliseconds(2000)}));
}

TEST_F(HttpClientTest, DisableAsyncPatternReturnsThe202) {
  int calls = 0;
  pattern_.sleep = [&calls](milliseconds) -> asio::awaitable<void> {
    ++calls;
    co_return;
  };
  auto r = action(inputs("GET", "/async/job2"), json::value("DisableAsyncPattern"));
  EXPECT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(r.http_status, 202);
  EXPECT_EQ(calls, 0);
}

TEST_F(HttpClientTest, AsyncPatternGivesUpAfterTheTotalTimeout) {
  auto waited = std::make_shared<milliseconds>(0);
  pattern_.sleep = [waited](milliseconds d) -> asio::awaitable<void> {
    *waited += d;
    co_return;
  };
  pattern_.total_timeout = milliseconds(25'000);
  auto r =
      action(inputs("GET", "/async/job3", {{"queries", {{"polls", "1000"}, {"retry", "10"}}}}));
  EXPECT_EQ(r.status, Status::TimedOut);
  EXPECT_EQ(r.http_status, 202);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "ActionTimedOut");
  EXPECT_EQ(*waited, milliseconds(25'000));  // 10 + 10 + 5 (the rest of the budget)
}

TEST_F(HttpClientTest, AsyncPatternUsesTheDefaultIntervalWithoutRetryAfter) {
  // /trigger?status=202&location=... answers 202 with a Location and no Retry-After: the
  // poll goes to /echo, which answers 200.
  milliseconds seen{0};
  pattern_.sleep = [&seen](milliseconds d) -> asio::awaitable<void> {
    seen = d;
    co_return;
  };
  pattern_.default_interval = milliseconds(1234);
  auto r = action(
      inputs("GET", "/trigger", {{"queries", {{"status", "202"}, {"location", "/echo/polled"}}}}));
  EXPECT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(seen, milliseconds(1234));
  EXPECT_EQ(echoed(r).at("path"), "/echo/polled");
  EXPECT_EQ(echoed(r).at("method"), "GET");
}

TEST_F(HttpClientTest, TriggerFiresOn200) {
  auto p = run(poll_trigger(inputs("GET", "/trigger"), options_, pool_));
  EXPECT_EQ(p.decision, TriggerPoll::Decision::Fire);
  EXPECT_EQ(p.outputs.at("body").at("items"), json::parse("[1, 2]"));
  EXPECT_TRUE(p.outputs.at("headers").is_object());
  EXPECT_FALSE(p.error);
}

TEST_F(HttpClientTest, TriggerDoesNotFireOn202AndReportsWhereAndWhenNext) {
  auto p = run(poll_trigger(
      inputs("GET", "/trigger",
             {{"queries", {{"status", "202"}, {"location", "/trigger?n=2"}, {"retry", "15"}}}}),
      options_, pool_));
  EXPECT_EQ(p.decision, TriggerPoll::Decision::NothingNew);
  EXPECT_EQ(p.next_uri, server_->url("/trigger?n=2"));
  EXPECT_EQ(p.retry_after, std::chrono::seconds(15));
  // The next check goes to that Location.
  auto next =
      run(poll_trigger(inputs("GET", "/trigger"), options_, pool_, server_->url("/echo/next")));
  EXPECT_EQ(next.decision, TriggerPoll::Decision::Fire);
  EXPECT_EQ(next.outputs.at("body").at("path"), "/echo/next");
}

TEST_F(HttpClientTest, TriggerFailsOnOtherAnswersAndOnNoAnswer) {
  auto p = run(poll_trigger(inputs("GET", "/status/500"), options_, pool_));
  EXPECT_EQ(p.decision, TriggerPoll::Decision::Failed);
  EXPECT_EQ(p.http_status, 500);
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->code, "InternalServerError");
  auto redirect = run(
      poll_trigger(inputs("GET", "/trigger", {{"queries", {{"status", "304"}}}}), options_, pool_));
  EXPECT_EQ(redirect.decision, TriggerPoll::Decision::Failed);
  auto dead = run(
      poll_trigger(json::object{{"method", "GET"},
                                {"uri", "http://127.0.0.1:" + std::to_string(closed_port()) + "/"}},
                   options_, pool_));
  EXPECT_EQ(dead.decision, TriggerPoll::Decision::Failed);
  EXPECT_TRUE(dead.connection_error);
  auto bad = run(poll_trigger(json::object{{"method", "GET"}}, options_, pool_));
  EXPECT_EQ(bad.decision, TriggerPoll::Decision::Failed);
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->code, "InvalidHttpInputs");
}
