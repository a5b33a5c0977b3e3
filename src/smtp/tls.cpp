// TLS context and handshake. Host name verification follows RFC 6125 via OpenSSL
// (X509_check_host / X509_check_ip through asio::ssl::host_name_verification); SNI is sent for
// names, not for IP literals (RFC 6066 §3).
#include "smtp/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "smtp/policy.hpp"
#include "smtp/stream.hpp"

namespace mailflow::smtp {
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

core::Result<std::shared_ptr<ssl::context>> make_tls_context(const Settings& s) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression, ec);
  if (s.verify_certificate) {
    ctx->set_default_verify_paths(ec);
    if (!s.ca_file.empty()) {
      ctx->load_verify_file(s.ca_file, ec);
      if (ec) {
        core::Error e(core::Code::SmtpTlsFailed,
                      "the CA file '" + s.ca_file + "' cannot be loaded: " + ec.message());
        e.smtp = core::SmtpDetail{"TLS", 0, "", "", ""};
        return e;
      }
    }
  }
  return ctx;
}

asio::awaitable<core::Status> Stream::handshake(std::string host, bool verify, ms timeout) {
  SSL* native = ssl_.native_handle();
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  const bool is_ip = !ec;
  if (!is_ip) SSL_set_tlsext_host_name(native, host.c_str());
  if (verify) {
    ssl_.set_verify_mode(ssl::verify_peer, ec);
    ssl_.set_verify_callback(ssl::host_name_verification(host), ec);
  } else {
    ssl_.set_verify_mode(ssl::verify_none, ec);
  }
  arm(timeout);
  auto [hec] = co_await ssl_.async_handshake(ssl::stream_base::client,
                                             asio::as_tuple(asio::use_awaitable));
  disarm();
  if (timed_out_) co_return fail(timeout_error(Step::TlsHandshake, timeout));
  if (hec) {
    std::string why = hec.message();
    long vr = SSL_get_verify_result(native);
    if (verify && vr != X509_V_OK)
      why = std::string("certificate verification failed: ") + X509_verify_cert_error_string(vr) +
            " (set caFile to the server's CA, or verifyCertificate: false to skip the check)";
    auto e = transport_error(Step::TlsHandshake, hec);
    e.code = core::Code::SmtpTlsFailed;
    e.message = "the TLS handshake with the SMTP server failed: " + why;
    co_return fail(std::move(e));
  }
  tls_active_ = true;
  // RFC 3207 §6: nothing received before the handshake may be trusted or used.
  lines_.clear();
  transcript_.note(std::string("TLS established: ") + SSL_get_version(native));
  co_return core::ok();
}

}  // namespace mailflow::smtp
