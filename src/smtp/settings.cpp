// Name tables and Azure's enableSSL resolution for smtp::Settings.
#include "smtp/settings.hpp"

#include <array>
#include <utility>

namespace mailflow::smtp {
namespace {
constexpr std::array<std::pair<TlsMode, std::string_view>, 5> kTlsNames{{
    {TlsMode::Auto, "auto"},
    {TlsMode::Implicit, "implicit"},
    {TlsMode::StartTls, "starttls"},
    {TlsMode::StartTlsOptional, "starttls-optional"},
    {TlsMode::None, "none"},
}};
constexpr std::array<std::pair<AuthMechanism, std::string_view>, 6> kAuthNames{{
    {AuthMechanism::Auto, "auto"},
    {AuthMechanism::Plain, "plain"},
    {AuthMechanism::Login, "login"},
    {AuthMechanism::CramMd5, "cram-md5"},
    {AuthMechanism::XOAuth2, "xoauth2"},
    {AuthMechanism::None, "none"},
}};
}  // namespace

TlsMode resolve_tls(TlsMode requested, bool enable_ssl, int port) {
  if (requested != TlsMode::Auto) return requested;
  if (port == 465) return TlsMode::Implicit;  // RFC 8314 submissions port: TLS from the start
  return enable_ssl ? TlsMode::StartTls : TlsMode::StartTlsOptional;
}

std::optional<TlsMode> parse_tls_mode(std::string_view s) {
  for (auto& [m, n] : kTlsNames)
    if (n == s) return m;
  return std::nullopt;
}
std::string_view to_string(TlsMode m) { return kTlsNames[static_cast<int>(m)].second; }

std::optional<AuthMechanism> parse_auth_mechanism(std::string_view s) {
  for (auto& [m, n] : kAuthNames)
    if (n == s) return m;
  return std::nullopt;
}
std::string_view to_string(AuthMechanism m) { return kAuthNames[static_cast<int>(m)].second; }

}  // namespace mailflow::smtp
