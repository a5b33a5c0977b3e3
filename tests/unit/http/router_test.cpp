#include "http/router.hpp"

#include <gtest/gtest.h>

using namespace mailflow::http;

namespace {
Handler nothing() {
  return [](Request&) -> boost::asio::awaitable<Response> { co_return Response{}; };
}
}  // namespace

TEST(Router, MatchesParamsAndMethods) {
  Router r;
  r.add("GET", "/api/connections", Scope::Read, nothing());
  r.add("PUT", "/api/connections/{name}", Scope::Admin, nothing());
  r.add("POST", "/apim/smtp/{connection}/SendEmailV3", Scope::Send, nothing());

  auto m = r.match("PUT", "/api/connections/dev");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("name"), "dev");
  EXPECT_EQ(m.route->scope, Scope::Admin);

  m = r.match("POST", "/apim/smtp/x/SendEmailV3");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("connection"), "x");

  m = r.match("DELETE", "/api/connections/dev");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.other_method);

  m = r.match("GET", "/api/connections/dev/extra");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.other_method);

  EXPECT_EQ(r.match("HEAD", "/api/connections").route, nullptr);
}

TEST(Principal, AdminImpliesEveryScope) {
  Principal admin{"1", {"admin"}}, send{"2", {"send"}};
  EXPECT_TRUE(admin.has("send"));
  EXPECT_TRUE(admin.has("read"));
  EXPECT_TRUE(send.has("send"));
  EXPECT_FALSE(send.has("read"));
  EXPECT_FALSE(send.has("admin"));
}
