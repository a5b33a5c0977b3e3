#include "mail/envelope.hpp"

#include <gtest/gtest.h>

using namespace mailflow;

namespace {
std::vector<mail::Address> list(std::string_view s) {
  auto r = mail::parse_address_list(s, "To");
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : std::vector<mail::Address>{};
}
}  // namespace

TEST(Envelope, ToCcBccDeduplicatedCaseInsensitively) {
  mail::EmailMessage m;
  m.from = list("Me <me@bücher.de>")[0];
  m.to = list("a@x.com; B <b@y.org>");
  m.cc = list("A@X.COM, c@z.de");
  m.bcc = list("hidden@z.de; b@Y.org");
  auto env = mail::envelope_of(m);
  EXPECT_EQ(env.mail_from, "me@xn--bcher-kva.de");
  EXPECT_EQ(env.recipients,
            (std::vector<std::string>{"a@x.com", "b@y.org", "c@z.de", "hidden@z.de"}));
  EXPECT_FALSE(env.smtputf8);
}

TEST(Envelope, Smtputf8WhenAnyLocalPartIsNonAscii) {
  mail::EmailMessage m;
  m.from = list("me@x.com")[0];
  m.to = list("a@x.com");
  EXPECT_FALSE(mail::envelope_of(m).smtputf8);
  m.bcc = list("用户@例子.广告");
  auto env = mail::envelope_of(m);
  EXPECT_TRUE(env.smtputf8);
  EXPECT_EQ(env.recipients.back(), "用户@xn--fsqu00a.xn--4rr70v");
  m.bcc.clear();
  m.from = list("josé@x.com")[0];
  EXPECT_TRUE(mail::envelope_of(m).smtputf8);
}
