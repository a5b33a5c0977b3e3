// smtp::Reply — one (possibly multi-line) server reply as a value: code, enhanced status code
// (RFC 3463, parsed once here), and the text lines. ReplyParser assembles a Reply from lines
// ("250-..." continues, "250 ..." ends) and rejects anything that is not a well-formed reply.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailflow::smtp {

struct Reply {
  int code = 0;
  std::string enhanced;            // "5.7.8" or empty
  std::vector<std::string> lines;  // text after "ddd-"/"ddd ", enhanced code stripped
  std::string text() const;        // lines joined with a space

  int klass() const { return code / 100; }  // 2, 3, 4 or 5
  bool positive() const { return code >= 200 && code < 400; }
};

// Bounds on what a server may send us (RFC 5321 §4.5.3.1.5: reply lines are at most 512 octets;
// we are lenient up to max_line, and cap the line count so a hostile server cannot grow memory).
struct ReplyLimits {
  std::size_t max_line = 2048;
  std::size_t max_lines = 200;
};

class ReplyParser {
 public:
  enum class Status { More, Done, Bad };
  explicit ReplyParser(ReplyLimits limits = {}) : limits_(limits) {}
  // One line without its CRLF/LF. After Done, take() the reply; after Bad, error() says why.
  Status add_line(std::string_view line);
  Reply take();
  const std::string& error() const { return error_; }

 private:
  ReplyLimits limits_;
  Reply reply_;
  std::string error_;
};

// Splits "5.7.8 text" into the enhanced code and the rest when it is a valid RFC 3463 code whose
// class matches the reply's first digit; otherwise nullopt.
std::optional<std::pair<std::string, std::string_view>> split_enhanced(std::string_view text,
                                                                      int code);

// Parses a whole reply given as text with CRLF or LF line ends (for tests and tools).
std::optional<Reply> parse_reply(std::string_view text, ReplyLimits limits = {});

}  // namespace mailflow::smtp
