// outcome: what one delivery attempt (a SendResult or a realistic smtp error) makes of a message
// and of each of its recipients.
#include "outbox/outcome.hpp"

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "smtp/policy.hpp"

using namespace mailflow;
using namespace mailflow::outbox;
using smtp::Reply;

namespace {
constexpr std::int64_t kStart = 1'700'000'000'000, kNow = kStart + 350;

store::MessageRecord message(std::vector<store::RecipientState> rs,
                             std::int64_t expires = kNow + 3'600'000) {
  store::MessageRecord m;
  m.id = "m1";
  m.connection = "dev";
  m.status = "sending";
  m.expires_ms = expires;
  m.recipients = std::move(rs);
  return m;
}
store::RecipientState pending(const std::string& a) { return {a, "pending", 0, "", ""}; }

smtp::SendResult accepted(std::vector<std::string> addrs,
                          std::vector<smtp::RecipientResult> rejected = {}) {
  smtp::SendResult r;
  r.final_reply = Reply{250, "2.0.0", {"queued as ABC"}};
  r.accepted = std::move(addrs);
  r.rejected = std::move(rejected);
  return r;
}

struct Decide {
  RetrySchedule schedule;
  double unit = 0.5;
  int attempt = 1;
  store::FinishAttempt operator()(const store::MessageRecord& m,
                                  const core::Result<smtp::SendResult>& r) const {
    return decide({m, r, kStart, kNow, attempt, schedule, unit}, "node-a");
  }
};

std::vector<std::string> statuses(const store::FinishAttempt& f) {
  std::vector<std::string> out;
  for (const auto& r : f.recipients) out.push_back(r.status);
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST(Outcome, AllAcceptedIsSent) {
  auto m = message({pending("a@x.test"), pending("b@x.test")});
  core::Result<smtp::SendResult> r = accepted({"a@x.test", "b@x.test"});
  auto f = Decide{}(m, r);
  EXPECT_EQ(f.id, "m1");
  EXPECT_EQ(f.owner, "node-a");
  EXPECT_EQ(f.status, "sent");
  EXPECT_EQ(statuses(f), (V{"sent", "sent"}));
  EXPECT_EQ(f.recipients[0].reply, 250);
  EXPECT_EQ(f.recipients[0].enhanced, "2.0.0");
  EXPECT_EQ(f.recipients[0].text, "queued as ABC");
  EXPECT_EQ(f.attempt.at_ms, kStart);
  EXPECT_EQ(f.attempt.duration_ms, kNow - kStart);
  EXPECT_EQ(f.attempt.result, "sent");
  EXPECT_EQ(f.attempt.stage, "DATA");
  EXPECT_EQ(f.attempt.reply, 250);
  EXPECT_TRUE(f.attempt.error.empty());
}

TEST(Outcome, OneRecipientDeferredAtRcptIsRetriedAlone) {
  auto m = message({pending("a@x.test"), pending("b@x.test")});
  core::Result<smtp::SendResult> r =
      accepted({"a@x.test"}, {{"b@x.test", Reply{452, "4.2.2", {"mailbox full, try later"}}}});
  Decide d;
  d.unit = 0.25;
  auto f = d(m, r);
  EXPECT_EQ(f.status, "retrying");
  EXPECT_EQ(statuses(f), (V{"sent", "deferred"}));
  EXPECT_EQ(f.recipients[1].reply, 452);
  EXPECT_EQ(f.recipients[1].enhanced, "4.2.2");
  EXPECT_EQ(f.recipients[1].text, "mailbox full, try later");
  EXPECT_EQ(f.next_attempt_ms, *d.schedule.next_attempt_ms(1, kNow, m.expires_ms, 0.25));
  EXPECT_GT(f.next_attempt_ms, kNow);
  EXPECT_EQ(f.attempt.result, "partial");
  EXPECT_FALSE(f.attempt.error.empty());
  // The next attempt goes to the deferred recipient only.
  m.recipients = f.recipients;
  EXPECT_EQ(due_recipients(m), V{"b@x.test"});
}

TEST(Outcome, LaterAttemptsWaitLonger) {
  auto m = message({pending("a@x.test")});
  core::Result<smtp::SendResult> r =
      smtp::timeout_error(smtp::Step::Rcpt, std::chrono::seconds(30));
  Decide first, third;
  third.attempt = 3;
  EXPECT_GT(third(m, r).next_attempt_ms, first(m, r).next_attempt_ms);
}

TEST(Outcome, EveryRecipientRefusedWith5xxIsFailed) {
  auto m = message({pending("a@x.test"), pending("b@x.test")});
  core::Result<smtp::SendResult> r =
      accepted({}, {{"a@x.test", Reply{550, "5.1.1", {"no such user"}}},
                    {"b@x.test", Reply{550, "5.1.1", {"no such user"}}}});
  auto f = Decide{}(m, r);
  EXPECT_EQ(f.status, "failed");
  EXPECT_EQ(statuses(f), (V{"failed", "failed"}));
  EXPECT_EQ(f.attempt.result, "failed");
  EXPECT_EQ(f.attempt.stage, "RCPT");
  EXPECT_EQ(f.attempt.reply, 550);
  EXPECT_EQ(f.attempt.enhanced, "5.1.1");
}

TEST(Outcome, SoftAndHardRefusalsMixed) {
  auto m = message({pending("a@x.test"), pending("b@x.test")});
  core::Result<smtp::SendResult> r =
      accepted({}, {{"a@x.test", Reply{550, "5.1.1", {"unknown"}}},
                    {"b@x.test", Reply{451, "4.7.1", {"greylisted"}}}});
  auto f = Decide{}(m, r);
  EXPECT_EQ(f.status, "retrying");
  EXPECT_EQ(statuses(f), (V{"failed", "deferred"}));
  EXPECT_EQ(f.attempt.result, "deferred");
}

TEST(Outcome, TransientErrorsAreRetried) {
  const core::Error errors[] = {
      smtp::timeout_error(smtp::Step::EndOfData, std::chrono::seconds(60)),
      smtp::transport_error(smtp::Step::Connect, boost::asio::error::connection_refused, "mx:25"),
      smtp::transport_error(smtp::Step::MessageBody, boost::asio::error::connection_reset),
      smtp::reply_error(smtp::Step::Mail, Reply{421, "4.3.2", {"shutting down"}}),
  };
  for (const auto& e : errors) {
    SCOPED_TRACE(e.message);
    ASSERT_TRUE(smtp::is_transient(e));
    auto m = message({pending("a@x.test"), pending("b@x.test")});
    core::Result<smtp::SendResult> r = e;
    auto f = Decide{}(m, r);
    EXPECT_EQ(f.status, "retrying");
    EXPECT_EQ(statuses(f), (V{"deferred", "deferred"}));
    EXPECT_GT(f.next_attempt_ms, kNow);
    EXPECT_EQ(f.attempt.result, "deferred");
    EXPECT_EQ(f.attempt.error, e.message);
    EXPECT_EQ(f.attempt.stage, e.smtp->stage);
    EXPECT_EQ(f.attempt.reply, e.smtp->reply);
  }
}

TEST(Outcome, TransientErrorPastTheLifetimeIsExpired) {
  auto m = message({pending("a@x.test"), pending("b@x.test")}, /*expires=*/kNow);
  core::Result<smtp::SendResult> r =
      smtp::transport_error(smtp::Step::Connect, boost::asio::error::host_unreachable);
  auto f = Decide{}(m, r);
  EXPECT_EQ(f.status, "expired");
  EXPECT_EQ(statuses(f), (V{"expired", "expired"}));
  EXPECT_EQ(f.attempt.result, "deferred");
  // One minute before the end, the retry is moved up to the end rather than dropped.
  m.expires_ms = kNow + 60'000;
  f = Decide{}(m, r);
  EXPECT_EQ(f.status, "retrying");
  EXPECT_EQ(f.next_attempt_ms, kNow + 60'000);
}

TEST(Outcome, ARecipientSentEarlierStaysSent) {
  auto m = message({{"a@x.test", "sent", 250, "2.0.0", "first time"}, pending("b@x.test")});
  m.recipients[1].status = "deferred";
  EXPECT_EQ(due_recipients(m), V{"b@x.test"});

  core::Result<smtp::SendResult> ok = accepted({"b@x.test"});
  auto f = Decide{}(m, ok);
  EXPECT_EQ(f.status, "sent");
  EXPECT_EQ(statuses(f), (V{"sent", "sent"}));
  EXPECT_EQ(f.recipients[0].text, "first time");  // untouched

  core::Result<smtp::SendResult> soft =
      smtp::timeout_error(smtp::Step::Rcpt, std::chrono::seconds(30));
  f = Decide{}(m, soft);
  EXPECT_EQ(f.status, "retrying");
  EXPECT_EQ(statuses(f), (V{"sent", "deferred"}));
  EXPECT_EQ(f.recipients[0].reply, 250);

  m.expires_ms = kNow;  // lifetime over: one recipient got it, so the message counts as sent
  f = Decide{}(m, soft);
  EXPECT_EQ(f.status, "sent");
  EXPECT_EQ(statuses(f), (V{"sent", "expired"}));
}

TEST(Outcome, PermanentErrorAtMailIsFailed) {
  auto m = message({pending("a@x.test"), pending("b@x.test")});
  auto e = smtp::reply_error(smtp::Step::Mail, Reply{550, "5.1.8", {"sender domain rejected"}});
  ASSERT_FALSE(smtp::is_transient(e));
  core::Result<smtp::SendResult> r = e;
  auto f = Decide{}(m, r);
  EXPECT_EQ(f.status, "failed");
  EXPECT_EQ(statuses(f), (V{"failed", "failed"}));
  EXPECT_EQ(f.recipients[0].reply, 550);
  EXPECT_EQ(f.recipients[0].enhanced, "5.1.8");
  EXPECT_EQ(f.attempt.result, "failed");
  EXPECT_EQ(f.attempt.stage, "MAIL");
  EXPECT_EQ(f.attempt.reply, 550);
  EXPECT_EQ(f.attempt.text, "sender domain rejected");
  EXPECT_EQ(f.attempt.error, e.message);
  EXPECT_EQ(f.attempt.duration_ms, kNow - kStart);
}

TEST(Outcome, DueRecipientsSkipSentAndFailed) {
  auto m = message({{"a@x.test", "sent", 250, "", ""},
                    {"b@x.test", "failed", 550, "", ""},
                    {"c@x.test", "deferred", 451, "", ""},
                    {"d@x.test", "expired", 0, "", ""},
                    pending("e@x.test")});
  EXPECT_EQ(due_recipients(m), (V{"c@x.test", "d@x.test", "e@x.test"}));
}
