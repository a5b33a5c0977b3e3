// smtp::Settings — everything one named SMTP connection needs to open sessions: where, which TLS
// mode, which credentials, the per-stage timeouts and the pool size. Values are already resolved
// (resolve_tls turns Azure's single enableSSL switch into a TlsMode once, without surprises).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mailflow::smtp {

// What happens when TLS is not available is part of each mode's meaning:
enum class TlsMode {
  Auto,              // not a session mode: resolve_tls() turns it into one of the others
  Implicit,          // TLS handshake before any SMTP byte (RFC 8314, usually port 465)
  StartTls,          // STARTTLS required: a server without it is an error, never auth in clear
  StartTlsOptional,  // STARTTLS when offered, otherwise continue in clear text
  None,              // never TLS
};

// Auto + port 465 → Implicit; Auto + enable_ssl → StartTls; Auto + !enable_ssl → StartTlsOptional.
TlsMode resolve_tls(TlsMode requested, bool enable_ssl, int port);
std::optional<TlsMode> parse_tls_mode(std::string_view);  // "auto","implicit","starttls",...
std::string_view to_string(TlsMode);

enum class AuthMechanism { Auto, Plain, Login, CramMd5, XOAuth2, None };
std::optional<AuthMechanism> parse_auth_mechanism(std::string_view);  // "auto","plain",...
std::string_view to_string(AuthMechanism);

// Client-side deadlines per stage. RFC 5321 §4.5.3.2 suggests minutes; a connector answering
// HTTP wants shorter ones. connect covers resolving and each address tried; greeting the 220;
// command each command's reply (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, RSET, QUIT) and the TLS
// handshake; data the writing of the message and the reply to its end.
struct Timeouts {
  std::chrono::milliseconds connect{15000}, greeting{30000}, command{30000}, data{120000};
};

struct Settings {
  std::string host;
  int port = 587;
  TlsMode tls = TlsMode::StartTlsOptional;  // already resolved
  bool verify_certificate = true;
  std::string ca_file;          // extra trust anchor (PEM); empty → system store only
  std::string client_hostname;  // EHLO argument; empty → gethostname()
  AuthMechanism auth = AuthMechanism::Auto;
  std::string user, password;   // password (or XOAUTH2 token): never logged
  Timeouts timeouts;
  int max_connections = 4;      // sessions open at once per pool
};

}  // namespace mailflow::smtp
