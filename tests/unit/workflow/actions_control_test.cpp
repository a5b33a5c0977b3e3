// Response (status code rules, headers, the HTTP answer for the Request trigger's caller),
// Terminate (run status and error) and Wait (interval units incl. calendar months, until, and the
// invalid shapes).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "workflow/actions/response.hpp"
#include "workflow/actions/terminate.hpp"
#include "workflow/actions/wait.hpp"

using namespace mailflow::workflow;
using namespace mailflow::workflow::actions;
namespace json = boost::json;
using namespace std::chrono;

namespace {

void expect_failed(const ActionResult& r, std::string_view code, std::string_view fragment) {
  EXPECT_EQ(r.status, Status::Failed);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code, code);
  EXPECT_NE(r.error->message.find(fragment), std::string::npos) << r.error->message;
}

// 2024-01-31T10:00:00Z
const system_clock::time_point kNow = system_clock::time_point(seconds(1706695200));

std::string header(const HttpAnswer& a, std::string_view name) {
  for (const auto& [k, v] : a.headers)
    if (k == name) return v;
  return "<absent>";
}

}  // namespace

TEST(Response, NormalizesStatusHeadersAndBody) {
  ActionResult r = response(json::parse(
      R"({"statusCode":"201","headers":{"X-Count":3,"X-Name":"a"},"body":{"ok":true}})"));
  ASSERT_EQ(r.status, Status::Succeeded) << r.error->message;
  EXPECT_EQ(r.outputs, json::parse(R"({"statusCode":201,"headers":{"X-Count":"3","X-Name":"a"},
                                       "body":{"ok":true}})"));
  ActionResult plain = response(json::parse(R"({"body":"hi"})"));
  EXPECT_EQ(plain.outputs, json::parse(R"({"statusCode":200,"headers":{},"body":"hi"})"));
}

TEST(Response, RefusesBadStatusCodesAndHeaders) {
  for (const char* code : {"99", "600", "\"abc\"", "\"20x\"", "2.5", "true", "{}"})
    expect_failed(response(json::parse(std::string(R"({"statusCode":)") + code + "}")),
                  "InvalidTemplate", "from 100 to 599");
  EXPECT_EQ(response(json::parse(R"({"statusCode":599})")).status, Status::Succeeded);
  EXPECT_EQ(response(json::parse(R"({"statusCode":100})")).status, Status::Succeeded);
  expect_failed(response(json::parse(R"({"headers":{"X-A":"one\r\nX-Injected: 1"}})")),
                "InvalidTemplate", "line break");
  expect_failed(response(json::parse(R"({"headers":{"":"v"}})")), "InvalidTemplate", "empty");
  expect_failed(response(json::parse(R"({"headers":["a"]})")), "InvalidTemplate", "'headers'");
}

