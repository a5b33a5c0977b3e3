// The SMTP wire format, without I/O: splitting received bytes into lines (CRLF, bare LF
// tolerated), dot-stuffing the message for DATA (RFC 5321 §4.5.2), and the session transcript
// (capped, AUTH payloads redacted) attached to failures for diagnosis.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace mailflow::smtp {

// Bytes in, lines out. A line longer than max_line (without its terminator) is an error: the
// server is broken or hostile.
class LineBuffer {
 public:
  explicit LineBuffer(std::size_t max_line) : max_line_(max_line) {}
  void append(std::string_view bytes) { buf_.append(bytes); }
  enum class Status { Line, NeedMore, TooLong };
  // On Line, `line` holds it without CR/LF.
  Status next(std::string& line);
  bool empty() const { return buf_.empty(); }
  // STARTTLS (RFC 3207 §6): bytes received before the handshake must be thrown away, or a
  // man in the middle could inject commands' replies into the TLS session.
  void clear() { buf_.clear(); }

 private:
  std::size_t max_line_;
  std::string buf_;
};

// The message as it goes after "354": every line starting with "." gets another ".", the
// message ends with CRLF (added if missing), then ".\r\n". Bare LF line ends are made CRLF, so
// no lone LF reaches the wire (RFC 5321 §2.3.8).
std::string dot_stuff(std::string_view message);

// The last lines of a session ("C: MAIL FROM:<a@b>", "S: 250 2.1.0 Ok"), capped by lines.
class Transcript {
 public:
  explicit Transcript(std::size_t max_lines = 60) : max_lines_(max_lines) {}
  void client(std::string_view line) { add("C: ", line); }
  void server(std::string_view line) { add("S: ", line); }
  void note(std::string_view line) { add("-- ", line); }
  std::string str() const;

 private:
  void add(std::string_view who, std::string_view line);
  std::size_t max_lines_;
  std::deque<std::string> lines_;
};

}  // namespace mailflow::smtp
