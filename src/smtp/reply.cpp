// Reply parsing: RFC 5321 §4.2 (reply lines), RFC 3463 / RFC 2034 (enhanced status codes).
#include "smtp/reply.hpp"

namespace mailflow::smtp {
namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max digits at text[i], advancing i.
bool digits(std::string_view text, std::size_t& i, std::size_t max) {
  std::size_t start = i;
  while (i < text.size() && is_digit(text[i]) && i - start < max) ++i;
  return i > start && (i == text.size() || !is_digit(text[i]));
}
}  // namespace

std::string Reply::text() const {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += ' ';
    out += l;
  }
  return out;
}

std::optional<std::pair<std::string, std::string_view>> split_enhanced(std::string_view text,
                                                                      int code) {
  // class "." subject "." detail; class 2/4/5, subject 1-3 digits, detail 1-3 digits.
  if (text.size() < 5 || !(text[0] == '2' || text[0] == '4' || text[0] == '5')) return std::nullopt;
  if (text[0] - '0' != code / 100 || text[1] != '.') return std::nullopt;
  std::size_t i = 2;
  if (!digits(text, i, 3) || i >= text.size() || text[i] != '.') return std::nullopt;
  ++i;
  if (!digits(text, i, 3)) return std::nullopt;
  if (i < text.size() && text[i] != ' ') return std::nullopt;
  std::string enhanced(text.substr(0, i));
  std::string_view rest = i < text.size() ? text.substr(i + 1) : std::string_view{};
  return std::pair{std::move(enhanced), rest};
}

ReplyParser::Status ReplyParser::add_line(std::string_view line) {
  if (line.size() > limits_.max_line) {
    error_ = "a reply line is longer than " + std::to_string(limits_.max_line) + " octets";
    return Status::Bad;
  }
  if (reply_.lines.size() >= limits_.max_lines) {
    error_ = "a reply has more than " + std::to_string(limits_.max_lines) + " lines";
    return Status::Bad;
  }
  // "ddd" alone is allowed (RFC 5321 §4.2: the text is optional); else "ddd-" or "ddd ".
  if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]) ||
      line[0] < '2' || line[0] > '5' || (line.size() > 3 && line[3] != '-' && line[3] != ' ')) {
    error_ = "the server sent a line that is not an SMTP reply";
    return Status::Bad;
  }
  int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (reply_.code != 0 && code != reply_.code) {
    error_ = "a multi-line reply changed its code";
    return Status::Bad;
  }
  reply_.code = code;
  bool last = line.size() == 3 || line[3] == ' ';
  std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
  if (auto e = split_enhanced(text, code)) {
    if (reply_.enhanced.empty()) reply_.enhanced = e->first;
    text = e->second;
  }
  reply_.lines.emplace_back(text);
  return last ? Status::Done : Status::More;
}

Reply ReplyParser::take() {
  Reply r = std::move(reply_);
  reply_ = Reply{};
  error_.clear();
  return r;
}

std::optional<Reply> parse_reply(std::string_view text, ReplyLimits limits) {
  ReplyParser p(limits);
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    switch (p.add_line(line)) {
      case ReplyParser::Status::Bad: return std::nullopt;
      case ReplyParser::Status::Done: return text.empty() ? std::optional(p.take()) : std::nullopt;
      case ReplyParser::Status::More: break;
    }
  }
  return std::nullopt;
}

}  // namespace mailflow::smtp