TEST(Response, HttpAnswerRendersEachKindOfBody) {
  HttpAnswer json_body = http_answer(
      response(
          json::parse(R"({"statusCode":202,"headers":{"X-A":"1"},"body":{"n":1.5,"list":[1]}})"))
          .outputs);
  EXPECT_EQ(json_body.status, 202);
  EXPECT_EQ(json_body.body, R"({"n":1.5,"list":[1]})");
  EXPECT_EQ(json_body.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(header(json_body, "X-A"), "1");

  HttpAnswer text = http_answer(response(json::parse(R"({"body":"hello"})")).outputs);
  EXPECT_EQ(text.body, "hello");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");

  HttpAnswer none = http_answer(response(json::parse(R"({"statusCode":204})")).outputs);
  EXPECT_EQ(none.status, 204);
  EXPECT_TRUE(none.body.empty());
  EXPECT_TRUE(none.content_type.empty());

  HttpAnswer binary = http_answer(
      response(json::parse(R"({"body":{"$content-type":"application/pdf","$content":"JVBERi0="}})"))
          .outputs);
  EXPECT_EQ(binary.body, "%PDF-");
  EXPECT_EQ(binary.content_type, "application/pdf");
}

TEST(Response, AnExplicitContentTypeWins) {
  HttpAnswer a = http_answer(
      response(
          json::parse(R"({"headers":{"content-type":"application/xml","X-B":"2"},"body":"<a/>"})"))
          .outputs);
  EXPECT_EQ(a.content_type, "application/xml");
  EXPECT_EQ(a.body, "<a/>");
  ASSERT_EQ(a.headers.size(), 1u) << "Content-Type is not repeated among the headers";
  EXPECT_EQ(header(a, "X-B"), "2");
}

TEST(Terminate, ReportsTheRunStatusAndError) {
  TerminateOutcome failed = terminate(json::parse(
      R"({"runStatus":"Failed","runError":{"code":"Unexpected response","message":"Try again."}})"));
  EXPECT_EQ(failed.result.status, Status::Succeeded);
  EXPECT_EQ(failed.run_status, Status::Failed);
  ASSERT_TRUE(failed.run_error);
  EXPECT_EQ(failed.run_error->code, "Unexpected response");
  EXPECT_EQ(failed.run_error->message, "Try again.");

  TerminateOutcome cancelled = terminate(json::parse(R"({"runStatus":"cancelled"})"));
  EXPECT_EQ(cancelled.run_status, Status::Cancelled);
  EXPECT_FALSE(cancelled.run_error);

  // runError applies only to Failed.
  TerminateOutcome ok =
      terminate(json::parse(R"({"runStatus":"Succeeded","runError":{"code":"x","message":"y"}})"));
  EXPECT_EQ(ok.run_status, Status::Succeeded);
  EXPECT_FALSE(ok.run_error);

  TerminateOutcome bare = terminate(json::parse(R"({"runStatus":"Failed"})"));
  EXPECT_EQ(bare.run_status, Status::Failed);
  EXPECT_FALSE(bare.run_error);
}

TEST(Terminate, AnInvalidRunStatusFailsTheAction) {
  for (const char* in :
       {R"({"runStatus":"Skipped"})", R"({"runStatus":"Done"})", R"({})", R"({"runStatus":1})"}) {
    TerminateOutcome t = terminate(json::parse(in));
    expect_failed(t.result, "InvalidTemplate", "'Succeeded', 'Failed' or 'Cancelled'");
    EXPECT_FALSE(t.run_status) << in;
  }
}

TEST(Wait, IntervalUnits) {
  struct Case {
    const char* unit;
    int count;
    system_clock::duration expected;
  };
  const Case cases[] = {{"Second", 30, seconds(30)}, {"minute", 15, minutes(15)},
                        {"Hour", 2, hours(2)},       {"Day", 1, hours(24)},
                        {"Week", 2, hours(24 * 14)}, {"Second", 0, seconds(0)}};
  for (const auto& c : cases) {
    WaitOutcome w =
        wait(json::object{{"interval", json::object{{"count", c.count}, {"unit", c.unit}}}}, kNow);
    ASSERT_EQ(w.result.status, Status::Succeeded) << c.unit << ": " << w.result.error->message;
    EXPECT_EQ(w.resume_at - kNow, c.expected) << c.unit;
    EXPECT_EQ(w.delay, duration_cast<milliseconds>(c.expected)) << c.unit;
    EXPECT_TRUE(w.result.outputs.is_null());
  }
  WaitOutcome text = wait(json::parse(R"({"interval":{"count":"5","unit":"Minute"}})"), kNow);
  EXPECT_EQ(text.resume_at - kNow, minutes(5));
}

TEST(Wait, MonthIsACalendarMonthWithTheDayClamped) {
  // 2024-01-31 + 1 month = 2024-02-29 (leap year), 29 days later.
  WaitOutcome w = wait(json::parse(R"({"interval":{"count":1,"unit":"Month"}})"), kNow);
  ASSERT_EQ(w.result.status, Status::Succeeded);
  EXPECT_EQ(w.resume_at - kNow, hours(24 * 29));
  WaitOutcome year = wait(json::parse(R"({"interval":{"count":12,"unit":"Month"}})"), kNow);
  EXPECT_EQ(year.resume_at - kNow, hours(24 * 366));
}

TEST(Wait, UntilATimestamp) {
  WaitOutcome w = wait(json::parse(R"({"until":{"timestamp":"2024-01-31T12:30:00Z"}})"), kNow);
  ASSERT_EQ(w.result.status, Status::Succeeded) << w.result.error->message;
  EXPECT_EQ(w.resume_at - kNow, minutes(150));
  WaitOutcome offset =
      wait(json::parse(R"({"until":{"timestamp":"2024-01-31T12:30:00+02:00"}})"), kNow);
  EXPECT_EQ(offset.resume_at - kNow, minutes(30));
  WaitOutcome no_zone = wait(json::parse(R"({"until":{"timestamp":"2024-01-31T11:00:00"}})"), kNow);
  EXPECT_EQ(no_zone.resume_at - kNow, hours(1)) << "no zone is taken as UTC";
  WaitOutcome past = wait(json::parse(R"({"until":{"timestamp":"2020-01-01T00:00:00Z"}})"), kNow);
  EXPECT_EQ(past.result.status, Status::Succeeded);
  EXPECT_EQ(past.resume_at, kNow);
  EXPECT_EQ(past.delay, milliseconds(0));
}

TEST(Wait, InvalidShapesFail) {
  const char* bad[] = {
      R"({})",
      R"({"interval":{"count":1,"unit":"Fortnight"}})",
      R"({"interval":{"count":-1,"unit":"Second"}})",
      R"({"interval":{"count":"soon","unit":"Second"}})",
      R"({"interval":{"unit":"Second"}})",
      R"({"interval":5})",
      R"({"until":{"timestamp":"tomorrow"}})",
      R"({"until":{}})",
      R"({"until":"2024-01-01T00:00:00Z"})",
      R"({"interval":{"count":1,"unit":"Second"},"until":{"timestamp":"2024-02-01T00:00:00Z"}})",
      R"({"interval":{"count":9000000000000000000,"unit":"Week"}})",
      R"({"interval":{"count":100000,"unit":"Month"}})",
      R"({"until":{"timestamp":"9999-01-01T00:00:00Z"}})",
  };
  for (const char* in : bad) {
    WaitOutcome w = wait(json::parse(in), kNow);
    EXPECT_EQ(w.result.status, Status::Failed) << in;
    ASSERT_TRUE(w.result.error) << in;
    EXPECT_EQ(w.result.error->code, "InvalidTemplate") << in;
    EXPECT_EQ(w.result.inputs, json::parse(in)) << in;
  }
}
