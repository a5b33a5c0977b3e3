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
  // Line by line with memchr-speed finds and bulk appends: this runs over every byte of every
  // message, so it must not cost a branch and a capacity check per byte.
  std::string out;
  out.reserve(m.size() + m.size() / 64 + 8);
  std::size_t i = 0;  // always at the start of a line
  while (i < m.size()) {
    if (m[i] == '.') out += '.';
    const std::size_t lf = m.find('\n', i);
    if (lf == std::string_view::npos) {
      out.append(m.substr(i));
      out += "\r\n";
      break;
    }
    out.append(m.substr(i, lf - i));
    if (lf == 0 || m[lf - 1] != '\r') out += '\r';  // a bare LF becomes CRLF
    out += '\n';
    i = lf + 1;
  }
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
