// Line splitting, dot-stuffing and the transcript.
#include "smtp/wire.hpp"

namespace mailflow::smtp {

LineBuffer::Status LineBuffer::next(std::string& line) {
  auto nl = buf_.find('\n');
  if (nl == std::string::npos) return buf_.size() > max_line_ + 1 ? Status::TooLong : Status::NeedMore;
  std::size_t end = nl > 0 && buf_[nl - 1] == '\r' ? nl - 1 : nl;
  if (end > max_line_) return Status::TooLong;
  line.assign(buf_, 0, end);
  buf_.erase(0, nl + 1);
  return Status::Line;
}

std::string dot_stuff(std::string_view m) {
  std::string out;
  out.reserve(m.size() + m.size() / 64 + 8);
  bool line_start = true;
  for (std::size_t i = 0; i < m.size(); ++i) {
    char c = m[i];
    if (line_start && c == '.') out += '.';
    if (c == '\n' && (i == 0 || m[i - 1] != '\r')) out += '\r';
    out += c;
    line_start = c == '\n';
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

void Transcript::add(std::string_view who, std::string_view line) {
  if (lines_.size() == max_lines_) lines_.pop_front();
  std::string l(who);
  l.append(line.substr(0, 300));  // one line may be long (a message line); keep the start
  lines_.push_back(std::move(l));
}

std::string Transcript::str() const {
  std::string out;
  for (const auto& l : lines_) out += l + "\n";
  return out;
}

}  // namespace mailflow::smtp
