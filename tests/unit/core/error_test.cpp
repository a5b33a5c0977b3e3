#include "core/error.hpp"
#include "core/error_json.hpp"

#include <gtest/gtest.h>

using namespace mailflow::core;

TEST(Error, TableHasEveryCodeInOrder) { EXPECT_TRUE(code_table_consistent()); }

TEST(Error, MapsToDesignStatuses) {
  EXPECT_EQ(http_status(Code::InvalidAddress), 400);
  EXPECT_EQ(http_status(Code::SmtpAuthenticationFailed), 401);
  EXPECT_EQ(http_status(Code::SmtpPolicyRefused), 403);
  EXPECT_EQ(http_status(Code::SmtpMessageTooLarge), 413);
  EXPECT_EQ(http_status(Code::RateLimited), 429);
  EXPECT_EQ(http_status(Code::SmtpRejected), 502);
  EXPECT_EQ(http_status(Code::SmtpTimeout), 504);
  EXPECT_EQ(code_name(Code::Internal), "InternalError");
}

TEST(Error, JsonShape) {
  Error e(Code::SmtpAuthenticationFailed, "the SMTP server rejected the user name or password");
  e.smtp = SmtpDetail{"AUTH", 535, "5.7.8", "Authentication credentials invalid", ""};
  auto j = to_json(e);
  auto& in = j.at("error").as_object();
  EXPECT_EQ(in.at("status").as_int64(), 401);
  EXPECT_EQ(in.at("code").as_string(), "SmtpAuthenticationFailed");
  EXPECT_EQ(in.at("smtp").at("stage").as_string(), "AUTH");
  EXPECT_EQ(in.at("smtp").at("reply").as_int64(), 535);
  EXPECT_EQ(in.at("smtp").at("enhanced").as_string(), "5.7.8");
  EXPECT_FALSE(in.contains("field"));
}

TEST(Result, HoldsValueOrError) {
  Result<int> a = 3;
  Result<int> b = Error(Code::NotFound, "no such thing");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 3);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, Code::NotFound);
}
