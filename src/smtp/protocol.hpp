// The mail transaction (RFC 5321 §3.3): MAIL FROM, RCPT TO for each recipient, DATA, the
// dot-stuffed message; pipelined in one write when the server offers PIPELINING (RFC 2920).
// Success means the server answered 250 to the end of data; refused recipients are listed
// and the rest still get the mail; if every recipient is refused nothing is sent.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "smtp/capabilities.hpp"
#include "smtp/envelope.hpp"

namespace mailflow::smtp {

class Session;

// RFC 3461 §4: xtext for ENVID and ORCPT ('+', '=', controls and non-ASCII as "+XX").
std::string xtext(std::string_view);

// Commands with exactly the parameters the server offered (RFC 1870, 6152, 6531, 3461).
std::string mail_command(const Envelope&, const Capabilities&, std::size_t message_size);
std::string rcpt_command(std::string_view address, const Envelope&, const Capabilities&);

// Checks before MAIL: a needed extension the server lacks, a message over its SIZE. The
// warnings are for what can go ahead without (DSN, 8BITMIME).
std::optional<core::Error> check_before_mail(const Envelope&, const Capabilities&,
                                             std::size_t message_size,
                                             std::vector<std::string>& warnings);

// Runs one transaction on an open session. `message`: CRLF line ends, not dot-stuffed.
boost::asio::awaitable<core::Result<SendResult>> run_transaction(Session&, const Envelope&,
                                                                 std::string_view message);

}  // namespace mailflow::smtp
