// SASL encodings with OpenSSL (base64, HMAC-MD5).
#include "smtp/auth.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace mailflow::smtp {

std::string base64_encode(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  while (!in.empty() && (in.back() == ' ' || in.back() == '\r' || in.back() == '\n'))
    in.remove_suffix(1);
  if (in.size() % 4 != 0) return std::nullopt;
  if (in.empty()) return std::string();
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = in.back() == '=' ? (in[in.size() - 2] == '=' ? 2 : 1) : 0;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::string_view sasl_name(AuthMechanism m) {
  switch (m) {
    case AuthMechanism::Plain: return "PLAIN";
    case AuthMechanism::Login: return "LOGIN";
    case AuthMechanism::CramMd5: return "CRAM-MD5";
    case AuthMechanism::XOAuth2: return "XOAUTH2";
    default: return "";
  }
}

std::optional<AuthMechanism> choose_mechanism(AuthMechanism configured, const Capabilities& caps,
                                              bool tls_active) {
  if (configured == AuthMechanism::None) return std::nullopt;
  if (configured != AuthMechanism::Auto) return configured;
  using M = AuthMechanism;
  const std::array<M, 3> secure{M::Plain, M::Login, M::CramMd5};
  const std::array<M, 3> clear{M::CramMd5, M::Plain, M::Login};
  for (M m : tls_active ? secure : clear)
    if (caps.offers_auth(sasl_name(m))) return m;
  return std::nullopt;
}

std::string plain_response(std::string_view user, std::string_view password) {
  std::string msg;
  msg += '\0';  // empty authorization identity: act as the authentication identity
  msg += user;
  msg += '\0';
  msg += password;
  return base64_encode(msg);
}

std::optional<std::string> cram_md5_response(std::string_view user, std::string_view password,
                                             std::string_view challenge_b64) {
  auto challenge = base64_decode(challenge_b64);
  if (!challenge) return std::nullopt;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_md5(), password.data(), static_cast<int>(password.size()),
       reinterpret_cast<const unsigned char*>(challenge->data()), challenge->size(), mac.data(),
       &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string msg(user);
  msg += ' ';
  for (unsigned i = 0; i < len; ++i) {
    msg += kHex[mac[i] >> 4];
    msg += kHex[mac[i] & 15];
  }
  return base64_encode(msg);
}

std::string xoauth2_response(std::string_view user, std::string_view token) {
  std::string msg = "user=" + std::string(user) + "\x01" + "auth=Bearer " + std::string(token) +
                    "\x01\x01";
  return base64_encode(msg);
}

}  // namespace mailflow::smtp
