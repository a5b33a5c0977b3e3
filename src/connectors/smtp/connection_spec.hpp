// ConnectionSpec: a named SMTP connection as users write it (Azure's names serverAddress, port,
// enableSSL, userName, password, plus mailflow's tls, verifyCertificate, caFile, clientHostname,
// authMechanism, timeoutSeconds, maxConnections, rateLimit, retry), validated and normalised.
// The password is kept apart so it is sealed in the store and never echoed back.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "outbox/transport.hpp"
#include "smtp/settings.hpp"
#include "store/store.hpp"

namespace mailflow::connectors::smtp {

struct ConnectionSpec {
  boost::json::object settings;  // normalised, without the password
  std::optional<std::string> password;
};

// Names are 1–64 characters of letters, digits, '.', '_' and '-' (they appear in URL paths).
core::Status validate_connection_name(std::string_view name);

// Every bad field → InvalidRequest naming the field; unknown fields are refused (typos would
// otherwise silently change nothing).
core::Result<ConnectionSpec> parse_connection(const boost::json::value& body);

// Store record → the client's Settings (tls resolved, defaults applied).
core::Result<mailflow::smtp::Settings> to_settings(const store::ConnectionRecord& rec);

// Store record → how the outbox treats its mail (retry schedule, rate limit).
core::Result<outbox::ConnectionPolicy> to_policy(const store::ConnectionRecord& rec);

// What GET returns: the settings plus name, hasPassword, the resolved TLS mode and timestamps.
boost::json::object public_view(const store::ConnectionRecord& rec);

}  // namespace mailflow::connectors::smtp
