// The mail transaction. Pipelined (RFC 2920 §3.1): MAIL, every RCPT and DATA go in one write,
// the replies are read in order, all of them, before deciding anything; if DATA was answered
// 354 although nothing can be sent, an empty message ends it (RFC 2920 §3.1 last paragraph).
#include "smtp/protocol.hpp"

#include "smtp/policy.hpp"
#include "smtp/session.hpp"
#include "smtp/wire.hpp"

namespace mailflow::smtp {
namespace asio = boost::asio;

std::string xtext(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c < 33 || c > 126 || c == '+' || c == '=') {
      out += '+';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {
bool ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c > 127) return false;
  return true;
}
bool injectable(std::string_view a) {  // would end the command line or the path early
  return a.find_first_of("\r\n<>") != std::string_view::npos;
}
}  // namespace

std::string mail_command(const Envelope& env, const Capabilities& caps, std::size_t size) {
  std::string c = "MAIL FROM:<" + env.mail_from + ">";
  if (caps.has(Ext::Size)) c += " SIZE=" + std::to_string(size);
  if (env.eight_bit && caps.has(Ext::EightBitMime)) c += " BODY=8BITMIME";
  if (env.smtputf8 && caps.has(Ext::SmtpUtf8)) c += " SMTPUTF8";
  if (env.dsn && caps.has(Ext::Dsn)) {
    c += " RET=HDRS";
    if (!env.envid.empty()) c += " ENVID=" + xtext(env.envid);
  }
  return c;
}

std::string rcpt_command(std::string_view address, const Envelope& env, const Capabilities& caps) {
  std::string c = "RCPT TO:<" + std::string(address) + ">";
  if (env.dsn && caps.has(Ext::Dsn)) {
    c += " NOTIFY=SUCCESS,FAILURE";
    // ORCPT's plain xtext form is for ASCII addresses; UTF-8 ones would need RFC 6533's form.
    if (ascii(address)) c += " ORCPT=rfc822;" + xtext(address);
  }
  return c;
}

std::optional<core::Error> check_before_mail(const Envelope& env, const Capabilities& caps,
                                             std::size_t size, std::vector<std::string>& warnings) {
  if (env.recipients.empty())
    return core::Error(core::Code::InvalidRequest, "the message has no recipients");
  if (injectable(env.mail_from))
    return core::Error(core::Code::InvalidAddress, "the sender address contains CR, LF, < or >");
  for (const auto& r : env.recipients)
    if (r.empty() || injectable(r))
      return core::Error(core::Code::InvalidAddress,
                         "a recipient address is empty or contains CR, LF, < or >");
  if (env.smtputf8 && !caps.has(Ext::SmtpUtf8))
    return needs_extension(Step::Mail,
                           "the message needs SMTPUTF8 (non-ASCII addresses or headers) but the "
                           "SMTP server does not offer it");
  if (caps.has(Ext::Size) && caps.size_limit > 0 && size > caps.size_limit)
    return message_too_large(size, caps.size_limit);
  if (env.dsn && !caps.has(Ext::Dsn))
    warnings.push_back("DeliveryReceipt requested but the SMTP server does not offer DSN");
  if (env.eight_bit && !caps.has(Ext::EightBitMime))
    warnings.push_back(
        "the message has 8-bit content but the SMTP server does not offer 8BITMIME; sent as is");
  return std::nullopt;
}

