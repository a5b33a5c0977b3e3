// Session set-up (RFC 5321 §3.1-3.2, RFC 3207, RFC 4954) and reuse (RSET), teardown (QUIT).
#include "smtp/session.hpp"

#include <boost/asio/ip/host_name.hpp>

#include <spdlog/spdlog.h>

#include "smtp/auth.hpp"
#include "smtp/policy.hpp"

namespace mailflow::smtp {
namespace asio = boost::asio;

namespace {
core::Error auth_unavailable(std::string msg) {
  core::Error e(core::Code::SmtpAuthenticationFailed, std::move(msg));
  e.smtp = core::SmtpDetail{"AUTH", 0, "", "", ""};
  return e;
}
}  // namespace

asio::awaitable<core::Result<std::shared_ptr<Session>>> Session::open(
    asio::any_io_executor strand, Settings settings, std::shared_ptr<asio::ssl::context> tls) {
  if (settings.tls == TlsMode::Auto)  // callers should resolve; if not, enableSSL is unknown: false
    settings.tls = resolve_tls(TlsMode::Auto, false, settings.port);
  auto stream = std::make_shared<Stream>(strand, std::move(tls));
  auto s = std::make_shared<Session>(Key{}, std::move(stream), std::move(settings));
  auto st = co_await s->handshake_all();
  if (!st.ok()) {
    s->log_failure(st.error());
    co_await s->quit();
    co_return std::move(st).error();
  }
  co_return s;
}

asio::awaitable<core::Result<Reply>> Session::command(std::string_view line, Step step,
                                                      bool redact) {
  auto w = co_await stream_->write_line(line, step, settings_.timeouts.command, redact);
  if (!w.ok()) co_return std::move(w).error();
  co_return co_await stream_->read_reply(step, settings_.timeouts.command);
}

asio::awaitable<core::Status> Session::handshake_all() {
  const auto& s = settings_;
  auto c = co_await stream_->connect(s.host, s.port, s.timeouts.connect);
  if (!c.ok()) co_return c;
  if (s.tls == TlsMode::Implicit) {  // RFC 8314: TLS before any SMTP byte
    auto h = co_await stream_->handshake(s.host, s.verify_certificate, s.timeouts.command);
    if (!h.ok()) co_return h;
  }
  auto g = co_await stream_->read_reply(Step::Greeting, s.timeouts.greeting);
  if (!g.ok()) co_return std::move(g).error();
  greeting_ = g->text();
  if (g->code != 220) co_return reply_error(Step::Greeting, *g);  // 421/554: a refusal
  if (auto e = co_await ehlo(); !e.ok()) co_return e;
  if (auto t = co_await starttls(); !t.ok()) co_return t;
  co_return co_await authenticate();
}

asio::awaitable<core::Status> Session::ehlo() {
  std::string name = settings_.client_hostname.empty() ? asio::ip::host_name()
                                                       : settings_.client_hostname;
  auto r = co_await command("EHLO " + name, Step::Ehlo);
  if (!r.ok()) co_return std::move(r).error();
  if (r->code == 500 || r->code == 502) {  // an RFC 821 server: HELO, no extensions
    r = co_await command("HELO " + name, Step::Ehlo);
    if (!r.ok()) co_return std::move(r).error();
    if (r->code != 250) co_return reply_error(Step::Ehlo, *r);
    caps_ = Capabilities{};
    co_return core::ok();
  }
  if (r->code != 250) co_return reply_error(Step::Ehlo, *r);
  caps_ = parse_capabilities(*r);
  co_return core::ok();
}

asio::awaitable<core::Status> Session::starttls() {
  const auto mode = settings_.tls;
  if (stream_->tls_active() || mode == TlsMode::None || mode == TlsMode::Implicit)
    co_return core::ok();
  const bool required = mode == TlsMode::StartTls;
  if (!caps_.has(Ext::StartTls)) {
    if (required) co_return tls_unavailable("the SMTP server does not offer STARTTLS");
    co_return core::ok();
  }
  auto r = co_await command("STARTTLS", Step::StartTls);
  if (!r.ok()) co_return std::move(r).error();
  if (r->code != 220) {
    if (!required && r->code == 454) co_return core::ok();  // TLS not available now: go on clear
    auto e = required ? tls_unavailable("the SMTP server refused STARTTLS")
                      : reply_error(Step::StartTls, *r);
    e.smtp->reply = r->code;
    e.smtp->enhanced = r->enhanced;
    e.smtp->text = r->text();
    co_return e;
  }
  auto h = co_await stream_->handshake(settings_.host, settings_.verify_certificate,
                                       settings_.timeouts.command);
  if (!h.ok()) co_return h;
  caps_ = Capabilities{};  // RFC 3207 §4.2: forget everything learnt before TLS
  co_return co_await ehlo();
}

asio::awaitable<core::Status> Session::authenticate() {
  const auto& s = settings_;
  if (s.user.empty() || s.auth == AuthMechanism::None) co_return core::ok();
  auto mech = choose_mechanism(s.auth, caps_, stream_->tls_active());
  if (!mech) {
    if (!caps_.has(Ext::Auth))
      co_return auth_unavailable(
          "a user name is configured but the SMTP server offers no authentication" +
          std::string(stream_->tls_active() ? "" : " (many servers offer it only over TLS)"));
    co_return auth_unavailable("the SMTP server offers no authentication mechanism we support");
  }
  auto expect = [&](const core::Result<Reply>& r, int code) -> std::optional<core::Error> {
    if (!r.ok()) return r.error();
    if (r->code != code) return reply_error(Step::Auth, *r);
    return std::nullopt;
  };
  const std::string name(sasl_name(*mech));
  core::Result<Reply> r = Reply{};
  switch (*mech) {
    case AuthMechanism::Plain:
      r = co_await command("AUTH PLAIN " + plain_response(s.user, s.password), Step::Auth, true);
      break;
    case AuthMechanism::Login:
      r = co_await command("AUTH LOGIN", Step::Auth);
      if (auto e = expect(r, 334)) co_return *e;
      r = co_await command(base64_encode(s.user), Step::Auth, true);
      if (auto e = expect(r, 334)) co_return *e;
      r = co_await command(base64_encode(s.password), Step::Auth, true);
      break;
    case AuthMechanism::CramMd5: {
      r = co_await command("AUTH CRAM-MD5", Step::Auth);
      if (auto e = expect(r, 334)) co_return *e;
      auto resp = cram_md5_response(s.user, s.password, r->lines.empty() ? "" : r->lines[0]);
      if (!resp) co_return protocol_error(Step::Auth, "the CRAM-MD5 challenge is not base64");
      r = co_await command(*resp, Step::Auth, true);
      break;
    }
    case AuthMechanism::XOAuth2:
      r = co_await command("AUTH XOAUTH2 " + xoauth2_response(s.user, s.password), Step::Auth,
                           true);
      // On failure the server sends 334 with a JSON error; an empty line gets the final 535.
      if (r.ok() && r->code == 334) r = co_await command("", Step::Auth);
      break;
    default: co_return core::ok();
  }
  if (auto e = expect(r, 235)) co_return *e;
  auth_used_ = name;
  co_return core::ok();
}

asio::awaitable<core::Status> Session::reset() {
  auto r = co_await command("RSET", Step::Rset);
  if (!r.ok()) co_return std::move(r).error();
  if (r->code != 250) {
    stream_->mark_broken();
    co_return reply_error(Step::Rset, *r);
  }
  co_return core::ok();
}

asio::awaitable<void> Session::quit() {
  if (!stream_->broken()) {
    auto r = co_await command("QUIT", Step::Quit);
    (void)r;  // 221 or not, the session ends here
  }
  stream_->close();
}

void Session::log_failure(const core::Error& e) {
  spdlog::debug("smtp {}:{}: {}\n{}", settings_.host, settings_.port, e.message,
                stream_->transcript().str());
}

ProbeResult Session::describe() {
  ProbeResult p;
  p.tls = !stream_->tls_active() ? TlsMode::None
          : settings_.tls == TlsMode::Implicit ? TlsMode::Implicit
                                               : TlsMode::StartTls;
  p.tls_version = stream_->tls_version();
  p.auth = auth_used_;
  p.capabilities = caps_.keywords;
  p.greeting = greeting_;
  return p;
}

}  // namespace mailflow::smtp
