// Lexer: token kinds, positions, quotes, numbers, and malformed input.
#include "wdl/lexer.hpp"

#include <gtest/gtest.h>

#include "wdl/error.hpp"

using namespace mailflow::wdl;

TEST(Lexer, TokensWithPositions) {
  Lexer lx("concat('it''s', -12, 2.5e1)?['x'].y", 0);
  std::vector<Tok> kinds;
  Token t;
  do {
    t = lx.next();
    kinds.push_back(t.kind);
  } while (t.kind != Tok::End);
  std::vector<Tok> want{Tok::Ident, Tok::LParen, Tok::String, Tok::Comma, Tok::Integer, Tok::Comma,
                        Tok::Decimal, Tok::RParen, Tok::Question, Tok::LBracket, Tok::String,
                        Tok::RBracket, Tok::Dot, Tok::Ident, Tok::End};
  EXPECT_EQ(kinds, want);
}

TEST(Lexer, StringUnescapesDoubledQuotes) {
  Lexer lx("  'it''s'", 0);
  auto t = lx.next();
  EXPECT_EQ(t.kind, Tok::String);
  EXPECT_EQ(t.text, "it's");
  EXPECT_EQ(t.pos, 2u);
}

TEST(Lexer, Numbers) {
  Lexer lx("-12 9223372036854775807 99999999999999999999 0.5", 0);
  EXPECT_EQ(lx.next().ival, -12);
  EXPECT_EQ(lx.next().ival, INT64_MAX);
  auto big = lx.next();
  EXPECT_EQ(big.kind, Tok::Decimal);
  EXPECT_DOUBLE_EQ(big.dval, 1e20);
  EXPECT_DOUBLE_EQ(lx.next().dval, 0.5);
}

TEST(Lexer, UnterminatedStringNamesItsStart) {
  Lexer lx("x('abc", 0);
  lx.next();
  lx.next();
  try {
    lx.next();
    FAIL() << "no error";
  } catch (const Failure& f) {
    EXPECT_EQ(f.position, 2u);
    EXPECT_NE(f.message.find("unterminated string"), std::string::npos);
  }
}

TEST(Lexer, UnexpectedCharacter) {
  Lexer lx("a + b", 0);
  lx.next();
  EXPECT_THROW(lx.next(), Failure);
}
