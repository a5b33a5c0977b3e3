#include "connectors/smtp/connection_spec.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace mailflow;
using namespace mailflow::connectors::smtp;
namespace json = boost::json;

namespace {
store::ConnectionRecord record(const std::string& body) {
  auto spec = parse_connection(json::parse(body));
  EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
  return {"c", json::serialize(spec->settings), spec->password, "t0", "t1"};
}
mailflow::smtp::Settings settings(const std::string& body) { return to_settings(record(body)).value(); }
core::Error error(const std::string& body) { return parse_connection(json::parse(body)).error(); }
}  // namespace

TEST(ConnectionSpec, AzureEnableSslResolvesWithoutSurprises) {
  EXPECT_EQ(settings(R"({"serverAddress":"h","port":465})").tls, mailflow::smtp::TlsMode::Implicit);
  EXPECT_EQ(settings(R"({"serverAddress":"h","port":465,"enableSSL":true})").tls,
            mailflow::smtp::TlsMode::Implicit);
  EXPECT_EQ(settings(R"({"serverAddress":"h","port":587,"enableSSL":true})").tls,
            mailflow::smtp::TlsMode::StartTls);
  EXPECT_EQ(settings(R"({"serverAddress":"h","enableSSL":"false"})").tls,
            mailflow::smtp::TlsMode::StartTlsOptional);
  EXPECT_EQ(settings(R"({"serverAddress":"h","tls":"none","enableSSL":true})").tls,
            mailflow::smtp::TlsMode::None);
}

TEST(ConnectionSpec, DefaultsAndAzureSpellings) {
  auto s = settings(R"({"ServerAddress":"smtp.example.com","username":"u","Password":"p"})");
  EXPECT_EQ(s.host, "smtp.example.com");
  EXPECT_EQ(s.port, 587);
  EXPECT_EQ(s.user, "u");
  EXPECT_EQ(s.password, "p");
  EXPECT_TRUE(s.verify_certificate);
  EXPECT_EQ(s.max_connections, 4);
  EXPECT_EQ(settings(R"({"serverAddress":"h","tls":"implicit"})").port, 465);
}

TEST(ConnectionSpec, PasswordIsKeptApartFromSettings) {
  auto rec = record(R"({"serverAddress":"h","userName":"u","password":"secret-pw"})");
  EXPECT_EQ(rec.settings_json.find("secret-pw"), std::string::npos);
  auto view = json::serialize(public_view(rec));
  EXPECT_EQ(view.find("secret-pw"), std::string::npos);
  EXPECT_NE(view.find("\"hasPassword\":true"), std::string::npos);
}

TEST(ConnectionSpec, TimeoutsAllThenPerStage) {
  auto s = settings(R"({"serverAddress":"h","timeoutSeconds":5,"timeouts":{"dataSeconds":300}})");
  EXPECT_EQ(s.timeouts.connect, std::chrono::seconds(5));
  EXPECT_EQ(s.timeouts.command, std::chrono::seconds(5));
  EXPECT_EQ(s.timeouts.data, std::chrono::seconds(300));
}

TEST(ConnectionSpec, BadFieldsNameTheField) {
  EXPECT_EQ(error(R"({"port":25})").field, "serverAddress");
  EXPECT_EQ(error(R"({"serverAddress":"h","port":0})").field, "port");
  EXPECT_EQ(error(R"({"serverAddress":"h","port":"x"})").field, "port");
  EXPECT_EQ(error(R"({"serverAddress":"h","enableSSL":"maybe"})").field, "enableSSL");
  EXPECT_EQ(error(R"({"serverAddress":"h","authMechanism":"kerberos"})").field, "authMechanism");
  EXPECT_EQ(error(R"({"serverAddress":"h","timeouts":{"dataSecs":3}})").field, "timeouts.dataSecs");
  EXPECT_EQ(error(R"({"serverAddress":"h","rateLimit":{"calls":0}})").field, "rateLimit.calls");
  EXPECT_EQ(error(R"({"serverAddress":"h","password":"p"})").field, "userName");
  EXPECT_EQ(error(R"({"serverAddress":"a b"})").field, "serverAddress");
  EXPECT_EQ(error(R"({"serverAddress":"h\r\nX"})").code, core::Code::HeaderInjection);
  EXPECT_EQ(error(R"([1,2])").code, core::Code::InvalidRequest);
}

TEST(ConnectionSpec, Names) {
  EXPECT_TRUE(validate_connection_name("office365-prod_2.eu").ok());
  for (const char* bad : {"", "a b", "a/b", "ä", "x?y"})
    EXPECT_FALSE(validate_connection_name(bad).ok()) << bad;
  EXPECT_FALSE(validate_connection_name(std::string(65, 'a')).ok());
}