namespace {
// Replies gathered for MAIL, each RCPT and DATA (DATA absent when never sent).
struct Replies {
  Reply mail;
  std::vector<Reply> rcpt;
  std::optional<Reply> data;
};

// A 421 anywhere means the server is closing (RFC 5321 §3.8): no more replies will come.
asio::awaitable<core::Result<Replies>> pipelined(Stream& st, const Timeouts& t, const Envelope& env,
                                                 const std::string& mail,
                                                 const std::vector<std::string>& rcpts) {
  std::string batch = mail + "\r\n";
  st.transcript().client(mail);
  for (const auto& r : rcpts) {
    batch += r + "\r\n";
    st.transcript().client(r);
  }
  batch += "DATA\r\n";
  st.transcript().client("DATA");
  if (auto w = co_await st.write_raw(batch, Step::Mail, t.command); !w.ok())
    co_return std::move(w).error();
  Replies out;
  auto m = co_await st.read_reply(Step::Mail, t.command);
  if (!m.ok()) co_return std::move(m).error();
  if (m->code == 421) co_return reply_error(Step::Mail, *m, env.mail_from);
  out.mail = std::move(*m);
  for (std::size_t i = 0; i < rcpts.size(); ++i) {
    auto r = co_await st.read_reply(Step::Rcpt, t.command);
    if (!r.ok()) co_return std::move(r).error();
    if (r->code == 421) co_return reply_error(Step::Rcpt, *r, env.recipients[i]);
    out.rcpt.push_back(std::move(*r));
  }
  auto d = co_await st.read_reply(Step::Data, t.command);
  if (!d.ok()) co_return std::move(d).error();
  out.data = std::move(*d);
  co_return out;
}

asio::awaitable<core::Result<Replies>> one_by_one(Stream& st, const Timeouts& t, const Envelope& env,
                                                  const std::string& mail,
                                                  const std::vector<std::string>& rcpts) {
  Replies out;
  auto send = [&](const std::string& line, Step s) -> asio::awaitable<core::Result<Reply>> {
    auto w = co_await st.write_line(line, s, t.command);
    if (!w.ok()) co_return std::move(w).error();
    co_return co_await st.read_reply(s, t.command);
  };
  auto m = co_await send(mail, Step::Mail);
  if (!m.ok()) co_return std::move(m).error();
  out.mail = std::move(*m);
  if (out.mail.klass() != 2) co_return out;
  bool any = false;
  for (std::size_t i = 0; i < rcpts.size(); ++i) {
    auto r = co_await send(rcpts[i], Step::Rcpt);
    if (!r.ok()) co_return std::move(r).error();
    if (r->code == 421) co_return reply_error(Step::Rcpt, *r, env.recipients[i]);
    any = any || r->klass() == 2;
    out.rcpt.push_back(std::move(*r));
  }
  if (!any) co_return out;  // nothing to deliver: no DATA
  auto d = co_await send("DATA", Step::Data);
  if (!d.ok()) co_return std::move(d).error();
  out.data = std::move(*d);
  co_return out;
}
}  // namespace

asio::awaitable<core::Result<SendResult>> run_transaction(Session& session, const Envelope& env,
                                                          std::string_view message) {
  Stream& st = session.stream();
  const auto& caps = session.capabilities();
  const auto& t = session.settings().timeouts;
  SendResult res;
  if (auto e = check_before_mail(env, caps, message.size(), res.warnings)) co_return *e;

  const std::string mail = mail_command(env, caps, message.size());
  std::vector<std::string> rcpts;
  for (const auto& a : env.recipients) rcpts.push_back(rcpt_command(a, env, caps));
  // (No co_await inside ?: — g++ 12 destroys the temporaries of both arms.)
  core::Result<Replies> got = core::Error{};
  if (caps.has(Ext::Pipelining))
    got = co_await pipelined(st, t, env, mail, rcpts);
  else
    got = co_await one_by_one(st, t, env, mail, rcpts);
  if (!got.ok()) co_return std::move(got).error();
  Replies& r = *got;

  std::vector<std::pair<std::string, Reply>> refused;
  for (std::size_t i = 0; i < r.rcpt.size(); ++i) {
    if (r.rcpt[i].klass() == 2) {
      res.accepted.push_back(env.recipients[i]);
    } else {
      res.rejected.push_back({env.recipients[i], r.rcpt[i]});
      refused.emplace_back(env.recipients[i], r.rcpt[i]);
    }
  }
  const bool can_send = r.mail.klass() == 2 && !res.accepted.empty();
  if (r.data && r.data->code == 354 && !can_send) {
    // The server wants a message we must not send: end it empty; its reply does not matter.
    if (auto w = co_await st.write_raw(".\r\n", Step::EndOfData, t.data); w.ok())
      (void)co_await st.read_reply(Step::EndOfData, t.data);
  }
  if (r.mail.klass() != 2) co_return reply_error(Step::Mail, r.mail, env.mail_from);
  if (res.accepted.empty() && env.refusals_as_result) co_return res;
  if (res.accepted.empty()) co_return all_recipients_rejected(refused);
  if (!r.data || r.data->code != 354) co_return reply_error(Step::Data, r.data.value_or(Reply{}));

  st.transcript().note("<message: " + std::to_string(message.size()) + " octets>");
  if (auto w = co_await st.write_raw(dot_stuff(message), Step::MessageBody, t.data); !w.ok())
    co_return std::move(w).error();
  auto end = co_await st.read_reply(Step::EndOfData, t.data);
  if (!end.ok()) co_return std::move(end).error();
  if (end->klass() != 2) co_return reply_error(Step::EndOfData, *end);
  res.final_reply = std::move(*end);
  co_return res;
}

}  // namespace mailflow::smtp
