// The Http action's pure parts: inputs parsing (errors name the member), what history shows,
// the request built from a call, body mapping both ways, the allow-list, URL helpers, and the
// small header readers of the async pattern.
#include "workflow/http/http_call.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <boost/json.hpp>

#include "wdl/codec.hpp"
#include "workflow/http/allow_list.hpp"
#include "workflow/http/async_pattern.hpp"
#include "workflow/http/body.hpp"
#include "workflow/http/outcome.hpp"
#include "workflow/http/request.hpp"
#include "workflow/http/url.hpp"

using namespace mailflow::workflow::http;
using mailflow::core::Code;
namespace json = boost::json;

namespace {
HttpCall parse_ok(std::string_view text) {
  auto c = parse_http_call(json::parse(text));
  EXPECT_TRUE(c.ok()) << text << ": " << (c.ok() ? "" : c.error().field + " " + c.error().message);
  return c.ok() ? *c : HttpCall{};
}

mailflow::core::Error parse_error(std::string_view text) {
  auto c = parse_http_call(json::parse(text));
  EXPECT_FALSE(c.ok()) << text;
  return c.ok() ? mailflow::core::Error{} : c.error();
}

sockaddr_storage v4(const char* text) {
  sockaddr_storage s{};
  auto* a = reinterpret_cast<sockaddr_in*>(&s);
  a->sin_family = AF_INET;
  inet_pton(AF_INET, text, &a->sin_addr);
  return s;
}

sockaddr_storage v6(const char* text) {
  sockaddr_storage s{};
  auto* a = reinterpret_cast<sockaddr_in6*>(&s);
  a->sin6_family = AF_INET6;
  inet_pton(AF_INET6, text, &a->sin6_addr);
  return s;
}

const sockaddr* sa(const sockaddr_storage& s) { return reinterpret_cast<const sockaddr*>(&s); }
}  // namespace

TEST(HttpCallParse, ReadsEveryMemberCaseInsensitively) {
  HttpCall c = parse_ok(R"({"Method": "post", "URI": "https://api.example.com/x",
      "headers": {"X-Id": "7", "X-Num": 3}, "queries": {"q": "a b", "n": 1.5},
      "body": {"k": [1]}, "authentication": {"type": "basic", "username": "u", "password": "p"}})");
  EXPECT_EQ(c.method, "POST");
  EXPECT_EQ(c.uri, "https://api.example.com/x");
  ASSERT_EQ(c.headers.size(), 2u);
  EXPECT_EQ(c.headers[1], (std::pair<std::string, std::string>{"X-Num", "3"}));
  ASSERT_EQ(c.queries.size(), 2u);
  EXPECT_EQ(c.queries[0].second, "a b");
  EXPECT_EQ(c.body, json::parse(R"({"k": [1]})"));
  EXPECT_EQ(c.authentication.type, Authentication::Type::Basic);
  EXPECT_EQ(c.authentication.password, "p");
}

TEST(HttpCallParse, ErrorsNameTheMember) {
  EXPECT_EQ(parse_error(R"({"uri": "http://x"})").field, "method");
  EXPECT_EQ(parse_error(R"({"method": "GET"})").field, "uri");
  EXPECT_EQ(parse_error(R"({"method": "FETCH", "uri": "http://x"})").field, "method");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "ftp://x/f"})").field, "uri");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "not a url"})").field, "uri");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "http://x", "headers": []})").field, "headers");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "http://x", "headers": {"A": {}}})").field,
            "headers.A");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "http://x", "queries": {"q": [1]}})").field,
            "queries.q");
  auto inj = parse_error(R"({"method": "GET", "uri": "http://x", "headers": {"A": "1\r\nB: 2"}})");
  EXPECT_EQ(inj.code, Code::HeaderInjection);
  EXPECT_EQ(inj.field, "headers.A");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "http://x",
                            "authentication": {"type": "Basic", "username": "u"}})")
                .field,
            "authentication.password");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "http://x",
                            "authentication": {"type": "Raw"}})")
                .field,
            "authentication.value");
  EXPECT_EQ(parse_error(R"({"method": "GET", "uri": "http://x",
                            "authentication": {"type": "Digest"}})")
                .field,
            "authentication.type");
}

TEST(HttpCallParse, AzureOnlyAuthenticationIsNotSupportedInPlainWords) {
  for (const char* type : {"ManagedServiceIdentity", "ActiveDirectoryOAuth", "ClientCertificate"}) {
    auto e = parse_error(
        std::string(R"({"method": "GET", "uri": "http://x", "authentication": {"type": ")") + type +
        R"(", "audience": "a"}})");
    EXPECT_EQ(e.code, Code::NotImplemented) << type;
    EXPECT_EQ(e.field, "authentication.type");
    EXPECT_NE(e.message.find(type), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("not support"), std::string::npos) << e.message;
  }
}

