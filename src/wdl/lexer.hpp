// Lexer of the expression language: turns the text of one expression into tokens with positions.
// Strings are single-quoted with '' for a quote; numbers may carry a leading '-'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mailflow::wdl {

enum class Tok { End, Ident, String, Integer, Decimal, LParen, RParen, LBracket, RBracket, Comma,
                 Dot, Question, RBrace };

struct Token {
  Tok kind = Tok::End;
  std::size_t pos = 0;
  std::string text;       // Ident name or unescaped String
  std::int64_t ival = 0;  // Integer
  double dval = 0;        // Decimal
};

std::string_view token_name(Tok t);

// Lexes from `src` starting at `offset`; next() throws Failure on a malformed token.
class Lexer {
 public:
  Lexer(std::string_view src, std::size_t offset) : src_(src), i_(offset) {}
  Token next();
  std::size_t offset() const { return i_; }

 private:
  Token number(std::size_t start);
  Token string(std::size_t start);
  std::string_view src_;
  std::size_t i_;
};

}  // namespace mailflow::wdl
