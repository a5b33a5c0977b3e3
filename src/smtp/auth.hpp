// SASL for SMTP AUTH (RFC 4954): choosing a mechanism from the server's list, and the
// client's messages for PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195) and XOAUTH2 (Google's
// SASL profile; the OAuth token is given as the password). Pure functions, no I/O; the exchange
// itself is in session.cpp. Results are secrets: never log them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "smtp/capabilities.hpp"
#include "smtp/settings.hpp"

namespace mailflow::smtp {

std::string base64_encode(std::string_view);
std::optional<std::string> base64_decode(std::string_view);  // nullopt if malformed

// The mechanism to use, or nullopt when none fits. Configured → that one (even if the server
// does not list it: some servers accept more than they announce). Auto → the best both sides
// have: over TLS PLAIN, LOGIN, CRAM-MD5; in clear text CRAM-MD5 first (it does not reveal the
// password). XOAUTH2 only when configured (its "password" is a token, not a password).
std::optional<AuthMechanism> choose_mechanism(AuthMechanism configured, const Capabilities&,
                                              bool tls_active);
std::string_view sasl_name(AuthMechanism);  // "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"

std::string plain_response(std::string_view user, std::string_view password);  // base64
// challenge_b64: the text of the server's 334; nullopt if it is not base64.
std::optional<std::string> cram_md5_response(std::string_view user, std::string_view password,
                                             std::string_view challenge_b64);
std::string xoauth2_response(std::string_view user, std::string_view token);  // base64

}  // namespace mailflow::smtp
