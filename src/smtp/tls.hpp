// TLS for SMTP sessions: the client context (TLS 1.2 or newer, system trust store plus an
// optional CA file, verification on unless the connection says verifyCertificate: false).
// The handshake itself is Stream::handshake (tls.cpp).
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>

#include "core/error.hpp"
#include "smtp/settings.hpp"

namespace mailflow::smtp {

// One context per pool (sessions share it). Fails when ca_file cannot be loaded.
core::Result<std::shared_ptr<boost::asio::ssl::context>> make_tls_context(const Settings&);

}  // namespace mailflow::smtp
