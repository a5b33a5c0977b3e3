// /openapi.json stays true to the routes: every route is documented with its method and scope,
// and every documented operation exists.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <set>

#include "http/openapi_document.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "store/secret_box.hpp"

using namespace mailflow;

TEST(OpenApi, DocumentsExactlyTheRoutes) {
  auto dir = std::filesystem::temp_directory_path() / ("mf-openapi-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto box = store::SecretBox::open("k", dir.string()).value();
  auto st = store::open_store("sqlite:" + (dir / "db").string(), *box).value();
  boost::asio::io_context io;
  boost::asio::thread_pool blocking(1);
  http::Authenticator auth(*st, blocking);
  core::Metrics metrics;
  outbox::Outbox outbox(io.get_executor(), st->outbox(), blocking, metrics, {});
  connectors::smtp::SmtpConnector smtp(io.get_executor(), *st, blocking, outbox, metrics, {});
  struct NoHost final : workflow::Host {
    boost::asio::awaitable<workflow::ActionResult> send_mail(workflow::MailRequest) override { co_return workflow::ActionResult{}; }
    std::optional<std::string> appsetting(std::string_view) const override { return std::nullopt; }
  } host;
  workflow::Engine engine(io.get_executor(), st->workflows(), blocking, host, {});
  workflow::TriggerScheduler triggers(io.get_executor(), st->workflows(), blocking, engine, {});
  http::Services services{*st, blocking, smtp, auth, outbox, metrics, engine, triggers};
  http::Router router;
  http::add_all_routes(router, services);

  auto doc = boost::json::parse(http::openapi_document()).as_object();
  const auto& paths = doc.at("paths").as_object();
  std::set<std::string> routed, documented;
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(c));
    routed.insert(method + " " + r.pattern);
    auto p = paths.find(r.pattern);
    ASSERT_NE(p, paths.end()) << r.pattern << " is not in openapi.json";
    auto op = p->value().as_object().find(method);
    ASSERT_NE(op, p->value().as_object().end()) << method << " " << r.pattern;
    EXPECT_EQ(op->value().at("x-mailflow-scope").as_string(), http::scope_name(r.scope))
        << method << " " << r.pattern;
  }
  for (const auto& [path, item] : paths)
    for (const auto& [method, op] : item.as_object())
      if (method != "parameters") documented.insert(std::string(method) + " " + std::string(path));
  EXPECT_EQ(routed, documented);
  blocking.join();
  std::filesystem::remove_all(dir);
}