TEST(HttpCallParse, HistoryNeverShowsSecrets) {
  auto basic = history_inputs(parse_ok(R"({"method": "GET", "uri": "http://x",
      "headers": {"authorization": "Bearer s3cret"},
      "authentication": {"type": "Basic", "username": "u", "password": "pw-s3cret"}})"));
  auto text = json::serialize(basic);
  EXPECT_EQ(text.find("s3cret"), std::string::npos) << text;
  EXPECT_EQ(basic.at("authentication").at("username"), "u");
  EXPECT_EQ(basic.at("authentication").at("password"), "*sanitized*");
  auto raw = history_inputs(parse_ok(R"({"method": "GET", "uri": "http://x",
      "authentication": {"type": "Raw", "value": "Bearer tok-s3cret"}})"));
  EXPECT_EQ(json::serialize(raw).find("s3cret"), std::string::npos);
}

TEST(HttpRequest, QueriesAreEncodedAndAuthenticationBecomesTheAuthorizationHeader) {
  auto r = build_request(parse_ok(R"({"method": "GET", "uri": "http://h/p?x=1",
      "queries": {"a b": "c&d=é"}, "headers": {"Host": "evil", "Authorization": "mine"},
      "authentication": {"type": "Basic", "username": "Aladdin", "password": "open sesame"}})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->url, "http://h/p?x=1&a%20b=c%26d%3D%C3%A9");
  EXPECT_EQ(header_value(r->headers, "Host"), std::nullopt);  // curl writes Host
  EXPECT_EQ(header_value(r->headers, "Authorization"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_FALSE(r->body);
}

TEST(HttpRequest, BodyContentTypeDefaultsUnlessGiven) {
  auto obj = build_request(parse_ok(R"({"method": "POST", "uri": "http://h", "body": {"a": 1}})"));
  ASSERT_TRUE(obj.ok());
  EXPECT_EQ(*obj->body, R"({"a":1})");
  EXPECT_EQ(header_value(obj->headers, "Content-Type"), "application/json; charset=utf-8");
  auto text = build_request(parse_ok(
      R"({"method": "POST", "uri": "http://h", "body": "a,b", "headers": {"content-type": "text/csv"}})"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text->body, "a,b");
  EXPECT_EQ(header_value(text->headers, "Content-Type"), "text/csv");
  EXPECT_EQ(text->headers.size(), 1u);  // not a second Content-Type
  auto bin = build_request(parse_ok(R"({"method": "PUT", "uri": "http://h",
      "body": {"$content-type": "image/png", "$content": "AAEC"}})"));
  ASSERT_TRUE(bin.ok());
  EXPECT_EQ(*bin->body, std::string("\0\1\2", 3));
  EXPECT_EQ(header_value(bin->headers, "Content-Type"), "image/png");
  auto bad = build_request(parse_ok(R"({"method": "PUT", "uri": "http://h",
      "body": {"$content-type": "image/png", "$content": "!!"}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "body.$content");
}

TEST(HttpBody, ResponseBodiesDecodeByContentType) {
  EXPECT_EQ(decode_response_body(R"({"a":1})", "application/json; charset=utf-8"),
            json::parse(R"({"a":1})"));
  EXPECT_EQ(decode_response_body(R"([1])", "application/problem+json"), json::parse("[1]"));
  EXPECT_EQ(decode_response_body("{broken", "application/json"), json::value("{broken"));
  EXPECT_EQ(decode_response_body("<a/>", "application/xml"), json::value("<a/>"));
  EXPECT_EQ(decode_response_body("plain", ""), json::value("plain"));
  EXPECT_TRUE(decode_response_body("", "application/json").is_null());
  std::string bytes("\xff\x00\x01", 3);
  auto bin = decode_response_body(bytes, "application/pdf");
  EXPECT_EQ(bin.at("$content-type"), "application/pdf");
  EXPECT_EQ(mailflow::wdl::binary_bytes(bin), bytes);
  // text that is not UTF-8 cannot be a JSON string: binary
  EXPECT_TRUE(decode_response_body(bytes, "text/plain").is_object());
}

TEST(HttpBody, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(AllowList, EmptyAllowsEverything) {
  AllowList none;
  EXPECT_TRUE(none.empty());
}

TEST(AllowList, NamesAndWildcards) {
  auto l = AllowList::parse({"api.example.com", "*.corp.example"});
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(l->allows_host("API.example.com"));
  EXPECT_TRUE(l->allows_host("api.example.com."));
  EXPECT_FALSE(l->allows_host("x.api.example.com"));
  EXPECT_TRUE(l->allows_host("a.b.corp.example"));
  EXPECT_FALSE(l->allows_host("corp.example"));
  EXPECT_FALSE(l->allows_host("evilcorp.example"));
}

TEST(AllowList, AddressBlocks) {
  auto l = AllowList::parse({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "[::1]"});
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(l->allows_address(sa(v4("10.200.3.4"))));
  EXPECT_FALSE(l->allows_address(sa(v4("11.0.0.1"))));
  EXPECT_TRUE(l->allows_address(sa(v4("192.168.1.7"))));
  EXPECT_FALSE(l->allows_address(sa(v4("192.168.1.8"))));
  EXPECT_TRUE(l->allows_address(sa(v6("fd12::1"))));
  EXPECT_TRUE(l->allows_address(sa(v6("::1"))));
  EXPECT_FALSE(l->allows_address(sa(v6("fe80::1"))));
  EXPECT_TRUE(l->allows_address(sa(v6("::ffff:10.1.2.3"))));  // IPv4-mapped counts as IPv4
  auto odd = AllowList::parse({"172.16.0.0/12"});
  ASSERT_TRUE(odd.ok());
  EXPECT_TRUE(odd->allows_address(sa(v4("172.31.255.255"))));
  EXPECT_FALSE(odd->allows_address(sa(v4("172.32.0.0"))));
}

TEST(AllowList, BadEntriesAreNamed) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "", "http://x", "host/8", "::1/129"}) {
    auto l = AllowList::parse({bad});
    ASSERT_FALSE(l.ok()) << bad;
    EXPECT_EQ(l.error().field, bad);
  }
}

TEST(HttpUrl, HelpersResolveAndRedact) {
  EXPECT_EQ(resolve_url("http://h:8080/a/b?x=1", "/poll/1"), "http://h:8080/poll/1");
  EXPECT_EQ(resolve_url("http://h/a/b", "c"), "http://h/a/c");
  EXPECT_EQ(resolve_url("http://h/a", "https://o/z"), "https://o/z");
  EXPECT_EQ(url_origin("https://h/x"), url_origin("https://H:443/y"));
  EXPECT_NE(url_origin("https://h/x"), url_origin("http://h/x"));
  EXPECT_EQ(redact_url("https://user:pw@h:8443/p?sig=abc"), "https://h:8443/p");
}

TEST(HttpAsyncPattern, OperationOptionsAndRetryAfter) {
  EXPECT_TRUE(async_pattern_disabled(json::value("DisableAsyncPattern")));
  EXPECT_TRUE(async_pattern_disabled(
      json::value("IncludeAuthorizationHeadersInOutputs, disableasyncpattern")));
  EXPECT_FALSE(async_pattern_disabled(json::value("Sequential")));
  EXPECT_FALSE(async_pattern_disabled(nullptr));
  EXPECT_EQ(retry_after({{"retry-after", "30"}}), std::chrono::seconds(30));
  EXPECT_EQ(retry_after({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}), std::nullopt);
  EXPECT_EQ(retry_after({}), std::nullopt);
}

TEST(HttpOutcome, StatusNamesAsAzureWritesThem) {
  EXPECT_EQ(http_status_name(404), "NotFound");
  EXPECT_EQ(http_status_name(429), "TooManyRequests");
  EXPECT_EQ(http_status_name(503), "ServiceUnavailable");
  EXPECT_EQ(http_status_name(599), "Http599");
}

TEST(HttpOutcome, RepeatedHeadersJoinAndFailuresKeepOutputs) {
  Response r;
  r.status = 429;
  r.url = "https://h/p?sig=secret";
  r.headers = {{"Vary", "Accept"}, {"Content-Type", "application/json"}, {"vary", "Origin"}};
  r.body = R"({"e": 1})";
  auto out = response_outputs(r);
  EXPECT_EQ(out.at("headers").at("Vary"), "Accept, Origin");
  EXPECT_EQ(out.at("body").at("e"), 1);
  mailflow::workflow::ActionResult a = action_result(r, nullptr);
  EXPECT_EQ(a.status, mailflow::workflow::Status::Failed);
  EXPECT_EQ(a.http_status, 429);
  ASSERT_TRUE(a.error);
  EXPECT_EQ(a.error->code, "TooManyRequests");
  EXPECT_EQ(a.error->message.find("secret"), std::string::npos) << a.error->message;
  EXPECT_EQ(a.outputs, out);
}
