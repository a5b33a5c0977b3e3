// core::Error — the one error type of mailflow, and core::Code, the one enum of error kinds.
// Every layer reports failures as an Error value; http/ maps Code to a status exactly once
// (http_status()), and the JSON shape is written by to_json() so it is the same everywhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mailflow::core {

// Kinds of failure. The HTTP status of each is in error.cpp's table; the name (code_name) is
// the "code" string clients see, so renaming one is an API change.
enum class Code {
  InvalidJson,           // 400 body is not JSON
  InvalidRequest,        // 400 wrong type, missing field, bad value
  InvalidAddress,        // 400 malformed mail address
  HeaderInjection,       // 400 CR/LF in a header value
  InvalidBase64,         // 400
  TooManyRecipients,     // 400 over the recipient limit
  Unauthorized,          // 401 missing/invalid API key or signature
  SmtpAuthenticationFailed,  // 401 SMTP 530/534/535
  Forbidden,             // 403 API key lacks the scope
  SmtpPolicyRefused,     // 403 SMTP 5.7.x
  NotFound,              // 404
  MethodNotAllowed,      // 405
  Conflict,              // 409
  PayloadTooLarge,       // 413 request over the limit
  SmtpMessageTooLarge,   // 413 SMTP 552 / 5.3.4 / over the server's SIZE
  RateLimited,           // 429
  Internal,              // 500 a bug of ours
  NotImplemented,        // 501
  SmtpUnreachable,       // 502 connect failed / connection dropped
  SmtpTlsFailed,         // 502 TLS handshake, certificate, or STARTTLS unavailable
  SmtpRejected,          // 502 any other SMTP 4xx/5xx reply
  SmtpProtocolError,     // 502 the server broke the protocol (garbage, overlong line)
  NoResponse,            // 502 a workflow run ended without its Response action answering
  Unavailable,           // 503 shutting down, store unwritable
  SmtpTimeout,           // 504 a stage timed out
  ResponseTimeout,       // 504 a workflow run did not answer its Request caller in time
};

std::string_view code_name(Code c);
bool code_table_consistent();  // every Code has its row, in order (a unit test checks)
int http_status(Code c);

// What the SMTP server said, and at which stage of the session (CONNECT, TLS, EHLO, AUTH,
// MAIL, RCPT, DATA, MESSAGE). reply == 0 when the server said nothing (network fault, timeout).
struct SmtpDetail {
  std::string stage;
  int reply = 0;
  std::string enhanced;  // "5.7.8" or empty
  std::string text;      // the server's text without code and enhanced code
  std::string mailbox;   // the recipient concerned, if any
};

struct Error {
  Code code = Code::Internal;
  std::string message;  // plain words, for people
  std::optional<SmtpDetail> smtp;
  std::string field;    // JSON path of the offending input ("To", "Attachments[1].ContentData")
  int retry_after_seconds = 0;  // for RateLimited

  Error() = default;
  Error(Code c, std::string msg) : code(c), message(std::move(msg)) {}
  Error with_field(std::string f) && {
    field = std::move(f);
    return std::move(*this);
  }
  int status() const { return http_status(code); }
};

// Result<T>: a value or an Error (std::expected is C++23; g++ 12 lacks it).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::move(v)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok() { return Unit{}; }

}  // namespace mailflow::core
