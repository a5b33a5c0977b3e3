// Lexer of the expression language (see lexer.hpp).
#include "wdl/lexer.hpp"

#include <charconv>
#include <cstdlib>

#include "wdl/error.hpp"

namespace mailflow::wdl {
namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

std::string_view token_name(Tok t) {
  switch (t) {
    case Tok::End: return "end of expression";
    case Tok::Ident: return "a name";
    case Tok::String: return "a string";
    case Tok::Integer: return "an integer";
    case Tok::Decimal: return "a number";
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::LBracket: return "'['";
    case Tok::RBracket: return "']'";
    case Tok::Comma: return "','";
    case Tok::Dot: return "'.'";
    case Tok::Question: return "'?'";
    case Tok::RBrace: return "'}'";
  }
  return "?";
}

Token Lexer::next() {
  while (i_ < src_.size() && is_space(src_[i_])) ++i_;
  Token t;
  t.pos = i_;
  if (i_ >= src_.size()) return t;
  char c = src_[i_];
  auto single = [&](Tok k) { ++i_; t.kind = k; return t; };
  switch (c) {
    case '(': return single(Tok::LParen);
    case ')': return single(Tok::RParen);
    case '[': return single(Tok::LBracket);
    case ']': return single(Tok::RBracket);
    case ',': return single(Tok::Comma);
    case '.': return single(Tok::Dot);
    case '?': return single(Tok::Question);
    case '}': return single(Tok::RBrace);
    case '\'': return string(i_);
    default: break;
  }
  if (is_digit(c) || ((c == '-' || c == '+') && i_ + 1 < src_.size() && is_digit(src_[i_ + 1])))
    return number(i_);
  if (is_ident_start(c)) {
    std::size_t s = i_;
    while (i_ < src_.size() && is_ident(src_[i_])) ++i_;
    t.kind = Tok::Ident;
    t.text = std::string(src_.substr(s, i_ - s));
    return t;
  }
  fail(i_, std::string("unexpected character '") + c + "'");
}

Token Lexer::number(std::size_t start) {
  Token t;
  t.pos = start;
  std::size_t j = start + 1;
  bool decimal = false;
  while (j < src_.size() && is_digit(src_[j])) ++j;
  if (j + 1 < src_.size() && src_[j] == '.' && is_digit(src_[j + 1])) {
    decimal = true;
    j += 1;
    while (j < src_.size() && is_digit(src_[j])) ++j;
  }
  if (j < src_.size() && (src_[j] == 'e' || src_[j] == 'E')) {
    std::size_t k = j + 1;
    if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
    if (k < src_.size() && is_digit(src_[k])) {
      decimal = true;
      j = k;
      while (j < src_.size() && is_digit(src_[j])) ++j;
    }
  }
  std::string text(src_.substr(start, j - start));
  i_ = j;
  const char* b = text.c_str() + (text[0] == '+' ? 1 : 0);
  const char* e = text.c_str() + text.size();
  if (!decimal) {
    auto r = std::from_chars(b, e, t.ival);
    if (r.ec == std::errc() && r.ptr == e) {
      t.kind = Tok::Integer;
      return t;
    }
  }
  t.kind = Tok::Decimal;
  t.dval = std::strtod(b, nullptr);  // digits only: strtod cannot fail here, overflow gives inf
  return t;
}

Token Lexer::string(std::size_t start) {
  Token t;
  t.pos = start;
  t.kind = Tok::String;
  std::size_t j = start + 1;
  for (;;) {
    if (j >= src_.size()) fail(start, "unterminated string: expected a closing quote (')");
    if (src_[j] == '\'') {
      if (j + 1 < src_.size() && src_[j + 1] == '\'') {
        t.text += '\'';
        j += 2;
        continue;
      }
      i_ = j + 1;
      return t;
    }
    t.text += src_[j++];
  }
}

}  // namespace mailflow::wdl
