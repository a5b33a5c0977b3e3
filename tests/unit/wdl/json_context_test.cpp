// JsonContext: sections, defaults, and bad documents.
#include "wdl/json_context.hpp"

#include <gtest/gtest.h>

using namespace mailflow::wdl;

TEST(JsonContext, ReadsSections) {
  auto c = JsonContext::from_text(R"({"actions": {"A": {"status": "Failed"}}, "items": {"L": 5},
                                      "iterationIndexes": {"U": 3}, "callbackUrl": "u", "currentAction": "A"})");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->action("A")->at("status").as_string(), "Failed");
  EXPECT_EQ(c->action("B"), nullptr);
  EXPECT_EQ(c->current_item()->as_int64(), 5);  // the only loop
  EXPECT_EQ(c->loop_item("L")->as_int64(), 5);
  EXPECT_EQ(c->iteration_index("U"), 3);
  EXPECT_EQ(c->callback_url(), std::string("u"));
  EXPECT_EQ(c->current_action(), c->action("A"));
  EXPECT_EQ(c->trigger(), nullptr);
  EXPECT_EQ(c->variable("x"), nullptr);
}

TEST(JsonContext, RejectsBadDocuments) {
  auto bad = JsonContext::from_text("{nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, mailflow::core::Code::InvalidJson);
  EXPECT_FALSE(JsonContext::from_text("[1]").ok());
}

TEST(JsonContext, FixedNow) {
  JsonContext c;
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(42));
  c.set_now(t);
  EXPECT_EQ(c.now(), t);
}
